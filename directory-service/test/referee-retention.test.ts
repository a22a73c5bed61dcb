// Referees' personal data is kept only as long as needed (docs/product.md, "Referees";
// docs/operations.md, "Referees' personal data"). On the real service (signed HTTP, SQLite
// file, real outbox), applications brought to a decision through the questionnaire and
// the review; the clock is injected and the sweep is the one the service runs.
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApplicationReview, MyStructure, Provider, ReviewQueue, type ReviewAuditEntry } from "../src/contract/index.ts";
import { enqueueMail } from "../src/mail/outbox.ts";
import { sweepReferences } from "../src/store/vetting.ts";
import {
  act,
  actNow,
  acceptAll,
  answer,
  applicationInReview,
  confirmingAnswer,
  decline,
  getReview,
  tokenFor,
  type AnswerFields,
} from "./helpers/review.ts";
import { MEMBER, expectErrorShape, startTestService, type TestService, type TestServiceOptions } from "./helpers/service.ts";
import {
  DIRECTORY_MODERATOR,
  OTHER_MEMBER,
  OWNER,
  TEAMMATE,
  createApplication,
  fullDraft,
  reference,
  structure,
  submitApplication,
  vettingSnapshot,
} from "./helpers/vetting.ts";

const FORUM = "https://forum.example.org";
const DAY = 24 * 3600 * 1000;
const RETENTION_DAYS = 90;

let service: TestService;
async function start(options: TestServiceOptions["vetting"] = {}) {
  service = await startTestService({ vetting: { forumBaseUrl: FORUM, refereeRetentionDays: RETENTION_DAYS, ...options } });
}
afterEach(() => service.close());

/** The sweep the service runs every few minutes, at the service's clock. */
const sweep = () =>
  sweepReferences(service.db, new Date(service.clock.now), {
    forumBaseUrl: FORUM,
    referenceLifetimeDays: 21,
    reminderDays: [7, 14],
    refereeRetentionDays: RETENTION_DAYS,
    randomBytes,
    enqueueMail,
  });

const withoutConsent = (fields: AnswerFields = confirmingAnswer()): AnswerFields =>
  fields.filter(([name]) => name !== "consent_retention");

/** Every stored value, table by table, as text: where a referee's data could hide. */
function everything(): string {
  const tables = service.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return JSON.stringify(tables.map((table) => [table, service.db.prepare(`SELECT * FROM "${table}"`).all()]));
}

const erasureEntries = (review: ApplicationReview): ReviewAuditEntry[] =>
  review.audit.filter((entry) => entry.action === "erase_referee_data");

const questionnaire = async (token: string) => (await service.request(`/v1/references/${token}`)).status;

