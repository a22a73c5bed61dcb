// The review queue over real signed HTTP: every role boundary, every action in every
// state (409 where it does not fit, nothing written), bad input, the audit log after each
// action and its immutability, and two moderators deciding at once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ApplicationReview,
  ReviewActionName,
  ReviewPendingCount,
  ReviewQueue,
  type ActingUser,
  type ApplicationState,
} from "../src/contract/index.ts";
import { createApp } from "../src/http/app.ts";
import { listen } from "../src/http/server.ts";
import { openDirectory } from "../src/store/directory.ts";
import {
  ADMIN,
  MEMBER,
  TEST_SECRET,
  encodeUser,
  expectErrorShape,
  newNonce,
  signatureHeaders,
  startTestService,
  type TestService,
} from "./helpers/service.ts";
import {
  DIRECTORY_MODERATOR,
  OTHER_MEMBER,
  OWNER,
  STAFF_MODERATOR,
  createApplication,
  fullDraft,
  reference,
  structure,
  submitApplication,
  vettingSnapshot,
} from "./helpers/vetting.ts";
import {
  COFUNDING_MODERATOR,
  SECOND_MODERATOR,
  act,
  actNow,
  acceptAll,
  answer,
  applicationInReview,
  confirmingAnswer,
  decline,
  getReview,
  tokenFor,
} from "./helpers/review.ts";

let service: TestService;
beforeEach(async () => {
  service = await startTestService();
});
afterEach(() => service.close());

const snapshot = () => ({
  vetting: vettingSnapshot(service),
  review: ["review_audit", "review_reference_decisions", "review_manual_tags", "review_listings", "providers"].map((table) =>
    service.db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all()
  ),
});

let userCounter = 100;
const applicant = (): ActingUser => ({ ...MEMBER, id: ++userCounter, username: `applicant${userCounter}` });

/** A draft whose referees and contact are unique to it (so that no flag is shared). */
const uniqueDraft = (n: number) => ({
  structure: structure({ name: `Structure ${n}`, contact_email: `contact@structure${n}.example.org`, website: `https://structure${n}.example.org` }),
  references: [
    reference(1, { referee_email: `r1@amis${n}.example.net`, association_number: `W${String(n * 10 + 1).padStart(9, "0")}` }),
    reference(2, { referee_email: `r2@amis${n}.example.net`, association_number: `W${String(n * 10 + 2).padStart(9, "0")}` }),
  ],
});

/** An application brought to each state over HTTP. */
async function inState(state: ApplicationState): Promise<{ id: number; owner: ActingUser }> {
  const owner = applicant();
  const n = owner.id;
  const draft = uniqueDraft(n);
  if (state === "draft") return { id: (await createApplication(service, owner, draft)).id, owner };
  if (state === "references_pending") {
    const created = await createApplication(service, owner, draft);
    await submitApplication(service, created.id, owner);
    return { id: created.id, owner };
  }
  const id = await applicationInReview(service, [confirmingAnswer(), confirmingAnswer()], draft, owner);
  if (state === "in_review") return { id, owner };
  if (state === "changes_requested") await actNow(service, id, ADMIN, { action: "request_changes", reason: "Précisez vos tarifs." });
  if (state === "rejected") await actNow(service, id, ADMIN, { action: "reject", reason: "Hors champ." });
  if (state === "listed" || state === "suspended") {
    await acceptAll(service, id, ADMIN);
    await actNow(service, id, ADMIN, { action: "approve" });
  }
  if (state === "suspended") await actNow(service, id, ADMIN, { action: "suspend", reason: "Plainte à vérifier." });
  return { id, owner };
}

/** A body for each action that is valid in itself (its fit to the state aside). */
function bodyFor(action: string, review: ApplicationReview): Record<string, unknown> {
  const answered = review.references.find((ref) => ref.state === "answered") ?? review.references[0];
  const open = review.references.find((ref) => ref.state === "invited" || ref.state === "reminded") ?? review.references[0];
  const referenceId = answered?.id ?? 1;
  switch (action) {
    case "reject":
    case "request_changes":
    case "suspend":
      return { action, reason: "Motif." };
    case "accept_reference":
    case "refuse_reference":
      return { action, reference_id: referenceId, reason: "Motif." };
    case "resend_questionnaire":
    case "cancel_questionnaire":
      return { action, reference_id: open?.id ?? 1 };
    case "grant_tag":
    case "revoke_tag":
      return { action, tag: "membre-chatons", reason: "Liste consultée." };
    default:
      return { action };
  }
}

