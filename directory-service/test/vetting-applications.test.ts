// Applications over real signed HTTP: the draft kept by the service at every step,
// submission, "my structure", the team, every bad input (4xx, nothing changed) and every
// role boundary.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApplicationList, ApplicationView, MyStructure } from "../src/contract/index.ts";
import { openDirectory } from "../src/store/directory.ts";
import { createApp } from "../src/http/app.ts";
import { listen } from "../src/http/server.ts";
import {
  ADMIN,
  TEST_SECRET,
  expectErrorShape,
  newNonce,
  signatureHeaders,
  startTestService,
  encodeUser,
  type SignOptions,
  type TestService,
} from "./helpers/service.ts";
import {
  DIRECTORY_MODERATOR,
  OTHER_MEMBER,
  OWNER,
  STAFF_MODERATOR,
  TEAMMATE,
  createApplication,
  fullDraft,
  reference,
  structure,
  submitApplication,
  vettingSnapshot,
} from "./helpers/vetting.ts";

let service: TestService;
beforeEach(async () => {
  service = await startTestService();
});
afterEach(() => service.close());

const put = (id: number, draft: unknown, options: SignOptions = {}) =>
  service.json(`/v1/applications/${id}/draft`, {
    method: "PUT",
    user: OWNER,
    contentType: "application/json",
    body: JSON.stringify(draft),
    ...options,
  });

describe("the draft", () => {
  it("is created empty, completed step by step, and read back as saved", async () => {
    const created = await createApplication(service, OWNER, {});
    expect(created.state).toBe("draft");
    expect(created.team).toEqual([
      expect.objectContaining({ user_id: OWNER.id, username: OWNER.username, role: "owner" }),
    ]);
    expect(created.todo.map((item) => item.code)).toEqual(["complete_structure", "add_references"]);
    expect(created.todo[1]!.params).toEqual({ count: 2 });

    // Step 1: the structure only.
    const step1 = await put(created.id, { structure: { name: "Élan", structure_type: "cooperative" } });
    expect(step1.status).toBe(200);
    const view1 = ApplicationView.parse(step1.body);
    expect(view1.draft.structure).toEqual({ name: "Élan", structure_type: "cooperative" });
    expect(view1.todo[0]!.params!.fields).not.toContain("name");

    // Step 2: the full card and one half-written reference.
    const step2 = await put(created.id, {
      structure: structure(),
      references: [{ association_name: "Les Amis", referee_email: "a@amis.example.net" }],
    });
    expect(step2.status).toBe(200);
    const view2 = ApplicationView.parse(step2.body);
    expect(view2.todo.map((item) => item.code)).toEqual(["add_references"]);

    const read = await service.json(`/v1/applications/${created.id}`, { user: OWNER });
    expect(read.status).toBe(200);
    expect(ApplicationView.parse(read.body).draft).toEqual(view2.draft);
  });

  it("keeps the regions and departments the structure covers (overseas and Corsica too); refuses a malformed or unknown department code, naming it, and changes nothing", async () => {
    const coverage = { national: false, regions: ["53"], departments: ["44", "2A", "974"] };
    const created = await createApplication(service, OWNER, { structure: structure({ coverage }), references: [] });
    expect(created.draft.structure.coverage).toEqual(coverage);
    const read = await service.json(`/v1/applications/${created.id}`, { user: OWNER });
    expect(ApplicationView.parse(read.body).draft.structure.coverage).toEqual(coverage);

    const before = vettingSnapshot(service);
    for (const [departments, code] of [
      [["44", "2C"], "invalid_format"],
      [["44", "20"], "unknown_taxonomy_key"],
    ] as const) {
      const { status, body } = await put(created.id, {
        structure: structure({ coverage: { ...coverage, departments: [...departments] } }),
        references: [],
      });
      expect(status, departments.join()).toBe(422);
      expect(expectErrorShape(body).details).toContainEqual(
        expect.objectContaining({ field: "structure.coverage.departments.1", code })
      );
    }
    expect(vettingSnapshot(service)).toEqual(before);
  });

  it("is kept in the SQLite file: another service process on the same file (another device, after a reload) reads it", async () => {
    const created = await createApplication(service, OWNER, fullDraft());
    const db = openDirectory(service.dbPath);
    const app = createApp({ db, secret: TEST_SECRET, now: () => service.clock.now, log: () => {} });
    const other = await listen(app, 0, "127.0.0.1");
    try {
      const path = `/v1/structures/mine`;
      const userHeader = encodeUser(OWNER);
      const headers = signatureHeaders("GET", path, Buffer.alloc(0), {
        secret: TEST_SECRET,
        timestamp: String(Math.floor(service.clock.now / 1000)),
        nonce: newNonce(),
        userHeader,
      });
      const response = await fetch(other.url + path, { headers });
      expect(response.status).toBe(200);
      const mine = MyStructure.parse(await response.json());
      expect(mine.application!.id).toBe(created.id);
      expect(mine.application!.draft).toEqual(created.draft);
    } finally {
      await other.close();
      db.close();
    }
  });

  it("answers 'my structure' with the state, the references' states and what is left to do", async () => {
    const empty = await service.json("/v1/structures/mine", { user: OWNER });
    expect(MyStructure.parse(empty.body)).toEqual({ application: null, invitations: [] });
    const created = await createApplication(service, OWNER, fullDraft());
    const before = MyStructure.parse((await service.json("/v1/structures/mine", { user: OWNER })).body);
    expect(before.application!.todo).toEqual([{ code: "submit" }]);
    await submitApplication(service, created.id);
    const after = MyStructure.parse((await service.json("/v1/structures/mine", { user: OWNER })).body);
    expect(after.application!.state).toBe("references_pending");
    expect(after.application!.references.map((ref) => ref.state)).toEqual(["invited", "invited"]);
    expect(after.application!.todo).toEqual([{ code: "wait_for_referees", params: { count: 2 } }]);
    // The applicant never sees the referees' answers.
    expect(after.application!.references.every((ref) => ref.answer === null)).toBe(true);
  });
});

