// Co-funding through real signed HTTP requests to the real service on a real SQLite file:
// creating campaigns, pledges, quotes, funding and the split plan, deadlines, roles,
// anonymity, idempotency, and every bad input answered in the error shape with nothing
// changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AuditResponse,
  CampaignView,
  MyPledgesResponse,
  SplitPlan,
} from "../src/contract/index.ts";
import {
  CampaignView as CampaignViewSchema,
  ErrorCode,
} from "../src/contract/index.ts";
import { sweepCampaigns } from "../src/service.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import {
  AUTHOR,
  DAY_MS,
  DIRECTORY_MODERATOR,
  MODERATOR,
  STAFF,
  STRANGER,
  campaignPath,
  campaignRequest,
  member,
  newKey,
  read,
  snapshot,
  write,
} from "./helpers/cofunding.ts";
import { actNow, listedProviderWithTeam } from "./helpers/review.ts";
import {
  ADMIN,
  expectErrorShape,
  startTestService,
  type TestService,
} from "./helpers/service.ts";

let service: TestService;
/** The team of a provider listed through vetting and review: its owner and a teammate. */
const TEAM_OWNER = member(520, { username: "gerante-code-commun" });
const TEAMMATE = member(521, { username: "dev-code-commun" });
/** The owner of another listed provider. */
const OTHER_TEAM_OWNER = member(530, { username: "gerant-terrier" });
let teamSlug = "";
let otherTeamSlug = "";

beforeAll(async () => {
  service = await startTestService();
  service.seed([
    makeProvider({ slug: "libre-code", name: "Libre Code" }),
    makeProvider({ slug: "en-attente", status: "pending" }),
  ]);
  teamSlug = await listedProviderWithTeam(
    service,
    ADMIN,
    TEAM_OWNER,
    "Code Commun Coopérative",
    [TEAMMATE]
  );
  otherTeamSlug = await listedProviderWithTeam(
    service,
    ADMIN,
    OTHER_TEAM_OWNER,
    "Le Terrier numérique"
  );
});
afterAll(() => service.close());

