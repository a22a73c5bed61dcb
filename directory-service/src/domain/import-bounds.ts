// Size limits of an import, derived from the contract, and the checks that apply them
// before any costly work: a file is measured (JSON text scanned without building
// anything) before it is parsed, and a parsed record before it is validated, so that a
// hostile or broken file costs time and memory in proportion to the limits, not to its
// shape.
import { z } from "zod";
import { IMPORT_MAX_RECORDS, ProviderImportRecord, type ErrorDetail } from "../contract/index.ts";

export interface ImportBounds {
  /** Records in one file. */
  records: number;
  /** Items in any list (the longest list the schema allows). */
  items: number;
  /** Characters in any text (the longest text the schema allows). */
  textLength: number;
  /** Keys in any object (twice the largest object of the schema: unknown keys are dropped). */
  keys: number;
  /** Nesting of lists and objects, the file's own list counting as 1. */
  depth: number;
}

interface JsonSchemaNode {
  maxItems?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
}

/** The largest sizes anywhere in a JSON Schema, and its nesting. */
function schemaBounds(node: JsonSchemaNode): Omit<ImportBounds, "records"> {
  const children = [
    ...Object.values(node.properties ?? {}),
    ...(node.items ? [node.items] : []),
    ...(node.anyOf ?? []),
  ].map(schemaBounds);
  const nests = node.properties !== undefined || node.items !== undefined ? 1 : 0;
  return {
    items: Math.max(node.maxItems ?? 0, ...children.map((c) => c.items)),
    textLength: Math.max(node.maxLength ?? 0, ...children.map((c) => c.textLength)),
    keys: Math.max(Object.keys(node.properties ?? {}).length * 2, ...children.map((c) => c.keys)),
    depth: nests + Math.max(0, ...children.map((c) => c.depth)),
  };
}

/** The limits of an import of provider records: the contract's, computed once. */
export const IMPORT_BOUNDS: ImportBounds = (() => {
  const record = schemaBounds(
    z.toJSONSchema(ProviderImportRecord, { io: "input", unrepresentable: "any" }) as JsonSchemaNode
  );
  return { ...record, records: IMPORT_MAX_RECORDS, depth: record.depth + 1 };
})();

type Detail = ErrorDetail;

const tooBig = (
  row: number | undefined,
  field: string,
  what: "records" | "items" | "characters" | "keys",
  maximum: number
): Detail => ({
  ...(row === undefined ? {} : { row }),
  field,
  code: "too_big",
  message: `more than ${maximum} ${what}`,
  params: { maximum, origin: what },
});

const tooDeep = (row: number | undefined, field: string, maximum: number): Detail => ({
  ...(row === undefined ? {} : { row }),
  field,
  code: "too_deep",
  message: `lists and objects nested more than ${maximum} deep`,
  params: { maximum },
});

