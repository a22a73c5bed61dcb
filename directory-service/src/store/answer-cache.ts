// Whole search answers (JSON text) kept between writes, bounded by memory: visitors can
// vary parameters freely, so the cache holds at most `maxBytes` and forgets the least
// recently used answer first. Sizes count two bytes per character (V8 keeps texts with
// characters past Latin-1, as French answers have, at two bytes each).
import { LRUCache } from "lru-cache";

export const DEFAULT_ANSWER_CACHE_BYTES = 32 * 1024 * 1024;

export class AnswerCache {
  readonly maxBytes: number;
  readonly #answers: LRUCache<string, string>;

  constructor(maxBytes = DEFAULT_ANSWER_CACHE_BYTES) {
    this.maxBytes = maxBytes;
    this.#answers = new LRUCache<string, string>({
      maxSize: maxBytes,
      sizeCalculation: (answer, key) => 2 * (answer.length + key.length),
    });
  }

  /** The answer for `key`, computed (and kept, when it fits) if not known. */
  get(key: string, compute: () => string): string {
    let answer = this.#answers.get(key);
    if (answer === undefined) {
      answer = compute();
      if (2 * (answer.length + key.length) <= this.maxBytes) this.#answers.set(key, answer);
    }
    return answer;
  }

  has(key: string): boolean {
    return this.#answers.has(key);
  }

  clear(): void {
    this.#answers.clear();
  }

  get bytes(): number {
    return this.#answers.calculatedSize;
  }

  get size(): number {
    return this.#answers.size;
  }
}
