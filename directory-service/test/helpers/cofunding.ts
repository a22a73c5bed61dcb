// Co-funding test helpers: users in each role, a valid campaign request, signed writes
// with an Idempotency-Key, and a snapshot of every co-funding table to prove that a
// refused request changed nothing.
import type { ActingUser, CampaignView, CreateCampaignRequest } from "../../src/contract/index.ts";
import type { Db } from "../../src/store/database.ts";
import { MEMBER, type TestService } from "./service.ts";

export function member(id: number, extra: Partial<ActingUser> = {}): ActingUser {
  return { ...MEMBER, id, username: `membre${id}`, ...extra };
}

export const AUTHOR = member(10, { username: "asso-requerante" });
export const MODERATOR = member(50, { username: "moderatrice", cofunding_moderator: true });
export const STAFF = member(51, { username: "equipe", moderator: true });
export const DIRECTORY_MODERATOR = member(52, { username: "annuaire", directory_moderator: true });
export const STRANGER = member(70, { username: "passant" });

export const DAY_MS = 24 * 60 * 60 * 1000;

let keys = 0;
export function newKey(): string {
  keys += 1;
  return `cle-${process.pid}-${keys}-${Math.random().toString(36).slice(2)}`;
}

let topics = 1000;
export function newTopicId(): number {
  topics += 1;
  return topics;
}

export function campaignRequest(
  service: TestService,
  overrides: Partial<CreateCampaignRequest> = {}
): CreateCampaignRequest {
  return {
    topic_id: newTopicId(),
    status: "open",
    title: "Export CSV des adhésions dans Garradin",
    need: "Nos trésoriers ont besoin d'exporter les adhésions vers le tableur de la fédération.",
    project: { name: "Paheko", forge_url: "https://fossil.kd2.org/paheko/" },
    expected_outcome: "Un export CSV intégré en amont, documenté.",
    target_cents: 300_000,
    deadline_at: new Date(service.clock.now + 30 * DAY_MS).toISOString(),
    min_pledge_cents: 5_000,
    provider_slug: null,
    ...overrides,
  };
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A signed JSON write with an Idempotency-Key (a new one unless given; null sends none). */
export async function write<T = CampaignView>(
  service: TestService,
  method: string,
  path: string,
  user: ActingUser | null,
  body?: unknown,
  options: { key?: string | null; rawBody?: string; contentType?: string } = {}
): Promise<Answer<T>> {
  const key = options.key === undefined ? newKey() : options.key;
  const text = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await service.request(path, {
    method,
    user,
    ...(text === undefined ? {} : { body: text }),
    ...(text === undefined && options.contentType === undefined
      ? {}
      : { contentType: options.contentType ?? "application/json" }),
    headers: key === null ? {} : { "Idempotency-Key": key },
  });
  const raw = await response.text();
  return { status: response.status, body: JSON.parse(raw) as T, headers: response.headers };
}

export async function read<T = CampaignView>(
  service: TestService,
  path: string,
  user: ActingUser | null
): Promise<Answer<T>> {
  const response = await service.request(path, { user });
  const raw = await response.text();
  const type = response.headers.get("content-type") ?? "";
  return {
    status: response.status,
    body: (type.includes("json") ? JSON.parse(raw) : raw) as T,
    headers: response.headers,
  };
}

export const campaignPath = (topicId: number, rest = "") =>
  `/v1/cofunding/campaigns/${topicId}${rest}`;

/** Every row of every co-funding table, to compare before and after a refused request. */
export function snapshot(db: Db): string {
  const tables = [
    "cofunding_campaigns",
    "cofunding_pledges",
    "cofunding_quotes",
    "cofunding_split_lines",
    "cofunding_audit",
    "idempotency_keys",
  ];
  return JSON.stringify(
    tables.map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all())
  );
}
