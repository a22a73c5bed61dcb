// SIREN / SIRET formats, check digits (Luhn), La Poste's exception, and the match rule.
import { describe, expect, it } from "vitest";
import {
  isValidSiren,
  isValidSiret,
  luhnValid,
  sirenOfSiret,
  siretMatchesSiren,
} from "../src/domain/siret.ts";

describe("SIREN and SIRET", () => {
  it("checks the Luhn digit", () => {
    expect(luhnValid("110020013")).toBe(true);
    expect(luhnValid("110020014")).toBe(false);
    expect(luhnValid("79927398713")).toBe(true);
  });

  it("accepts well-formed numbers, with the spaces people write", () => {
    expect(isValidSiren("110020013")).toBe(true);
    expect(isValidSiren("110 020 013")).toBe(true);
    expect(isValidSiret("11002001300097")).toBe(true);
    expect(isValidSiret("110 020 013 00097")).toBe(true);
    expect(isValidSiret("110\u00a0020\u00a0013\u00a000097")).toBe(true);
  });

  it("refuses wrong lengths, letters and bad check digits", () => {
    for (const siren of ["", "11002001", "1100200130", "11002001A", "110020014", "-11002001"])
      expect(isValidSiren(siren), siren).toBe(false);
    for (const siret of ["", "1100200130009", "110020013000970", "1100200130009X", "11002001300098"])
      expect(isValidSiret(siret), siret).toBe(false);
  });

  it("accepts La Poste's establishments by the sum of their digits", () => {
    // Head office: passes Luhn. An establishment: fails Luhn, digits sum to 45.
    expect(isValidSiret("35600000000048")).toBe(true);
    expect(isValidSiret("35600000049837")).toBe(true);
    // The exception belongs to La Poste only: the same rule elsewhere is refused.
    expect(luhnValid("11002001300007")).toBe(false);
    expect([..."11002001300007"].reduce((sum, digit) => sum + Number(digit), 0) % 5).toBe(0);
    expect(isValidSiret("11002001300007")).toBe(false);
    // And a La Poste number that passes neither rule is refused.
    expect(isValidSiret("35600000049838")).toBe(false);
  });

  it("matches an establishment to its legal unit by the first nine digits", () => {
    expect(sirenOfSiret("110 020 013 00097")).toBe("110020013");
    expect(sirenOfSiret("11002001300098")).toBeNull();
    expect(siretMatchesSiren("11002001300097", "110020013")).toBe(true);
    expect(siretMatchesSiren("11002001300097", "110 020 013")).toBe(true);
    expect(siretMatchesSiren("35600000049837", "356000000")).toBe(true);
    expect(siretMatchesSiren("35600000000048", "110020013")).toBe(false);
    // Invalid on either side: no match, even when the digits agree.
    expect(siretMatchesSiren("11002001300098", "110020013")).toBe(false);
    expect(siretMatchesSiren("11002001400097", "110020014")).toBe(false);
  });
});
