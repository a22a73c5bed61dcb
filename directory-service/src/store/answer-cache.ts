// Whole search answers kept between writes, bounded by memory: visitors can vary
// parameters freely, so the cache holds at most `maxBytes` and forgets the least
// recently used answer first. Answers are kept as the UTF-8 bytes sent (outside the
// JavaScript heap, so the garbage collector neither copies nor scans them); an answer's
// size is its bytes plus its key's.
import { LRUCache } from "lru-cache";

export const DEFAULT_ANSWER_CACHE_BYTES = 32 * 1024 * 1024;

export class AnswerCache {
  readonly maxBytes: number;
  readonly #answers: LRUCache<string, Buffer>;

  constructor(maxBytes = DEFAULT_ANSWER_CACHE_BYTES) {
    this.maxBytes = maxBytes;
    this.#answers = new LRUCache<string, Buffer>({
      maxSize: maxBytes,
      sizeCalculation: (answer, key) => sizeOf(answer, key),
    });
  }

  /** The answer for `key`, computed (and kept, when it fits) if not known. */
  get(key: string, compute: () => Buffer): Buffer {
    let answer = this.#answers.get(key);
    if (answer === undefined) {
      answer = compute();
      if (sizeOf(answer, key) <= this.maxBytes) this.#answers.set(key, answer);
    }
    return answer;
  }

  has(key: string): boolean {
    return this.#answers.has(key);
  }

  /** Keys from the most to the least recently used. */
  keys(): string[] {
    return [...this.#answers.keys()];
  }

  clear(): void {
    this.#answers.clear();
  }

  /** Bytes held: answers and keys. */
  get bytes(): number {
    return this.#answers.calculatedSize;
  }

  get size(): number {
    return this.#answers.size;
  }
}

function sizeOf(answer: Buffer, key: string): number {
  return answer.length + 2 * key.length;
}