describe("submission", () => {
  it("needs at least two valid references", async () => {
    const created = await createApplication(service, OWNER, {
      structure: structure(),
      references: [reference(1)],
    });
    const before = vettingSnapshot(service);
    const { status, body } = await submitApplication(service, created.id);
    expect(status).toBe(422);
    const error = expectErrorShape(body);
    expect(error.code).toBe("invalid_application");
    expect(error.details).toContainEqual(expect.objectContaining({ field: "references", code: "too_few_references" }));
    expect(vettingSnapshot(service)).toEqual(before);
  });

  it("refuses an incomplete card or reference, naming each missing field", async () => {
    const created = await createApplication(service, OWNER, {
      structure: { name: "Élan" },
      references: [reference(1), { association_name: "Sans le reste" }],
    });
    const before = vettingSnapshot(service);
    const { status, body } = await submitApplication(service, created.id);
    expect(status).toBe(422);
    const fields = expectErrorShape(body).details.map((detail) => detail.field);
    expect(fields).toContain("structure.structure_type");
    expect(fields).toContain("structure.location");
    expect(fields).toContain("references.1.referee_email");
    expect(fields).toContain("references.1.period");
    expect(vettingSnapshot(service)).toEqual(before);
  });

  it("refuses the same referee twice", async () => {
    const created = await createApplication(service, OWNER, {
      structure: structure(),
      references: [reference(1), reference(2, { referee_email: "REFERENTE1@asso1.example.net" })],
    });
    const { status, body } = await submitApplication(service, created.id);
    expect(status).toBe(422);
    expect(expectErrorShape(body).details).toContainEqual(
      expect.objectContaining({ field: "references.1.referee_email", code: "duplicate_referee" })
    );
  });

  it("sends the references and then refuses a second submission or an edit with 409 and the state", async () => {
    const created = await createApplication(service, OWNER, fullDraft());
    const first = await submitApplication(service, created.id);
    expect(first.status).toBe(200);
    expect(ApplicationView.parse(first.body).state).toBe("references_pending");
    const before = vettingSnapshot(service);

    const again = await submitApplication(service, created.id);
    expect(again.status).toBe(409);
    const error = expectErrorShape(again.body);
    expect(error.code).toBe("invalid_state");
    expect(error.details[0]!.params).toEqual({ state: "references_pending", action: "submit" });

    const edit = await put(created.id, fullDraft());
    expect(edit.status).toBe(409);
    expect(expectErrorShape(edit.body).details[0]!.params).toEqual({
      state: "references_pending",
      action: "edit",
    });
    expect(vettingSnapshot(service)).toEqual(before);
  });

  it("stores only the SHA-256 of each link's token, with the configured expiry, and queues one invitation per referee", async () => {
    const created = await createApplication(service, OWNER, fullDraft());
    await submitApplication(service, created.id);
    const tokens = service.db.prepare("SELECT token_hash FROM vetting_reference_tokens").pluck().all() as string[];
    expect(tokens).toHaveLength(2);
    tokens.forEach((hash) => expect(hash).toMatch(/^[0-9a-f]{64}$/));
    const refs = service.db.prepare("SELECT invited_at, expires_at FROM vetting_references").all() as {
      invited_at: string;
      expires_at: string;
    }[];
    for (const ref of refs)
      expect(Date.parse(ref.expires_at) - Date.parse(ref.invited_at)).toBe(21 * 24 * 3600 * 1000);
    const mails = service.db.prepare("SELECT template, to_address, params FROM outbox ORDER BY id").all() as {
      template: string;
      to_address: string;
      params: string;
    }[];
    expect(mails.map((mail) => mail.template).sort()).toEqual([
      "application_status_changed",
      "reference_invitation",
      "reference_invitation",
    ]);
    const invitation = mails.find((mail) => mail.template === "reference_invitation")!;
    const link = (JSON.parse(invitation.params) as { link: string }).link;
    expect(link).toMatch(/^http:\/\/localhost:4200\/annuaire\/reference\/[A-Za-z0-9_-]{43}$/);
    // The mailed token is not in the database in clear.
    const token = link.split("/").at(-1)!;
    const dump = JSON.stringify(
      service.db.prepare("SELECT * FROM vetting_references").all().concat(
        service.db.prepare("SELECT * FROM vetting_reference_tokens").all()
      )
    );
    expect(dump).not.toContain(token);
  });
});