describe("a rejected application's referees", () => {
  beforeEach(() => start());

  it("keep their data for the retention period after the decision, then it is erased everywhere, once", async () => {
    const id = await applicationInReview(service, [confirmingAnswer(), withoutConsent()]);
    const tokens = [tokenFor(service, "referente1@asso1.example.net"), tokenFor(service, "referente2@asso2.example.net")];
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "accept_reference", reference_id: (await getReview(service, id, DIRECTORY_MODERATOR)).references[0]!.id });
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "reject", reason: "Références insuffisantes." });
    const decided = service.clock.now;
    const before = await getReview(service, id, DIRECTORY_MODERATOR);

    // Not before the period is over, whether the sweep runs or a moderator reads.
    service.clock.now = decided + (RETENTION_DAYS - 1) * DAY;
    expect(sweep()).toEqual({ reminded: 0, expired: 0, erased: 0 });
    const kept = await getReview(service, id, DIRECTORY_MODERATOR);
    expect(kept.references.map((ref) => [ref.referee_name, ref.referee_email, ref.personal_data_erased_at])).toEqual([
      ["Référente 1", "referente1@asso1.example.net", null],
      ["Référente 2", "referente2@asso2.example.net", null],
    ]);
    expect(everything()).toContain("referente1@asso1.example.net");

    service.clock.now = decided + RETENTION_DAYS * DAY;
    expect(sweep()).toEqual({ reminded: 0, expired: 0, erased: 2 });
    const after = await getReview(service, id, DIRECTORY_MODERATOR);
    const erasedAt = new Date(service.clock.now).toISOString();
    expect(after.references.map((ref) => [ref.referee_name, ref.referee_email, ref.personal_data_erased_at, ref.answer?.comment])).toEqual([
      [null, null, erasedAt, null],
      [null, null, erasedAt, null],
    ]);
    // What the moderators' audit rests on stays: the association, the claim, the answer's
    // facts, the decisions, the criteria computed on them.
    after.references.forEach((ref, index) => {
      const was = before.references[index]!;
      expect(ref.association_name).toBe(was.association_name);
      expect(ref.association_number).toBe(was.association_number);
      expect([ref.project_summary, ref.period, ref.support_kinds]).toEqual([was.project_summary, was.period, was.support_kinds]);
      expect({ ...ref.answer, comment: "x" }).toEqual({ ...was.answer, comment: "x" });
      expect(ref.decision).toEqual(was.decision);
      expect(ref.criteria).toEqual(was.criteria);
      expect(ref.referee_group).toBe(was.referee_group);
    });
    expect(after.references[0]!.answer).toMatchObject({ project_happened: true, satisfaction: 5, consent_retention: true });
    expect(after.criteria).toEqual(before.criteria);
    expect(after.application.state).toBe("rejected");

    // One entry in the audit log, naming no one.
    const [entry, ...more] = erasureEntries(after);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: "service",
      at: erasedAt,
      reason: null,
      reference_id: null,
      tag: null,
      before: { state: "rejected", detail: {} },
      after: { state: "rejected", detail: { references_erased: 2, reference_ids: after.references.map((r) => r.id).join(", "), retention_days: 90 } },
    });
    // Nowhere in the database: not the references, not the team's draft, not the outbox.
    const stored = everything();
    for (const personal of ["referente1@asso1.example.net", "referente2@asso2.example.net", "Référente 1", "Référente 2", "Très bon accompagnement."])
      expect(stored).not.toContain(personal);
    // The links no longer open anything.
    for (const token of tokens) expect(await questionnaire(token)).toBe(404);

    // Idempotent: nothing more to do, nothing written, no second entry.
    const snapshot = everything();
    service.clock.now += 30 * DAY;
    expect(sweep()).toEqual({ reminded: 0, expired: 0, erased: 0 });
    await getReview(service, id, DIRECTORY_MODERATOR);
    expect(everything()).toBe(snapshot);
  });

  it("are erased when the application is read past the period, even if no sweep ran", async () => {
    const id = await applicationInReview(service);
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "reject", reason: "Non." });
    service.clock.now += RETENTION_DAYS * DAY;
    const review = await getReview(service, id, DIRECTORY_MODERATOR);
    expect(review.references.map((ref) => ref.referee_email)).toEqual([null, null]);
    expect(erasureEntries(review)).toHaveLength(1);
    expect(sweep().erased).toBe(0);
    // The team's own view and the queue read the erased references without trouble.
    const mine = MyStructure.parse((await service.json("/v1/structures/mine", { user: OWNER })).body);
    expect(mine.application!.references.map((ref) => [ref.association_name, ref.referee_name, ref.referee_email])).toEqual([
      ["Association des Amis 1", null, null],
      ["Association des Amis 2", null, null],
    ]);
    expect(mine.application!.draft.references).toEqual(
      fullDraft().references.map(({ referee_name: _name, referee_email: _email, ...rest }) => rest)
    );
    const queue = ReviewQueue.parse((await service.json("/v1/review/queue?state=all", { user: DIRECTORY_MODERATOR })).body);
    expect(queue.items.map((item) => [item.id, item.state])).toEqual([[id, "rejected"]]);
  });

  it("a questionnaire still open when the application is rejected is closed and its link stops working", async () => {
    await service.close();
    await start({ referenceLifetimeDays: 200 });
    const created = await createApplication(service, OWNER, fullDraft());
    await submitApplication(service, created.id);
    await answer(service, "referente1@asso1.example.net", confirmingAnswer());
    await decline(service, "referente2@asso2.example.net");
    const id = created.id;
    const declined = (await getReview(service, id, DIRECTORY_MODERATOR)).references[1]!;
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "resend_questionnaire", reference_id: declined.id });
    const reopened = tokenFor(service, "referente2@asso2.example.net");
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "reject", reason: "Non." });
    const decided = service.clock.now;

    service.clock.now = decided + (RETENTION_DAYS - 1) * DAY;
    expect(await questionnaire(reopened)).toBe(200);
    service.clock.now = decided + RETENTION_DAYS * DAY;
    expect(await questionnaire(reopened)).toBe(410);
    expect(await questionnaire(reopened)).toBe(404);
    const review = await getReview(service, id, DIRECTORY_MODERATOR);
    expect(review.references.map((ref) => [ref.state, ref.referee_email, ref.decline_reason])).toEqual([
      ["answered", null, null],
      ["declined", null, null],
      ["expired", null, null],
    ]);
    expect(service.db.prepare("SELECT COUNT(*) FROM vetting_reference_tokens").pluck().get()).toBe(0);
    expect(service.db.prepare("SELECT COUNT(*) FROM outbox WHERE template IN ('reference_invitation', 'reference_reminder')").pluck().get()).toBe(0);
    expect(everything()).not.toContain("Je ne connais pas ce prestataire.");
  });

  it("once erased, a reopened application is reviewed and approved on what was kept", async () => {
    const id = await applicationInReview(service);
    await acceptAll(service, id, DIRECTORY_MODERATOR);
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "reject", reason: "Non." });
    service.clock.now += RETENTION_DAYS * DAY;
    expect(sweep().erased).toBe(2);
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "reopen" });
    const review = await getReview(service, id, DIRECTORY_MODERATOR);
    expect(review.red_flags).toEqual([]);
    expect(review.references.map((ref) => ref.counts)).toEqual([true, true]);
    const approved = await actNow(service, id, DIRECTORY_MODERATOR, { action: "approve" });
    expect(approved.listing?.status).toBe("listed");
    const card = Provider.parse((await service.json(`/v1/providers/${approved.listing!.slug}`, { user: MEMBER })).body);
    expect(card.vetting_tags[0]!.label).toBe("Références vérifiées (2)");
  });
});