describe("who may review", () => {
  it("staff and directory moderators only: anonymous 401, everyone else 403, nothing changed", async () => {
    const { id, owner } = await inState("in_review");
    const { version } = await getReview(service, id, ADMIN);
    const token = tokenFor(service, `r1@amis${owner.id}.example.net`);
    const routes: [string, string, string?][] = [
      ["GET", "/v1/review/pending-count"],
      ["GET", "/v1/review/queue"],
      ["GET", `/v1/review/applications/${id}`],
      ["POST", `/v1/review/applications/${id}/actions`, JSON.stringify({ action: "reject", version, reason: "Non." })],
    ];
    const before = snapshot();
    for (const [method, path, body] of routes) {
      const send = (user: ActingUser | null) =>
        service.json(path, { method, user, ...(body ? { body, contentType: "application/json" } : {}) });
      const anonymous = await send(null);
      expect(anonymous.status, `${path} anonymous`).toBe(401);
      expect(expectErrorShape(anonymous.body).code).toBe("authentication_required");
      for (const user of [MEMBER, owner, OTHER_MEMBER, COFUNDING_MODERATOR]) {
        const refused = await send(user);
        expect(refused.status, `${path} ${user.username}`).toBe(403);
        expect(expectErrorShape(refused.body).code).toBe("forbidden");
      }
      // A referee's link is no credential here: its token as an id finds nothing.
      expect((await service.json(`/v1/review/applications/${token}`, { user: null })).status).toBe(401);
    }
    expect(snapshot()).toEqual(before);
    for (const user of [DIRECTORY_MODERATOR, STAFF_MODERATOR, ADMIN])
      for (const [method, path] of routes.slice(0, 3))
        expect((await service.json(path, { method, user })).status, `${path} ${user.username}`).toBe(200);
    expect((await service.json(`/v1/review/applications/${token}`, { user: ADMIN })).status).toBe(404);
  });

  it("a moderator never reviews their own structure's application", async () => {
    const moderatorApplicant: ActingUser = { ...DIRECTORY_MODERATOR, id: 77, username: "modo_candidat" };
    const id = await applicationInReview(service, [confirmingAnswer(), confirmingAnswer()], uniqueDraft(77), moderatorApplicant);
    const read = await service.json(`/v1/review/applications/${id}`, { user: moderatorApplicant });
    expect(read.status).toBe(403);
    expect((await act(service, id, moderatorApplicant, { action: "reject", version: 0, reason: "x" })).status).toBe(403);
  });

  it("re-verification is for the provider's team only", async () => {
    const { id, owner } = await inState("listed");
    const path = `/v1/applications/${id}/reverification`;
    expect((await service.json(path, { method: "POST", user: null })).status).toBe(401);
    expect((await service.json(path, { method: "POST", user: OTHER_MEMBER })).status).toBe(404);
    expect((await service.json(path, { method: "POST", user: DIRECTORY_MODERATOR })).status).toBe(403);
    expect((await service.json(path, { method: "POST", user: owner, body: "{}", contentType: "application/json" })).status).toBe(400);
    const inReview = await inState("in_review");
    const early = await service.json(`/v1/applications/${inReview.id}/reverification`, { method: "POST", user: inReview.owner });
    expect(early.status).toBe(409);
    expect(expectErrorShape(early.body).code).toBe("invalid_state");
  });
});