async function openCampaign(
  overrides: Parameters<typeof campaignRequest>[1] = {}
): Promise<CampaignView> {
  const answer = await write(
    service,
    "POST",
    "/v1/cofunding/campaigns",
    AUTHOR,
    campaignRequest(service, overrides)
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

function pledge(amount: number | null, extra: Record<string, unknown> = {}) {
  return {
    association: "Les Amis du Quartier",
    amount_cents: amount,
    ...extra,
  };
}

/** Expects a 4xx in the error shape with this code, and no co-funding table changed. */
async function expectRefused(
  attempt: () => Promise<{ status: number; body: unknown }>,
  status: number,
  code: ErrorCode
) {
  const before = snapshot(service.db);
  const answer = await attempt();
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(expectErrorShape(answer.body).code).toBe(code);
  expect(snapshot(service.db)).toBe(before);
  return expectErrorShape(answer.body);
}

describe("creating a campaign", () => {
  it("opens a campaign for a topic and shows its panel", async () => {
    const view = await openCampaign();
    expect(CampaignViewSchema.parse(view)).toEqual(view);
    expect(view).toMatchObject({
      status: "open",
      author: { id: AUTHOR.id, username: AUTHOR.username },
      target_cents: 300_000,
      pledged_cents: 0,
      min_pledge_cents: 5_000,
      days_left: 30,
      currency: "EUR",
      pledges: [],
      split_plan: null,
      can: {
        edit: false,
        pledge: true,
        choose_quote: true,
        hide: false,
        transitions: ["cancelled"],
      },
    });
    expect(view.timeline.map((entry) => entry.status)).toEqual(["open"]);
  });

  it("answers the existing campaign when the same request comes again, 409 when it differs", async () => {
    const request = campaignRequest(service);
    const first = await write(
      service,
      "POST",
      "/v1/cofunding/campaigns",
      AUTHOR,
      request
    );
    expect(first.status).toBe(201);
    const again = await write(
      service,
      "POST",
      "/v1/cofunding/campaigns",
      AUTHOR,
      request
    );
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    await expectRefused(
      () =>
        write(service, "POST", "/v1/cofunding/campaigns", AUTHOR, {
          ...request,
          title: "Autre chose",
        }),
      409,
      "campaign_conflict"
    );
    await expectRefused(
      () =>
        write(service, "POST", "/v1/cofunding/campaigns", STRANGER, request),
      409,
      "campaign_conflict"
    );
  });

  it("keeps a draft, lets its author complete it, then opens it", async () => {
    const draft = (
      await write(
        service,
        "POST",
        "/v1/cofunding/campaigns",
        AUTHOR,
        campaignRequest(service, { status: "draft" })
      )
    ).body;
    expect(draft.status).toBe("draft");
    expect(draft.can.pledge).toBe(false);
    const path = campaignPath(draft.topic_id);
    await expectRefused(
      () => write(service, "PATCH", path, STRANGER, { title: "Détourné" }),
      403,
      "forbidden"
    );
    const edited = await write(service, "PATCH", path, AUTHOR, {
      target_cents: 450_000,
      title: "Export complet",
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      target_cents: 450_000,
      title: "Export complet",
      status: "draft",
    });
    const opened = await write(
      service,
      "POST",
      campaignPath(draft.topic_id, "/transitions"),
      AUTHOR,
      { to: "open" }
    );
    expect(opened.body.status).toBe("open");
    expect(opened.body.timeline.map((entry) => entry.status)).toEqual([
      "draft",
      "open",
    ]);
    await expectRefused(
      () => write(service, "PATCH", path, AUTHOR, { title: "Trop tard" }),
      409,
      "invalid_transition"
    );
  });

  it("will not open a draft whose deadline has passed meanwhile", async () => {
    const draft = (
      await write(
        service,
        "POST",
        "/v1/cofunding/campaigns",
        AUTHOR,
        campaignRequest(service, {
          status: "draft",
          deadline_at: new Date(service.clock.now + DAY_MS).toISOString(),
        })
      )
    ).body;
    service.clock.now += 2 * DAY_MS;
    try {
      await expectRefused(
        () =>
          write(
            service,
            "POST",
            campaignPath(draft.topic_id, "/transitions"),
            AUTHOR,
            {
              to: "open",
            }
          ),
        422,
        "invalid_deadline"
      );
    } finally {
      service.clock.now -= 2 * DAY_MS;
    }
  });

  const badCreations: [
    string,
    (r: ReturnType<typeof campaignRequest>) => unknown,
    number,
    ErrorCode,
  ][] = [
    [
      "a negative target",
      (r) => ({ ...r, target_cents: -100 }),
      400,
      "invalid_body",
    ],
    ["a zero target", (r) => ({ ...r, target_cents: 0 }), 400, "invalid_body"],
    [
      "a fractional-cent target",
      (r) => ({ ...r, target_cents: 1000.5 }),
      400,
      "invalid_body",
    ],
    [
      "a target as a string",
      (r) => ({ ...r, target_cents: "300000" }),
      400,
      "invalid_body",
    ],
    [
      "a target in euros with a decimal point",
      (r) => ({ ...r, target_cents: 3000.0001 }),
      400,
      "invalid_body",
    ],
    [
      "a target beyond safe integers",
      (r) => ({ ...r, target_cents: 2 ** 60 }),
      400,
      "invalid_body",
    ],
    [
      "a target above the ceiling",
      (r) => ({ ...r, target_cents: 100_000_001 }),
      422,
      "invalid_amount",
    ],
    [
      "a minimum pledge above the target",
      (r) => ({ ...r, min_pledge_cents: 400_000 }),
      422,
      "invalid_amount",
    ],
    [
      "a minimum pledge of zero",
      (r) => ({ ...r, min_pledge_cents: 0 }),
      400,
      "invalid_body",
    ],
    [
      "a past deadline",
      (r) => ({ ...r, deadline_at: "2020-01-01T00:00:00Z" }),
      422,
      "invalid_deadline",
    ],
    [
      "a deadline ten years away",
      (r) => ({ ...r, deadline_at: "2036-11-23T00:00:00Z" }),
      422,
      "invalid_deadline",
    ],
    [
      "a deadline that is not a date",
      (r) => ({ ...r, deadline_at: "demain" }),
      400,
      "invalid_body",
    ],
    [
      "an unknown provider",
      (r) => ({ ...r, provider_slug: "inconnu" }),
      422,
      "provider_not_listed",
    ],
    [
      "a provider not yet listed",
      (r) => ({ ...r, provider_slug: "en-attente" }),
      422,
      "provider_not_listed",
    ],
    [
      "a forge URL that is not http(s)",
      (r) => ({
        ...r,
        project: { ...r.project, forge_url: "javascript:alert(1)" },
      }),
      400,
      "invalid_body",
    ],
    [
      "a missing title",
      (r) => ({ ...r, title: undefined }),
      400,
      "invalid_body",
    ],
    ["a blank need", (r) => ({ ...r, need: "   " }), 400, "invalid_body"],
    ["an unknown field", (r) => ({ ...r, iban: "FR76" }), 400, "invalid_body"],
    [
      "a status other than draft or open",
      (r) => ({ ...r, status: "funded" }),
      400,
      "invalid_body",
    ],
    [
      "a topic id that is not an integer",
      (r) => ({ ...r, topic_id: 1.5 }),
      400,
      "invalid_body",
    ],
  ];
  it.each(badCreations)("refuses %s", async (_name, change, status, code) => {
    const request = change(campaignRequest(service));
    await expectRefused(
      () => write(service, "POST", "/v1/cofunding/campaigns", AUTHOR, request),
      status,
      code
    );
  });

  it("refuses anonymous visitors, missing keys, other content types and malformed JSON", async () => {
    const request = campaignRequest(service);
    await expectRefused(
      () => write(service, "POST", "/v1/cofunding/campaigns", null, request),
      401,
      "authentication_required"
    );
    await expectRefused(
      () =>
        write(service, "POST", "/v1/cofunding/campaigns", AUTHOR, request, {
          key: null,
        }),
      400,
      "idempotency_key_required"
    );
    await expectRefused(
      () =>
        write(service, "POST", "/v1/cofunding/campaigns", AUTHOR, request, {
          key: "court",
        }),
      400,
      "idempotency_key_required"
    );
    await expectRefused(
      () =>
        write(service, "POST", "/v1/cofunding/campaigns", AUTHOR, undefined, {
          rawBody: "titre=x",
          contentType: "text/plain",
        }),
      415,
      "unsupported_media_type"
    );
    await expectRefused(
      () =>
        write(service, "POST", "/v1/cofunding/campaigns", AUTHOR, undefined, {
          rawBody: '{"topic_id": 3,',
        }),
      400,
      "invalid_json"
    );
  });
});

describe("reading a campaign", () => {
  it("answers 404 for an unknown topic and 400 for a malformed id", async () => {
    const missing = await read(service, campaignPath(999_999), STRANGER);
    expect(missing.status).toBe(404);
    expect(expectErrorShape(missing.body).code).toBe("campaign_not_found");
    const malformed = await read(
      service,
      "/v1/cofunding/campaigns/abc",
      STRANGER
    );
    expect(malformed.status).toBe(400);
    expect(expectErrorShape(malformed.body).code).toBe("invalid_parameters");
  });

  it("is public to anonymous visitors, who may do nothing", async () => {
    const view = await openCampaign();
    const anonymous = await read(service, campaignPath(view.topic_id), null);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.can).toEqual({
      edit: false,
      pledge: false,
      quote: false,
      choose_quote: false,
      hide: false,
      transitions: [],
    });
  });

  it("counts days left from the service clock", async () => {
    const view = await openCampaign({
      deadline_at: new Date(service.clock.now + 10 * DAY_MS + 1).toISOString(),
    });
    expect(view.days_left).toBe(11);
    service.clock.now += 10 * DAY_MS;
    try {
      expect(
        (await read(service, campaignPath(view.topic_id), null)).body.days_left
      ).toBe(1);
    } finally {
      service.clock.now -= 10 * DAY_MS;
    }
  });
});

describe("status transitions", () => {
  type State = CampaignView["status"];
  type Role = "author" | "moderator" | "stranger";
  const REQUESTED = [
    "open",
    "in_progress",
    "delivered",
    "closed",
    "cancelled",
  ] as const;
  const STATES: State[] = [
    "draft",
    "open",
    "funded",
    "in_progress",
    "delivered",
    "closed",
    "expired",
    "cancelled",
  ];
  // Written out by hand from docs/cofunding.md, independently of the domain's table.
  const ALLOWED: Record<Exclude<Role, "stranger">, string[]> = {
    author: [
      "draft>open",
      "draft>cancelled",
      "open>cancelled",
      "funded>in_progress",
      "in_progress>delivered",
      "delivered>closed",
    ],
    moderator: [
      "draft>cancelled",
      "open>cancelled",
      "funded>in_progress",
      "funded>cancelled",
      "in_progress>delivered",
      "in_progress>cancelled",
      "delivered>closed",
    ],
  };
  const EXISTS = new Set([...ALLOWED.author, ...ALLOWED.moderator]);
  const userOf = { author: AUTHOR, moderator: MODERATOR, stranger: STRANGER };

  /** A fresh campaign brought to the given state through the API. */
  async function campaignIn(state: State): Promise<number> {
    const short = new Date(service.clock.now + DAY_MS).toISOString();
    const view = await openCampaign({
      status: state === "draft" ? "draft" : "open",
      target_cents: 10_000,
      min_pledge_cents: 1_000,
      ...(state === "expired" ? { deadline_at: short } : {}),
    });
    const id = view.topic_id;
    const move = async (to: string) => {
      const answer = await write(
        service,
        "POST",
        campaignPath(id, "/transitions"),
        AUTHOR,
        { to }
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    };
    if (state === "expired") {
      service.clock.now += 2 * DAY_MS;
      expect((await read(service, campaignPath(id), null)).body.status).toBe(
        "expired"
      );
      service.clock.now -= 2 * DAY_MS;
    }
    if (state === "cancelled") await move("cancelled");
    if (["funded", "in_progress", "delivered", "closed"].includes(state)) {
      const funded = await write(
        service,
        "PUT",
        campaignPath(id, "/pledges/mine"),
        member(200),
        pledge(10_000)
      );
      expect(funded.body.status).toBe("funded");
    }
    if (["in_progress", "delivered", "closed"].includes(state))
      await move("in_progress");
    if (["delivered", "closed"].includes(state)) await move("delivered");
    if (state === "closed") await move("closed");
    return id;
  }

  for (const from of STATES) {
    it(`from ${from}: every request by author, moderator and stranger is applied or refused as the table says`, async () => {
      for (const role of ["author", "moderator", "stranger"] as Role[]) {
        for (const to of REQUESTED) {
          const id = await campaignIn(from);
          const edge = `${from}>${to}`;
          const body =
            role === "moderator"
              ? { to, reason: "Signalé par plusieurs membres" }
              : { to };
          const attempt = () =>
            write(
              service,
              "POST",
              campaignPath(id, "/transitions"),
              userOf[role],
              body
            );
          if (role !== "stranger" && ALLOWED[role].includes(edge)) {
            const answer = await attempt();
            expect(answer.status, `${role} ${edge}`).toBe(200);
            expect(answer.body.status).toBe(to);
            expect(answer.body.timeline.at(-1)).toMatchObject({ status: to });
          } else {
            const expected =
              role === "stranger" || EXISTS.has(edge) ? 403 : 409;
            const error = await expectRefused(
              attempt,
              expected,
              expected === 403 ? "forbidden" : "invalid_transition"
            );
            if (expected === 409)
              expect(error.details[0]?.params).toMatchObject({
                current: from,
                requested: to,
              });
            expect(
              (await read(service, campaignPath(id), MODERATOR)).body.status
            ).toBe(from);
          }
        }
      }
    });
  }

  it("asks a moderator for a reason, and records it in the timeline and the audit log", async () => {
    const id = (await openCampaign()).topic_id;
    await expectRefused(
      () =>
        write(service, "POST", campaignPath(id, "/transitions"), MODERATOR, {
          to: "cancelled",
        }),
      400,
      "invalid_body"
    );
    const cancelled = await write(
      service,
      "POST",
      campaignPath(id, "/transitions"),
      STAFF,
      {
        to: "cancelled",
        reason: "Demande en double",
      }
    );
    expect(cancelled.body.timeline.at(-1)).toMatchObject({
      status: "cancelled",
      reason: "Demande en double",
    });
    const audit = await read<AuditResponse>(
      service,
      campaignPath(id, "/audit"),
      MODERATOR
    );
    expect(audit.body.items.at(-1)).toMatchObject({
      actor: { id: STAFF.id, username: STAFF.username },
      action: "status.changed",
      reason: "Demande en double",
      before: { status: "open" },
      after: { status: "cancelled" },
    });
  });

  it("refuses service-only states and unknown ones in the body", async () => {
    const id = (await openCampaign()).topic_id;
    for (const to of ["funded", "expired", "archived"]) {
      await expectRefused(
        () =>
          write(service, "POST", campaignPath(id, "/transitions"), AUTHOR, {
            to,
          }),
        400,
        "invalid_body"
      );
    }
  });
});

describe("pledges", () => {
  it("adds, changes and withdraws a pledge, and lists it among my pledges", async () => {
    const id = (await openCampaign()).topic_id;
    const me = member(300);
    const first = await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      me,
      pledge(10_000, { in_kind: ["testing"] })
    );
    expect(first.status).toBe(200);
    expect(first.body.pledged_cents).toBe(10_000);
    expect(first.body.my_pledge).toMatchObject({
      amount_cents: 10_000,
      in_kind: ["testing"],
      mine: true,
      status: "active",
    });
    const changed = await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      me,
      pledge(25_000)
    );
    expect(changed.body.pledged_cents).toBe(25_000);
    expect(changed.body.pledges).toHaveLength(1);
    const mine = await read<MyPledgesResponse>(
      service,
      "/v1/cofunding/pledges/mine",
      me
    );
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        amount_cents: 25_000,
        campaign: expect.objectContaining({ topic_id: id, status: "open" }),
      }),
    ]);
    const withdrawn = await write(
      service,
      "DELETE",
      campaignPath(id, "/pledges/mine"),
      me
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.pledged_cents).toBe(0);
    expect(withdrawn.body.pledges).toEqual([]);
    expect(withdrawn.body.my_pledge?.status).toBe("withdrawn");
    await expectRefused(
      () => write(service, "DELETE", campaignPath(id, "/pledges/mine"), me),
      404,
      "pledge_not_found"
    );
  });

  it("accepts in-kind help without money, which does not count toward the target", async () => {
    const id = (await openCampaign()).topic_id;
    const answer = await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(301),
      {
        association: "Traductions Solidaires",
        in_kind: ["translation", "hosting"],
      }
    );
    expect(answer.status).toBe(200);
    expect(answer.body.pledged_cents).toBe(0);
    expect(answer.body.pledges[0]).toMatchObject({
      amount_cents: null,
      in_kind: ["translation", "hosting"],
    });
  });

  const badPledges: [string, unknown, number, ErrorCode][] = [
    ["a negative amount", pledge(-5_000), 400, "invalid_body"],
    ["a zero amount", pledge(0), 400, "invalid_body"],
    ["a fraction of a cent", pledge(5_000.5), 400, "invalid_body"],
    [
      "an amount as a string",
      pledge("5000" as unknown as number),
      400,
      "invalid_body",
    ],
    [
      "an amount in exponent form beyond any ceiling",
      { association: "A", amount_cents: 1e300 },
      400,
      "invalid_body",
    ],
    ["an amount above the ceiling", pledge(100_000_001), 422, "invalid_amount"],
    [
      "an amount below the minimum pledge",
      pledge(4_999),
      422,
      "invalid_amount",
    ],
    ["neither amount nor help", pledge(null), 400, "invalid_body"],
    [
      "an unknown kind of help",
      pledge(null, { in_kind: ["cooking"] }),
      400,
      "invalid_body",
    ],
    [
      "the same help twice",
      pledge(null, { in_kind: ["testing", "testing"] }),
      400,
      "invalid_body",
    ],
    ["no association", { amount_cents: 5_000 }, 400, "invalid_body"],
    [
      "anonymity as a string",
      pledge(5_000, { anonymous: "oui" }),
      400,
      "invalid_body",
    ],
  ];
  it.each(badPledges)("refuses %s", async (_name, body, status, code) => {
    const id = (await openCampaign()).topic_id;
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(302),
      pledge(6_000)
    );
    await expectRefused(
      () =>
        write(
          service,
          "PUT",
          campaignPath(id, "/pledges/mine"),
          member(302),
          body
        ),
      status,
      code
    );
  });

  it("refuses pledges from anonymous visitors, on unknown campaigns and on drafts", async () => {
    const id = (await openCampaign()).topic_id;
    await expectRefused(
      () =>
        write(
          service,
          "PUT",
          campaignPath(id, "/pledges/mine"),
          null,
          pledge(6_000)
        ),
      401,
      "authentication_required"
    );
    await expectRefused(
      () =>
        write(
          service,
          "PUT",
          campaignPath(999_998, "/pledges/mine"),
          member(303),
          pledge(6_000)
        ),
      404,
      "campaign_not_found"
    );
    const draft = (
      await write(
        service,
        "POST",
        "/v1/cofunding/campaigns",
        AUTHOR,
        campaignRequest(service, { status: "draft" })
      )
    ).body;
    const error = await expectRefused(
      () =>
        write(
          service,
          "PUT",
          campaignPath(draft.topic_id, "/pledges/mine"),
          member(303),
          pledge(6_000)
        ),
      409,
      "campaign_not_open"
    );
    expect(error.details[0]?.params).toEqual({ current: "draft" });
  });

  it("never shows who made an anonymous pledge, except to the pledger and moderators", async () => {
    const id = (await openCampaign()).topic_id;
    const secret = member(310, { username: "tresoriere-discrete" });
    await write(service, "PUT", campaignPath(id, "/pledges/mine"), secret, {
      association: "Association Très Discrète",
      amount_cents: 20_000,
      anonymous: true,
      note: "Contact : tresoriere@discrete.example",
    });
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(311),
      pledge(15_000)
    );
    for (const viewer of [null, STRANGER, AUTHOR, DIRECTORY_MODERATOR]) {
      const answer = await read(service, campaignPath(id), viewer);
      const text = JSON.stringify(answer.body);
      expect(text).not.toContain("Très Discrète");
      expect(text).not.toContain("tresoriere");
      expect(text).not.toContain(`"id":${secret.id}`);
      const anonymous = answer.body.pledges.find((p) => p.anonymous)!;
      expect(anonymous).toMatchObject({
        association: null,
        user: null,
        note: null,
        amount_cents: 20_000,
        mine: false,
      });
      expect(answer.body.pledges.find((p) => !p.anonymous)).toMatchObject({
        association: "Les Amis du Quartier",
        user: null,
      });
    }
    const own = await read(service, campaignPath(id), secret);
    expect(own.body.my_pledge).toMatchObject({
      association: "Association Très Discrète",
      mine: true,
    });
    for (const moderator of [MODERATOR, STAFF]) {
      const view = await read(service, campaignPath(id), moderator);
      expect(view.body.pledges.find((p) => p.anonymous)).toMatchObject({
        association: "Association Très Discrète",
        user: { id: secret.id, username: "tresoriere-discrete" },
      });
    }
  });
});