describe("a listed provider's referees", () => {
  beforeEach(() => start());

  it("keep their name and address while listed when they consented and a moderator accepted their answer; the others are erased", async () => {
    const draft = { structure: structure(), references: [reference(1), reference(2), reference(3)] };
    const created = await createApplication(service, OWNER, draft);
    await submitApplication(service, created.id);
    service.clock.now += 10 * 60 * 1000;
    await answer(service, "referente1@asso1.example.net", confirmingAnswer());
    await answer(service, "referente2@asso2.example.net", withoutConsent());
    await decline(service, "referente3@asso3.example.net");
    const id = created.id;
    await acceptAll(service, id, DIRECTORY_MODERATOR);
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "approve" });
    const approvedAt = service.clock.now;

    service.clock.now = approvedAt + (RETENTION_DAYS - 1) * DAY;
    expect(sweep().erased).toBe(0);
    service.clock.now = approvedAt + RETENTION_DAYS * DAY;
    expect(sweep().erased).toBe(2);
    const review = await getReview(service, id, DIRECTORY_MODERATOR);
    expect(review.references.map((ref) => [ref.state, ref.referee_email])).toEqual([
      ["answered", "referente1@asso1.example.net"],
      ["answered", null],
      ["declined", null],
    ]);
    // The team's draft keeps only the kept referee's contact.
    const mine = MyStructure.parse((await service.json("/v1/structures/mine", { user: OWNER })).body);
    expect(mine.application!.draft.references.map((ref) => ref.referee_email ?? null)).toEqual(["referente1@asso1.example.net", null, null]);
    // Tags still count both accepted references.
    expect(review.tags[0]!.label).toBe("Références vérifiées (2)");

    // An erased referee cannot be written to again: 422, nothing written.
    const unchanged = vettingSnapshot(service);
    const resent = await act(service, id, DIRECTORY_MODERATOR, { action: "resend_questionnaire", reference_id: review.references[2]!.id, version: review.version });
    expect(resent.status).toBe(422);
    expect(expectErrorShape(resent.body)).toMatchObject({ code: "invalid_review_action", details: [{ field: "reference_id", code: "referee_data_erased" }] });
    expect(vettingSnapshot(service)).toEqual(unchanged);

    // Re-verification writes to the referee who consented, only.
    const invitations = () =>
      service.db.prepare("SELECT to_address FROM outbox WHERE template = 'reference_invitation' ORDER BY id").pluck().all();
    const sentBefore = invitations().length;
    const asked = await service.json(`/v1/applications/${id}/reverification`, { method: "POST", user: OWNER });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(invitations().slice(sentBefore)).toEqual(["referente1@asso1.example.net"]);

    // The provider suspended: the consent no longer holds. After the period its referee is
    // erased; the re-verification questionnaire expired meanwhile, its period counts from then.
    const reverification = service.db.prepare("SELECT MAX(id) AS id, MAX(expires_at) AS expires FROM vetting_references").get() as { id: number; expires: string };
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "suspend", reason: "Plainte reçue." });
    const suspendedAt = service.clock.now;
    service.clock.now = suspendedAt + RETENTION_DAYS * DAY;
    expect(sweep()).toEqual({ reminded: 0, expired: 1, erased: 1 });
    expect((await getReview(service, id, DIRECTORY_MODERATOR)).references.map((ref) => [ref.id, ref.state, ref.referee_email])).toEqual([
      [review.references[0]!.id, "answered", null],
      [review.references[1]!.id, "answered", null],
      [review.references[2]!.id, "declined", null],
      [reverification.id, "expired", "referente1@asso1.example.net"],
    ]);
    service.clock.now = Date.parse(reverification.expires) + RETENTION_DAYS * DAY;
    expect(sweep().erased).toBe(1);
    const last = await getReview(service, id, DIRECTORY_MODERATOR);
    expect(last.references.map((ref) => ref.referee_email)).toEqual([null, null, null, null]);
    expect(erasureEntries(last).map((entry) => entry.after.detail.references_erased)).toEqual([2, 1, 1]);
    expect(everything()).not.toContain("referente1@asso1.example.net");
  });
});

