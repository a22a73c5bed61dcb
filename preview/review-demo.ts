// Applications for a newcomer to review in the preview, made the way real ones are: a member
// applies through the service's API (signed as the forum's relay signs), submits, and each
// referee answers the questionnaire from the link in their invitation (read from the
// service's outbox). The applications then wait in the review queue ("in_review").
// One more structure, whose team is the preview's provider user, is approved the same way
// so that a listed provider has a team (its quote is part of the co-funding demo).
// Also used by the QUnit fixture recorder and the end-to-end tests.
// CLI: node --import tsx preview/review-demo.ts <service url> <database path>
import type { ActingUser } from "@emancipasso/directory-service/contract";
import { DatabaseSync } from "node:sqlite";
import { signatureHeaders } from "./signer.ts";
import { PREVIEW_USERS } from "./users.ts";

export interface DemoApplicant {
  user: ActingUser;
  name: string;
  city: string;
  department: string;
  region: string;
}

export const DEMO_APPLICANTS: readonly DemoApplicant[] = [
  {
    user: applicant(201, "elan-libre"),
    name: "Coopérative Libre Élan",
    city: "Rennes",
    department: "35",
    region: "53",
  },
  {
    user: applicant(202, "terrier-numerique"),
    name: "Le Terrier numérique",
    city: "Lyon",
    department: "69",
    region: "84",
  },
];

export const DEMO_ADMIN: ActingUser = {
  ...applicant(1, "admin"),
  admin: true,
  moderator: true,
  trust_level: 4,
};

function applicant(id: number, username: string): ActingUser {
  return {
    id,
    username,
    locale: "fr",
    trust_level: 1,
    admin: false,
    moderator: false,
    directory_moderator: false,
    cofunding_moderator: false,
  };
}

export interface ServiceAccess {
  url: string;
  secret: string;
  databasePath: string;
}

