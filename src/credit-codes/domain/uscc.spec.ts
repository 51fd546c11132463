import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  composeCreditCode,
  computeCreditCodeCheckCharacter,
  computeOrganisationCodeCheckCharacter,
  CREDIT_CODE_WEIGHTS,
  CreditCodeCompositionError,
  type CreditCodeCompositionErrorCode,
  type CreditCodeComponents,
  type CreditCodeInvalidReason,
  type CreditCodeValidation,
  formatBodyIdentifier,
  InvalidCreditCodeError,
  isCreditCodePrefix,
  isKnownDepartmentCategory,
  MAX_SEQUENCE,
  normaliseCreditCode,
  parseBodySequence,
  parseCreditCode,
  USCC_ALPHABET,
  validateCreditCode,
} from './index';

// Fixed seeds keep every property run and every measured rate in DETECTION.md reproducible.
const SEED = 32_100_2015;

// ---------------------------------------------------------------------------------------------------
// Independent restatement of STANDARDS.md §1, so the tests do not merely echo the implementation.
// ---------------------------------------------------------------------------------------------------

const STANDARD_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  '1': ['1', '2', '3', '9'],
  '5': ['1', '2', '3', '9'],
  '9': ['1', '2', '3'],
  Y: ['1'],
};
const AMENDMENT_DEPARTMENTS = ['2', '3', '4', '6', '7', '8', 'A', 'N'];

const ACCEPTED_PAIRS: readonly string[] = [
  ...Object.entries(STANDARD_CATEGORIES).flatMap(([department, categories]) => categories.map((category) => department + category)),
  ...AMENDMENT_DEPARTMENTS.flatMap((department) => Array.from(USCC_ALPHABET, (category) => department + category)),
];

function withCheck(first17: string): string {
  return first17 + computeCreditCodeCheckCharacter(first17);
}

function expectInvalid(result: CreditCodeValidation): Extract<CreditCodeValidation, { valid: false }> {
  if (result.valid) {
    throw new Error(`expected ${result.code} to be invalid`);
  }
  return result;
}

function expectValid(result: CreditCodeValidation): Extract<CreditCodeValidation, { valid: true }> {
  if (!result.valid) {
    throw new Error(`expected ${result.code} to be valid, got ${result.reason}: ${result.message}`);
  }
  return result;
}

function compositionErrorCode(components: CreditCodeComponents): CreditCodeCompositionErrorCode {
  try {
    composeCreditCode(components);
  } catch (error: unknown) {
    if (error instanceof CreditCodeCompositionError) {
      return error.code;
    }
    throw error;
  }
  throw new Error('expected composeCreditCode to throw');
}

const alphabetCharacter = fc.constantFrom(...Array.from(USCC_ALPHABET));
const digit = fc.constantFrom(...Array.from('0123456789'));
const division = fc.string({ unit: digit, minLength: 6, maxLength: 6 });

/** Any code the validator must accept: positions 9–17 are arbitrary, as in codes issued elsewhere. */
const acceptedCode = fc
  .record({
    pair: fc.constantFrom(...ACCEPTED_PAIRS),
    division,
    organisationCode: fc.string({ unit: alphabetCharacter, minLength: 9, maxLength: 9 }),
  })
  .map(({ pair, division: d, organisationCode }) => withCheck(pair + d + organisationCode));

/** A code as this portal issues it. */
const issuedComponents = fc
  .record({
    pair: fc.constantFrom(...ACCEPTED_PAIRS),
    division,
    prefix: fc.string({ unit: alphabetCharacter, minLength: 2, maxLength: 2 }),
    sequence: fc.integer({ min: 0, max: MAX_SEQUENCE }),
  })
  .map(({ pair, division: d, prefix, sequence }): CreditCodeComponents => ({
    department: pair.charAt(0),
    category: pair.charAt(1),
    division: d,
    body: formatBodyIdentifier(prefix, sequence),
  }));

// ---------------------------------------------------------------------------------------------------
// Fixture: every example in shared/data/uscc-examples.json (copied to test/fixtures).
// ---------------------------------------------------------------------------------------------------

interface Example {
  readonly code: string;
  readonly source: string;
  readonly reason?: string;
}

interface ExampleFile {
  readonly valid: readonly Example[];
  readonly invalid: readonly Example[];
}

function isExample(value: unknown): value is Example {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  return (
    typeof record['code'] === 'string' &&
    typeof record['source'] === 'string' &&
    (record['reason'] === undefined || typeof record['reason'] === 'string')
  );
}

function loadExamples(): ExampleFile {
  const path = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'uscc-examples.json');
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof raw !== 'object' || raw === null) {
    throw new Error(`${path} is not a JSON object`);
  }
  const { valid, invalid } = raw as Record<string, unknown>;
  if (!Array.isArray(valid) || !valid.every(isExample)) {
    throw new Error(`${path}: "valid" is not a list of {code, source}`);
  }
  if (!Array.isArray(invalid) || !invalid.every(isExample)) {
    throw new Error(`${path}: "invalid" is not a list of {code, reason, source}`);
  }
  return { valid, invalid };
}