describe("every action in every state", () => {
  const reachable: ApplicationState[] = ["draft", "references_pending", "in_review", "changes_requested", "listed", "rejected", "suspended"];
  for (const state of reachable) {
    it(`${state}: actions that do not fit answer 409 invalid_state and write nothing`, async () => {
      const { id } = await inState(state);
      const review = await getReview(service, id, ADMIN);
      expect(review.application.state).toBe(state);
      for (const action of ReviewActionName.options) {
        if (review.allowed_actions.includes(action)) continue;
        const before = snapshot();
        const { status, body } = await act(service, id, ADMIN, { ...bodyFor(action, review), version: review.version });
        expect(status, `${state} ${action}`).toBe(409);
        const error = expectErrorShape(body);
        expect(error.code).toBe("invalid_state");
        expect(error.details[0]!.params).toMatchObject({ state, action });
        expect(snapshot()).toEqual(before);
      }
    });
  }
});

describe("actions", () => {
  it("request changes: the reason reaches the provider; resubmission goes back to review", async () => {
    const { id, owner } = await inState("in_review");
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "request_changes", reason: "Ajoutez votre tarif solidaire." });
    const mine = await service.json<{ application: { state: string; moderator_reason: string } }>("/v1/structures/mine", { user: owner });
    expect(mine.body.application).toMatchObject({ state: "changes_requested", moderator_reason: "Ajoutez votre tarif solidaire." });
    const mail = service.db
      .prepare("SELECT params FROM outbox WHERE template = 'application_status_changed' ORDER BY id DESC LIMIT 1")
      .pluck()
      .get() as string;
    expect(JSON.parse(mail)).toMatchObject({ status: "changes_requested", reason: "Ajoutez votre tarif solidaire." });
    expect((await submitApplication(service, id, owner)).status).toBe(200);
    expect((await getReview(service, id, ADMIN)).application.state).toBe("in_review");
  });

  it("suspend takes the card off the directory; re-open puts the application back in review, not on the directory", async () => {
    const { id } = await inState("listed");
    const slug = (await getReview(service, id, ADMIN)).listing!.slug;
    expect((await service.json(`/v1/providers/${slug}`, { user: null })).status).toBe(200);
    await actNow(service, id, ADMIN, { action: "suspend", reason: "Plainte reçue." });
    expect((await service.json(`/v1/providers/${slug}`, { user: null })).status).toBe(404);
    const reopened = await actNow(service, id, ADMIN, { action: "reopen", reason: "Plainte levée." });
    expect(reopened.application.state).toBe("in_review");
    expect(reopened.listing!.status).toBe("suspended");
    expect((await service.json(`/v1/providers/${slug}`, { user: null })).status).toBe(404);
    await actNow(service, id, ADMIN, { action: "approve" });
    expect((await service.json(`/v1/providers/${slug}`, { user: null })).status).toBe(200);
  });

  it("a reference that does not confirm the project cannot be accepted, but can be refused", async () => {
    const owner = applicant();
    const id = await applicationInReview(
      service,
      [confirmingAnswer(), [["project_happened", "no"], ["comment", "Je ne les connais pas."]]],
      uniqueDraft(owner.id),
      owner
    );
    const review = await getReview(service, id, ADMIN);
    const denied = review.references[1]!;
    expect(review.red_flags.map((flag) => [flag.code, flag.reference_id])).toEqual([["project_denied", denied.id]]);
    const before = snapshot();
    const refused = await act(service, id, ADMIN, { action: "accept_reference", reference_id: denied.id, version: review.version });
    expect(refused.status).toBe(422);
    expect(expectErrorShape(refused.body).details[0]).toMatchObject({ field: "reference_id", code: "reference_does_not_confirm" });
    expect(snapshot()).toEqual(before);
    const after = await actNow(service, id, ADMIN, { action: "refuse_reference", reference_id: denied.id, reason: "Projet démenti." });
    expect(after.references[1]!.decision).toMatchObject({ decision: "refused", by: "admin", reason: "Projet démenti." });
  });

  it("re-send: an open questionnaire gets a new link; a declined one is sent again; cancel closes an open one", async () => {
    const owner = applicant();
    const draft = uniqueDraft(owner.id);
    const created = await createApplication(service, owner, draft);
    await submitApplication(service, created.id, owner);
    const [first, second] = draft.references.map((r) => r.referee_email) as [string, string];
    const oldToken = tokenFor(service, first);
    const pending = await getReview(service, created.id, ADMIN);
    await actNow(service, created.id, ADMIN, { action: "resend_questionnaire", reference_id: pending.references[0]!.id });
    expect(tokenFor(service, first)).not.toBe(oldToken);
    await decline(service, second);
    const declined = await getReview(service, created.id, ADMIN);
    expect(declined.red_flags.map((f) => f.code)).toContain("reference_declined");
    const resent = await actNow(service, created.id, ADMIN, { action: "resend_questionnaire", reference_id: declined.references[1]!.id });
    expect(resent.references.map((r) => r.state)).toEqual(["invited", "declined", "invited"]);
    await answer(service, second, confirmingAnswer());
    // Cancelling the last open questionnaire puts the application in review.
    const cancelled = await actNow(service, created.id, ADMIN, { action: "cancel_questionnaire", reference_id: resent.references[0]!.id });
    expect(cancelled.references.map((r) => r.state)).toEqual(["expired", "declined", "answered"]);
    expect(cancelled.application.state).toBe("in_review");
    const closed = await service.request(`/v1/references/${tokenFor(service, first)}`);
    expect(closed.status).toBe(410);
  });

  it("grant and revoke a manual tag: granting twice or revoking what is not granted is refused", async () => {
    const { id } = await inState("in_review");
    const granted = await actNow(service, id, ADMIN, { action: "grant_tag", tag: "certifie-qualiopi", reason: "Certificat consulté, valable jusqu'en 2027." });
    expect(granted.manual_tags).toEqual([expect.objectContaining({ key: "certifie-qualiopi", granted_by: "admin" })]);
    expect(granted.tags.find((t) => t.key === "certifie-qualiopi")!.basis).toMatchObject({ kind: "manual", decision_id: granted.audit.at(-1)!.id });
    const twice = await act(service, id, ADMIN, { action: "grant_tag", tag: "certifie-qualiopi", reason: "x", version: granted.version });
    expect(twice.status).toBe(422);
    const revoked = await actNow(service, id, ADMIN, { action: "revoke_tag", tag: "certifie-qualiopi", reason: "Certificat expiré." });
    expect(revoked.manual_tags).toEqual([]);
    const again = await act(service, id, ADMIN, { action: "revoke_tag", tag: "certifie-qualiopi", reason: "x", version: revoked.version });
    expect(expectErrorShape(again.body).details[0]!.code).toBe("tag_not_granted");
  });

  it("bad input answers a clear 4xx and writes nothing", async () => {
    const { id } = await inState("in_review");
    const other = await inState("in_review");
    const review = await getReview(service, id, ADMIN);
    const otherRef = (await getReview(service, other.id, ADMIN)).references[0]!.id;
    const post = (body: string, contentType = "application/json", path = `/v1/review/applications/${id}/actions`) =>
      service.json(path, { method: "POST", user: ADMIN, body, contentType });
    const before = snapshot();
    const cases: [string, Awaited<ReturnType<typeof post>>, number, string][] = [
      ["malformed JSON", await post("{"), 400, "invalid_json"],
      ["not JSON", await post("action=approve", "application/x-www-form-urlencoded"), 415, "unsupported_media_type"],
      ["unknown action", await post(JSON.stringify({ action: "delete", version: review.version })), 422, "invalid_review_action"],
      ["no version", await post(JSON.stringify({ action: "approve" })), 422, "invalid_review_action"],
      ["reject without a reason", await post(JSON.stringify({ action: "reject", version: review.version })), 422, "invalid_review_action"],
      ["request changes with a blank reason", await post(JSON.stringify({ action: "request_changes", version: review.version, reason: "  " })), 422, "invalid_review_action"],
      ["unknown field", await post(JSON.stringify({ action: "approve", version: review.version, extra: 1 })), 422, "invalid_review_action"],
      ["unknown tag", await post(JSON.stringify({ action: "grant_tag", version: review.version, tag: "ami-du-modo", reason: "x" })), 422, "invalid_review_action"],
      ["another application's reference", await post(JSON.stringify({ action: "refuse_reference", version: review.version, reference_id: otherRef, reason: "x" })), 422, "invalid_review_action"],
      ["no such application", await post(JSON.stringify({ action: "approve", version: 0 }), "application/json", "/v1/review/applications/999999/actions"), 404, "application_not_found"],
      ["bad id", await post(JSON.stringify({ action: "approve", version: 0 }), "application/json", "/v1/review/applications/abc/actions"), 404, "application_not_found"],
      ["query parameter", await service.json(`/v1/review/applications/${id}?x=1`, { user: ADMIN }), 400, "invalid_parameters"],
      ["bad queue state", await service.json("/v1/review/queue?state=nope", { user: ADMIN }), 400, "invalid_parameters"],
      ["DELETE", await service.json(`/v1/review/applications/${id}`, { method: "DELETE", user: ADMIN }), 405, "method_not_allowed"],
    ];
    for (const [label, response, status, code] of cases) {
      expect(response.status, label).toBe(status);
      expect(expectErrorShape(response.body).code, label).toBe(code);
    }
    expect(snapshot()).toEqual(before);
  });
});

