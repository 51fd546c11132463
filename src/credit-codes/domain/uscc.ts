import { describeCharacter, normaliseIdentifier, USCC_ALPHABET, usccCharacterValue } from './characters';
import { computeOrganisationCodeCheckCharacter } from './organisation-code';

export { USCC_ALPHABET } from './characters';

export const CREDIT_CODE_LENGTH = 18;

/**
 * Wᵢ = 3^(i−1) mod 31 for positions 1–17. Because 31 is prime and 3 is a primitive root modulo 31, the
 * 17 weights are distinct and non-zero, which is what makes every single substitution and every
 * transposition within positions 1–17 detectable (see DETECTION.md).
 */
export const CREDIT_CODE_WEIGHTS: readonly number[] = Object.freeze([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);

const DIVISION_START = 2;
const DIVISION_END = 8;
const ORGANISATION_CODE_END = 17;

interface DepartmentDefinition {
  readonly name: string;
  /** null: the portal accepts every category in the alphabet for this department. */
  readonly categories: ReadonlyMap<string, string> | null;
}

/*
 * GB 32100-2015 itself defines departments 1, 5, 9 and Y, and for those only the listed categories are
 * accepted. Later amendments added departments 2, 3, 4, 6, 7, 8, A and N, each with categories of its
 * own; STANDARDS.md asks only that codes from those departments be accepted and does not list their
 * categories, so they are accepted with any category in the alphabet rather than risk rejecting a
 * lawfully issued code on a category list the project has not verified. Their English names translate
 * the department headings (外交, 司法行政, 文化, 旅游, 宗教, 工会, 中央军委改革和编制办公室, 农业) as several
 * independent implementations reproduce them.
 */
const DEPARTMENTS: ReadonlyMap<string, DepartmentDefinition> = new Map<string, DepartmentDefinition>([
  [
    '1',
    {
      name: 'establishment authority',
      categories: new Map([
        ['1', 'government body'],
        ['2', 'public institution'],
        ['3', 'mass organisation'],
        ['9', 'other'],
      ]),
    },
  ],
  ['2', { name: 'foreign affairs', categories: null }],
  ['3', { name: 'judicial administration', categories: null }],
  ['4', { name: 'culture', categories: null }],
  [
    '5',
    {
      name: 'civil affairs',
      categories: new Map([
        ['1', 'social group'],
        ['2', 'private non-enterprise unit'],
        ['3', 'foundation'],
        ['9', 'other'],
      ]),
    },
  ],
  ['6', { name: 'tourism', categories: null }],
  ['7', { name: 'religious affairs', categories: null }],
  ['8', { name: 'trade unions', categories: null }],
  [
    '9',
    {
      name: 'market regulation',
      categories: new Map([
        ['1', 'enterprise'],
        ['2', 'individual industrial and commercial household'],
        ['3', "farmers' specialised cooperative"],
      ]),
    },
  ],
  ['A', { name: 'Central Military Commission reform and establishment office', categories: null }],
  ['N', { name: 'agriculture', categories: null }],
  ['Y', { name: 'other', categories: new Map([['1', 'other']]) }],
]);

export interface CreditCodeParts {
  readonly department: string;
  readonly departmentName: string;
  readonly category: string;
  /** null for the amendment departments, whose category lists the portal does not hold. */
  readonly categoryName: string | null;
  /** Positions 3–8: the registration authority's division code (not checked against GB/T 2260). */
  readonly division: string;
  /** Positions 9–17: the GB 11714 body identifier including its own check character. */
  readonly organisationCode: string;
  readonly checkCharacter: string;
}

export type CreditCodeInvalidReason =
  'empty' | 'wrong_length' | 'invalid_character' | 'division_not_digits' | 'unknown_department_category' | 'wrong_check_character';

export type CreditCodeWarningCode = 'organisation_code_check_failed';

export interface CreditCodeWarning {
  readonly code: CreditCodeWarningCode;
  readonly message: string;
  /** The GB 11714 check character positions 9–16 call for. */
  readonly expected: string;
}

export interface ValidCreditCode {
  readonly valid: true;
  readonly code: string;
  readonly parts: CreditCodeParts;
  readonly warnings: readonly CreditCodeWarning[];
}

export interface InvalidCreditCode {
  readonly valid: false;
  /** The normalised input, so that `position` indexes into it. */
  readonly code: string;
  readonly reason: CreditCodeInvalidReason;
  readonly message: string;
  /** 1-based position of the offending character. */
  readonly position?: number;
  readonly character?: string;
  /** The check character the first 17 characters call for (reason `wrong_check_character`). */
  readonly expected?: string;
  readonly warnings: readonly CreditCodeWarning[];
}

export type CreditCodeValidation = ValidCreditCode | InvalidCreditCode;

export type CreditCodeCompositionErrorCode =
  | 'wrong_length'
  | 'invalid_character'
  | 'unknown_department_category'
  | 'division_not_digits'
  | 'invalid_body'
  | 'organisation_code_check_failed';

/** Raised when building a code from parts that no well-formed credit code could contain. */
export class CreditCodeCompositionError extends Error {
  constructor(
    readonly code: CreditCodeCompositionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CreditCodeCompositionError';
  }
}

/** Raised by parseCreditCode, carrying the validation that explains why. */
export class InvalidCreditCodeError extends Error {
  readonly code: CreditCodeInvalidReason;

  constructor(readonly validation: InvalidCreditCode) {
    super(validation.message);
    this.code = validation.reason;
    this.name = 'InvalidCreditCodeError';
  }
}

export function normaliseCreditCode(input: string): string {
  return normaliseIdentifier(input);
}

const MIN_SEARCHABLE_PREFIX = 4;

/**
 * Whether a search term (normalised) can be a code or its beginning rather than words of a name: four to
 * eighteen characters of the code's alphabet whose positions 3–8, as far as they go, are digits (the
 * division code). Without the digits, a Latin name such as "HARBOURLANTERN" would be taken for a code.
 */
export function isCreditCodePrefix(normalised: string): boolean {
  const length = normalised.length;
  if (length < MIN_SEARCHABLE_PREFIX || length > CREDIT_CODE_LENGTH) return false;
  for (let index = 0; index < length; index++) {
    const character = normalised.charAt(index);
    const inDivision = index >= DIVISION_START && index < DIVISION_END;
    if (inDivision ? !(character >= '0' && character <= '9') : usccCharacterValue(character) === undefined) return false;
  }
  return true;
}

/** Throws CreditCodeCompositionError unless `first17` is 17 characters of the USCC alphabet. */
export function computeCreditCodeCheckCharacter(first17: string): string {
  const characters = Array.from(first17);
  if (characters.length !== CREDIT_CODE_LENGTH - 1) {
    throw new CreditCodeCompositionError(
      'wrong_length',
      `The check character is computed from ${CREDIT_CODE_LENGTH - 1} characters, not ${characters.length}`,
    );
  }
  let sum = 0;
  for (const [index, character] of characters.entries()) {
    const value = usccCharacterValue(character);
    if (value === undefined) {
      throw new CreditCodeCompositionError(
        'invalid_character',
        `Character ${describeCharacter(character)} at position ${index + 1} is not allowed in a credit code`,
      );
    }
    sum += value * (CREDIT_CODE_WEIGHTS[index] ?? 0);
  }
  // 31 − (Σ mod 31), with 31 written as 0, is simply −Σ mod 31.
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Whether the department/category pair in positions 1–2 is one the portal accepts. */
export function isKnownDepartmentCategory(department: string, category: string): boolean {
  const definition = DEPARTMENTS.get(department);
  if (definition === undefined || usccCharacterValue(category) === undefined) {
    return false;
  }
  return definition.categories === null || definition.categories.has(category);
}

function organisationCodeWarnings(organisationCode: string): CreditCodeWarning[] {
  const expected = computeOrganisationCodeCheckCharacter(organisationCode.slice(0, 8));
  const actual = organisationCode.charAt(8);
  if (expected === actual) {
    return [];
  }
  return [
    {
      code: 'organisation_code_check_failed',
      message:
        `The organisation code ${organisationCode} (positions 9–17) fails the GB 11714 check: ` +
        `its check character should be ${expected}, not ${actual}`,
      expected,
    },
  ];
}

function partsOf(code: string): CreditCodeParts {
  const department = code.charAt(0);
  const category = code.charAt(1);
  const definition = DEPARTMENTS.get(department);
  return {
    department,
    departmentName: definition?.name ?? 'unknown',
    category,
    categoryName: definition?.categories?.get(category) ?? null,
    division: code.slice(DIVISION_START, DIVISION_END),
    organisationCode: code.slice(DIVISION_END, ORGANISATION_CODE_END),
    checkCharacter: code.charAt(ORGANISATION_CODE_END),
  };
}

function departmentCategoryProblem(
  department: string,
  category: string,
): { message: string; position: number; character: string } | undefined {
  const definition = DEPARTMENTS.get(department);
  if (definition === undefined) {
    return {
      message: `'${department}' at position 1 is not a known registration management department`,
      position: 1,
      character: department,
    };
  }
  if (definition.categories !== null && !definition.categories.has(category)) {
    const allowed = Array.from(definition.categories.keys()).join(', ');
    return {
      message: `'${category}' at position 2 is not a category of department '${department}' ` + `(${definition.name}); allowed: ${allowed}`,
      position: 2,
      character: category,
    };
  }
  return undefined;
}

/**
 * Validates a credit code as a person or another system supplied it. The checks run in a fixed order so
 * that the reason reported is always the most basic thing wrong, and each names the position at fault.
 */
export function validateCreditCode(input: string): CreditCodeValidation {
  const code = normaliseCreditCode(input);
  const characters = Array.from(code);
  const invalid = (
    fields: Omit<InvalidCreditCode, 'valid' | 'code' | 'warnings'>,
    warnings: readonly CreditCodeWarning[] = [],
  ): InvalidCreditCode => ({ valid: false, code, ...fields, warnings });

  if (characters.length === 0) {
    return invalid({ reason: 'empty', message: 'The credit code is empty' });
  }
  if (characters.length !== CREDIT_CODE_LENGTH) {
    return invalid({
      reason: 'wrong_length',
      message: `A credit code has ${CREDIT_CODE_LENGTH} characters; this one has ${characters.length}`,
    });
  }
  const badIndex = characters.findIndex((character) => usccCharacterValue(character) === undefined);
  if (badIndex !== -1) {
    const character = characters[badIndex] ?? '';
    return invalid({
      reason: 'invalid_character',
      message: `Character ${describeCharacter(character)} at position ${badIndex + 1} is not allowed in a credit code`,
      position: badIndex + 1,
      character,
    });
  }

  // From here the code is 18 single-unit characters, so string indices equal positions − 1.
  const warnings = organisationCodeWarnings(code.slice(DIVISION_END, ORGANISATION_CODE_END));

  for (let index = DIVISION_START; index < DIVISION_END; index += 1) {
    const character = code.charAt(index);
    if (character < '0' || character > '9') {
      return invalid(
        {
          reason: 'division_not_digits',
          message:
            `Character '${character}' at position ${index + 1} is not a digit; ` + 'positions 3–8 are the administrative division code',
          position: index + 1,
          character,
        },
        warnings,
      );
    }
  }

  const pairProblem = departmentCategoryProblem(code.charAt(0), code.charAt(1));
  if (pairProblem !== undefined) {
    return invalid({ reason: 'unknown_department_category', ...pairProblem }, warnings);
  }

  const expected = computeCreditCodeCheckCharacter(code.slice(0, CREDIT_CODE_LENGTH - 1));
  const actual = code.charAt(CREDIT_CODE_LENGTH - 1);
  if (expected !== actual) {
    return invalid(
      {
        reason: 'wrong_check_character',
        message: `The check character should be ${expected}, not ${actual}`,
        position: CREDIT_CODE_LENGTH,
        character: actual,
        expected,
      },
      warnings,
    );
  }

  return { valid: true, code, parts: partsOf(code), warnings };
}

/** The parts of a valid credit code; throws InvalidCreditCodeError for anything else. */
export function parseCreditCode(code: string): CreditCodeParts {
  const validation = validateCreditCode(code);
  if (!validation.valid) {
    throw new InvalidCreditCodeError(validation);
  }
  return validation.parts;
}

export interface CreditCodeComponents {
  readonly department: string;
  readonly category: string;
  /** Six digits: the registration authority's division code. */
  readonly division: string;
  /** The nine-character body identifier: eight characters and their GB 11714 check character. */
  readonly body: string;
}

/**
 * Builds a complete code for issuance. Unlike validation, which tolerates a failed GB 11714 check in
 * codes issued elsewhere, codes this portal issues must pass both checks, so a body with a wrong GB 11714
 * check character is refused here.
 */
export function composeCreditCode(components: CreditCodeComponents): string {
  const { department, category, division, body } = components;
  if (department.length !== 1 || category.length !== 1 || !isKnownDepartmentCategory(department, category)) {
    throw new CreditCodeCompositionError(
      'unknown_department_category',
      `'${department}${category}' is not a known department and category`,
    );
  }
  if (!/^[0-9]{6}$/.test(division)) {
    throw new CreditCodeCompositionError('division_not_digits', `A division code is 6 digits, not '${division}'`);
  }
  if (body.length !== 9 || !Array.from(body).every((character) => usccCharacterValue(character) !== undefined)) {
    throw new CreditCodeCompositionError('invalid_body', `A body identifier is 9 characters from ${USCC_ALPHABET}, not '${body}'`);
  }
  const expectedBodyCheck = computeOrganisationCodeCheckCharacter(body.slice(0, 8));
  if (expectedBodyCheck !== body.charAt(8)) {
    throw new CreditCodeCompositionError(
      'organisation_code_check_failed',
      `Body identifier '${body}' fails the GB 11714 check: its check character should be ${expectedBodyCheck}`,
    );
  }
  const first17 = department + category + division + body;
  return first17 + computeCreditCodeCheckCharacter(first17);
}