describe("funding and the split plan", () => {
  it("locks into funded exactly at the target, once, and shares the target to the cent", async () => {
    const id = (
      await openCampaign({ target_cents: 100_000, min_pledge_cents: 1_000 })
    ).topic_id;
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(400),
      pledge(33_333, { association: "Alpha" })
    );
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(401),
      pledge(33_333, { association: "Bêta", anonymous: true })
    );
    const almost = await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(402),
      pledge(33_333, { association: "=SOMME(A1)" })
    );
    expect(almost.body.status).toBe("open");
    const last = await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(403),
      pledge(1_000, { association: "Delta" })
    );
    expect(last.body.status).toBe("funded");
    expect(last.body.pledged_cents).toBe(100_999);
    const plan = last.body.split_plan!;
    expect(plan.due_cents).toBe(100_000);
    expect(plan.lines.reduce((sum, line) => sum + line.owed_cents, 0)).toBe(
      100_000
    );
    for (const line of plan.lines)
      expect(line.owed_cents).toBeLessThanOrEqual(line.pledged_cents);
    expect(last.body.timeline.map((entry) => entry.status)).toEqual([
      "open",
      "funded",
    ]);

    // After funding: no more pledges, no withdrawal, no second funding.
    await expectRefused(
      () =>
        write(
          service,
          "PUT",
          campaignPath(id, "/pledges/mine"),
          member(404),
          pledge(5_000)
        ),
      409,
      "campaign_not_open"
    );
    await expectRefused(
      () =>
        write(
          service,
          "DELETE",
          campaignPath(id, "/pledges/mine"),
          member(400)
        ),
      409,
      "campaign_not_open"
    );
    const audit = await read<AuditResponse>(
      service,
      campaignPath(id, "/audit"),
      MODERATOR
    );
    expect(
      audit.body.items.filter((entry) => entry.after?.status === "funded")
    ).toHaveLength(1);
    expect(
      audit.body.items.filter((entry) => entry.action === "split_plan.computed")
    ).toHaveLength(1);

    // Each pledger sees what they owe in "mes engagements".
    const mine = await read<MyPledgesResponse>(
      service,
      "/v1/cofunding/pledges/mine",
      member(403)
    );
    const line = plan.lines.find((l) => l.mine)!;
    expect(line.pledged_cents).toBe(1_000);
    expect(mine.body.items[0]!.owed_cents).toBe(line.owed_cents);
  });

  it("downloads the split plan as a CSV LibreOffice opens cleanly, anonymous names hidden", async () => {
    const id = (
      await openCampaign({
        target_cents: 10_000,
        min_pledge_cents: 100,
        provider_slug: "libre-code",
      })
    ).topic_id;
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(410),
      pledge(3_334, { association: '=HYPERLINK("x")' })
    );
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(411),
      pledge(3_333, { association: "Secrète", anonymous: true })
    );
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(412),
      pledge(123_456, { association: "Éducation; Populaire" })
    );
    const response = await service.request(
      campaignPath(id, "/split-plan?format=csv"),
      {
        user: STRANGER,
      }
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "text/csv; charset=utf-8"
    );
    expect(response.headers.get("content-disposition")).toContain(
      `plan-de-repartition-${id}.csv`
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text).not.toContain("Secrète");
    const rows = text.trimEnd().split("\r\n");
    expect(rows[0]).toBe(
      "Association;Engagement (centimes);Part due (centimes);Engagement;Part due;Prestataire"
    );
    const byName = (prefix: string) =>
      rows.find((row) => row.startsWith(prefix))!.split(";");
    expect(byName(`"'=HYPERLINK`)[0]).toBe(`"'=HYPERLINK(""x"")"`);
    expect(byName("Association anonyme")[1]).toBe("3333");
    expect(byName(`"Éducation; Populaire"`)).toHaveLength(7);
    const total = byName("Total");
    expect(total[2]).toBe("10000");
    expect(total[5]).toBe("libre-code");
    // Euros in fr-FR: comma decimal, no float rounding, and no thousands separator (a
    // spreadsheet reads "1234,56 €" as a number; split-plan-libreoffice.test.ts).
    expect(byName("Association anonyme")[3]).toBe(euros(3333));
    expect(byName(`"Éducation; Populaire"`)[4]).toBe("1234,56\u00a0€");

    const en = await service.request(
      campaignPath(id, "/split-plan?format=csv"),
      {
        user: member(413, { locale: "en" }),
      }
    );
    // fetch's text() drops the BOM, as a spreadsheet does. In English: "," between cells and
    // a decimal point, as an English spreadsheet opens a CSV.
    const enRows = (await en.text()).trimEnd().split("\r\n");
    expect(enRows[0]).toBe(
      "Association,Pledged (cents),Owed (cents),Pledged (EUR),Owed (EUR),Provider"
    );
    const enByName = (prefix: string) =>
      enRows.find((row) => row.startsWith(prefix))!;
    expect(enByName("Anonymous association")).toMatch(
      /^Anonymous association,3333,\d+,33\.33,\d+\.\d{2},libre-code$/
    );
    expect(enByName(`Éducation; Populaire`).split(",")[3]).toBe("1234.56");

    const json = await read<SplitPlan>(
      service,
      campaignPath(id, "/split-plan"),
      member(411)
    );
    expect(json.body.lines.find((line) => line.mine)).toMatchObject({
      association: "Secrète",
      anonymous: true,
    });
  });

  it("has no split plan before funding, and refuses unknown formats", async () => {
    const id = (await openCampaign()).topic_id;
    const before = await read(service, campaignPath(id, "/split-plan"), null);
    expect(before.status).toBe(404);
    expect(expectErrorShape(before.body).code).toBe("not_found");
    const format = await read(
      service,
      campaignPath(id, "/split-plan?format=xlsx"),
      null
    );
    expect(format.status).toBe(400);
  });
});