interface StatedVerdict {
  readonly reason: CreditCodeInvalidReason;
  /** Letters the example says are excluded; the reported character must be one of them. */
  readonly excludedLetters?: readonly string[];
  /** The check character the example says positions 1–17 call for. */
  readonly expectedCheck?: string;
}

/**
 * The fixture states each verdict in prose. Reading it here, and failing on prose it cannot read, means
 * a newly added example is either checked against what it says or stops the build until it is.
 */
function statedVerdict(reason: string): StatedVerdict {
  if (reason === 'empty') {
    return { reason: 'empty' };
  }
  if (reason === 'length') {
    return { reason: 'wrong_length' };
  }
  const check = /(?:expected|check should be) ([0-9A-Z])\b/.exec(reason)?.[1];
  const excludedList = /excluded letters ([A-Z](?:,[A-Z])*)/.exec(reason)?.[1];
  const excludedSingle = /\b([A-Z]) is excluded/.exec(reason)?.[1];
  const excludedLetters = excludedList?.split(',') ?? (excludedSingle ? [excludedSingle] : undefined);
  if (excludedLetters !== undefined) {
    return {
      reason: 'invalid_character',
      excludedLetters,
      ...(check ? { expectedCheck: check } : {}),
    };
  }
  if (check !== undefined && /check/.test(reason)) {
    return { reason: 'wrong_check_character', expectedCheck: check };
  }
  throw new Error(`Cannot read the stated reason "${reason}"; teach statedVerdict() to read it`);
}

const examples = loadExamples();

