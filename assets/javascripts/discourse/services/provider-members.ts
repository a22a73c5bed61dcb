// Which posters speak for a listed provider (docs/product.md, "Forum members": the vetting
// chip next to poster names). Each post's chip asks for its poster; the ids asked while a
// page renders go to the relay together, in one request per 100 ids, and every answer
// (a provider, or none) is remembered for the rest of the page view, so scrolling back or
// several posts by the same member ask nothing more. It also gives "Contacter" the team's
// forum usernames, and the quote form the providers the current user may quote for.
import { next } from "@ember/runloop";
import Service from "@ember/service";
import type {
  ProviderMember,
  ProviderMembersResponse,
  ProviderTeam,
} from "@emancipasso/directory-service/contract";
import { API_ROOT, directoryRequest } from "../lib/directory-ajax";

/** The service's bound on ids per request (MAX_MEMBER_IDS in its contract). */
const IDS_PER_REQUEST = 100;

export default class ProviderMembersService extends Service {
  #answers = new Map<number, Promise<ProviderMember | null>>();
  #waiting = new Map<number, (member: ProviderMember | null) => void>();
  #flushScheduled = false;

  /**
   * A listed provider's team as forum usernames, to address a private message (signed-in
   * users only: the service answers 401 to anonymous visitors). Empty for an imported
   * provider without a team.
   */
  async team(slug: string): Promise<string[]> {
    const answer = (await directoryRequest(
      `${API_ROOT}/providers/${encodeURIComponent(slug)}/team`
    )) as ProviderTeam;
    return answer.usernames;
  }

  /**
   * The listed providers whose team this forum user is on, asked on their own (not batched,
   * not remembered): the quote form offers only these. Rejects with a DirectoryError, so a
   * failed lookup is told apart from "on no team".
   */
  async providersOf(userId: number): Promise<ProviderMember[]> {
    const answer = (await directoryRequest(
      `${API_ROOT}/providers/by-members?user_ids=${userId}`
    )) as ProviderMembersResponse;
    return answer.members.filter((member) => member.user_id === userId);
  }

  /** The listed provider this forum user speaks for, or null. Never rejects. */
  providerFor(userId: number): Promise<ProviderMember | null> {
    const known = this.#answers.get(userId);
    if (known) {
      return known;
    }
    const answer = new Promise<ProviderMember | null>((resolve) => {
      this.#waiting.set(userId, resolve);
    });
    this.#answers.set(userId, answer);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // After the render that asked: every post of the page is in the same batch.
      next(() => this.#flush());
    }
    return answer;
  }

  #flush(): void {
    this.#flushScheduled = false;
    const batch = [...this.#waiting.entries()];
    this.#waiting.clear();
    for (let start = 0; start < batch.length; start += IDS_PER_REQUEST) {
      void this.#ask(batch.slice(start, start + IDS_PER_REQUEST));
    }
  }

  async #ask(
    batch: [number, (member: ProviderMember | null) => void][]
  ): Promise<void> {
    let members: ProviderMember[] = [];
    try {
      const ids = batch.map(([id]) => id).join(",");
      const answer = (await directoryRequest(
        `${API_ROOT}/providers/by-members?user_ids=${ids}`
      )) as ProviderMembersResponse;
      members = answer.members;
    } catch {
      // No chip is better than an error next to every name: the page reads the same.
    }
    const byId = new Map(members.map((member) => [member.user_id, member]));
    for (const [id, resolve] of batch) {
      resolve(byId.get(id) ?? null);
    }
  }
}