function euros(cents: number): string {
  return new Intl.NumberFormat("fr-FR", {
    style: "currency",
    currency: "EUR",
  }).format(cents / 100);
}

describe("quotes", () => {
  const quote = (extra: Record<string, unknown> = {}) => ({
    provider_slug: teamSlug,
    amount_cents: 250_000,
    delay_days: 60,
    deliverables: "Export CSV, tests, documentation, fusion en amont.",
    licence: "AGPL-3.0-or-later",
    ...extra,
  });

  it("offers the quote form (can.quote) only to members of a listed provider's team, while the campaign is open", async () => {
    const id = (await openCampaign()).topic_id;
    const canQuote = async (user: ReturnType<typeof member> | null) =>
      (await read(service, campaignPath(id), user)).body.can.quote;
    expect(await canQuote(TEAM_OWNER)).toBe(true);
    expect(await canQuote(TEAMMATE)).toBe(true);
    expect(await canQuote(OTHER_TEAM_OWNER)).toBe(true);
    expect(await canQuote(member(599))).toBe(false);
    expect(await canQuote(null)).toBe(false);
    const cancelled = await write(service, "POST", campaignPath(id, "/transitions"), AUTHOR, { to: "cancelled" });
    expect(cancelled.status).toBe(200);
    expect(await canQuote(TEAM_OWNER)).toBe(false);
  });

  it("lets a member of a listed provider's team quote, and the author's choice sets the target and may fund", async () => {
    const id = (
      await openCampaign({ target_cents: 300_000, min_pledge_cents: 5_000 })
    ).topic_id;
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(500),
      pledge(150_000)
    );
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(501),
      pledge(110_000)
    );
    const quoted = await write(
      service,
      "POST",
      campaignPath(id, "/quotes"),
      TEAM_OWNER,
      quote()
    );
    expect(quoted.status).toBe(201);
    expect(quoted.body.quotes).toEqual([
      expect.objectContaining({
        provider_slug: teamSlug,
        amount_cents: 250_000,
        licence: "AGPL-3.0-or-later",
        chosen: false,
      }),
    ]);
    const quoteId = quoted.body.quotes[0]!.id;
    await expectRefused(
      () =>
        write(
          service,
          "POST",
          campaignPath(id, `/quotes/${quoteId}/choose`),
          STRANGER
        ),
      403,
      "forbidden"
    );
    await expectRefused(
      () =>
        write(
          service,
          "POST",
          campaignPath(id, "/quotes/987654/choose"),
          AUTHOR
        ),
      404,
      "quote_not_found"
    );
    const chosen = await write(
      service,
      "POST",
      campaignPath(id, `/quotes/${quoteId}/choose`),
      AUTHOR
    );
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({
      target_cents: 250_000,
      chosen_quote_id: quoteId,
      provider_slug: teamSlug,
      status: "funded",
    });
    const plan = chosen.body.split_plan!;
    expect(plan.due_cents).toBe(250_000);
    expect(plan.lines.map((line) => line.owed_cents).sort()).toEqual([
      105_769, 144_231,
    ]);
  });

  it("takes a quote from any member of the team, not only its owner", async () => {
    const id = (await openCampaign()).topic_id;
    const quoted = await write(
      service,
      "POST",
      campaignPath(id, "/quotes"),
      TEAMMATE,
      quote({ amount_cents: 123_456 })
    );
    expect(quoted.status, JSON.stringify(quoted.body)).toBe(201);
    expect(quoted.body.quotes.map((q) => [q.provider_slug, q.amount_cents])).toEqual([
      [teamSlug, 123_456],
    ]);
    const audit = await read<AuditResponse>(
      service,
      campaignPath(id, "/audit"),
      MODERATOR
    );
    const submitted = audit.body.items.filter(
      (entry) => entry.action === "quote.submitted"
    );
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.actor).toEqual({
      id: TEAMMATE.id,
      username: TEAMMATE.username,
    });
  });

  // Slugs are read when each test runs: the providers are listed in beforeAll.
  const outsiders: [string, ReturnType<typeof member>, () => string][] = [
    ["a member on no team", member(503), () => teamSlug],
    ["the owner of another listed provider", OTHER_TEAM_OWNER, () => teamSlug],
    [
      "a member of this team quoting for another provider",
      TEAMMATE,
      () => otherTeamSlug,
    ],
    [
      "a member on no team, for an imported provider",
      member(503),
      () => "libre-code",
    ],
    [
      "a team member, for an imported provider without a team",
      TEAM_OWNER,
      () => "libre-code",
    ],
    ["a moderator on no team", MODERATOR, () => teamSlug],
  ];
  it.each(outsiders)(
    "refuses a quote from %s with 403, nothing written or logged",
    async (_name, who, slug) => {
      const id = (await openCampaign()).topic_id;
      const error = await expectRefused(
        () =>
          write(
            service,
            "POST",
            campaignPath(id, "/quotes"),
            who,
            quote({ provider_slug: slug() })
          ),
        403,
        "not_provider_member"
      );
      expect(error.details).toEqual([
        expect.objectContaining({
          field: "provider_slug",
          code: "not_provider_member",
          params: { slug: slug() },
        }),
      ]);
      const view = await read(service, campaignPath(id), AUTHOR);
      expect(view.body.quotes).toEqual([]);
      const audit = await read<AuditResponse>(
        service,
        campaignPath(id, "/audit"),
        MODERATOR
      );
      expect(
        audit.body.items.filter((entry) => entry.action === "quote.submitted")
      ).toEqual([]);
    }
  );

  it("refuses the team of a provider once it is suspended", async () => {
    const owner = member(540, { username: "gerante-suspendue" });
    const slug = await listedProviderWithTeam(
      service,
      ADMIN,
      owner,
      "Atelier Suspendu des Communs"
    );
    const id = (await openCampaign()).topic_id;
    const application = service.db
      .prepare(
        "SELECT application_id FROM review_listings WHERE provider_slug = ?"
      )
      .pluck()
      .get(slug) as number;
    await actNow(service, application, ADMIN, {
      action: "suspend",
      reason: "Plainte à vérifier.",
    });
    await expectRefused(
      () =>
        write(
          service,
          "POST",
          campaignPath(id, "/quotes"),
          owner,
          quote({ provider_slug: slug })
        ),
      422,
      "provider_not_listed"
    );
  });

  const badQuotes: [string, Record<string, unknown>, number, ErrorCode][] = [
    [
      "a provider that is not listed",
      { provider_slug: "en-attente" },
      422,
      "provider_not_listed",
    ],
    [
      "an unknown provider",
      { provider_slug: "personne" },
      422,
      "provider_not_listed",
    ],
    [
      "a licence that is not free",
      { licence: "proprietary" },
      400,
      "invalid_body",
    ],
    ["a negative amount", { amount_cents: -1 }, 400, "invalid_body"],
    ["a fractional amount", { amount_cents: 0.5 }, 400, "invalid_body"],
    [
      "an amount above the ceiling",
      { amount_cents: 500_000_000 },
      422,
      "invalid_amount",
    ],
    ["a delay of zero days", { delay_days: 0 }, 400, "invalid_body"],
  ];
  it.each(badQuotes)(
    "refuses a quote from %s",
    async (_name, change, status, code) => {
      const id = (await openCampaign()).topic_id;
      await expectRefused(
        () =>
          write(
            service,
            "POST",
            campaignPath(id, "/quotes"),
            TEAM_OWNER,
            quote(change)
          ),
        status,
        code
      );
    }
  );

  it("refuses quotes from anonymous visitors and on campaigns that are not open", async () => {
    const id = (await openCampaign()).topic_id;
    await expectRefused(
      () => write(service, "POST", campaignPath(id, "/quotes"), null, quote()),
      401,
      "authentication_required"
    );
    await write(service, "POST", campaignPath(id, "/transitions"), AUTHOR, {
      to: "cancelled",
    });
    await expectRefused(
      () =>
        write(
          service,
          "POST",
          campaignPath(id, "/quotes"),
          TEAM_OWNER,
          quote()
        ),
      409,
      "campaign_not_open"
    );
  });
});

