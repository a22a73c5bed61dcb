// The whole path on the real service (signed HTTP, SQLite file, real outbox): apply →
// referees answer → criteria and red flags → moderator accepts references and approves →
// listed with derived tags → the tags expire (the injected clock moves on) → the provider
// asks for re-verification → new answers accepted → tags back, counted once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApplicationReview, Provider, SearchResponse } from "../src/contract/index.ts";
import { enqueueMail } from "../src/mail/outbox.ts";
import { sendTagNotices } from "../src/store/review.ts";
import { ADMIN, MEMBER, expectErrorShape, startTestService, type TestService } from "./helpers/service.ts";
import { DIRECTORY_MODERATOR, OWNER, fullDraft, vettingSnapshot } from "./helpers/vetting.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import { act, answer, applicationInReview, confirmingAnswer, getReview, actNow } from "./helpers/review.ts";

const FORUM = "https://forum.example.org";
const DAY = 24 * 3600 * 1000;
let service: TestService;
beforeEach(async () => {
  service = await startTestService({ vetting: { forumBaseUrl: FORUM } });
});
afterEach(() => service.close());

const card = async (slug: string) => service.json<unknown>(`/v1/providers/${slug}`, { user: MEMBER });
const search = async (query = "") =>
  SearchResponse.parse((await service.json(`/v1/providers${query}`, { user: null })).body);
const mailsTo = (address: string, template: string) =>
  (service.db
    .prepare("SELECT params FROM outbox WHERE to_address = ? AND template = ? ORDER BY id")
    .pluck()
    .all(address, template) as string[]).map((params) => JSON.parse(params) as Record<string, string>);
const notices = () =>
  sendTagNotices(service.db, service.clock.now, { forumBaseUrl: FORUM, enqueueMail, expiryNoticeDays: 30 });