describe('uscc-examples.json', () => {
  it('holds both valid and invalid examples', () => {
    expect(examples.valid.length).toBeGreaterThan(0);
    expect(examples.invalid.length).toBeGreaterThan(0);
  });

  describe.each(examples.valid.map((example) => [example.code, example] as const))('valid example %s', (_code, example) => {
    it('validates, and its parts reassemble into the code', () => {
      const result = expectValid(validateCreditCode(example.code));
      const { parts } = result;
      expect(result.code).toBe(example.code);
      expect(parts.department + parts.category + parts.division + parts.organisationCode + parts.checkCharacter).toBe(example.code);
      expect(parseCreditCode(example.code)).toEqual(parts);
    });

    it('still validates when typed in lower case with spaces and hyphens', () => {
      const sloppy = ` ${example.code.slice(0, 6).toLowerCase()}-${example.code.slice(6, 12)} ${example.code.slice(12)}\u3000`;
      expect(expectValid(validateCreditCode(sloppy)).code).toBe(example.code);
    });
  });

  describe.each(examples.invalid.map((example) => [JSON.stringify(example.code), example] as const))(
    'invalid example %s',
    (_label, example) => {
      const stated = statedVerdict(example.reason ?? '');

      it(`is rejected for the stated reason (${stated.reason})`, () => {
        const result = expectInvalid(validateCreditCode(example.code));
        expect(result.reason).toBe(stated.reason);
        if (stated.reason === 'wrong_length') {
          expect(result.message).toContain(`this one has ${Array.from(example.code).length}`);
        }
        if (stated.excludedLetters !== undefined) {
          const firstExcluded = Array.from(example.code).findIndex((character) => stated.excludedLetters?.includes(character));
          expect(result.position).toBe(firstExcluded + 1);
          expect(stated.excludedLetters).toContain(result.character);
          expect(result.message).toBe(
            `Character '${result.character ?? ''}' at position ${firstExcluded + 1} is not allowed in a credit code`,
          );
        }
        if (stated.reason === 'wrong_check_character') {
          expect(result.expected).toBe(stated.expectedCheck);
          expect(result.position).toBe(18);
          expect(result.message).toBe(`The check character should be ${stated.expectedCheck ?? ''}, not ${example.code.charAt(17)}`);
        }
      });

      if (stated.expectedCheck !== undefined) {
        it(`has positions 1–17 that call for check character ${stated.expectedCheck}`, () => {
          expect(computeCreditCodeCheckCharacter(example.code.slice(0, 17))).toBe(stated.expectedCheck);
        });
      }
    },
  );

  it('MA-prefixed bodies of real codes pass GB 11714 only when letters are valued A=10 … Z=35', () => {
    const maCodes = examples.valid.filter((example) => example.code.slice(8, 10) === 'MA');
    expect(maCodes.length).toBeGreaterThanOrEqual(5);
    const weights = [3, 7, 9, 10, 5, 8, 4, 2];
    const checkWithUsccValues = (body8: string): string => {
      const sum = Array.from(body8).reduce(
        (total, character, index) => total + USCC_ALPHABET.indexOf(character) * (weights[index] ?? 0),
        0,
      );
      return '0123456789X0'.charAt(11 - (sum % 11));
    };
    for (const { code } of maCodes) {
      expect(expectValid(validateCreditCode(code)).warnings).toEqual([]);
    }
    const passingWithUsccValues = maCodes.filter(({ code }) => checkWithUsccValues(code.slice(8, 16)) === code.charAt(16));
    expect(passingWithUsccValues.length).toBeLessThan(maCodes.length / 2);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('the GB 32100-2015 constants', () => {
  it('uses the 31-character alphabet without I, O, Z, S and V', () => {
    expect(USCC_ALPHABET).toBe('0123456789ABCDEFGHJKLMNPQRTUWXY');
    expect(new Set(USCC_ALPHABET).size).toBe(31);
    for (const excluded of 'IOZSV') {
      expect(USCC_ALPHABET).not.toContain(excluded);
    }
  });

  it('weights position i by 3^(i−1) mod 31', () => {
    const derived = Array.from({ length: 17 }, (_, index) => {
      let weight = 1;
      for (let power = 0; power < index; power += 1) {
        weight = (weight * 3) % 31;
      }
      return weight;
    });
    expect(CREDIT_CODE_WEIGHTS).toEqual(derived);
    expect(CREDIT_CODE_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });
});

describe('computeCreditCodeCheckCharacter', () => {
  it("reproduces the standard's worked example: 91350100M000100Y4 → Σ 1640 → 3", () => {
    const first17 = '91350100M000100Y4';
    const sum = Array.from(first17).reduce(
      (total, character, index) => total + USCC_ALPHABET.indexOf(character) * (CREDIT_CODE_WEIGHTS[index] ?? Number.NaN),
      0,
    );
    expect(sum).toBe(1640);
    expect(sum % 31).toBe(28);
    expect(computeCreditCodeCheckCharacter(first17)).toBe('3');
  });

  it('writes a remainder of 0 as 0, not as a 32nd character', () => {
    expect(computeCreditCodeCheckCharacter('00000000000000000')).toBe('0');
  });

  it.each([
    ['', 'wrong_length'],
    ['91350100M000100Y', 'wrong_length'],
    ['91350100M000100Y43', 'wrong_length'],
    ['91350100M000100I4', 'invalid_character'],
    ['91350100m000100Y4', 'invalid_character'],
  ])('refuses %j (%s)', (first17, code) => {
    expect(() => computeCreditCodeCheckCharacter(first17)).toThrow(CreditCodeCompositionError);
    try {
      computeCreditCodeCheckCharacter(first17);
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(CreditCodeCompositionError);
      expect((error as CreditCodeCompositionError).code).toBe(code);
    }
  });
});

describe('normaliseCreditCode', () => {
  it.each([
    ['91350100M000100Y43', '91350100M000100Y43'],
    ['  9135 0100 M000 100Y 43 ', '91350100M000100Y43'],
    ['913501-00M000-100Y43', '91350100M000100Y43'],
    ['91350100m000100y43', '91350100M000100Y43'],
    ['\t91350100M000100Y43\n', '91350100M000100Y43'],
    ['９１３５０１００Ｍ０００１００Ｙ４３', '91350100M000100Y43'],
    ['９１３５０１００ｍ０００１００ｙ４３', '91350100M000100Y43'],
    ['91350100M000100Y43\u3000', '91350100M000100Y43'],
    ['913501\u3000\u300000M000100Y43', '91350100M000100Y43'],
    ['913501\uff0d00M000100Y43', '91350100M000100Y43'],
    ['913501\u201300M000100Y43', '91350100M000100Y43'],
    // Invisible format characters left by word processors: soft hyphen, zero-width space, word joiner, BOM.
    ['913501\u00ad00M000100Y43', '91350100M000100Y43'],
    ['91350100\u200bM000100Y43', '91350100M000100Y43'],
    ['\u206091350100M000100Y43\u200d', '91350100M000100Y43'],
    ['\ufeff91350100M000100Y43', '91350100M000100Y43'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normaliseCreditCode(input)).toBe(expected);
  });

  it('upper-cases only ASCII letters, so one character never becomes two', () => {
    expect(normaliseCreditCode('9135ß')).toBe('9135ß');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => {
        const once = normaliseCreditCode(input);
        expect(normaliseCreditCode(once)).toBe(once);
      }),
      { seed: SEED },
    );
  });
});

describe('validateCreditCode', () => {
  describe('reports each reason precisely', () => {
    it.each(['', '   ', '\u3000', ' - ', '--'])('empty: %j', (input) => {
      const result = expectInvalid(validateCreditCode(input));
      expect(result).toEqual({
        valid: false,
        code: '',
        reason: 'empty',
        message: 'The credit code is empty',
        warnings: [],
      });
    });

    it.each([
      ['91350100M000100Y4', 17],
      ['91350100M000100Y433', 19],
      ['9', 1],
      ['IIIIIIIIIIIIIIIIIIIIII', 22],
    ])('wrong_length: %s has %d characters', (input, length) => {
      const result = expectInvalid(validateCreditCode(input));
      expect(result.reason).toBe('wrong_length');
      expect(result.message).toBe(`A credit code has 18 characters; this one has ${length}`);
      expect(result.position).toBeUndefined();
    });

    it('counts characters, not UTF-16 units, when reporting a length', () => {
      const result = expectInvalid(validateCreditCode('91350100M000100Y4😀'));
      expect(result.reason).toBe('invalid_character');
      expect(result.position).toBe(18);
      expect(result.character).toBe('😀');
    });

    it.each([
      ['9135I100M000100Y43', 'I', 5],
      ['91350100M000100YO3', 'O', 17],
      ['S1350100M000100Y43', 'S', 1],
      ['9135010OM000100Y43', 'O', 8],
      ['91350100M00V100Y43', 'V', 12],
      ['91350100M000100Y4Z', 'Z', 18],
      ['91350100M000100Y4*', '*', 18],
      ['9135é100M000100Y43', 'é', 5],
      ['9135i100M000100Y43', 'I', 5],
    ])('invalid_character: %s has %s at position %d', (input, character, position) => {
      const result = expectInvalid(validateCreditCode(input));
      expect(result).toMatchObject({ reason: 'invalid_character', position, character });
      expect(result.message).toBe(`Character '${character}' at position ${position} is not allowed in a credit code`);
    });

    it('names an invisible character by its code point', () => {
      const result = expectInvalid(validateCreditCode('9135\u0000100M000100Y43'));
      expect(result.message).toBe('Character U+0000 at position 5 is not allowed in a credit code');
      expect(result.character).toBe('\u0000');
    });

    it('reports the first offending character', () => {
      expect(validateCreditCode('9111000060003IOZSV')).toMatchObject({
        position: 14,
        character: 'I',
      });
    });

    it.each([
      ['91A50100M000100Y43', 'A', 3],
      ['913501Y0M000100Y43', 'Y', 7],
      ['9135010XM000100Y43', 'X', 8],
    ])('division_not_digits: %s has %s at position %d', (input, character, position) => {
      const result = expectInvalid(validateCreditCode(input));
      expect(result).toMatchObject({ reason: 'division_not_digits', position, character });
      expect(result.message).toBe(
        `Character '${character}' at position ${position} is not a digit; positions 3–8 are the administrative division code`,
      );
    });

    it.each([
      ['0', '1', 1],
      ['B', '1', 1],
      ['X', '1', 1],
      ['9', '0', 2],
      ['9', '4', 2],
      ['9', '9', 2],
      ['1', '4', 2],
      ['5', 'A', 2],
      ['Y', '2', 2],
    ])('unknown_department_category: department %s category %s (position %d)', (department, category, position) => {
      const code = withCheck(`${department}${category}350100M000100Y4`);
      const result = expectInvalid(validateCreditCode(code));
      expect(result).toMatchObject({
        reason: 'unknown_department_category',
        position,
        character: position === 1 ? department : category,
      });
    });

    it('explains an unknown department and an unknown category in words', () => {
      expect(validateCreditCode(withCheck('B1350100M000100Y4'))).toMatchObject({
        message: "'B' at position 1 is not a known registration management department",
      });
      expect(validateCreditCode(withCheck('94350100M000100Y4'))).toMatchObject({
        message: "'4' at position 2 is not a category of department '9' (market regulation); allowed: 1, 2, 3",
      });
    });

    it('wrong_check_character: says which character was expected', () => {
      const result = expectInvalid(validateCreditCode('91350100M000100Y44'));
      expect(result).toEqual({
        valid: false,
        code: '91350100M000100Y44',
        reason: 'wrong_check_character',
        message: 'The check character should be 3, not 4',
        position: 18,
        character: '4',
        expected: '3',
        warnings: [],
      });
    });
  });

  describe('checks in the documented order', () => {
    it('length before characters', () => {
      expect(validateCreditCode('IOZSV')).toMatchObject({ reason: 'wrong_length' });
    });
    it('characters before the division', () => {
      expect(validateCreditCode('91A50100M000100YI3')).toMatchObject({
        reason: 'invalid_character',
        position: 17,
      });
    });
    it('division before department and category', () => {
      expect(validateCreditCode('B4A50100M000100Y43')).toMatchObject({
        reason: 'division_not_digits',
      });
    });
    it('department before category', () => {
      expect(validateCreditCode('BB350100M000100Y43')).toMatchObject({
        reason: 'unknown_department_category',
        position: 1,
      });
    });
    it('department and category before the check character', () => {
      const right = withCheck('94350100M000100Y4');
      const wrongCheck = right.slice(0, 17) + (right.endsWith('0') ? '1' : '0');
      expect(validateCreditCode(wrongCheck)).toMatchObject({
        reason: 'unknown_department_category',
      });
    });
  });

  describe('departments and categories', () => {
    it('accepts exactly the pairs of STANDARDS.md §1 plus any category of an amendment department', () => {
      const accepted = new Set(ACCEPTED_PAIRS);
      for (const department of USCC_ALPHABET) {
        for (const category of USCC_ALPHABET) {
          expect([department + category, isKnownDepartmentCategory(department, category)]).toEqual([
            department + category,
            accepted.has(department + category),
          ]);
        }
      }
      expect(isKnownDepartmentCategory('9', '')).toBe(false);
      expect(isKnownDepartmentCategory('2', 'I')).toBe(false);
    });

    it('accepts a code for every accepted department and category pair', () => {
      for (const pair of ACCEPTED_PAIRS) {
        expect(validateCreditCode(withCheck(`${pair}350100M000100Y4`))).toMatchObject({
          valid: true,
        });
      }
    });
  });

  describe('parts', () => {
    it.each([
      ['9', '1', 'market regulation', 'enterprise'],
      ['9', '2', 'market regulation', 'individual industrial and commercial household'],
      ['9', '3', 'market regulation', "farmers' specialised cooperative"],
      ['1', '1', 'establishment authority', 'government body'],
      ['1', '2', 'establishment authority', 'public institution'],
      ['1', '3', 'establishment authority', 'mass organisation'],
      ['1', '9', 'establishment authority', 'other'],
      ['5', '1', 'civil affairs', 'social group'],
      ['5', '2', 'civil affairs', 'private non-enterprise unit'],
      ['5', '3', 'civil affairs', 'foundation'],
      ['5', '9', 'civil affairs', 'other'],
      ['Y', '1', 'other', 'other'],
      ['2', '1', 'foreign affairs', null],
      ['3', '5', 'judicial administration', null],
      ['4', '1', 'culture', null],
      ['6', '2', 'tourism', null],
      ['7', '1', 'religious affairs', null],
      ['8', '9', 'trade unions', null],
      ['A', '1', 'Central Military Commission reform and establishment office', null],
      ['N', '3', 'agriculture', null],
    ])('%s%s is %s / %s', (department, category, departmentName, categoryName) => {
      const code = withCheck(`${department}${category}210242MA0YGH36X`);
      expect(parseCreditCode(code)).toEqual({
        department,
        departmentName,
        category,
        categoryName,
        division: '210242',
        organisationCode: 'MA0YGH36X',
        checkCharacter: code.charAt(17),
      });
    });
  });

  describe('the GB 11714 check on positions 9–17', () => {
    it('is a warning, not a rejection, for codes issued elsewhere', () => {
      const code = withCheck('91350100M000100Y5');
      const result = expectValid(validateCreditCode(code));
      expect(result.warnings).toEqual([
        {
          code: 'organisation_code_check_failed',
          message: 'The organisation code M000100Y5 (positions 9–17) fails the GB 11714 check: its check character should be 4, not 5',
          expected: '4',
        },
      ]);
    });

    it('warns even when position 17 holds a letter no GB 11714 check can produce', () => {
      const result = expectValid(validateCreditCode(withCheck('91350100M000100YA')));
      expect(result.warnings).toMatchObject([{ code: 'organisation_code_check_failed', expected: '4' }]);
    });

    it('is also reported alongside a rejection for a later reason', () => {
      const result = expectInvalid(validateCreditCode('91350100M000100Y50'));
      expect(result.reason).toBe('wrong_check_character');
      expect(result.warnings).toMatchObject([{ code: 'organisation_code_check_failed' }]);
    });

    it('is not attempted when the characters themselves are wrong', () => {
      expect(validateCreditCode('91350100M0001I0Y50').warnings).toEqual([]);
    });

    /*
     * STANDARDS.md §1 cites Xiamen's 91350211M0000XUF46 as failing the GB 11714 check. With letters
     * valued A=10 … Z=35 as §2 prescribes (and as every MA-prefixed real code in the fixture confirms),
     * its body passes: M·3 + X·8 + U·4 + F·2 = 66 + 264 + 120 + 30 = 480, 480 mod 11 = 7, 11 − 7 = 4,
     * which is position 17. It fails only with USCC-alphabet values (X=29, U=27), where the check is 7.
     * The code is still invalid, because of its position-18 check character.
     */
    it('Xiamen pilot code 91350211M0000XUF46: invalid check character, body passes GB 11714', () => {
      expect(computeOrganisationCodeCheckCharacter('M0000XUF')).toBe('4');
      const result = expectInvalid(validateCreditCode('91350211M0000XUF46'));
      expect(result).toMatchObject({ reason: 'wrong_check_character', expected: 'R' });
      expect(result.warnings).toEqual([]);
    });
  });

  describe('properties', () => {
    it('accepts every code whose check character was computed from accepted parts', () => {
      fc.assert(
        fc.property(acceptedCode, (code) => {
          const result = expectValid(validateCreditCode(code));
          expect(result.code).toBe(code);
        }),
        { seed: SEED, numRuns: 2000 },
      );
    });

    it('gives the same verdict however the code is spaced, hyphenated, cased or widened', () => {
      const presentation = fc.constantFrom<(code: string) => string>(
        (code) => code.toLowerCase(),
        (code) => code.replace(/(.{4})/g, '$1 '),
        (code) => `${code.slice(0, 8)}-${code.slice(8, 17)}-${code.slice(17)}`,
        (code) => Array.from(code, (character) => String.fromCodePoint((character.codePointAt(0) ?? 0) + 0xfee0)).join(''),
        (code) => `\u3000${code}\u3000`,
      );
      fc.assert(
        fc.property(acceptedCode, presentation, (code, present) => {
          expect(validateCreditCode(present(code))).toEqual(validateCreditCode(code));
        }),
        { seed: SEED, numRuns: 1000 },
      );
    });

    it('never throws, whatever it is given, and always reports the normalised code', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            fc.string({ unit: alphabetCharacter, minLength: 18, maxLength: 18 }),
            fc.string({
              unit: fc.constantFrom(...Array.from(`${USCC_ALPHABET}IOZSVa -`)),
              minLength: 16,
              maxLength: 20,
            }),
          ),
          (input) => {
            const result = validateCreditCode(input);
            expect(result.code).toBe(normaliseCreditCode(input));
            if (result.valid) {
              expect(result.code).toHaveLength(18);
            } else if (result.position !== undefined) {
              expect(Array.from(result.code)[result.position - 1]).toBe(result.character);
            }
          },
        ),
        { seed: SEED, numRuns: 3000 },
      );
    });
  });
});