describe("deadlines", () => {
  it("reads an unfunded campaign past its deadline as expired and releases every pledge", async () => {
    const id = (
      await openCampaign({
        deadline_at: new Date(service.clock.now + 3 * DAY_MS).toISOString(),
      })
    ).topic_id;
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(600),
      pledge(10_000)
    );
    service.clock.now += 3 * DAY_MS;
    try {
      const view = await read(service, campaignPath(id), member(600));
      expect(view.body).toMatchObject({
        status: "expired",
        days_left: 0,
        pledged_cents: 0,
        pledges: [],
      });
      expect(view.body.my_pledge?.status).toBe("released");
      expect(view.body.timeline.map((entry) => entry.status)).toEqual([
        "open",
        "expired",
      ]);
      const mine = await read<MyPledgesResponse>(
        service,
        "/v1/cofunding/pledges/mine",
        member(600)
      );
      expect(mine.body.items[0]).toMatchObject({
        status: "released",
        campaign: { status: "expired" },
      });
      const error = await expectRefused(
        () =>
          write(
            service,
            "PUT",
            campaignPath(id, "/pledges/mine"),
            member(601),
            pledge(10_000)
          ),
        409,
        "campaign_not_open"
      );
      expect(error.details[0]?.params).toEqual({ current: "expired" });
    } finally {
      service.clock.now -= 3 * DAY_MS;
    }
  });

  it("expires campaigns in the periodic sweep without anyone reading them", async () => {
    const id = (
      await openCampaign({
        deadline_at: new Date(service.clock.now + DAY_MS).toISOString(),
      })
    ).topic_id;
    const later = new Date(service.clock.now + DAY_MS);
    const result = sweepCampaigns(service.db, later);
    expect(result.expired).toContain(id);
    expect(
      service.db
        .prepare("SELECT status FROM cofunding_campaigns WHERE topic_id = ?")
        .pluck()
        .get(id)
    ).toBe("expired");
    expect(sweepCampaigns(service.db, later).expired).not.toContain(id);
  });
});

