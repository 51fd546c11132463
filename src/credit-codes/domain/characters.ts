/**
 * The 31-character alphabet of GB 32100-2015, valued 0–30 in this order. I, O, Z, S and V are left out
 * because they are easily confused with 1, 0, 2, 5 and U when read or typed.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const USCC_VALUES: ReadonlyMap<string, number> = new Map(Array.from(USCC_ALPHABET, (character, value) => [character, value] as const));

/** The value 0–30 of a character in the USCC alphabet, or undefined for any other character. */
export function usccCharacterValue(character: string): number | undefined {
  return USCC_VALUES.get(character);
}

const FULL_WIDTH_OFFSET = 0xfee0;

function isFullWidthDigitOrLetter(codePoint: number): boolean {
  return (
    (codePoint >= 0xff10 && codePoint <= 0xff19) ||
    (codePoint >= 0xff21 && codePoint <= 0xff3a) ||
    (codePoint >= 0xff41 && codePoint <= 0xff5a)
  );
}

// People paste identifiers from word processors and PDFs, which turn '-' into typographic dashes and
// leave invisible format characters (soft hyphen U+00AD, zero-width space U+200B, word joiner U+2060):
// those are dropped, or a code that looks 18 characters long would be refused as 19.
const INVISIBLE_FORMAT = /^\p{Cf}$/u;
const HYPHEN_LIKE = new Set(['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\uff0d']);

/**
 * Strips separators and invisible format characters, and folds case and width, so that what a person
 * typed, pasted from a PDF or entered with a Chinese input method (which produces full-width characters)
 * compares equal to the canonical form. Only ASCII letters are upper-cased: `String#toUpperCase` would
 * turn e.g. 'ß' into 'SS' and shift every later position that an error message reports.
 */
export function normaliseIdentifier(input: string): string {
  let result = '';
  for (const original of input) {
    let character = original;
    const codePoint = character.codePointAt(0) ?? 0;
    if (isFullWidthDigitOrLetter(codePoint)) {
      character = String.fromCodePoint(codePoint - FULL_WIDTH_OFFSET);
    }
    if (/^\s$/u.test(character) || HYPHEN_LIKE.has(character) || INVISIBLE_FORMAT.test(character)) {
      continue;
    }
    if (character >= 'a' && character <= 'z') {
      character = character.toUpperCase();
    }
    result += character;
  }
  return result;
}

/** Quotes a character for an error message; invisible and control characters are named by code point. */
export function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character)) {
    return `'${character}'`;
  }
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * What a message about a refused identifier can name: its length, the character at fault (quoted, or by
 * code point when invisible) and its position, the check character expected; all of the identifier as the
 * check read it (normalised: spaces and dashes left out).
 */
export function identifierProblemParams(
  identifier: string,
  problem: { position?: number; expected?: string },
): { length: number; position?: number; character?: string; expected?: string } {
  const characters = Array.from(identifier);
  const atFault = problem.position === undefined ? undefined : characters[problem.position - 1];
  return {
    length: characters.length,
    position: problem.position,
    character: atFault === undefined ? undefined : describeCharacter(atFault),
    expected: problem.expected,
  };
}
