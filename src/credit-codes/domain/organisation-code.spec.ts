import fc from 'fast-check';
import {
  BODY_SEQUENCE_LENGTH,
  composeCreditCode,
  computeOrganisationCodeCheckCharacter,
  DEFAULT_BODY_PREFIX,
  formatBodyIdentifier,
  isValidOrganisationCode,
  MAX_SEQUENCE,
  ORGANISATION_CODE_WEIGHTS,
  OrganisationCodeError,
  type OrganisationCodeErrorCode,
  parseBodySequence,
  SequenceExhaustedError,
  USCC_ALPHABET,
  validateCreditCode,
} from './index';

const SEED = 11_714_1997;

const GB11714_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected the action to throw');
}

function errorCode(action: () => unknown): OrganisationCodeErrorCode {
  const error = thrownBy(action);
  expect(error).toBeInstanceOf(OrganisationCodeError);
  return (error as OrganisationCodeError).code;
}

const alphabetCharacter = fc.constantFrom(...Array.from(USCC_ALPHABET));
const prefix = fc.string({ unit: alphabetCharacter, minLength: 2, maxLength: 2 });
const sequence = fc.integer({ min: 0, max: MAX_SEQUENCE });
const gb11714Body = fc.string({
  unit: fc.constantFrom(...Array.from(GB11714_CHARACTERS)),
  minLength: 8,
  maxLength: 8,
});

