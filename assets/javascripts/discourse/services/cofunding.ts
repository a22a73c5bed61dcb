// Co-funding state for the page: the campaign of each topic the reader has open (the panel
// reads it from here and every write replaces it with the service's answer), and the
// writes themselves, each with its Idempotency-Key (docs/cofunding.md, "Writes"). All
// through the forum's signed relay (/directory-api), never to the service directly.
import { tracked } from "@glimmer/tracking";
import Service from "@ember/service";
import type {
  CampaignView,
  CreateCampaignRequest,
  MyPledgesResponse,
  PledgeRequest,
  QuoteRequest,
  RequestedStatus,
} from "@emancipasso/directory-service/contract";
import { ajax } from "discourse/lib/ajax";
import { DirectoryError, toDirectoryError } from "../lib/directory-error";
import { API_ROOT } from "./directory";

const COFUNDING = `${API_ROOT}/cofunding`;

/** What a topic's panel shows: loading, the campaign, none yet, or why it failed. */
export type CampaignState =
  | { kind: "loading" }
  | { kind: "loaded"; campaign: CampaignView }
  | { kind: "none" }
  | { kind: "failed"; error: DirectoryError };

/** 409s that mean "someone acted first": the panel says so and shows the fresh campaign. */
const CONFLICTS = new Set([
  "campaign_conflict",
  "invalid_transition",
  "campaign_not_open",
  "idempotency_conflict",
]);

export function isConflict(error: unknown): boolean {
  return (
    error instanceof DirectoryError &&
    error.status === 409 &&
    CONFLICTS.has(error.code)
  );
}

/**
 * True when the service may not have heard the request (nothing answered, the relay could
 * not reach it, or it failed): the same action is then retried with the same key.
 */
export function mayRetry(error: unknown): boolean {
  return (
    error instanceof DirectoryError &&
    (error.status === 0 || error.status >= 500)
  );
}

const campaignPath = (topicId: number) => `${COFUNDING}/campaigns/${topicId}`;

export default class CofundingService extends Service {
  /** topic id → what its panel shows. */
  @tracked states: ReadonlyMap<number, CampaignState> = new Map();

  stateOf(topicId: number): CampaignState {
    return this.states.get(topicId) ?? { kind: "loading" };
  }

  #set(topicId: number, state: CampaignState): void {
    const next = new Map(this.states);
    next.set(topicId, state);
    this.states = next;
  }

  /** (Re)reads the campaign of a topic; 404 means the topic has none yet. */
  async load(topicId: number): Promise<void> {
    // Nothing is set before the answer: the panel calls this while rendering, and an
    // absent topic already reads as loading.
    try {
      const campaign = (await this.#send(
        "GET",
        campaignPath(topicId)
      )) as CampaignView;
      this.#set(topicId, { kind: "loaded", campaign });
    } catch (error) {
      const failure = toDirectoryError(error);
      if (failure.code === "campaign_not_found") {
        this.#set(topicId, { kind: "none" });
      } else {
        this.#set(topicId, { kind: "failed", error: failure });
      }
    }
  }

  createCampaign(
    body: CreateCampaignRequest,
    key: string
  ): Promise<CampaignView> {
    return this.#write(
      body.topic_id,
      "POST",
      `${COFUNDING}/campaigns`,
      body,
      key
    );
  }

  pledge(
    topicId: number,
    body: PledgeRequest,
    key: string
  ): Promise<CampaignView> {
    return this.#write(
      topicId,
      "PUT",
      `${campaignPath(topicId)}/pledges/mine`,
      body,
      key
    );
  }

  withdraw(topicId: number, key: string): Promise<CampaignView> {
    return this.#write(
      topicId,
      "DELETE",
      `${campaignPath(topicId)}/pledges/mine`,
      null,
      key
    );
  }

  quote(
    topicId: number,
    body: QuoteRequest,
    key: string
  ): Promise<CampaignView> {
    return this.#write(
      topicId,
      "POST",
      `${campaignPath(topicId)}/quotes`,
      body,
      key
    );
  }

  chooseQuote(
    topicId: number,
    quoteId: number,
    key: string
  ): Promise<CampaignView> {
    return this.#write(
      topicId,
      "POST",
      `${campaignPath(topicId)}/quotes/${quoteId}/choose`,
      null,
      key
    );
  }

  transition(
    topicId: number,
    to: RequestedStatus,
    reason: string | null,
    key: string
  ): Promise<CampaignView> {
    return this.#write(
      topicId,
      "POST",
      `${campaignPath(topicId)}/transitions`,
      reason ? { to, reason } : { to },
      key
    );
  }

  setHidden(
    topicId: number,
    hidden: boolean,
    reason: string,
    key: string
  ): Promise<CampaignView> {
    return this.#write(
      topicId,
      "PUT",
      `${campaignPath(topicId)}/visibility`,
      { hidden, reason },
      key
    );
  }

  /** "Mes engagements": every pledge of the signed-in member. */
  async myPledges(): Promise<MyPledgesResponse> {
    return (await this.#send(
      "GET",
      `${COFUNDING}/pledges/mine`
    )) as MyPledgesResponse;
  }

  /** The relay's address of the split plan as a CSV download. */
  splitPlanCsvUrl(topicId: number): string {
    return `${campaignPath(topicId)}/split-plan?format=csv`;
  }

  /**
   * One write: the service's answer becomes the panel's campaign; a conflict (someone acted
   * first) reloads the panel before the caller shows why.
   */
  async #write(
    topicId: number,
    method: string,
    url: string,
    body: unknown,
    key: string
  ): Promise<CampaignView> {
    try {
      const campaign = (await this.#send(
        method,
        url,
        body,
        key
      )) as CampaignView;
      this.#set(topicId, { kind: "loaded", campaign });
      return campaign;
    } catch (error) {
      const failure = toDirectoryError(error);
      if (isConflict(failure)) {
        await this.load(topicId);
      }
      throw failure;
    }
  }

  async #send(
    method: string,
    url: string,
    body: unknown = null,
    key: string | null = null
  ): Promise<unknown> {
    try {
      // ignoreUnsent: false, as services/directory.ts explains: a request that got no
      // answer must fail visibly (and be retried with the same key), not hang.
      const answer: unknown = await ajax(url, {
        type: method,
        dataType: "json",
        ignoreUnsent: false,
        ...(key === null ? {} : { headers: { "Idempotency-Key": key } }),
        ...(body === null
          ? {}
          : { contentType: "application/json", data: JSON.stringify(body) }),
      });
      return answer;
    } catch (rejection) {
      throw toDirectoryError(rejection);
    }
  }
}
