/**
 * A pupil's identifier. The DfE's Unique Pupil Number is 13 characters: a check letter, then 12
 * (a local authority number, a school number, a year, a serial; a temporary UPN ends with a
 * letter). Schools and their MIS also use shorter local identifiers, which stay valid; nothing
 * longer than a UPN, and nothing but letters and digits, reaches a button, a key or a card.
 */
export const MAX_UPN_CHARS = 13;

/** What is wrong with an identifier for a pupil, or undefined when it may be used. */
export function upnProblem(upn: string): string | undefined {
  if (upn === '') return 'empty';
  if (upn.length > MAX_UPN_CHARS) return `at most ${MAX_UPN_CHARS} letters and digits (a UPN's length), found ${upn.length} characters`;
  if (!/^[A-Za-z0-9]+$/.test(upn)) return 'letters and digits only';
  return undefined;
}

/** The check letters: A-Z without I, O and S; a letter's value is its place here, a digit's its own. */
const CHECK = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** The check letter the DfE's rule gives a 13-character UPN's last 12 characters, or undefined when they cannot carry one. */
export function upnCheckLetter(upn: string): string | undefined {
  if (upn.length !== MAX_UPN_CHARS || !/^[A-Z]\d{11}[A-Z0-9]$/i.test(upn)) return undefined;
  let sum = 0;
  for (let i = 1; i < MAX_UPN_CHARS; i++) {
    const c = upn[i]!.toUpperCase();
    const value = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : CHECK.indexOf(c);
    if (value < 0) return undefined;
    sum += value * (i + 1);
  }
  return CHECK[sum % 23];
}

/**
 * A warning for a 13-character identifier shaped like a UPN whose check letter is not the one
 * the DfE's rule gives (a mistyped UPN); undefined otherwise. It is imported all the same.
 */
export function upnWarning(upn: string): string | undefined {
  if (upn.length !== MAX_UPN_CHARS) return undefined;
  const expected = upnCheckLetter(upn);
  if (expected === undefined) return `"${upn}" has a UPN's length but not its shape (a check letter, 11 digits, a digit or letter)`;
  return upn[0]!.toUpperCase() === expected ? undefined : `"${upn}": its check letter should be ${expected} by the DfE's rule (mistyped?)`;
}

/** An identifier echoed back in a message: never more than a UPN's length and a mark that it was cut. */
export const shownUpn = (upn: string): string => (upn.length > MAX_UPN_CHARS + 7 ? `${upn.slice(0, MAX_UPN_CHARS)}… (${upn.length} characters)` : upn);