describe("from application to listing, expiry and re-verification", () => {
  it("lists nothing before approval, then the card with tags derived from accepted references", async () => {
    const id = await applicationInReview(service);
    const first = await getReview(service, id, DIRECTORY_MODERATOR);
    expect(first.application.state).toBe("in_review");
    expect(first.red_flags).toEqual([]);
    expect(first.references.map((ref) => ref.counts)).toEqual([false, false]);
    expect(first.criteria.find((c) => c.code === "enough_references")).toMatchObject({ status: "not_met", params: { counted: 0, minimum: 2 } });
    expect(first.references[0]!.criteria.map((c) => [c.code, c.status])).toEqual([
      ["association_number_valid", "met"],
      ["period_plausible", "met"],
      ["project_confirmed", "met"],
      ["phases_confirmed", "met"],
      ["satisfied", "met"],
      ["would_recommend", "met"],
      ["organisation_confirmed", "unknown"],
    ]);
    // What approval would publish: nothing counts yet.
    expect(first.tags).toEqual([]);
    expect((await card("cooperative-libre-elan")).status).toBe(404);
    expect((await search()).total).toBe(0);

    // Approving without accepted references is refused, and changes nothing.
    const before = vettingSnapshot(service);
    const early = await act(service, id, DIRECTORY_MODERATOR, { action: "approve", version: first.version });
    expect(early.status).toBe(422);
    expect(expectErrorShape(early.body)).toMatchObject({ code: "invalid_review_action", details: [{ code: "not_enough_references" }] });
    expect(vettingSnapshot(service)).toEqual(before);
    expect(service.db.prepare("SELECT COUNT(*) FROM review_audit").pluck().get()).toBe(0);

    for (const ref of first.references)
      await actNow(service, id, DIRECTORY_MODERATOR, { action: "accept_reference", reference_id: ref.id, reason: "Réponse cohérente." });
    const accepted = await getReview(service, id, DIRECTORY_MODERATOR);
    expect(accepted.references.map((ref) => ref.counts)).toEqual([true, true]);
    expect(accepted.tags.map((tag) => [tag.key, tag.label])).toEqual([
      ["references-verifiees", "Références vérifiées (2)"],
      ["confirme-diagnostic", "Confirmé : Diagnostic numérique"],
      ["confirme-migration", "Confirmé : Migration des données"],
    ]);
    // Still nothing public before approval.
    expect((await card("cooperative-libre-elan")).status).toBe(404);

    service.clock.now += 60_000;
    const approved = await actNow(service, id, DIRECTORY_MODERATOR, { action: "approve", reason: "Deux références solides." });
    expect(approved.application.state).toBe("listed");
    expect(approved.listing).toMatchObject({ slug: "cooperative-libre-elan", status: "listed" });
    expect(mailsTo("contact@elan.example.org", "application_status_changed").at(-1)).toMatchObject({ status: "approved" });

    const listed = Provider.parse((await card("cooperative-libre-elan")).body);
    expect(listed.status).toBe("listed");
    const refs = listed.vetting_tags.find((tag) => tag.key === "references-verifiees")!;
    expect(refs.label).toBe("Références vérifiées (2)");
    expect(refs.evidence).toContain("acceptés par la modération");
    // Expires 24 months after the verification (the last acceptance).
    const acceptedAt = accepted.references.map((ref) => ref.decision!.at).sort().at(-1)!;
    expect(refs.verified_at).toBe(acceptedAt);
    expect(refs.expires_at).toBe(new Date(Date.parse(acceptedAt) + 0).toISOString().replace(/^(\d{4})/, (y) => String(Number(y) + 2)));
    expect(listed.example_projects.map((p) => p.association)).toEqual(["Association des Amis 1", "Association des Amis 2"]);
    const found = await search("?tag=references-verifiees");
    expect(found.items.map((item) => item.slug)).toEqual(["cooperative-libre-elan"]);
    expect(found.facets.tag).toContainEqual({ key: "references-verifiees", label: "Références vérifiées (2)", count: 1 });

    // A membership checked by hand joins the card at once.
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "grant_tag", tag: "membre-chatons", reason: "Présente sur la liste publique des CHATONS." });
    const withChatons = Provider.parse((await card("cooperative-libre-elan")).body);
    expect(withChatons.vetting_tags.find((tag) => tag.key === "membre-chatons")).toMatchObject({
      label: "Membre du collectif CHATONS",
      evidence: "Présente sur la liste publique des CHATONS.",
    });
  });

  it("tells the provider before and at expiry, then leaves expired tags out of the card and the facet; re-verification brings them back", async () => {
    const id = await applicationInReview(service);
    const review = await getReview(service, id, DIRECTORY_MODERATOR);
    for (const ref of review.references)
      await actNow(service, id, DIRECTORY_MODERATOR, { action: "accept_reference", reference_id: ref.id });
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "approve" });
    const listed = Provider.parse((await card("cooperative-libre-elan")).body);
    const expiresMs = Date.parse(listed.vetting_tags[0]!.expires_at!);

    // A year on: nothing to say yet.
    service.clock.now += 365 * DAY;
    expect(notices()).toEqual({ expiring: 0, expired: 0 });
    // 20 days before expiry: told once per tag, however often the sweep runs.
    service.clock.now = expiresMs - 20 * DAY;
    expect(notices()).toEqual({ expiring: 3, expired: 0 });
    expect(notices()).toEqual({ expiring: 0, expired: 0 });
    expect(mailsTo("contact@elan.example.org", "vetting_tag_expiring").map((m) => m.tag_label).sort()).toEqual([
      "Confirmé : Diagnostic numérique",
      "Confirmé : Migration des données",
      "Références vérifiées (2)",
    ]);
    expect((await search("?tag=references-verifiees")).total).toBe(1);

    // Expired: the card, the tag filter and its counts no longer show them.
    service.clock.now = expiresMs;
    expect(Provider.parse((await card("cooperative-libre-elan")).body).vetting_tags).toEqual([]);
    const after = await search();
    expect(after.total).toBe(1);
    expect(after.items[0]!.vetting_tags).toEqual([]);
    expect(after.facets.tag).toEqual([]);
    expect((await search("?tag=references-verifiees")).total).toBe(0);
    expect(notices()).toEqual({ expiring: 0, expired: 3 });
    expect(mailsTo("contact@elan.example.org", "vetting_tag_expired")[0]).toMatchObject({
      provider_name: "Coopérative Libre Élan",
      link: `${FORUM}/annuaire/ma-structure`,
    });
    // Moderators still see them, marked expired.
    expect((await getReview(service, id, DIRECTORY_MODERATOR)).tags.every((tag) => tag.expired)).toBe(true);

    // Re-verification: each accepted referee receives a new questionnaire.
    const outboxBefore = mailsTo("referente1@asso1.example.net", "reference_invitation").length;
    const asked = await service.json<unknown>(`/v1/applications/${id}/reverification`, { method: "POST", user: OWNER });
    expect(asked.status).toBe(200);
    expect(mailsTo("referente1@asso1.example.net", "reference_invitation").length).toBe(outboxBefore + 1);
    // Asking twice while the questionnaires are open sends nothing more.
    const twice = await service.json<unknown>(`/v1/applications/${id}/reverification`, { method: "POST", user: OWNER });
    expect(twice.status).toBe(422);
    service.clock.now += 3600_000;
    await answer(service, "referente1@asso1.example.net", confirmingAnswer());
    await answer(service, "referente2@asso2.example.net", confirmingAnswer(["diagnostic"]));
    const renewed = await getReview(service, id, DIRECTORY_MODERATOR);
    expect(renewed.audit.map((entry) => entry.action)).toContain("request_reverification");
    const fresh = renewed.references.filter((ref) => ref.decision === null);
    expect(fresh.length).toBe(2);
    for (const ref of fresh)
      await actNow(service, id, DIRECTORY_MODERATOR, { action: "accept_reference", reference_id: ref.id });
    const back = Provider.parse((await card("cooperative-libre-elan")).body);
    expect(back.vetting_tags.map((tag) => tag.label)).toEqual([
      "Références vérifiées (2)",
      "Confirmé : Diagnostic numérique",
      "Confirmé : Migration des données",
    ]);
    expect(Date.parse(back.vetting_tags[0]!.verified_at)).toBe(service.clock.now);
    expect((await search("?tag=references-verifiees")).total).toBe(1);
  });

  it("an application's own referees never see a draft listed, and a rejected one never is", async () => {
    const id = await applicationInReview(service);
    await actNow(service, id, ADMIN, { action: "reject", reason: "Références non probantes." });
    expect((await search()).total).toBe(0);
    const mine = await service.json<{ application: { state: string; moderator_reason: string } }>("/v1/structures/mine", { user: OWNER });
    expect(mine.body.application).toMatchObject({ state: "rejected", moderator_reason: "Références non probantes." });
    expect(mailsTo("contact@elan.example.org", "application_status_changed").at(-1)).toMatchObject({
      status: "rejected",
      reason: "Références non probantes.",
    });
    expect(fullDraft().references.length).toBe(2);
    expect(ApplicationReview.safeParse((await service.json(`/v1/review/applications/${id}`, { user: ADMIN })).body).success).toBe(true);
  });

  it("a provider imported as vetted by hand says so until its references are verified through the review", async () => {
    const record = { ...makeProvider({ slug: "cooperative-libre-elan", name: "Coopérative Libre Élan" }), hand_vetted: { decided_at: "2024-03-01T10:00:00+01:00", decided_by: "equipe-framasoft" } };
    const imported = await service.json("/v1/admin/providers/import", {
      method: "POST",
      user: ADMIN,
      contentType: "application/json",
      body: JSON.stringify([record]),
    });
    expect(imported.status).toBe(200);
    const before = Provider.parse((await card("cooperative-libre-elan")).body);
    expect(before).not.toHaveProperty("hand_vetted");
    expect(before.vetting_tags).toEqual([
      {
        key: "verifie-avant-annuaire",
        label: "Vérifié avant l'annuaire en ligne",
        evidence: "Vérifié à la main par l'équipe Emancip'Asso, avant l'annuaire en ligne.",
        verified_at: "2024-03-01T10:00:00+01:00",
        expires_at: null,
      },
    ]);
    // Years later it is still there: hand vetting does not expire, re-verification replaces it.
    service.clock.now += 3 * 365 * DAY;
    expect(Provider.parse((await card("cooperative-libre-elan")).body).vetting_tags.map((t) => t.key)).toEqual(["verifie-avant-annuaire"]);
    const bad = await service.json("/v1/admin/providers/import", {
      method: "POST",
      user: ADMIN,
      contentType: "application/json",
      body: JSON.stringify([{ ...record, hand_vetted: { decided_at: "hier", decided_by: "" } }]),
    });
    expect(bad.status).toBe(422);

    // A structure applying under the same name is another provider: its review does not
    // borrow the import's hand vetting, and its approval lists it under a card of its own.
    const id = await applicationInReview(service);
    const review = await getReview(service, id, DIRECTORY_MODERATOR);
    expect(review.tags).toEqual([]);
    for (const ref of review.references)
      await actNow(service, id, DIRECTORY_MODERATOR, { action: "accept_reference", reference_id: ref.id });
    const approved = await actNow(service, id, DIRECTORY_MODERATOR, { action: "approve" });
    expect(approved.listing?.slug).toBe("cooperative-libre-elan-2");
    const after = Provider.parse((await card("cooperative-libre-elan-2")).body);
    expect(after.vetting_tags.map((t) => t.key)).toEqual(["references-verifiees", "confirme-diagnostic", "confirme-migration"]);
    expect(Provider.parse((await card("cooperative-libre-elan")).body).vetting_tags.map((t) => t.key)).toEqual(["verifie-avant-annuaire"]);
  });
});