interface Frame {
  array: boolean;
  /** Values (array) or keys (object) seen so far. */
  count: number;
  /** Object: the key whose value comes next or is being read. */
  key: string;
  /** A value may start here (after "[", "," or ":"). */
  awaitingValue: boolean;
  /** The next string is a key. */
  awaitingKey: boolean;
  reported: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LOWER_U = 0x75;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Measures a JSON import (an array of records) against the bounds without parsing it:
 * one pass over the text, memory in proportion to its nesting. Stops at `maxErrors`
 * problems, or at the first record past the limit. Rows are 1-based record numbers;
 * fields are dotted paths inside the record. Malformed JSON is left to JSON.parse.
 */
export function scanJsonBounds(text: string, bounds: ImportBounds, maxErrors: number): Detail[] {
  const errors: Detail[] = [];
  const stack: Frame[] = [];
  /** Containers opened below the depth limit (not tracked, only counted). */
  let ignored = 0;
  /** The record being read: frame 0 is the file's list. */
  const row = () => (stack[0]?.array ? stack[0].count : undefined);
  /** Dotted path through the frames 1..end-1 (the parts inside the record). */
  const path = (end: number) => {
    const parts: string[] = [];
    for (let k = 1; k < Math.min(end, stack.length); k++) {
      const frame = stack[k]!;
      parts.push(frame.array ? String(frame.count - 1) : frame.key);
    }
    return parts.join(".");
  };

  /** Counts a value starting in the top frame; false when the scan must stop. */
  const valueStarts = (): boolean => {
    const top = stack[stack.length - 1];
    if (!top || !top.awaitingValue) return true;
    top.awaitingValue = false;
    if (!top.array) return true;
    top.count++;
    if (stack.length === 1 && top.count > bounds.records) {
      errors.push(tooBig(bounds.records + 1, "", "records", bounds.records));
      return false;
    }
    if (stack.length > 1 && top.count > bounds.items && !top.reported) {
      top.reported = true;
      errors.push(tooBig(row(), path(stack.length - 1), "items", bounds.items));
    }
    return true;
  };

  const n = text.length;
  for (let i = 0; i < n && errors.length < maxErrors; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === QUOTE) {
      let j = i + 1;
      let length = 0;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === QUOTE) break;
        j += d === BACKSLASH ? (text.charCodeAt(j + 1) === LOWER_U ? 6 : 2) : 1;
        length++;
      }
      const top = stack[stack.length - 1];
      if (ignored === 0 && top && !top.array && top.awaitingKey) {
        top.awaitingKey = false;
        top.key = text.slice(i + 1, Math.min(j, i + 1 + 100));
        top.count++;
        if (top.count > bounds.keys && !top.reported) {
          top.reported = true;
          errors.push(tooBig(row(), path(stack.length - 1), "keys", bounds.keys));
        }
      } else if (ignored === 0) {
        if (!valueStarts()) break;
        if (length > bounds.textLength)
          errors.push(tooBig(row(), path(stack.length + 1), "characters", bounds.textLength));
      }
      i = j;
      continue;
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (ignored > 0) {
        ignored++;
        continue;
      }
      if (!valueStarts()) break;
      if (stack.length >= bounds.depth) {
        errors.push(tooDeep(row(), path(stack.length + 1), bounds.depth - 1));
        ignored = 1;
        continue;
      }
      const array = c === 0x5b;
      stack.push({
        array,
        count: 0,
        key: "",
        awaitingValue: array,
        awaitingKey: !array,
        reported: false,
      });
      continue;
    }
    if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      if (ignored > 0) ignored--;
      else stack.pop();
      continue;
    }
    if (ignored > 0) continue;
    const top = stack[stack.length - 1];
    if (c === 0x2c /* , */) {
      if (top?.array) top.awaitingValue = true;
      else if (top) top.awaitingKey = true;
    } else if (c === 0x3a /* : */) {
      if (top && !top.array) top.awaitingValue = true;
    } else if (!valueStarts()) {
      break; // a number, true, false or null starting
    }
  }
  return errors.slice(0, maxErrors);
}

/**
 * The same limits on an already parsed value (a record read from a CSV row, whose list
 * and JSON cells can be long): problems with their field, none when it fits.
 */
export function valueBoundsErrors(
  value: unknown,
  bounds: ImportBounds,
  row: number | undefined,
  maxErrors: number
): Detail[] {
  const errors: Detail[] = [];
  const visit = (node: unknown, field: string, depth: number) => {
    if (errors.length >= maxErrors) return;
    if (typeof node === "string") {
      if (node.length > bounds.textLength)
        errors.push(tooBig(row, field, "characters", bounds.textLength));
      return;
    }
    if (typeof node !== "object" || node === null) return;
    if (depth > bounds.depth) {
      errors.push(tooDeep(row, field, bounds.depth - 1));
      return;
    }
    const limit = Array.isArray(node) ? bounds.items : bounds.keys;
    const size = Array.isArray(node) ? node.length : Object.keys(node).length;
    if (size > limit) {
      errors.push(tooBig(row, field, Array.isArray(node) ? "items" : "keys", limit));
      return;
    }
    const entries = Array.isArray(node)
      ? node.map((item, index) => [String(index), item] as const)
      : Object.entries(node);
    for (const [key, child] of entries) visit(child, field ? `${field}.${key}` : key, depth + 1);
  };
  // The record sits at depth 2 (the file's list is 1).
  visit(value, "", 2);
  return errors;
}