describe("idempotent writes", () => {
  it("replays the first answer for the same key and body, and refuses the key with another body", async () => {
    const id = (await openCampaign()).topic_id;
    const me = member(700);
    const key = newKey();
    const first = await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      me,
      pledge(10_000),
      { key }
    );
    expect(first.headers.get("idempotent-replayed")).toBe("false");
    // Someone else pledges meanwhile: the replay still answers the first result.
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(701),
      pledge(20_000)
    );
    const replay = await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      me,
      pledge(10_000),
      { key }
    );
    expect(replay.status).toBe(first.status);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    await expectRefused(
      () =>
        write(
          service,
          "PUT",
          campaignPath(id, "/pledges/mine"),
          me,
          pledge(12_000),
          { key }
        ),
      409,
      "idempotency_conflict"
    );
    const audit = await read<AuditResponse>(
      service,
      campaignPath(id, "/audit"),
      MODERATOR
    );
    expect(
      audit.body.items.filter((entry) => entry.actor?.id === me.id)
    ).toHaveLength(1);
    // The same key is another request for another user or another route.
    const other = await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      member(702),
      pledge(10_000),
      { key }
    );
    expect(other.headers.get("idempotent-replayed")).toBe("false");
    const withdraw = await write(
      service,
      "DELETE",
      campaignPath(id, "/pledges/mine"),
      me,
      undefined,
      { key }
    );
    expect(withdraw.status).toBe(200);
    expect(withdraw.headers.get("idempotent-replayed")).toBe("false");
  });

  it("forgets keys after a day", async () => {
    const id = (
      await openCampaign({
        deadline_at: new Date(service.clock.now + 5 * DAY_MS).toISOString(),
      })
    ).topic_id;
    const me = member(710);
    const key = newKey();
    await write(
      service,
      "PUT",
      campaignPath(id, "/pledges/mine"),
      me,
      pledge(10_000),
      { key }
    );
    service.clock.now += DAY_MS + 1000;
    try {
      const again = await write(
        service,
        "PUT",
        campaignPath(id, "/pledges/mine"),
        me,
        pledge(12_000),
        { key }
      );
      expect(again.status).toBe(200);
      expect(again.body.my_pledge?.amount_cents).toBe(12_000);
      const purged = sweepCampaigns(
        service.db,
        new Date(service.clock.now + DAY_MS + 1000)
      );
      expect(purged.idempotencyKeysPurged).toBeGreaterThan(0);
    } finally {
      service.clock.now -= DAY_MS + 1000;
    }
  });
});