describe("queue and counts", () => {
  it("lists the applications waiting, with counts and red flags, and a cheap pending count", async () => {
    const a = await inState("in_review");
    await inState("references_pending");
    const c = await inState("listed");
    // A second provider naming the same referee as the first raises a flag on both.
    const owner = applicant();
    const draft = uniqueDraft(owner.id);
    draft.references[0] = reference(1, { referee_email: `r1@amis${a.owner.id}.example.net` });
    const d = await applicationInReview(service, [confirmingAnswer(), confirmingAnswer()], draft, owner);
    const count = ReviewPendingCount.parse((await service.json("/v1/review/pending-count", { user: DIRECTORY_MODERATOR })).body);
    expect(count).toEqual({ pending: 2 });
    const queue = ReviewQueue.parse((await service.json("/v1/review/queue", { user: DIRECTORY_MODERATOR })).body);
    expect(queue.items.map((item) => item.id)).toEqual([a.id, d]);
    expect(queue.counts).toMatchObject({ in_review: 2, references_pending: 1, listed: 1, draft: 0 });
    expect(queue.items.map((item) => item.red_flags)).toEqual([1, 1]);
    expect(queue.items[0]!.references).toEqual({ total: 2, answered: 2, open: 0, counted: 0 });
    const flags = (await getReview(service, d, DIRECTORY_MODERATOR)).red_flags;
    expect(flags[0]).toMatchObject({ code: "referee_shared", params: { providers: `Structure ${a.owner.id}` } });
    const all = ReviewQueue.parse((await service.json("/v1/review/queue?state=all", { user: ADMIN })).body);
    expect(all.items.map((item) => item.id)).toContain(c.id);
    const listed = ReviewQueue.parse((await service.json("/v1/review/queue?state=listed", { user: ADMIN })).body);
    expect(listed.items.map((item) => item.id)).toEqual([c.id]);
  });
});

