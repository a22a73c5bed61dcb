// What SQLite's unicode61 tokenizer (as configured for providers_fts) does with each
// non-ASCII character, asked of SQLite itself: every new character is written into a
// probe FTS5 table between two letters ("q<c>q") and at the start of a token ("<c>q"),
// and the tokens SQLite made are read back. The in-memory text index tokenizes with
// these classes, so it splits and folds exactly as FTS5 does.
import Database from "better-sqlite3";
import type { FtsCharClass } from "../domain/search-text.ts";

/** Must stay the tokenizer of providers_fts (migrations.ts). */
const TOKENIZER = "unicode61 remove_diacritics 2";
/** Latin letters, punctuation and symbols most French text uses, learned up front. */
const COMMON_RANGES: [number, number][] = [
  [0x80, 0x24f],
  [0x300, 0x36f],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
  [0x20ac, 0x20ac],
];
/** Beyond this many learned characters, new ones (from queries) are not probed. */
const MAX_KNOWN = 20_000;

const known = new Map<number, FtsCharClass | null>();
let probe: { db: Database.Database; insert: Database.Statement; tokens: Database.Statement } | null = null;

function probeDb() {
  if (!probe) {
    const db = new Database(":memory:");
    db.exec(`CREATE VIRTUAL TABLE probe USING fts5 (t, tokenize = "${TOKENIZER}");
             CREATE VIRTUAL TABLE probe_tokens USING fts5vocab (probe, instance);`);
    probe = {
      db,
      insert: db.prepare("INSERT INTO probe (rowid, t) VALUES (?, ?)"),
      tokens: db.prepare("SELECT doc, term FROM probe_tokens ORDER BY doc, offset").raw(),
    };
  }
  return probe;
}

/** Learns the classes of these code points (those not known yet). */
export function learnFtsChars(codePoints: Iterable<number>): void {
  const fresh = [...new Set(codePoints)].filter((code) => code >= 128 && !known.has(code));
  if (fresh.length === 0) return;
  const { db, insert, tokens } = probeDb();
  const found = new Map<number, string[]>();
  db.transaction(() => {
    db.exec("DELETE FROM probe");
    fresh.forEach((code, i) => {
      const char = String.fromCodePoint(code);
      insert.run(2 * i, `q${char}q`);
      insert.run(2 * i + 1, `${char}q`);
    });
    for (const [doc, term] of tokens.iterate() as IterableIterator<[number, string]>) {
      let list = found.get(doc);
      if (!list) found.set(doc, (list = []));
      list.push(term);
    }
  })();
  fresh.forEach((code, i) => {
    const inside = found.get(2 * i) ?? [];
    const atStart = found.get(2 * i + 1) ?? [];
    if (inside.length !== 1) {
      known.set(code, null); // a separator: "q", "q"
      return;
    }
    const fold = inside[0]!.slice(1, -1);
    // A character that cannot start a token leaves "q" alone when written first.
    known.set(code, { fold, continues: fold === "" && atStart.length === 1 && atStart[0] === "q" });
  });
}

/** The class of a code point: null for a separator, undefined when not learned. */
export function ftsCharClass(code: number): FtsCharClass | null | undefined {
  return known.get(code);
}

/** Learns the characters of `text` that are not known yet (bounded: see MAX_KNOWN). */
export function learnFtsCharsOf(text: string): boolean {
  const fresh: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) continue;
    const code = text.codePointAt(i)!;
    if (code > 0xffff) i++;
    if (!known.has(code)) fresh.push(code);
  }
  if (fresh.length === 0) return true;
  if (known.size + fresh.length > MAX_KNOWN) return false;
  learnFtsChars(fresh);
  return true;
}

export function learnCommonFtsChars(): void {
  const codes: number[] = [];
  for (const [low, high] of COMMON_RANGES) for (let c = low; c <= high; c++) codes.push(c);
  learnFtsChars(codes);
}
