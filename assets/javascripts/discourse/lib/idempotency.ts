// Idempotency-Key values for co-funding writes (docs/cofunding.md, "Writes"): one key per
// user action, reused when that same action is retried, so that a retry after a lost answer
// cannot pledge or create twice.

/** A fresh key for a new action. */
export function newActionKey(): string {
  return crypto.randomUUID();
}

/**
 * The key that creates the campaign of a topic: derived from the topic id, so that however
 * often and from wherever the author retries (the form, later "Terminer la demande" on the
 * topic), the service creates one campaign for it.
 */
export function campaignCreationKey(topicId: number): string {
  return `cofunding-campaign-${topicId}`;
}

/**
 * Keeps one key while the same action is retried: `current()` makes it on first use,
 * `done()` forgets it once the service has answered (a new action gets a new key).
 */
export class ActionKey {
  #key: string | null = null;

  current(): string {
    this.#key ??= newActionKey();
    return this.#key;
  }

  done(): void {
    this.#key = null;
  }
}
