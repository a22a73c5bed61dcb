// Co-funding demo data, made through the service's own API (signed as the forum's relay
// signs): a sample request topic with a campaign, a few pledges and a quote from a listed
// provider's team member, so that `make start` shows a panel to pledge on. Also used to
// record the QUnit fixtures from the real service.
import type { ActingUser } from "@emancipasso/directory-service/contract";
import {
  DEMO_LISTED_PROVIDER,
  type ServiceAccess,
  seedListedProviderDemo,
} from "./review-demo.ts";
import { signatureHeaders } from "./signer.ts";

import { SAMPLE_COFUNDING_TOPIC_ID } from "./cofunding-ids.ts";

export {
  PREVIEW_COFUNDING_CATEGORY_ID,
  SAMPLE_COFUNDING_TOPIC_ID,
  SAMPLE_COFUNDING_TOPIC_SLUG,
} from "./cofunding-ids.ts";

/** Members of associations who are not in the preview's user switcher. */
export function demoMember(id: number, username: string): ActingUser {
  return {
    id,
    username,
    directory_moderator: false,
    cofunding_moderator: false,
    admin: false,
    moderator: false,
    trust_level: 1,
    locale: "fr",
  };
}

export const SAMPLE_AUTHOR = demoMember(110, "jardins-partages");

export interface ServiceAnswer {
  status: number;
  body: unknown;
}

/** One signed call, as the relay makes it; writes carry the given Idempotency-Key. */
export async function callService(
  serviceUrl: string,
  secret: string,
  user: ActingUser | null,
  method: string,
  pathWithQuery: string,
  body?: unknown,
  key?: string
): Promise<ServiceAnswer> {
  const bytes = Buffer.from(body === undefined ? "" : JSON.stringify(body));
  const headers: Record<string, string> = {
    accept: "application/json",
    ...signatureHeaders({ method, pathWithQuery, body: bytes, user, secret }),
  };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
  }
  if (key !== undefined) {
    headers["idempotency-key"] = key;
  }
  const response = await fetch(serviceUrl.replace(/\/$/, "") + pathWithQuery, {
    method,
    headers,
    ...(body === undefined ? {} : { body: bytes }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : null,
  };
}

export function sampleCampaign(topicId: number, deadlineAt: string) {
  return {
    topic_id: topicId,
    title: "Export comptable au format FEC dans Paheko",
    need: "Nos trésoriers doivent remettre un fichier des écritures comptables (FEC) à l'expert-comptable. Paheko ne sait pas encore le produire.",
    project: { name: "Paheko", forge_url: "https://fossil.kd2.org/paheko/" },
    expected_outcome:
      "Un export FEC conforme, intégré en amont dans Paheko et documenté.",
    target_cents: 1_200_000,
    deadline_at: deadlineAt,
    min_pledge_cents: 5_000,
    provider_slug: "coop-libre-armor",
    status: "open",
  };
}

/**
 * Seeds the sample request: 8 450,00 € pledged of 12 000,00 € by two associations, one of
 * them anonymous, plus a quote from a member of a listed provider's team (the provider is
 * listed first, through vetting and review: preview/review-demo.ts). Idempotent: its keys
 * make a second run a replay, so a restart of the preview on the same database changes
 * nothing. The database is read for the referees' questionnaire links.
 */
export async function seedCofundingDemo(service: ServiceAccess): Promise<void> {
  const { url: serviceUrl, secret } = service;
  const topic = SAMPLE_COFUNDING_TOPIC_ID;
  const base = `/v1/cofunding/campaigns/${topic}`;
  const existing = await callService(
    serviceUrl,
    secret,
    SAMPLE_AUTHOR,
    "GET",
    base
  );
  if (existing.status === 200) {
    return;
  }
  const providerSlug = await seedListedProviderDemo(service);
  const deadline = new Date(Date.now() + 45 * 86_400_000).toISOString();
  const steps: Array<[ActingUser, string, string, unknown, string]> = [
    [
      SAMPLE_AUTHOR,
      "POST",
      "/v1/cofunding/campaigns",
      sampleCampaign(topic, deadline),
      `demo-create-${topic}`,
    ],
    [
      demoMember(111, "velo-solidaire"),
      "PUT",
      `${base}/pledges/mine`,
      {
        association: "Vélo Solidaire Rennes",
        amount_cents: 800_000,
        in_kind: ["testing"],
      },
      `demo-pledge-${topic}-111`,
    ],
    [
      demoMember(112, "amap-discrete"),
      "PUT",
      `${base}/pledges/mine`,
      {
        association: "AMAP des Coteaux",
        anonymous: true,
        amount_cents: 45_000,
        in_kind: ["translation"],
      },
      `demo-pledge-${topic}-112`,
    ],
    [
      DEMO_LISTED_PROVIDER.user,
      "POST",
      `${base}/quotes`,
      {
        provider_slug: providerSlug,
        amount_cents: 1_150_000,
        delay_days: 60,
        deliverables:
          "Export FEC, tests automatisés, documentation utilisateur, proposition fusionnée en amont.",
        licence: "AGPL-3.0-or-later",
      },
      `demo-quote-${topic}-${DEMO_LISTED_PROVIDER.user.id}`,
    ],
  ];
  for (const [user, method, path, body, key] of steps) {
    const answer = await callService(
      serviceUrl,
      secret,
      user,
      method,
      path,
      body,
      key
    );
    if (answer.status >= 300) {
      throw new Error(
        `co-funding demo: ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`
      );
    }
  }
}
