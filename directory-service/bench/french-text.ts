// French prose for benchmarks: a word-level Markov chain (two words of context) learned
// from the demo providers' descriptions and example projects, which are French prose
// written for this project. Generated text keeps the source's vocabulary, its
// elisions and accents, and its word-frequency distribution (a few very common words,
// a long tail of rare ones), which is what makes text search costly: a common word or a
// short prefix matches nearly every provider. Seeded, so every run builds the same text.
import { readFileSync } from "node:fs";
import type { ProviderImportRecord } from "../src/contract/index.ts";
import { DEMO_PROVIDERS_PATH } from "../src/service.ts";

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = "\u0002";
/** Words (with their elisions and hyphens) and the punctuation that ends or splits sentences. */
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}’'\-·]*|[.,;:!?]/gu;
const SENTENCE_END = new Set([".", "!", "?"]);
/** The line every demo record ends with; not prose about the provider. */
const DEMO_NOTICE = /_Fiche de démonstration[^_]*_/g;

export function demoProviders(): ProviderImportRecord[] {
  return JSON.parse(readFileSync(DEMO_PROVIDERS_PATH, "utf8")) as ProviderImportRecord[];
}

/** The French prose of the demo providers, one paragraph per line, Markdown marks dropped. */
export function demoProse(): string[] {
  const paragraphs: string[] = [];
  for (const provider of demoProviders()) {
    const text = provider.description.replace(DEMO_NOTICE, "").replace(/[*_#`>]/g, "");
    for (const line of text.split(/\n+/)) {
      const clean = line.replace(/^\s*[-+]\s+/, "").trim();
      if (clean) paragraphs.push(/[.!?:]$/.test(clean) ? clean : `${clean}.`);
    }
    for (const project of provider.example_projects) paragraphs.push(project.summary);
  }
  return paragraphs;
}

export class FrenchTextModel {
  readonly #next = new Map<string, string[]>();

  constructor(paragraphs: readonly string[]) {
    for (const paragraph of paragraphs) {
      const tokens = paragraph.match(TOKEN) ?? [];
      let a = START;
      let b = START;
      for (const token of tokens) {
        this.#follow(`${a} ${b}`, token);
        [a, b] = SENTENCE_END.has(token) ? [START, START] : [b, token];
      }
    }
  }

  #follow(context: string, token: string): void {
    let list = this.#next.get(context);
    if (!list) this.#next.set(context, (list = []));
    list.push(token);
  }

  /** One sentence: followers are drawn with their observed frequencies. */
  sentence(random: () => number, maxTokens = 60): string {
    let a = START;
    let b = START;
    let text = "";
    for (let i = 0; i < maxTokens; i++) {
      const list = this.#next.get(`${a} ${b}`);
      if (!list) break;
      const token = list[Math.floor(random() * list.length)]!;
      text += /^[.,;:!?]$/.test(token) ? (token === ":" || token === ";" ? ` ${token}` : token) : (text ? " " : "") + token;
      if (SENTENCE_END.has(token)) return text;
      [a, b] = [b, token];
    }
    return `${text}.`;
  }

  /** A paragraph of `sentences` sentences. */
  paragraph(random: () => number, sentences: number): string {
    return Array.from({ length: sentences }, () => this.sentence(random)).join(" ");
  }
}