describe("moderation and the audit log", () => {
  it("lets moderators hide a campaign with a reason; others then cannot find it", async () => {
    const id = (await openCampaign()).topic_id;
    await expectRefused(
      () =>
        write(service, "PUT", campaignPath(id, "/visibility"), AUTHOR, {
          hidden: true,
          reason: "Je veux",
        }),
      403,
      "forbidden"
    );
    await expectRefused(
      () =>
        write(
          service,
          "PUT",
          campaignPath(id, "/visibility"),
          DIRECTORY_MODERATOR,
          {
            hidden: true,
            reason: "x",
          }
        ),
      403,
      "forbidden"
    );
    await expectRefused(
      () =>
        write(service, "PUT", campaignPath(id, "/visibility"), MODERATOR, {
          hidden: true,
        }),
      400,
      "invalid_body"
    );
    const hidden = await write(
      service,
      "PUT",
      campaignPath(id, "/visibility"),
      MODERATOR,
      {
        hidden: true,
        reason: "Données personnelles dans la description",
      }
    );
    expect(hidden.body).toMatchObject({
      hidden: true,
      hidden_reason: "Données personnelles dans la description",
    });
    expect((await read(service, campaignPath(id), STRANGER)).status).toBe(404);
    expect((await read(service, campaignPath(id), null)).status).toBe(404);
    expect(
      (await read(service, campaignPath(id), AUTHOR)).body.hidden_reason
    ).toBe("Données personnelles dans la description");
    await expectRefused(
      () =>
        write(
          service,
          "PUT",
          campaignPath(id, "/pledges/mine"),
          STRANGER,
          pledge(6_000)
        ),
      404,
      "campaign_not_found"
    );
    const shown = await write(
      service,
      "PUT",
      campaignPath(id, "/visibility"),
      STAFF,
      {
        hidden: false,
        reason: "Corrigé",
      }
    );
    expect(shown.body.hidden).toBe(false);
    expect(
      (await read(service, campaignPath(id), STRANGER)).body.hidden_reason
    ).toBeNull();
    const audit = await read<AuditResponse>(
      service,
      campaignPath(id, "/audit"),
      MODERATOR
    );
    expect(audit.body.items.map((entry) => entry.action)).toEqual([
      "campaign.created",
      "campaign.hidden",
      "campaign.shown",
    ]);
  });

  it("shows the audit log to moderators and staff only", async () => {
    const id = (await openCampaign()).topic_id;
    expect((await read(service, campaignPath(id, "/audit"), null)).status).toBe(
      401
    );
    expect(
      (await read(service, campaignPath(id, "/audit"), AUTHOR)).status
    ).toBe(403);
    expect(
      (await read(service, campaignPath(id, "/audit"), DIRECTORY_MODERATOR))
        .status
    ).toBe(403);
    expect(
      (await read(service, campaignPath(id, "/audit"), STAFF)).status
    ).toBe(200);
  });

  it("never lets the audit log be edited or deleted", () => {
    expect(() =>
      service.db.prepare("UPDATE cofunding_audit SET reason = 'réécrit'").run()
    ).toThrow(/append-only/);
    expect(() =>
      service.db.prepare("DELETE FROM cofunding_audit").run()
    ).toThrow(/append-only/);
  });

  it("answers 405 for a known path with another method", async () => {
    const response = await service.request("/v1/cofunding/pledges/mine", {
      method: "POST",
      user: AUTHOR,
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("OpenAPI description of the co-funding routes", () => {
  it("gives every operation a summary, a description, the signature, 4xx answers and its Idempotency-Key", async () => {
    const response = await service.request("/openapi.json", { unsigned: true });
    const document = (await response.json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            operationId: string;
            summary?: string;
            description?: string;
            security?: unknown[];
            responses: Record<string, unknown>;
            parameters?: { name: string; in: string; required?: boolean }[];
          }
        >
      >;
    };
    const cofunding = Object.entries(document.paths).filter(([path]) =>
      path.startsWith("/v1/cofunding")
    );
    expect(cofunding.length).toBe(10);
    for (const [path, methods] of cofunding) {
      for (const [method, operation] of Object.entries(methods)) {
        const where = `${method} ${path}`;
        expect(operation.summary, where).toBeTruthy();
        expect(operation.description, where).toBeTruthy();
        const schemes = (operation.security as Record<string, unknown>[]).map(
          (r) => Object.keys(r).sort()
        );
        const signedAsUser = [
          "directoryNonce",
          "directorySignature",
          "directoryTimestamp",
          "directoryUser",
        ];
        if (method !== "get") expect(schemes, where).toEqual([signedAsUser]);
        else expect(schemes.at(-1), where).toEqual(signedAsUser);
        expect(
          Object.keys(operation.responses).some((status) =>
            /^4\d\d$/.test(status)
          ),
          where
        ).toBe(true);
        const key = operation.parameters?.find(
          (p) => p.name === "idempotency-key"
        );
        expect(key !== undefined, where).toBe(method !== "get");
        if (key) expect(key).toMatchObject({ in: "header", required: true });
      }
    }
    // A quote from someone outside the provider's team: 403, named by its code.
    const submitQuote = document.paths[
      "/v1/cofunding/campaigns/{topic_id}/quotes"
    ]!["post"]!;
    expect(Object.keys(submitQuote.responses).sort()).toEqual(
      ["201", "400", "401", "403", "404", "409", "415", "422"].sort()
    );
    expect(
      (submitQuote.responses["403"] as { description: string }).description
    ).toContain("not_provider_member");
  });
});

describe("every write route refuses bad requests and changes nothing", () => {
  const routes: [string, string, unknown][] = [
    ["PATCH", "", { title: "Nouveau titre" }],
    ["POST", "/transitions", { to: "cancelled", reason: "Doublon" }],
    ["PUT", "/visibility", { hidden: true, reason: "Doublon" }],
    ["PUT", "/pledges/mine", pledge(6_000)],
    ["DELETE", "/pledges/mine", undefined],
    [
      "POST",
      "/quotes",
      {
        provider_slug: "libre-code",
        amount_cents: 100_000,
        delay_days: 30,
        deliverables: "Le développement.",
        licence: "MIT",
      },
    ],
    ["POST", "/quotes/1/choose", undefined],
  ];

  it.each(routes)("%s …%s", async (method, rest, body) => {
    const id = (await openCampaign()).topic_id;
    await expectRefused(
      () =>
        write(service, method, campaignPath(999_997, rest), MODERATOR, body),
      404,
      "campaign_not_found"
    );
    await expectRefused(
      () => write(service, method, campaignPath(id, rest), null, body),
      401,
      "authentication_required"
    );
    await expectRefused(
      () =>
        write(service, method, campaignPath(id, rest), AUTHOR, body, {
          key: null,
        }),
      400,
      "idempotency_key_required"
    );
    await expectRefused(
      () =>
        write(
          service,
          method,
          `/v1/cofunding/campaigns/12abc${rest}`,
          AUTHOR,
          body
        ),
      400,
      "invalid_parameters"
    );
    await expectRefused(
      () =>
        write(
          service,
          method,
          `${campaignPath(id, rest)}?force=1`,
          AUTHOR,
          body
        ),
      400,
      "invalid_parameters"
    );
    if (body !== undefined) {
      await expectRefused(
        () => write(service, method, campaignPath(id, rest), AUTHOR, [body]),
        400,
        "invalid_body"
      );
    }
  });
});