export async function signedCall(
  service: ServiceAccess,
  method: string,
  path: string,
  user: ActingUser | null,
  json?: unknown
): Promise<{ status: number; body: unknown }> {
  const payload =
    json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(json));
  const response = await fetch(service.url + path, {
    method,
    headers: {
      ...signatureHeaders({
        method,
        pathWithQuery: path,
        body: payload,
        user,
        secret: service.secret,
      }),
      ...(json === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(method === "GET" ? {} : { body: new Uint8Array(payload) }),
  });
  return { status: response.status, body: await response.json() };
}

function reference(n: number, slug: string) {
  return {
    association_name: `Association des Amis ${n} (${slug})`,
    association_number: n === 1 ? "W751234567" : "732829320",
    referee_name: `Référente ${n}`,
    referee_email: `referente${n}.${slug}@asso${n}.example.net`,
    project_summary: "Migration de la messagerie et formation des bénévoles.",
    period: { start: "2025-01", end: "2025-06" },
    support_kinds: ["diagnostic", "formation"],
  };
}

/** The questionnaire links the service mailed since `afterId`, in order. */
function invitationLinks(databasePath: string, afterId: number): { id: number; link: string }[] {
  const db = new DatabaseSync(databasePath, { readOnly: true });
  try {
    const rows = db
      .prepare(
        "SELECT id, params FROM outbox WHERE template = 'reference_invitation' AND id > ? ORDER BY id"
      )
      .all(afterId) as { id: number; params: string }[];
    return rows.map((row) => ({
      id: row.id,
      link: (JSON.parse(row.params) as { link: string }).link,
    }));
  } finally {
    db.close();
  }
}

function lastOutboxId(databasePath: string): number {
  const db = new DatabaseSync(databasePath, { readOnly: true });
  try {
    const row = db.prepare("SELECT COALESCE(MAX(id), 0) AS id FROM outbox").get() as { id: number };
    return row.id;
  } finally {
    db.close();
  }
}

/** The referee answers, as the questionnaire's form posts it (through the forum's relay in real life). */
async function answer(service: ServiceAccess, link: string): Promise<void> {
  const token = /\/annuaire\/reference\/([^/?#]+)/.exec(link)?.[1];
  if (!token) {
    throw new Error(`not a questionnaire link: ${link}`);
  }
  const path = `/v1/references/${token}`;
  const page = await fetch(service.url + path, {
    headers: signatureHeaders({ method: "GET", pathWithQuery: path, body: Buffer.alloc(0), user: null, secret: service.secret }),
  });
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) {
    throw new Error(`no form at ${path} (${page.status})`);
  }
  const form = new URLSearchParams({
    csrf: csrf.replaceAll("&amp;", "&"),
    project_happened: "yes",
    period_start: "2025-01",
    period_end: "2025-06",
    satisfaction: "5",
    would_recommend: "yes",
    comment: "Très bon accompagnement, nous recommandons.",
    consent_retention: "yes",
  });
  form.append("phases", "diagnostic");
  form.append("phases", "formation");
  const body = Buffer.from(form.toString());
  const posted = await fetch(service.url + path, {
    method: "POST",
    redirect: "manual",
    headers: {
      ...signatureHeaders({ method: "POST", pathWithQuery: path, body, user: null, secret: service.secret }),
      "content-type": "application/x-www-form-urlencoded",
      "x-forwarded-for": "127.0.0.1",
    },
    body: new Uint8Array(body),
  });
  if (posted.status >= 400) {
    throw new Error(`the answer to ${path} was refused (${posted.status})`);
  }
}

/** One application, applied for, submitted and answered: it waits for a moderator. */
export async function applyAndAnswer(service: ServiceAccess, demo: DemoApplicant): Promise<number> {
  const slug = demo.user.username;
  const before = lastOutboxId(service.databasePath);
  const created = await signedCall(service, "POST", "/v1/applications", demo.user, {
    structure: {
      name: demo.name,
      structure_type: "cooperative",
      headcount: 4,
      location: { city: demo.city, department: demo.department, region: demo.region },
      coverage: { national: false, regions: [demo.region], departments: [] },
      modalities: ["a-distance"],
      support_kinds: ["diagnostic", "formation"],
      association_sizes: ["petite"],
      tools: ["Nextcloud"],
      price_models: ["devis"],
      description: "Accompagnement d'associations vers des outils libres : diagnostic, formation.",
      website: null,
      contact_email: `contact@${slug}.example.org`,
      memberships: [],
    },
    references: [reference(1, slug), reference(2, slug)],
  });
  if (created.status !== 201) {
    throw new Error(`applying failed: ${created.status} ${JSON.stringify(created.body)}`);
  }
  const id = (created.body as { id: number }).id;
  const submitted = await signedCall(service, "POST", `/v1/applications/${id}/submit`, demo.user);
  if (submitted.status !== 200) {
    throw new Error(`submitting failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  }
  for (const { link } of invitationLinks(service.databasePath, before)) {
    await answer(service, link);
  }
  return id;
}

/** The application this member's team holds, if any (GET /v1/structures/mine). */
async function applicationOf(
  service: ServiceAccess,
  user: ActingUser
): Promise<{ id: number; state: string } | null> {
  const mine = await signedCall(service, "GET", "/v1/structures/mine", user);
  if (mine.status !== 200) {
    throw new Error(`structures/mine answered ${mine.status}: ${JSON.stringify(mine.body)}`);
  }
  return (mine.body as { application: { id: number; state: string } | null }).application;
}

/**
 * Seeds the demo applications; an applicant who already has one (a restarted preview on
 * the same database) is left as it is. Answers the ids of the applications it made.
 */
export async function seedReviewDemo(service: ServiceAccess): Promise<number[]> {
  const ids: number[] = [];
  for (const demo of DEMO_APPLICANTS) {
    if ((await applicationOf(service, demo.user)) === null) {
      ids.push(await applyAndAnswer(service, demo));
    }
  }
  return ids;
}

/**
 * The listed provider whose team is the preview's "provider" user (PREVIEW_USERS): it
 * applies, its referees answer, and a moderator accepts the references and approves, all
 * through the service's API as for a real structure. Its team may answer co-funding
 * requests with a quote.
 */
export const DEMO_LISTED_PROVIDER: DemoApplicant = {
  user: previewProviderUser(),
  name: "L'Atelier libre",
  city: "Nantes",
  department: "44",
  region: "52",
};

function previewProviderUser(): ActingUser {
  const acting = PREVIEW_USERS.find((user) => user.key === "provider")?.acting;
  if (!acting) {
    throw new Error("the preview has no provider user");
  }
  return acting;
}

/** A moderator's action on the application's current version; throws unless it succeeds. */
async function actOn(
  service: ServiceAccess,
  id: number,
  action: Record<string, unknown>
): Promise<{ references: { id: number; state: string }[]; listing: { slug: string; status: string } | null }> {
  const review = await signedCall(service, "GET", `/v1/review/applications/${id}`, DEMO_ADMIN);
  if (review.status !== 200) {
    throw new Error(`reading application ${id} failed: ${review.status} ${JSON.stringify(review.body)}`);
  }
  const { version } = review.body as { version: number };
  const acted = await signedCall(service, "POST", `/v1/review/applications/${id}/actions`, DEMO_ADMIN, {
    ...action,
    version,
  });
  if (acted.status !== 200) {
    throw new Error(`${String(action.action)} on ${id} refused: ${acted.status} ${JSON.stringify(acted.body)}`);
  }
  return acted.body as Awaited<ReturnType<typeof actOn>>;
}

/** Lists DEMO_LISTED_PROVIDER unless its team already speaks for a listed provider; answers its slug. */
export async function seedListedProviderDemo(service: ServiceAccess): Promise<string> {
  const { user } = DEMO_LISTED_PROVIDER;
  const members = await signedCall(service, "GET", `/v1/providers/by-members?user_ids=${user.id}`, null);
  if (members.status !== 200) {
    throw new Error(`by-members answered ${members.status}: ${JSON.stringify(members.body)}`);
  }
  const known = (members.body as { members: { slug: string }[] }).members[0];
  if (known) {
    return known.slug;
  }
  const existing = await applicationOf(service, user);
  if (existing !== null && existing.state !== "in_review") {
    throw new Error(`${user.username}'s application ${existing.id} is "${existing.state}", not in review`);
  }
  const id = existing?.id ?? (await applyAndAnswer(service, DEMO_LISTED_PROVIDER));
  const review = await signedCall(service, "GET", `/v1/review/applications/${id}`, DEMO_ADMIN);
  const references = (review.body as { references: { id: number; state: string }[] }).references;
  for (const reference of references.filter((ref) => ref.state === "answered")) {
    await actOn(service, id, { action: "accept_reference", reference_id: reference.id });
  }
  const approved = await actOn(service, id, { action: "approve" });
  if (approved.listing?.status !== "listed") {
    throw new Error(`application ${id} was approved but is not listed: ${JSON.stringify(approved.listing)}`);
  }
  return approved.listing.slug;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, databasePath] = process.argv.slice(2);
  const secret = process.env.DIRECTORY_SHARED_SECRET ?? "";
  if (!url || !databasePath || !secret) {
    console.error("usage: DIRECTORY_SHARED_SECRET=… review-demo.ts <service url> <database path>");
    process.exit(2);
  }
  seedReviewDemo({ url, secret, databasePath }).then(
    (ids) => console.log(ids.length ? `review demo: applications ${ids.join(", ")} wait for a moderator` : "review demo: already seeded"),
    (error: unknown) => {
      console.error(`review demo not seeded: ${String(error)}`);
      process.exit(1);
    }
  );
}