describe("audit log", () => {
  it("records who, when, what, why, before and after for each action, and is shown to other moderators", async () => {
    const { id } = await inState("in_review");
    const review = await getReview(service, id, DIRECTORY_MODERATOR);
    service.clock.now += 1000;
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "accept_reference", reference_id: review.references[0]!.id, reason: "Cohérent." });
    service.clock.now += 1000;
    await actNow(service, id, SECOND_MODERATOR, { action: "accept_reference", reference_id: review.references[1]!.id });
    service.clock.now += 1000;
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "approve", reason: "Bon dossier." });
    const seen = await getReview(service, id, STAFF_MODERATOR);
    expect(seen.audit.map((e) => [e.actor, e.action, e.reason, e.reference_id, e.before.state, e.after.state])).toEqual([
      ["modo", "accept_reference", "Cohérent.", review.references[0]!.id, "in_review", "in_review"],
      ["modo2", "accept_reference", null, review.references[1]!.id, "in_review", "in_review"],
      ["modo", "approve", "Bon dossier.", null, "in_review", "listed"],
    ]);
    expect(seen.audit[0]!.before.detail).toMatchObject({ reference_decision: null });
    expect(seen.audit[0]!.after.detail).toMatchObject({ reference_decision: "accepted" });
    expect(seen.audit[2]!.after.detail).toMatchObject({ listing: "listed" });
    expect(seen.audit[0]!.at).toBe(new Date(Date.parse(seen.audit[1]!.at) - 1000).toISOString());
    for (const entry of seen.audit) expect(entry.after.version).toBeGreaterThan(entry.before.version);
  });

  it("cannot be edited or removed, even with SQL", async () => {
    const { id } = await inState("in_review");
    await actNow(service, id, ADMIN, { action: "reject", reason: "Non." });
    expect(() => service.db.prepare("UPDATE review_audit SET reason = 'autre'").run()).toThrow(/append-only/);
    expect(() => service.db.prepare("DELETE FROM review_audit").run()).toThrow(/append-only/);
    expect(service.db.prepare("SELECT reason FROM review_audit").pluck().all()).toEqual(["Non."]);
  });
});

