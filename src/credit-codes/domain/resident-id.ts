import { describeCharacter, normaliseIdentifier } from './characters';

export const RESIDENT_ID_LENGTH = 18;

/** GB 11643-1999 weights: Wᵢ = 2^(18−i) mod 11 for positions 1–17. */
export const RESIDENT_ID_WEIGHTS: readonly number[] = Object.freeze([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);

const CHECK_CHARACTERS = '10X98765432';

/** Nobody alive was born earlier; an earlier date is a typing error, not a person. */
export const EARLIEST_BIRTH_DATE = '1880-01-01';

const BIRTH_DATE_START = 6;
const BIRTH_DATE_END = 14;
const SEX_INDEX = 16;
const FIRST_GENERATION_LENGTH = 15;

/** China Standard Time is UTC+08:00 all year; there has been no daylight saving since 1991. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export type ResidentIdInvalidReason =
  'empty' | 'wrong_length' | 'invalid_character' | 'invalid_birth_date' | 'future_birth_date' | 'wrong_check_character';

export interface ValidResidentIdNumber {
  readonly valid: true;
  /** The normalised number, upper-case X. */
  readonly number: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
  /** Positions 1–6: the division where the number was first issued. */
  readonly division: string;
}

export interface InvalidResidentIdNumber {
  readonly valid: false;
  readonly number: string;
  readonly reason: ResidentIdInvalidReason;
  readonly message: string;
  /** 1-based position of the offending character, where one character is at fault. */
  readonly position?: number;
  readonly character?: string;
  /** The check character the first 17 digits call for (reason `wrong_check_character`). */
  readonly expected?: string;
}

export type ResidentIdValidation = ValidResidentIdNumber | InvalidResidentIdNumber;

function isDigit(character: string): boolean {
  return character.length === 1 && character >= '0' && character <= '9';
}

/** Throws RangeError unless `first17` is 17 digits. */
export function computeResidentIdCheckCharacter(first17: string): string {
  if (first17.length !== RESIDENT_ID_LENGTH - 1 || !Array.from(first17).every(isDigit)) {
    throw new RangeError(`The check character is computed from 17 digits, not '${first17}'`);
  }
  let sum = 0;
  for (let index = 0; index < first17.length; index += 1) {
    sum += Number(first17.charAt(index)) * (RESIDENT_ID_WEIGHTS[index] ?? 0);
  }
  return CHECK_CHARACTERS.charAt(sum % 11);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return isLeapYear(year) ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** 'YYYYMMDD' → 'YYYY-MM-DD' when it names a day of the Gregorian calendar. */
function calendarDate(yyyymmdd: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (match === null) {
    return undefined;
  }
  const [, yearText = '', monthText = '', dayText = ''] = match;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return `${yearText}-${monthText}-${dayText}`;
}

/**
 * A `Date` is read in China Standard Time, because a number records the date of birth where it was
 * issued: in UTC a child born this morning in Dalian would still be "born tomorrow" until 08:00.
 */
function todayAsCalendarDate(today: Date | string): string {
  if (typeof today === 'string') {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(today) ? calendarDate(today.replaceAll('-', '')) : undefined;
    if (date === undefined) {
      throw new RangeError(`today must be a real date written YYYY-MM-DD, not '${today}'`);
    }
    return date;
  }
  if (Number.isNaN(today.getTime())) {
    throw new RangeError('today is an invalid Date');
  }
  return new Date(today.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Full years of age on a day in China (`today` as for validateResidentIdNumber): one born on 29 February
 * comes of age on 1 March in a common year, as a birthday that does not occur is reached the day after.
 */
export function ageOn(birthDate: string, today: Date | string = new Date()): number {
  const on = todayAsCalendarDate(today);
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/**
 * Validates a mainland resident identity number (GB 11643-1999, 18 characters). `today` defaults to
 * the current date in China; pass a fixed one to make the future-date check reproducible.
 */
export function validateResidentIdNumber(input: string, today: Date | string = new Date()): ResidentIdValidation {
  const number = normaliseIdentifier(input);
  const characters = Array.from(number);
  const invalid = (fields: Omit<InvalidResidentIdNumber, 'valid' | 'number'>): InvalidResidentIdNumber => ({
    valid: false,
    number,
    ...fields,
  });

  if (characters.length === 0) {
    return invalid({ reason: 'empty', message: 'The identity number is empty' });
  }
  if (characters.length !== RESIDENT_ID_LENGTH) {
    const firstGeneration =
      characters.length === FIRST_GENERATION_LENGTH ? ' (15-digit numbers from first-generation cards are no longer valid)' : '';
    return invalid({
      reason: 'wrong_length',
      message: `A resident identity number has ${RESIDENT_ID_LENGTH} characters; this one has ${characters.length}${firstGeneration}`,
    });
  }
  for (const [index, character] of characters.entries()) {
    const isCheckPosition = index === RESIDENT_ID_LENGTH - 1;
    if (isDigit(character) || (isCheckPosition && character === 'X')) {
      continue;
    }
    const rule = isCheckPosition ? 'the last character is a digit or X' : 'the first 17 characters are digits';
    return invalid({
      reason: 'invalid_character',
      message: `Character ${describeCharacter(character)} at position ${index + 1} is not allowed: ${rule}`,
      position: index + 1,
      character,
    });
  }

  const birthDigits = number.slice(BIRTH_DATE_START, BIRTH_DATE_END);
  const birthDate = calendarDate(birthDigits);
  if (birthDate === undefined) {
    return invalid({
      reason: 'invalid_birth_date',
      message: `Positions 7–14 (${birthDigits}) are not a real date of birth`,
    });
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    return invalid({
      reason: 'invalid_birth_date',
      message: `The date of birth ${birthDate} is before ${EARLIEST_BIRTH_DATE}`,
    });
  }
  if (birthDate > todayAsCalendarDate(today)) {
    return invalid({
      reason: 'future_birth_date',
      message: `The date of birth ${birthDate} is in the future`,
    });
  }

  const expected = computeResidentIdCheckCharacter(number.slice(0, RESIDENT_ID_LENGTH - 1));
  const actual = number.charAt(RESIDENT_ID_LENGTH - 1);
  if (expected !== actual) {
    return invalid({
      reason: 'wrong_check_character',
      message: `The check character should be ${expected}, not ${actual}`,
      position: RESIDENT_ID_LENGTH,
      character: actual,
      expected,
    });
  }

  return {
    valid: true,
    number,
    birthDate,
    // GB 11643: the sequence code's last digit is odd for men and even for women.
    sex: Number(number.charAt(SEX_INDEX)) % 2 === 1 ? 'male' : 'female',
    division: number.slice(0, BIRTH_DATE_START),
  };
}