describe("applications still under review", () => {
  beforeEach(() => start());

  it("are never touched, and their red flags on referees' addresses still work", async () => {
    // A rejected application whose referee 1 is also named by two applications in review.
    const rejected = await applicationInReview(service);
    await actNow(service, rejected, DIRECTORY_MODERATOR, { action: "reject", reason: "Non." });
    const shared = (n: number, email: string) => ({ ...reference(n), referee_email: email });
    const second = await applicationInReview(
      service,
      undefined,
      { structure: structure({ name: "Coop Deux", website: "https://deux.example.org", contact_email: "contact@deux.example.org" }), references: [shared(1, "referente1@asso1.example.net"), shared(2, "amie@deux.example.org")] },
      TEAMMATE
    );
    const third = await applicationInReview(
      service,
      undefined,
      { structure: structure({ name: "Coop Trois", website: "https://trois.example.org", contact_email: "contact@trois.example.org" }), references: [shared(1, "referente1@asso1.example.net"), reference(4)] },
      OTHER_MEMBER
    );
    const pending = await createApplication(service, { ...MEMBER, id: 50, username: "patiente" }, {
      structure: structure({ name: "Coop Quatre" }),
      references: [shared(1, "r1@quatre.example.net"), shared(2, "r2@quatre.example.net")],
    });
    await submitApplication(service, pending.id, { ...MEMBER, id: 50, username: "patiente" });

    const flags = async (id: number) =>
      (await getReview(service, id, DIRECTORY_MODERATOR)).red_flags
        .filter((flag) => flag.reference_id !== null)
        .map((flag) => [flag.code, flag.params.providers ?? flag.params.domain]);
    expect(await flags(second)).toEqual([
      ["referee_shared", "Coop Trois, Coopérative Libre Élan"],
      ["association_number_shared", "Coop Quatre, Coop Trois, Coopérative Libre Élan"],
      ["referee_on_provider_domain", "deux.example.org"],
      ["association_number_shared", "Coop Quatre, Coop Trois, Coopérative Libre Élan"],
    ]);

    service.clock.now += 3 * 365 * DAY;
    expect(sweep().erased).toBe(2);
    // The rejected application's referee is erased: it is no longer named; the rest stands.
    expect(await flags(second)).toEqual([
      ["referee_shared", "Coop Trois"],
      ["association_number_shared", "Coop Quatre, Coop Trois, Coopérative Libre Élan"],
      ["referee_on_provider_domain", "deux.example.org"],
      ["association_number_shared", "Coop Quatre, Coop Trois, Coopérative Libre Élan"],
    ]);
    for (const id of [second, third, pending.id]) {
      const review = await getReview(service, id, DIRECTORY_MODERATOR);
      expect(review.references.every((ref) => ref.referee_email !== null && ref.personal_data_erased_at === null)).toBe(true);
      expect(erasureEntries(review)).toEqual([]);
    }
    expect(everything()).toContain("r1@quatre.example.net");
  });
});