describe("bad input: 4xx in the error shape, nothing changed", () => {
  const cases: [string, unknown, string][] = [
    ["unknown top-level key", { structure: {}, extra: 1 }, "extra"],
    ["unknown structure key", { structure: { slogan: "x" } }, "structure.slogan"],
    ["empty name", { structure: { name: "" } }, "structure.name"],
    ["name too long", { structure: { name: "x".repeat(201) } }, "structure.name"],
    ["unknown structure type", { structure: { structure_type: "sarl" } }, "structure.structure_type"],
    ["badly formed structure type", { structure: { structure_type: "SARL!" } }, "structure.structure_type"],
    ["negative headcount", { structure: { headcount: -1 } }, "structure.headcount"],
    ["fractional headcount", { structure: { headcount: 1.5 } }, "structure.headcount"],
    ["bad department", { structure: { location: { city: "X", department: "20", region: "94" } } }, "structure.location.department"],
    ["department outside its region", { structure: { location: { city: "X", department: "35", region: "11" } } }, "structure.location.region"],
    ["unknown modality", { structure: { modalities: ["par-pigeon"] } }, "structure.modalities.0"],
    ["empty modalities", { structure: { modalities: [] } }, "structure.modalities"],
    ["unknown support kind", { structure: { support_kinds: ["magie"] } }, "structure.support_kinds.0"],
    ["unknown size", { structure: { association_sizes: ["geante"] } }, "structure.association_sizes.0"],
    ["unknown price model", { structure: { price_models: ["gratuit-force"] } }, "structure.price_models.0"],
    ["empty tool", { structure: { tools: [" "] } }, "structure.tools.0"],
    ["website not http", { structure: { website: "ftp://elan.example.org" } }, "structure.website"],
    ["bad contact e-mail", { structure: { contact_email: "pas-une-adresse" } }, "structure.contact_email"],
    ["description too long", { structure: { description: "x".repeat(20001) } }, "structure.description"],
    ["references not a list", { references: {} }, "references"],
    ["too many references", { references: Array.from({ length: 11 }, () => ({})) }, "references"],
    ["unknown reference key", { references: [{ phone: "0102030405" }] }, "references.0.phone"],
    ["empty association name", { references: [{ association_name: "" }] }, "references.0.association_name"],
    ["RNA too short", { references: [{ association_number: "W75123456" }] }, "references.0.association_number"],
    ["RNA too long", { references: [{ association_number: "W7512345678" }] }, "references.0.association_number"],
    ["RNA with a letter", { references: [{ association_number: "W75123A567" }] }, "references.0.association_number"],
    ["RNA with 2C", { references: [{ association_number: "W2C1234567" }] }, "references.0.association_number"],
    ["SIREN check digit", { references: [{ association_number: "732829321" }] }, "references.0.association_number"],
    ["SIREN of 8 digits", { references: [{ association_number: "73282932" }] }, "references.0.association_number"],
    ["SIREN of 10 digits", { references: [{ association_number: "7328293200" }] }, "references.0.association_number"],
    ["neither RNA nor SIREN", { references: [{ association_number: "ABC" }] }, "references.0.association_number"],
    ["empty referee name", { references: [{ referee_name: " " }] }, "references.0.referee_name"],
    ["bad referee e-mail", { references: [{ referee_email: "marie@" }] }, "references.0.referee_email"],
    ["empty summary", { references: [{ project_summary: "" }] }, "references.0.project_summary"],
    ["summary too long", { references: [{ project_summary: "x".repeat(2001) }] }, "references.0.project_summary"],
    ["month as a date", { references: [{ period: { start: "2025-01-15", end: "2025-02" } }] }, "references.0.period.start"],
    ["month 13", { references: [{ period: { start: "2025-13", end: "2025-12" } }] }, "references.0.period.start"],
    ["start after end", { references: [{ period: { start: "2025-06", end: "2025-01" } }] }, "references.0.period.end"],
    ["period in the future", { references: [{ period: { start: "2025-01", end: "2027-01" } }] }, "references.0.period.end"],
    ["start in the future", { references: [{ period: { start: "2026-12", end: "2026-12" } }] }, "references.0.period.start"],
    ["missing period end", { references: [{ period: { start: "2025-01" } }] }, "references.0.period.end"],
    ["unknown support delivered", { references: [{ support_kinds: ["magie"] }] }, "references.0.support_kinds.0"],
  ];

  it.each(cases)("%s → 422 on create and on update", async (_name, draft, field) => {
    const before = vettingSnapshot(service);
    const created = await service.json("/v1/applications", {
      method: "POST",
      user: OWNER,
      contentType: "application/json",
      body: JSON.stringify(draft),
    });
    expect(created.status).toBe(422);
    const error = expectErrorShape(created.body);
    expect(error.code).toBe("invalid_application");
    expect(error.details.map((detail) => detail.field)).toContain(field);
    expect(vettingSnapshot(service)).toEqual(before);

    const app = await createApplication(service, OWNER, fullDraft());
    const saved = vettingSnapshot(service);
    const updated = await put(app.id, draft);
    expect(updated.status).toBe(422);
    expect(expectErrorShape(updated.body).details.map((detail) => detail.field)).toContain(field);
    expect(vettingSnapshot(service)).toEqual(saved);
  });

  it("accepts the valid number forms: RNA, Corsican RNA, SIREN, with spaces and lower case", async () => {
    const numbers = ["W751234567", "w2a1002345", "W2B1234567", "732 829 320", "552100554"];
    for (const [index, number] of numbers.entries()) {
      const { status } = await service.json("/v1/applications", {
        method: "POST",
        user: { ...OWNER, id: 100 + index },
        contentType: "application/json",
        body: JSON.stringify({ references: [{ association_number: number }] }),
      });
      expect(status, number).toBe(201);
    }
  });

  it("refuses a body that is not JSON (400), not declared as JSON (415), an unknown query parameter (400)", async () => {
    const before = vettingSnapshot(service);
    const notJson = await service.json("/v1/applications", {
      method: "POST",
      user: OWNER,
      contentType: "application/json",
      body: "{not json",
    });
    expect(notJson.status).toBe(400);
    expect(expectErrorShape(notJson.body).code).toBe("invalid_json");
    const form = await service.json("/v1/applications", {
      method: "POST",
      user: OWNER,
      contentType: "application/x-www-form-urlencoded",
      body: "structure=x",
    });
    expect(form.status).toBe(415);
    expect(expectErrorShape(form.body).code).toBe("unsupported_media_type");
    const query = await service.json("/v1/applications?debug=1", {
      method: "POST",
      user: OWNER,
      contentType: "application/json",
      body: "{}",
    });
    expect(query.status).toBe(400);
    expect(expectErrorShape(query.body).code).toBe("invalid_parameters");
    const array = await service.json("/v1/applications", {
      method: "POST",
      user: OWNER,
      contentType: "application/json",
      body: "[]",
    });
    expect(array.status).toBe(422);
    expect(vettingSnapshot(service)).toEqual(before);
  });

  it("refuses an id that is not a number with 404, and a body on submit with 400", async () => {
    const app = await createApplication(service, OWNER, fullDraft());
    for (const id of ["abc", "0", "-1", "1.5", "99999999999999999999"]) {
      const { status, body } = await service.json(`/v1/applications/${id}`, { user: OWNER });
      expect(status, id).toBe(404);
      expect(expectErrorShape(body).code).toBe("application_not_found");
    }
    const before = vettingSnapshot(service);
    const withBody = await service.json(`/v1/applications/${app.id}/submit`, {
      method: "POST",
      user: OWNER,
      contentType: "application/json",
      body: "{}",
    });
    expect(withBody.status).toBe(400);
    expect(vettingSnapshot(service)).toEqual(before);
  });
});

