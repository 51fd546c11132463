import { USCC_ALPHABET, usccCharacterValue } from './characters';

/** GB 11714-1997 weights for the eight body characters. */
export const ORGANISATION_CODE_WEIGHTS: readonly number[] = Object.freeze([3, 7, 9, 10, 5, 8, 4, 2]);

export const ORGANISATION_CODE_LENGTH = 9;
const BODY_LENGTH = 8;

export const BODY_PREFIX_LENGTH = 2;
export const BODY_SEQUENCE_LENGTH = 6;
/** The prefix real post-2015 registrations carry; the portal's configured prefix may differ. */
export const DEFAULT_BODY_PREFIX = 'MA';
const SEQUENCE_BASE = USCC_ALPHABET.length;
/** The largest sequence number that fits in six base-31 digits: 887,503,680. */
export const MAX_SEQUENCE = SEQUENCE_BASE ** BODY_SEQUENCE_LENGTH - 1;

export type OrganisationCodeErrorCode = 'invalid_body' | 'invalid_prefix' | 'invalid_sequence' | 'sequence_exhausted';

export class OrganisationCodeError extends Error {
  constructor(
    readonly code: OrganisationCodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OrganisationCodeError';
  }
}

/**
 * Issuing a code twice would give two entities one identity for life, so running out of numbers must
 * stop issuance loudly instead of wrapping round to a number already in use.
 */
export class SequenceExhaustedError extends OrganisationCodeError {
  constructor(
    readonly prefix: string,
    readonly sequence: number,
  ) {
    super(
      'sequence_exhausted',
      `Sequence ${sequence} does not fit in ${BODY_SEQUENCE_LENGTH} base-31 digits: ` +
        `prefix ${prefix} is exhausted after ${MAX_SEQUENCE}`,
    );
    this.name = 'SequenceExhaustedError';
  }
}

// GB 11714 values letters by their place in the full Latin alphabet (A = 10 … Z = 35), which is not the
// USCC alphabet's numbering: J is 19 here but 18 in a credit code.
function organisationCharacterValue(character: string): number | undefined {
  if (character.length !== 1) {
    return undefined;
  }
  if (character >= '0' && character <= '9') {
    return character.charCodeAt(0) - 48;
  }
  if (character >= 'A' && character <= 'Z') {
    return character.charCodeAt(0) - 55;
  }
  return undefined;
}

function checkCharacterFromBody(body8: string): string | undefined {
  const characters = Array.from(body8);
  if (characters.length !== BODY_LENGTH) {
    return undefined;
  }
  let sum = 0;
  for (const [index, character] of characters.entries()) {
    const value = organisationCharacterValue(character);
    if (value === undefined) {
      return undefined;
    }
    sum += value * (ORGANISATION_CODE_WEIGHTS[index] ?? 0);
  }
  const check = 11 - (sum % 11);
  if (check === 10) {
    return 'X';
  }
  return check === 11 ? '0' : String(check);
}

/** Throws OrganisationCodeError unless `body8` is eight characters from 0–9 and A–Z. */
export function computeOrganisationCodeCheckCharacter(body8: string): string {
  const check = checkCharacterFromBody(body8);
  if (check === undefined) {
    throw new OrganisationCodeError(
      'invalid_body',
      `An organisation code body is ${BODY_LENGTH} characters from 0–9 and A–Z, not '${body8}'`,
    );
  }
  return check;
}

/** Expects the canonical upper-case form without the hyphen printed on certificates ('D2143569X'). */
export function isValidOrganisationCode(code9: string): boolean {
  if (code9.length !== ORGANISATION_CODE_LENGTH) {
    return false;
  }
  const check = checkCharacterFromBody(code9.slice(0, BODY_LENGTH));
  return check !== undefined && check === code9.charAt(BODY_LENGTH);
}

function isInUsccAlphabet(text: string): boolean {
  return Array.from(text).every((character) => usccCharacterValue(character) !== undefined);
}

/**
 * The body identifier (credit-code positions 9–17) that the allocator issues for sequence number
 * `sequence` under `prefix`. Every body character comes from the USCC alphabet and the GB 11714 check
 * character is a digit or X, so the result always fits into a well-formed credit code.
 */
export function formatBodyIdentifier(prefix: string, sequence: number): string {
  if (prefix.length !== BODY_PREFIX_LENGTH || !isInUsccAlphabet(prefix)) {
    throw new OrganisationCodeError(
      'invalid_prefix',
      `A body prefix is ${BODY_PREFIX_LENGTH} characters from ${USCC_ALPHABET}, not '${prefix}'`,
    );
  }
  if (!Number.isInteger(sequence) && sequence !== Number.POSITIVE_INFINITY) {
    throw new OrganisationCodeError('invalid_sequence', `Sequence ${sequence} is not an integer`);
  }
  if (sequence < 0) {
    throw new OrganisationCodeError('invalid_sequence', `Sequence ${sequence} is negative`);
  }
  if (sequence > MAX_SEQUENCE) {
    throw new SequenceExhaustedError(prefix, sequence);
  }
  let digits = '';
  let remaining = sequence;
  for (let place = 0; place < BODY_SEQUENCE_LENGTH; place += 1) {
    digits = USCC_ALPHABET.charAt(remaining % SEQUENCE_BASE) + digits;
    remaining = Math.floor(remaining / SEQUENCE_BASE);
  }
  const body8 = prefix + digits;
  return body8 + computeOrganisationCodeCheckCharacter(body8);
}

export interface BodySequence {
  readonly prefix: string;
  readonly sequence: number;
}

/** The inverse of formatBodyIdentifier; throws OrganisationCodeError for a body it could not have made. */
export function parseBodySequence(body9: string): BodySequence {
  const body8 = body9.slice(0, BODY_LENGTH);
  if (body9.length !== ORGANISATION_CODE_LENGTH || !isInUsccAlphabet(body8)) {
    throw new OrganisationCodeError(
      'invalid_body',
      `A body identifier is ${ORGANISATION_CODE_LENGTH} characters, the first ${BODY_LENGTH} from ` + `${USCC_ALPHABET}, not '${body9}'`,
    );
  }
  if (!isValidOrganisationCode(body9)) {
    throw new OrganisationCodeError(
      'invalid_body',
      `Body identifier '${body9}' fails the GB 11714 check: the check character should be ` +
        `${computeOrganisationCodeCheckCharacter(body8)}`,
    );
  }
  let sequence = 0;
  for (const character of body8.slice(BODY_PREFIX_LENGTH)) {
    sequence = sequence * SEQUENCE_BASE + (usccCharacterValue(character) ?? 0);
  }
  return { prefix: body8.slice(0, BODY_PREFIX_LENGTH), sequence };
}
