// French company identifiers. Pure functions.
// SIREN: 9 digits identifying a legal unit (an association registered with INSEE has one);
// SIRET: 14 digits, the SIREN of its legal unit followed by a 5-digit establishment number
// (NIC). Both end with a Luhn check digit.
//
// La Poste's exception: La Poste (SIREN 356 000 000) has more establishments than the
// NIC's check digit allows, so INSEE numbers them with another rule: the sum of the 14
// digits is a multiple of 5. Its SIRETs are accepted when they pass either rule.

const LA_POSTE_SIREN = "356000000";

/** Digits only: spaces (ordinary or non-breaking) as in "110 020 013 00097" are dropped. */
function compact(value: string): string {
  return value.replace(/[\s\u00a0\u202f]/g, "");
}

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function isValidSiren(value: string): boolean {
  const siren = compact(value);
  return /^\d{9}$/.test(siren) && luhnValid(siren);
}

export function isValidSiret(value: string): boolean {
  const siret = compact(value);
  if (!/^\d{14}$/.test(siret)) return false;
  if (luhnValid(siret)) return true;
  if (siret.startsWith(LA_POSTE_SIREN)) {
    const digitSum = [...siret].reduce((sum, digit) => sum + Number(digit), 0);
    return digitSum % 5 === 0;
  }
  return false;
}

/** SIREN of a valid SIRET (its first nine digits); null when the SIRET is not valid. */
export function sirenOfSiret(value: string): string | null {
  return isValidSiret(value) ? compact(value).slice(0, 9) : null;
}

/**
 * Whether an establishment (SIRET, e.g. from ProConnect) belongs to a legal unit (SIREN,
 * e.g. the association's declared number): both valid and the first nine digits equal.
 */
export function siretMatchesSiren(siret: string, siren: string): boolean {
  if (!isValidSiren(siren)) return false;
  return sirenOfSiret(siret) === compact(siren);
}
