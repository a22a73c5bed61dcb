// Association numbers a reference must carry (docs/product.md, "Vetting"): the RNA number
// of the national register of associations, or the SIREN of the INSEE register.
//   RNA: "W" then 9 characters, all digits except that the prefecture code may be 2A or 2B
//        (Corsica), e.g. W751234567, W2A1002345.
//   SIREN: 9 digits whose Luhn checksum is a multiple of 10 (src/domain/siret.ts).
import { isValidSiren } from "./siret.ts";

export { isValidSiren };

export type AssociationNumber =
  | { kind: "rna"; value: string }
  | { kind: "siren"; value: string };

export type AssociationNumberProblem =
  | "invalid_rna"
  | "invalid_siren_check_digit"
  | "invalid_association_number";

/** Spaces, dots and dashes people type are dropped; letters are upper-cased. */
export function normaliseAssociationNumber(input: string): string {
  return input.replace(/[\s.\-\u00a0]/g, "").toUpperCase();
}

export function isValidRna(value: string): boolean {
  return /^W(?:\d{9}|2[AB]\d{7})$/.test(value);
}

/** The number read as RNA or SIREN, or why it is neither. */
export function parseAssociationNumber(
  input: string
): { ok: true; number: AssociationNumber } | { ok: false; problem: AssociationNumberProblem } {
  const value = normaliseAssociationNumber(input);
  if (value.startsWith("W")) {
    return isValidRna(value)
      ? { ok: true, number: { kind: "rna", value } }
      : { ok: false, problem: "invalid_rna" };
  }
  if (/^\d{9}$/.test(value)) {
    return isValidSiren(value)
      ? { ok: true, number: { kind: "siren", value } }
      : { ok: false, problem: "invalid_siren_check_digit" };
  }
  return { ok: false, problem: "invalid_association_number" };
}