describe("who may do what", () => {
  it("anonymous: 401 everywhere, nothing changed", async () => {
    const app = await createApplication(service, OWNER, fullDraft());
    const before = vettingSnapshot(service);
    const calls: [string, SignOptions][] = [
      ["/v1/applications", { method: "POST", contentType: "application/json", body: "{}" }],
      ["/v1/applications", {}],
      [`/v1/applications/${app.id}`, {}],
      [`/v1/applications/${app.id}/draft`, { method: "PUT", contentType: "application/json", body: "{}" }],
      [`/v1/applications/${app.id}/submit`, { method: "POST" }],
      ["/v1/structures/mine", {}],
      [`/v1/structures/${app.id}/invitations`, { method: "POST", contentType: "application/json", body: '{"username":"x"}' }],
      [`/v1/structures/${app.id}/invitations/accept`, { method: "POST" }],
    ];
    for (const [path, options] of calls) {
      const { status, body } = await service.json(path, { ...options, user: null });
      expect(status, path).toBe(401);
      expect(expectErrorShape(body).code).toBe("authentication_required");
    }
    expect(vettingSnapshot(service)).toEqual(before);
  });

  it("another member: 404 for someone else's application (read, edit, submit, invite), 403 for the list", async () => {
    const app = await createApplication(service, OWNER, fullDraft());
    const before = vettingSnapshot(service);
    const read = await service.json(`/v1/applications/${app.id}`, { user: OTHER_MEMBER });
    expect(read.status).toBe(404);
    const edit = await put(app.id, {}, { user: OTHER_MEMBER });
    expect(edit.status).toBe(404);
    const submit = await submitApplication(service, app.id, OTHER_MEMBER);
    expect(submit.status).toBe(404);
    const invite = await service.json(`/v1/structures/${app.id}/invitations`, {
      method: "POST",
      user: OTHER_MEMBER,
      contentType: "application/json",
      body: JSON.stringify({ username: "eve" }),
    });
    expect(invite.status).toBe(404);
    const list = await service.json("/v1/applications", { user: OTHER_MEMBER });
    expect(list.status).toBe(403);
    expect(expectErrorShape(list.body).code).toBe("forbidden");
    const mine = MyStructure.parse((await service.json("/v1/structures/mine", { user: OTHER_MEMBER })).body);
    expect(mine.application).toBeNull();
    expect(vettingSnapshot(service)).toEqual(before);
  });

  it("directory moderator, staff moderator and admin read everything (with answers) but cannot write", async () => {
    const app = await createApplication(service, OWNER, fullDraft());
    await submitApplication(service, app.id);
    for (const reviewer of [DIRECTORY_MODERATOR, STAFF_MODERATOR, ADMIN]) {
      const list = await service.json("/v1/applications", { user: reviewer });
      expect(list.status).toBe(200);
      expect(ApplicationList.parse(list.body).items.map((item) => item.id)).toEqual([app.id]);
      const read = await service.json(`/v1/applications/${app.id}`, { user: reviewer });
      expect(read.status).toBe(200);
      const before = vettingSnapshot(service);
      const edit = await put(app.id, {}, { user: reviewer });
      expect(edit.status, reviewer.username).toBe(403);
      const submit = await submitApplication(service, app.id, reviewer);
      expect(submit.status).toBe(403);
      const invite = await service.json(`/v1/structures/${app.id}/invitations`, {
        method: "POST",
        user: reviewer,
        contentType: "application/json",
        body: JSON.stringify({ username: "eve" }),
      });
      expect(invite.status).toBe(403);
      expect(vettingSnapshot(service)).toEqual(before);
    }
  });

  it("a member of the team reads and edits; a member belongs to one team only", async () => {
    const app = await createApplication(service, OWNER, fullDraft());
    const again = await service.json("/v1/applications", {
      method: "POST",
      user: OWNER,
      contentType: "application/json",
      body: "{}",
    });
    expect(again.status).toBe(409);
    expect(expectErrorShape(again.body).code).toBe("already_in_team");

    const invite = await service.json(`/v1/structures/${app.id}/invitations`, {
      method: "POST",
      user: OWNER,
      contentType: "application/json",
      body: JSON.stringify({ username: "Dominique" }),
    });
    expect(invite.status).toBe(201);
    expect(ApplicationView.parse(invite.body).pending_invitations).toEqual([
      expect.objectContaining({ username: "Dominique", invited_by: OWNER.username }),
    ]);

    // Before accepting, the invited member sees the invitation but not the application.
    const waiting = MyStructure.parse((await service.json("/v1/structures/mine", { user: TEAMMATE })).body);
    expect(waiting.application).toBeNull();
    expect(waiting.invitations).toEqual([
      expect.objectContaining({ application_id: app.id, structure_name: "Coopérative Libre Élan" }),
    ]);
    expect((await service.json(`/v1/applications/${app.id}`, { user: TEAMMATE })).status).toBe(404);

    // Someone else cannot accept an invitation that is not theirs.
    const before = vettingSnapshot(service);
    const stolen = await service.json(`/v1/structures/${app.id}/invitations/accept`, {
      method: "POST",
      user: OTHER_MEMBER,
    });
    expect(stolen.status).toBe(404);
    expect(expectErrorShape(stolen.body).code).toBe("invitation_not_found");
    expect(vettingSnapshot(service)).toEqual(before);

    const accepted = await service.json(`/v1/structures/${app.id}/invitations/accept`, {
      method: "POST",
      user: TEAMMATE,
    });
    expect(accepted.status).toBe(200);
    const view = ApplicationView.parse(accepted.body);
    expect(view.team.map((member) => [member.username, member.role])).toEqual([
      [OWNER.username, "owner"],
      [TEAMMATE.username, "member"],
    ]);
    expect(view.pending_invitations).toEqual([]);

    const edit = await put(app.id, { structure: { name: "Élan (modifié)" } }, { user: TEAMMATE });
    expect(edit.status).toBe(200);

    // Already in a team: inviting them again is a conflict; they cannot start another structure.
    const reinvite = await service.json(`/v1/structures/${app.id}/invitations`, {
      method: "POST",
      user: OWNER,
      contentType: "application/json",
      body: JSON.stringify({ username: "DOMINIQUE" }),
    });
    expect(reinvite.status).toBe(409);
    const create = await service.json("/v1/applications", {
      method: "POST",
      user: TEAMMATE,
      contentType: "application/json",
      body: "{}",
    });
    expect(create.status).toBe(409);
  });

  it("a member of another team cannot accept an invitation (409) and stays where they are", async () => {
    const app = await createApplication(service, OWNER, fullDraft());
    const other = await createApplication(service, OTHER_MEMBER, {});
    await service.json(`/v1/structures/${app.id}/invitations`, {
      method: "POST",
      user: OWNER,
      contentType: "application/json",
      body: JSON.stringify({ username: OTHER_MEMBER.username }),
    });
    const before = vettingSnapshot(service);
    const accept = await service.json(`/v1/structures/${app.id}/invitations/accept`, {
      method: "POST",
      user: OTHER_MEMBER,
    });
    expect(accept.status).toBe(409);
    expect(expectErrorShape(accept.body).code).toBe("already_in_team");
    expect(vettingSnapshot(service)).toEqual(before);
    const mine = MyStructure.parse((await service.json("/v1/structures/mine", { user: OTHER_MEMBER })).body);
    expect(mine.application!.id).toBe(other.id);
  });

  it("refuses a bad invitation body", async () => {
    const app = await createApplication(service, OWNER, fullDraft());
    const before = vettingSnapshot(service);
    for (const body of ['{"username":""}', '{"username":"x","role":"owner"}', "{}", '{"username":' + JSON.stringify("x".repeat(61)) + "}"]) {
      const response = await service.json(`/v1/structures/${app.id}/invitations`, {
        method: "POST",
        user: OWNER,
        contentType: "application/json",
        body,
      });
      expect(response.status, body).toBe(422);
    }
    expect(vettingSnapshot(service)).toEqual(before);
  });
});