describe('parseCreditCode', () => {
  it('returns the parts of a valid code', () => {
    expect(parseCreditCode(' 91350100m000100y43 ')).toEqual({
      department: '9',
      departmentName: 'market regulation',
      category: '1',
      categoryName: 'enterprise',
      division: '350100',
      organisationCode: 'M000100Y4',
      checkCharacter: '3',
    });
  });

  it('throws InvalidCreditCodeError, carrying the validation, for an invalid code', () => {
    let thrown: unknown;
    try {
      parseCreditCode('91350100M000100Y44');
    } catch (error: unknown) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidCreditCodeError);
    const error = thrown as InvalidCreditCodeError;
    expect(error.code).toBe('wrong_check_character');
    expect(error.message).toBe('The check character should be 3, not 4');
    expect(error.validation.expected).toBe('3');
  });
});

describe('composeCreditCode', () => {
  const good: CreditCodeComponents = {
    department: '9',
    category: '1',
    division: '210200',
    body: formatBodyIdentifier('MA', 0),
  };

  it('builds the full 18-character code', () => {
    const code = composeCreditCode(good);
    expect(code).toBe(withCheck('91210200MA0000007'));
    expect(expectValid(validateCreditCode(code)).warnings).toEqual([]);
  });

  it("rebuilds the standard's worked example from its parts", () => {
    expect(composeCreditCode({ department: '9', category: '1', division: '350100', body: 'M000100Y4' })).toBe('91350100M000100Y43');
  });

  it.each<[string, Partial<CreditCodeComponents>, CreditCodeCompositionErrorCode]>([
    ['unknown department', { department: 'B' }, 'unknown_department_category'],
    ['excluded letter as department', { department: 'I' }, 'unknown_department_category'],
    ['two-character department', { department: '91', category: '' }, 'unknown_department_category'],
    ['empty department', { department: '' }, 'unknown_department_category'],
    ['category not listed for 9', { category: '4' }, 'unknown_department_category'],
    ['lower-case department', { department: 'y' }, 'unknown_department_category'],
    ['short division', { division: '21020' }, 'division_not_digits'],
    ['long division', { division: '2102000' }, 'division_not_digits'],
    ['letter in division', { division: '2102O0' }, 'division_not_digits'],
    ['full-width digits in division', { division: '２１０２００' }, 'division_not_digits'],
    ['short body', { body: 'MA000000' }, 'invalid_body'],
    ['long body', { body: 'MA00000070' }, 'invalid_body'],
    ['body with an excluded letter', { body: 'MI0000007' }, 'invalid_body'],
    ['lower-case body', { body: 'ma0000007' }, 'invalid_body'],
    ['body failing GB 11714', { body: 'MA0000008' }, 'organisation_code_check_failed'],
  ])('refuses a %s', (_label, change, code) => {
    expect(compositionErrorCode({ ...good, ...change })).toBe(code);
  });

  it('throws an Error subclass that says what was wrong', () => {
    expect(() => composeCreditCode({ ...good, body: 'MA0000008' })).toThrow(
      "Body identifier 'MA0000008' fails the GB 11714 check: its check character should be 7",
    );
    expect(new CreditCodeCompositionError('invalid_body', 'x')).toBeInstanceOf(Error);
  });

  it('every composed code validates, without warnings, and parses back into its components', () => {
    fc.assert(
      fc.property(issuedComponents, (components) => {
        const code = composeCreditCode(components);
        const result = expectValid(validateCreditCode(code));
        expect(result.warnings).toEqual([]);
        expect(result.parts).toMatchObject({
          department: components.department,
          category: components.category,
          division: components.division,
          organisationCode: components.body,
        });
        expect(parseBodySequence(result.parts.organisationCode).sequence).toBeLessThanOrEqual(MAX_SEQUENCE);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Error detection. The arithmetic (see DETECTION.md): with Σ = Σ Cᵢ·Wᵢ and C18 ≡ −Σ (mod 31),
//  - substituting b for a at position i ≤ 17 shifts Σ by (b−a)·Wᵢ, non-zero mod the prime 31 because
//    0 < |b−a| < 31 and Wᵢ = 3^(i−1) is a unit; at position 18 C18 itself changes. Always detected.
//  - swapping a ≠ b at positions i < j ≤ 17 shifts Σ by (b−a)(Wᵢ − Wⱼ), non-zero because 3 is a
//    primitive root mod 31 so the 17 weights are distinct. Adjacent: (b−a)·Wᵢ·(1−3) = −2(b−a)Wᵢ.
//  - swapping a at i ≤ 17 with the check character c ≠ a leaves the code valid iff a ≡ −Σ′, which
//    works out to (c−a)(1 − Wᵢ) ≡ 0: detected for every i except i = 1, where W₁ = 1 and the check
//    character can never catch it; only the department/category rule can.
//  - two substitutions at i ≠ j go unnoticed by the check iff (b−a)Wᵢ ≡ −(d−c)Wⱼ: for each of the 30
//    changes at i exactly one of the 30 changes at j cancels it, so exactly 1 in 30 escapes.
// The tests below measure all of this exhaustively over seeded random codes and assert the guarantees.
// ---------------------------------------------------------------------------------------------------

const CODES_FOR_DETECTION = 300;
const CODES_FOR_DOUBLE_SUBSTITUTION = 6;

interface Tally {
  trials: number;
  byCheckCharacter: number;
  byValidator: number;
}

function tally(): Tally {
  return { trials: 0, byCheckCharacter: 0, byValidator: 0 };
}

function record(counter: Tally, mutated: string): void {
  counter.trials += 1;
  if (computeCreditCodeCheckCharacter(mutated.slice(0, 17)) !== mutated.charAt(17)) {
    counter.byCheckCharacter += 1;
  }
  if (!validateCreditCode(mutated).valid) {
    counter.byValidator += 1;
  }
}

function swap(code: string, i: number, j: number): string {
  const characters = Array.from(code);
  const a = characters[i] ?? '';
  characters[i] = characters[j] ?? '';
  characters[j] = a;
  return characters.join('');
}

function substitute(code: string, index: number, character: string): string {
  return code.slice(0, index) + character + code.slice(index + 1);
}

function rate(count: number, trials: number): string {
  return trials === 0 ? 'n/a' : `${((100 * count) / trials).toFixed(2)}%`;
}

describe('error detection (exhaustive over seeded random codes)', () => {
  const codes = fc.sample(acceptedCode, { seed: SEED, numRuns: CODES_FOR_DETECTION });
  const report: string[] = [];

  afterAll(() => {
    if (process.env['PRINT_DETECTION_RATES']) {
      process.stdout.write(`\nDetection rates (seed ${SEED}):\n${report.join('\n')}\n`);
    }
  });

  function line(label: string, counter: Tally): void {
    report.push(
      `| ${label} | ${counter.trials} | ${rate(counter.byCheckCharacter, counter.trials)} | ${rate(counter.byValidator, counter.trials)} |`,
    );
  }

  it('uses distinct codes', () => {
    expect(new Set(codes).size).toBe(CODES_FOR_DETECTION);
  });

  it('catches every single-character substitution at positions 1–17 and 18 (100%)', () => {
    const inBody = tally();
    const atCheck = tally();
    for (const code of codes) {
      for (let index = 0; index < 18; index += 1) {
        for (const replacement of USCC_ALPHABET) {
          if (replacement !== code.charAt(index)) {
            record(index < 17 ? inBody : atCheck, substitute(code, index, replacement));
          }
        }
      }
    }
    line('single substitution, positions 1–17', inBody);
    line('single substitution, position 18', atCheck);
    expect(inBody.trials).toBe(CODES_FOR_DETECTION * 17 * 30);
    expect(atCheck.trials).toBe(CODES_FOR_DETECTION * 30);
    for (const counter of [inBody, atCheck]) {
      expect(counter.byCheckCharacter).toBe(counter.trials);
      expect(counter.byValidator).toBe(counter.trials);
    }
  });

  it('catches every adjacent transposition of two different characters (100%)', () => {
    const within = tally();
    const withCheckCharacter = tally();
    for (const code of codes) {
      for (let index = 0; index < 17; index += 1) {
        if (code.charAt(index) !== code.charAt(index + 1)) {
          record(index < 16 ? within : withCheckCharacter, swap(code, index, index + 1));
        }
      }
    }
    line('adjacent transposition within positions 1–17', within);
    line('adjacent transposition of positions 17 and 18', withCheckCharacter);
    expect(withCheckCharacter.trials).toBeGreaterThan(CODES_FOR_DETECTION * 0.9);
    for (const counter of [within, withCheckCharacter]) {
      expect(counter.byCheckCharacter).toBe(counter.trials);
      expect(counter.byValidator).toBe(counter.trials);
    }
  });

  it('catches every jump transposition (abc → cba) and every twin error (aa → bb) (100%)', () => {
    const jump = tally();
    const twin = tally();
    for (const code of codes) {
      for (let index = 0; index < 16; index += 1) {
        if (code.charAt(index) !== code.charAt(index + 2)) {
          record(jump, swap(code, index, index + 2));
        }
      }
      for (let index = 0; index < 17; index += 1) {
        const twinCharacter = code.charAt(index);
        if (twinCharacter !== code.charAt(index + 1)) {
          continue;
        }
        for (const replacement of USCC_ALPHABET) {
          if (replacement !== twinCharacter) {
            record(twin, substitute(substitute(code, index, replacement), index + 1, replacement));
          }
        }
      }
    }
    line('jump transposition (i, i+2), positions 1–18', jump);
    line('twin error aa → bb, positions 1–18', twin);
    expect(twin.trials).toBeGreaterThan(0);
    for (const counter of [jump, twin]) {
      expect(counter.byCheckCharacter).toBe(counter.trials);
      expect(counter.byValidator).toBe(counter.trials);
    }
  });

  it('catches every transposition of any two positions except position 1 with position 18', () => {
    const otherPairs = tally();
    const firstWithLast = tally();
    for (const code of codes) {
      for (let i = 0; i < 18; i += 1) {
        for (let j = i + 1; j < 18; j += 1) {
          if (code.charAt(i) !== code.charAt(j)) {
            record(i === 0 && j === 17 ? firstWithLast : otherPairs, swap(code, i, j));
          }
        }
      }
    }
    line('any transposition except positions 1 ↔ 18', otherPairs);
    line('transposition of positions 1 ↔ 18', firstWithLast);
    expect(otherPairs.byCheckCharacter).toBe(otherPairs.trials);
    expect(otherPairs.byValidator).toBe(otherPairs.trials);
    // W₁ = 1, so the check character never notices this swap; only the department rule can.
    expect(firstWithLast.byCheckCharacter).toBe(0);
    // Measured floor for seed SEED (see DETECTION.md); the rate depends on the department mix.
    expect(firstWithLast.byValidator / firstWithLast.trials).toBeGreaterThanOrEqual(0.72);
  });

  it('misses exactly 1 in 30 double substitutions by check character (exhaustive)', () => {
    const double = tally();
    for (const code of codes.slice(0, CODES_FOR_DOUBLE_SUBSTITUTION)) {
      for (let i = 0; i < 18; i += 1) {
        for (let j = i + 1; j < 18; j += 1) {
          for (const first of USCC_ALPHABET) {
            if (first === code.charAt(i)) {
              continue;
            }
            const once = substitute(code, i, first);
            for (const second of USCC_ALPHABET) {
              if (second !== code.charAt(j)) {
                record(double, substitute(once, j, second));
              }
            }
          }
        }
      }
    }
    line('two substitutions at distinct positions', double);
    expect(double.trials).toBe(CODES_FOR_DOUBLE_SUBSTITUTION * 153 * 900);
    expect(double.trials - double.byCheckCharacter).toBe(double.trials / 30);
    // Structure (digits in 3–8, department/category) catches some of the rest: measured floor.
    expect(double.byValidator / double.trials).toBeGreaterThanOrEqual(0.98);
  });
});

describe('isCreditCodePrefix (is a search term a code or its beginning?)', () => {
  it.each([
    ['91210200MA00DTC11B', true],
    ['9121', true],
    ['91210200', true],
    ['91210200MA', true],
    ['Y1110000', true],
    ['912', false], // too short to tell
    ['91210200MA00DTC11B0', false], // longer than a code
    ['HARBOURLANTERN', false], // a Latin name, not a code: no division code digits
    ['KITE', false],
    ['AB12', true], // shaped as a code's beginning
    ['91A1', false], // position 3 is not a digit
    ['9121020X', false], // position 8 is not a digit
    ['9121020OMA', false], // O is not in the alphabet
    ['91210200MAI0', false], // nor I
    ['照码', false],
  ])('%s → %s', (term, expected) => {
    expect(isCreditCodePrefix(term)).toBe(expected);
  });

  it('accepts every beginning (4 characters or more) of every valid code', () => {
    fc.assert(
      fc.property(acceptedCode, fc.integer({ min: 4, max: 18 }), (code, length) => isCreditCodePrefix(code.slice(0, length))),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('never takes letters alone for a code', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...Array.from('ABCDEFGHJKLMNPQRTUWXY')), minLength: 1, maxLength: 30 }),
        (term) => !isCreditCodePrefix(term),
      ),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