describe("two moderators at once", () => {
  it("two requests on the same version: one wins, the other gets 409 with the current state; nothing half-applied", async () => {
    const { id } = await inState("in_review");
    const { version } = await getReview(service, id, ADMIN);
    const [a, b] = await Promise.all([
      act(service, id, DIRECTORY_MODERATOR, { action: "reject", version, reason: "Non." }),
      act(service, id, SECOND_MODERATOR, { action: "request_changes", version, reason: "Complétez." }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = ApplicationReview.parse((a.status === 200 ? a : b).body);
    const error = expectErrorShape(loser.body);
    expect(error.code).toBe("review_conflict");
    expect(error.details[0]!.params).toEqual({ state: winner.application.state, version: winner.version });
    expect(winner.audit.length).toBe(1);
    expect(service.db.prepare("SELECT COUNT(*) FROM outbox WHERE template = 'application_status_changed' AND (params LIKE '%rejected%' OR params LIKE '%changes_requested%')").pluck().get()).toBe(1);
  });

  it("two service processes on one SQLite file: the second decision on the same version is refused", async () => {
    const { id } = await inState("in_review");
    const { version } = await getReview(service, id, ADMIN);
    const db = openDirectory(service.dbPath);
    const other = await listen(createApp({ db, secret: TEST_SECRET, now: () => service.clock.now, log: () => {} }), 0, "127.0.0.1");
    try {
      const sendOther = async (body: unknown) => {
        const path = `/v1/review/applications/${id}/actions`;
        const raw = Buffer.from(JSON.stringify(body));
        const headers = signatureHeaders("POST", path, raw, {
          secret: TEST_SECRET,
          timestamp: String(Math.floor(service.clock.now / 1000)),
          nonce: newNonce(),
          userHeader: encodeUser(SECOND_MODERATOR),
        });
        const response = await fetch(other.url + path, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: raw });
        return { status: response.status, body: await response.json() };
      };
      const [here, there] = await Promise.all([
        act(service, id, DIRECTORY_MODERATOR, { action: "reject", version, reason: "Non." }),
        sendOther({ action: "request_changes", version, reason: "Complétez." }),
      ]);
      expect([here.status, there.status].sort()).toEqual([200, 409]);
      const audit = service.db.prepare("SELECT action FROM review_audit WHERE application_id = ?").pluck().all(id);
      expect(audit.length).toBe(1);
      const state = service.db.prepare("SELECT state FROM vetting_applications WHERE id = ?").pluck().get(id);
      expect(state).toBe(audit[0] === "reject" ? "rejected" : "changes_requested");
    } finally {
      await other.close();
      db.close();
    }
  });

  it("an action on a version that moved on is refused even by the same moderator", async () => {
    const { id } = await inState("in_review");
    const old = await getReview(service, id, ADMIN);
    await actNow(service, id, ADMIN, { action: "grant_tag", tag: "membre-pana", reason: "Label vérifié." });
    const before = snapshot();
    const stale = await act(service, id, ADMIN, { action: "approve", version: old.version });
    expect(stale.status).toBe(409);
    expect(expectErrorShape(stale.body).code).toBe("review_conflict");
    expect(snapshot()).toEqual(before);
  });
});

it("fullDraft stays valid for these tests", () => {
  expect(fullDraft().references.length).toBe(2);
});