describe('GB 11714-1997 organisation code', () => {
  it('weights the eight body characters 3,7,9,10,5,8,4,2', () => {
    expect(ORGANISATION_CODE_WEIGHTS).toEqual([3, 7, 9, 10, 5, 8, 4, 2]);
  });

  it.each([
    ['D2143569', 'X'],
    ['76822546', '9'],
    ['12345678', '8'],
  ])('the examples of STANDARDS.md §2: %s → %s', (body8, check) => {
    expect(computeOrganisationCodeCheckCharacter(body8)).toBe(check);
    expect(isValidOrganisationCode(body8 + check)).toBe(true);
  });

  it('rejects D21435690, the example of an invalid code', () => {
    expect(isValidOrganisationCode('D21435690')).toBe(false);
  });

  it('writes 11 as 0 and 10 as X', () => {
    // Σ = 0 → 11 − 0 = 11 → '0'
    expect(computeOrganisationCodeCheckCharacter('00000000')).toBe('0');
    // Σ = 1·3 = 3 → 11 − 3 = 8; Σ = 1·2 = 2 → 9; Σ = 12 → 1 → 10 → 'X'
    expect(computeOrganisationCodeCheckCharacter('10000000')).toBe('8');
    expect(computeOrganisationCodeCheckCharacter('00000001')).toBe('9');
    expect(computeOrganisationCodeCheckCharacter('00000006')).toBe('X');
  });

  it('values letters by their place in A–Z (J = 19), not in the USCC alphabet (J = 18)', () => {
    // 19·3 = 57, 57 mod 11 = 2, 11 − 2 = 9. With J = 18: 54 mod 11 = 10 → 1.
    expect(computeOrganisationCodeCheckCharacter('J0000000')).toBe('9');
    // Z = 35: 35·3 = 105, 105 mod 11 = 6 → 5. Letters the USCC alphabet leaves out still count here.
    expect(computeOrganisationCodeCheckCharacter('Z0000000')).toBe('5');
  });

  it.each(['', 'D214356', 'D21435690', 'd2143569', 'D2143-69', 'D２143569'])('refuses to compute a check character for %j', (body8) => {
    expect(errorCode(() => computeOrganisationCodeCheckCharacter(body8))).toBe('invalid_body');
  });

  it.each(['', 'D2143569', 'D2143569XX', 'd2143569X', 'd2143569x', 'D2143569-X', 'D2143569x'])(
    'isValidOrganisationCode(%j) is false',
    (code9) => {
      expect(isValidOrganisationCode(code9)).toBe(false);
    },
  );

  it('accepts the code it computes for any body', () => {
    fc.assert(
      fc.property(gb11714Body, (body8) => {
        expect(isValidOrganisationCode(body8 + computeOrganisationCodeCheckCharacter(body8))).toBe(true);
      }),
      { seed: SEED },
    );
  });

  it('catches every digit-for-digit substitution in the body', () => {
    fc.assert(
      fc.property(gb11714Body, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 9 }), (body8, index, shift) => {
        const code9 = body8 + computeOrganisationCodeCheckCharacter(body8);
        const original = code9.charAt(index);
        fc.pre(original >= '0' && original <= '9');
        const replacement = String((Number(original) + shift) % 10);
        const mutated = code9.slice(0, index) + replacement + code9.slice(index + 1);
        expect(isValidOrganisationCode(mutated)).toBe(false);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('cannot catch a substitution whose values differ by 11, which is why the USCC adds its own check', () => {
    // '0' = 0 and 'B' = 11 are congruent mod 11.
    expect(isValidOrganisationCode('000000000')).toBe(true);
    expect(isValidOrganisationCode('B00000000')).toBe(true);
  });
});

describe('formatBodyIdentifier', () => {
  it('writes sequence 0 as MA000000 and its check character', () => {
    expect(formatBodyIdentifier('MA', 0)).toBe(`MA000000${computeOrganisationCodeCheckCharacter('MA000000')}`);
    expect(formatBodyIdentifier(DEFAULT_BODY_PREFIX, 0)).toBe('MA0000007');
  });

  it('counts in base 31 with the USCC alphabet as digits', () => {
    expect(formatBodyIdentifier('MA', 1).slice(0, 8)).toBe('MA000001');
    expect(formatBodyIdentifier('MA', 10).slice(0, 8)).toBe('MA00000A');
    expect(formatBodyIdentifier('MA', 30).slice(0, 8)).toBe('MA00000Y');
    expect(formatBodyIdentifier('MA', 31).slice(0, 8)).toBe('MA000010');
    expect(formatBodyIdentifier('MA', 31 * 31).slice(0, 8)).toBe('MA000100');
  });

  it('allows 31^6 sequence numbers per prefix', () => {
    expect(BODY_SEQUENCE_LENGTH).toBe(6);
    expect(MAX_SEQUENCE).toBe(31 ** 6 - 1);
    expect(MAX_SEQUENCE).toBe(887_503_680);
  });

  it('writes MAX_SEQUENCE as YYYYYY', () => {
    const body = formatBodyIdentifier('MA', MAX_SEQUENCE);
    expect(body.slice(0, 8)).toBe('MAYYYYYY');
    expect(isValidOrganisationCode(body)).toBe(true);
    expect(parseBodySequence(body)).toEqual({ prefix: 'MA', sequence: MAX_SEQUENCE });
  });

  it.each([MAX_SEQUENCE + 1, MAX_SEQUENCE * 31, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY])(
    'throws SequenceExhaustedError for %d instead of wrapping',
    (tooLarge) => {
      const error = thrownBy(() => formatBodyIdentifier('MA', tooLarge));
      expect(error).toBeInstanceOf(SequenceExhaustedError);
      expect(error).toBeInstanceOf(OrganisationCodeError);
      expect(error).toMatchObject({ code: 'sequence_exhausted', prefix: 'MA', sequence: tooLarge });
    },
  );

  it.each([-1, 0.5, Number.NaN, Number.NEGATIVE_INFINITY])('refuses sequence %d', (bad) => {
    expect(errorCode(() => formatBodyIdentifier('MA', bad))).toBe('invalid_sequence');
  });

  it.each(['', 'M', 'MAA', 'MI', 'ma', 'M-', 'ＭＡ'])('refuses prefix %j', (badPrefix) => {
    expect(errorCode(() => formatBodyIdentifier(badPrefix, 0))).toBe('invalid_prefix');
  });

  it('round-trips through parseBodySequence', () => {
    fc.assert(
      fc.property(prefix, sequence, (p, n) => {
        expect(parseBodySequence(formatBodyIdentifier(p, n))).toEqual({ prefix: p, sequence: n });
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });

  it('always yields a valid organisation code made of USCC-alphabet characters', () => {
    fc.assert(
      fc.property(prefix, sequence, (p, n) => {
        const body = formatBodyIdentifier(p, n);
        const wellFormed =
          body.length === 9 && isValidOrganisationCode(body) && Array.from(body).every((character) => USCC_ALPHABET.includes(character));
        if (!wellFormed) {
          throw new Error(`formatBodyIdentifier('${p}', ${n}) gave '${body}'`);
        }
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });

  it('always composes into a valid credit code with no warnings', () => {
    fc.assert(
      fc.property(prefix, sequence, fc.constantFrom('91', '92', '93'), (p, n, pair) => {
        const code = composeCreditCode({
          department: pair.charAt(0),
          category: pair.charAt(1),
          division: '210200',
          body: formatBodyIdentifier(p, n),
        });
        expect(validateCreditCode(code)).toMatchObject({ valid: true, warnings: [] });
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });

  it('sorts in sequence order, so that issued codes list in the order they were issued', () => {
    fc.assert(
      fc.property(prefix, sequence, sequence, (p, a, b) => {
        fc.pre(a < b);
        expect(formatBodyIdentifier(p, a) < formatBodyIdentifier(p, b)).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('covers the boundaries of every base-31 digit', () => {
    for (let place = 0; place < 6; place += 1) {
      for (const n of [31 ** place - 1, 31 ** place, 31 ** (place + 1) - 1]) {
        expect(parseBodySequence(formatBodyIdentifier('MA', n)).sequence).toBe(n);
      }
    }
  });
});

describe('parseBodySequence', () => {
  it('reads the prefix and the sequence number', () => {
    expect(parseBodySequence('MA0000007')).toEqual({ prefix: 'MA', sequence: 0 });
    expect(parseBodySequence(formatBodyIdentifier('9Y', 12_345_678))).toEqual({
      prefix: '9Y',
      sequence: 12_345_678,
    });
  });

  it('reads the body of a real Dalian code', () => {
    // 91210242MA0YGH36XJ: 0YGH36 in base 31 = 30·31⁴ + 16·31³ + 17·31² + 3·31 + 6.
    expect(parseBodySequence('MA0YGH36X')).toEqual({
      prefix: 'MA',
      sequence: 30 * 31 ** 4 + 16 * 31 ** 3 + 17 * 31 ** 2 + 3 * 31 + 6,
    });
  });

  it.each(['', 'MA000000', 'MA00000070', 'MI0000007', 'ma0000007'])('refuses malformed %j', (body) => {
    expect(errorCode(() => parseBodySequence(body))).toBe('invalid_body');
  });

  it('refuses a body whose GB 11714 check character is wrong', () => {
    const error = thrownBy(() => parseBodySequence('MA0000008'));
    expect(error).toMatchObject({
      code: 'invalid_body',
      message: "Body identifier 'MA0000008' fails the GB 11714 check: the check character should be 7",
    });
  });
});