describe("routes", () => {
  it("a known vetting path with another method is 405 with Allow; OPTIONS lists the methods", async () => {
    const app = await createApplication(service, OWNER, fullDraft());
    const wrong = await service.json(`/v1/applications/${app.id}`, { method: "DELETE", user: OWNER });
    expect(wrong.status).toBe(405);
    expect(wrong.response.headers.get("allow")).toBe("GET, HEAD");
    expect(expectErrorShape(wrong.body).code).toBe("method_not_allowed");
    const options = await service.request("/v1/applications", { method: "OPTIONS", unsigned: true });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")?.split(", ").sort()).toEqual(["GET", "HEAD", "POST"]);
  });
});

describe("submitting again after changes were requested", () => {
  it("keeps the references already sent and invites only the new ones", async () => {
    const app = await createApplication(service, OWNER, fullDraft());
    await submitApplication(service, app.id);
    // A moderator's request for changes (their routes come with the review queue).
    service.db
      .prepare("UPDATE vetting_applications SET state = 'changes_requested', moderator_reason = ? WHERE id = ?")
      .run("Ajoutez une troisième référence.", app.id);
    const mine = MyStructure.parse((await service.json("/v1/structures/mine", { user: OWNER })).body);
    expect(mine.application!.moderator_reason).toBe("Ajoutez une troisième référence.");
    expect(mine.application!.todo[0]).toEqual({ code: "address_changes" });

    expect((await put(app.id, { structure: structure(), references: [reference(1), reference(2), reference(3)] })).status).toBe(200);
    const resubmitted = await submitApplication(service, app.id);
    expect(resubmitted.status).toBe(200);
    const view = ApplicationView.parse(resubmitted.body);
    expect(view.state).toBe("references_pending");
    expect(view.moderator_reason).toBeNull();
    expect(view.references.map((ref) => ref.referee_email)).toEqual([
      reference(1).referee_email,
      reference(2).referee_email,
      reference(3).referee_email,
    ]);
    const invitations = service.db
      .prepare("SELECT COUNT(*) FROM outbox WHERE template = 'reference_invitation'")
      .pluck()
      .get();
    expect(invitations).toBe(3);
  });
});
