import fc from 'fast-check';
import {
  ageOn,
  computeResidentIdCheckCharacter,
  EARLIEST_BIRTH_DATE,
  RESIDENT_ID_WEIGHTS,
  type ResidentIdValidation,
  validateResidentIdNumber,
} from './index';

const SEED = 11_643_1999;
const TODAY = '2024-06-01';

/** Division 110105, sequence 001 (odd: male), check character computed. */
function idNumber(yyyymmdd: string, sequence = '001', division = '110105'): string {
  const first17 = division + yyyymmdd + sequence;
  return first17 + computeResidentIdCheckCharacter(first17);
}

function expectInvalid(result: ResidentIdValidation): Extract<ResidentIdValidation, { valid: false }> {
  if (result.valid) {
    throw new Error(`expected ${result.number} to be invalid`);
  }
  return result;
}

describe('GB 11643-1999 resident identity number', () => {
  it('weights position i by 2^(18−i) mod 11', () => {
    const derived = Array.from({ length: 17 }, (_, index) => 2 ** (17 - index) % 11);
    expect(RESIDENT_ID_WEIGHTS).toEqual(derived);
    expect(RESIDENT_ID_WEIGHTS).toEqual([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
  });

  describe('the examples of STANDARDS.md §3', () => {
    it('11010519491231002X is valid: born 1949-12-31, female', () => {
      expect(validateResidentIdNumber('11010519491231002X', TODAY)).toEqual({
        valid: true,
        number: '11010519491231002X',
        birthDate: '1949-12-31',
        sex: 'female',
        division: '110105',
      });
    });

    it('440524188001010014 is valid: born 1880-01-01, the earliest accepted date, male', () => {
      expect(validateResidentIdNumber('440524188001010014', TODAY)).toEqual({
        valid: true,
        number: '440524188001010014',
        birthDate: '1880-01-01',
        sex: 'male',
        division: '440524',
      });
    });

    it('110105194912310021 is invalid: the check character should be X', () => {
      expect(validateResidentIdNumber('110105194912310021', TODAY)).toEqual({
        valid: false,
        number: '110105194912310021',
        reason: 'wrong_check_character',
        message: 'The check character should be X, not 1',
        position: 18,
        character: '1',
        expected: 'X',
      });
    });
  });

  it('accepts a lower-case x, spaces, full-width digits and invisible format characters', () => {
    for (const input of [
      '11010519491231002x',
      ' 110105 19491231 002X ',
      '１１０１０５１９４９１２３１００２Ｘ',
      '１１０１０５１９４９１２３１００２ｘ',
      '110105\u200b19491231002X',
      '110105\u00ad19491231\u2060002X',
    ]) {
      expect(validateResidentIdNumber(input, TODAY)).toMatchObject({
        valid: true,
        number: '11010519491231002X',
      });
    }
  });

  describe('reports each reason precisely', () => {
    it.each(['', '   ', '\u3000'])('empty: %j', (input) => {
      expect(validateResidentIdNumber(input, TODAY)).toEqual({
        valid: false,
        number: '',
        reason: 'empty',
        message: 'The identity number is empty',
      });
    });

    it.each([
      ['1101051949123100', 16, ''],
      ['1101051949123100211', 19, ''],
      ['110105491231002', 15, ' (15-digit numbers from first-generation cards are no longer valid)'],
    ])('wrong_length: %s', (input, length, hint) => {
      const result = expectInvalid(validateResidentIdNumber(input, TODAY));
      expect(result.reason).toBe('wrong_length');
      expect(result.message).toBe(`A resident identity number has 18 characters; this one has ${length}${hint}`);
    });

    it.each([
      ['1101X519491231002X', 'X', 5, 'the first 17 characters are digits'],
      ['A1010519491231002X', 'A', 1, 'the first 17 characters are digits'],
      ['11010519491231002Y', 'Y', 18, 'the last character is a digit or X'],
      ['1101051949123100.X', '.', 17, 'the first 17 characters are digits'],
    ])('invalid_character: %s has %s at position %d', (input, character, position, rule) => {
      const result = expectInvalid(validateResidentIdNumber(input, TODAY));
      expect(result).toMatchObject({ reason: 'invalid_character', position, character });
      expect(result.message).toBe(`Character '${character}' at position ${position} is not allowed: ${rule}`);
    });

    it.each([
      ['19491331', 'month 13'],
      ['19490001', 'month 0'],
      ['19490100', 'day 0'],
      ['19490132', 'January 32'],
      ['19490431', 'April 31'],
      ['19490631', 'June 31'],
      ['19490931', 'September 31'],
      ['19491131', 'November 31'],
      ['19490230', 'February 30'],
    ])('invalid_birth_date: %s (%s)', (yyyymmdd) => {
      const result = expectInvalid(validateResidentIdNumber(idNumber(yyyymmdd), TODAY));
      expect(result.reason).toBe('invalid_birth_date');
      expect(result.message).toBe(`Positions 7–14 (${yyyymmdd}) are not a real date of birth`);
    });

    it('invalid_birth_date: before 1880-01-01', () => {
      expect(EARLIEST_BIRTH_DATE).toBe('1880-01-01');
      expect(validateResidentIdNumber(idNumber('18791231'), TODAY)).toMatchObject({
        reason: 'invalid_birth_date',
        message: 'The date of birth 1879-12-31 is before 1880-01-01',
      });
      expect(validateResidentIdNumber(idNumber('00010101'), TODAY)).toMatchObject({
        reason: 'invalid_birth_date',
      });
    });

    it('future_birth_date: a day after today', () => {
      expect(validateResidentIdNumber(idNumber('20240602'), TODAY)).toMatchObject({
        valid: false,
        reason: 'future_birth_date',
        message: 'The date of birth 2024-06-02 is in the future',
      });
      expect(validateResidentIdNumber(idNumber('20990101'), TODAY)).toMatchObject({
        reason: 'future_birth_date',
      });
    });

    it('accepts someone born today', () => {
      expect(validateResidentIdNumber(idNumber('20240601'), TODAY)).toMatchObject({
        valid: true,
        birthDate: '2024-06-01',
      });
    });
  });

  describe('29 February', () => {
    it.each([
      ['2000', true, 'divisible by 400'],
      ['2024', true, 'divisible by 4'],
      ['1996', true, 'divisible by 4'],
      ['1904', true, 'divisible by 4'],
      ['1900', false, 'divisible by 100, not 400'],
      ['2023', false, 'not divisible by 4'],
      ['2001', false, 'not divisible by 4'],
    ])('in %s is %s (%s)', (year, real) => {
      const result = validateResidentIdNumber(idNumber(`${year}0229`), TODAY);
      if (real) {
        expect(result).toMatchObject({ valid: true, birthDate: `${year}-02-29` });
      } else {
        expect(result).toMatchObject({ valid: false, reason: 'invalid_birth_date' });
      }
    });

    it('28 February is real in every year', () => {
      expect(validateResidentIdNumber(idNumber('19000228'), TODAY)).toMatchObject({ valid: true });
    });
  });

  describe('checks in the documented order', () => {
    it('characters before the date', () => {
      expect(validateResidentIdNumber('110105194913A1002X', TODAY)).toMatchObject({
        reason: 'invalid_character',
      });
    });
    it('a real date before the check character', () => {
      expect(validateResidentIdNumber('110105194913310021', TODAY)).toMatchObject({
        reason: 'invalid_birth_date',
      });
    });
    it('the future before the check character', () => {
      expect(validateResidentIdNumber('110105209901010010', TODAY)).toMatchObject({
        reason: 'future_birth_date',
      });
    });
  });

  describe('today', () => {
    const bornOnTheSecond = idNumber('20240602');

    it('reads a Date as the calendar date in China (UTC+08:00)', () => {
      // 2024-06-01T16:00Z is midnight starting 2 June in Beijing.
      expect(validateResidentIdNumber(bornOnTheSecond, new Date('2024-06-01T16:00:00Z'))).toMatchObject({
        valid: true,
      });
      expect(validateResidentIdNumber(bornOnTheSecond, new Date('2024-06-01T15:59:59Z'))).toMatchObject({
        reason: 'future_birth_date',
      });
    });

    it('defaults to now', () => {
      expect(validateResidentIdNumber(idNumber('20990101'))).toMatchObject({
        reason: 'future_birth_date',
      });
      expect(validateResidentIdNumber('11010519491231002X')).toMatchObject({ valid: true });
    });

    it.each(['2024-6-1', '20240601', '2024-02-30', 'today', ''])('refuses today = %j', (bad) => {
      expect(() => validateResidentIdNumber('11010519491231002X', bad)).toThrow(RangeError);
    });

    it('refuses an invalid Date', () => {
      expect(() => validateResidentIdNumber('11010519491231002X', new Date(Number.NaN))).toThrow(RangeError);
    });
  });

  it('computeResidentIdCheckCharacter refuses anything but 17 digits', () => {
    expect(computeResidentIdCheckCharacter('11010519491231002')).toBe('X');
    for (const bad of ['', '1101051949123100', '110105194912310021', '1101051949123100A']) {
      expect(() => computeResidentIdCheckCharacter(bad)).toThrow(RangeError);
    }
  });

  describe('properties', () => {
    const daysFrom1880ToToday = Math.round(
      (Date.parse(`${TODAY}T00:00:00Z`) - Date.parse(`${EARLIEST_BIRTH_DATE}T00:00:00Z`)) / 86_400_000,
    );
    const digits = (length: number) =>
      fc.string({
        unit: fc.constantFrom(...Array.from('0123456789')),
        minLength: length,
        maxLength: length,
      });
    const validNumber = fc
      .record({
        division: digits(6),
        day: fc.integer({ min: 0, max: daysFrom1880ToToday }),
        sequence: digits(3),
      })
      .map(({ division, day, sequence }) => {
        const birthDate = new Date(Date.parse(`${EARLIEST_BIRTH_DATE}T00:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10);
        return {
          number: idNumber(birthDate.replaceAll('-', ''), sequence, division),
          birthDate,
          sex: Number(sequence.charAt(2)) % 2 === 1 ? 'male' : 'female',
          division,
        };
      });

    it('accepts every number built from a real date up to today, and reads it back', () => {
      fc.assert(
        fc.property(validNumber, ({ number, birthDate, sex, division }) => {
          expect(validateResidentIdNumber(number, TODAY)).toEqual({
            valid: true,
            number,
            birthDate,
            sex,
            division,
          });
        }),
        { seed: SEED, numRuns: 3000 },
      );
    });

    // 11 is prime, every weight is non-zero mod 11, and two digits differ by less than 11: a single
    // substitution always changes Σ mod 11. Adjacent weights satisfy Wᵢ ≡ 2·Wᵢ₊₁, so swapping digits
    // a ≠ b at i, i+1 shifts Σ by (a−b)·Wᵢ₊₁ ≢ 0.
    it('catches every single-digit substitution and adjacent transposition in positions 1–17', () => {
      const escaped: string[] = [];
      const caughtByCheck = (mutated: string): boolean => computeResidentIdCheckCharacter(mutated.slice(0, 17)) !== mutated.charAt(17);
      fc.assert(
        fc.property(validNumber, ({ number }) => {
          for (let index = 0; index < 17; index += 1) {
            for (const replacement of '0123456789') {
              if (replacement === number.charAt(index)) {
                continue;
              }
              const mutated = number.slice(0, index) + replacement + number.slice(index + 1);
              if (validateResidentIdNumber(mutated, TODAY).valid || !caughtByCheck(mutated)) {
                escaped.push(mutated);
              }
            }
            if (index < 16 && number.charAt(index) !== number.charAt(index + 1)) {
              const swapped = number.slice(0, index) + number.charAt(index + 1) + number.charAt(index) + number.slice(index + 2);
              if (!caughtByCheck(swapped)) {
                escaped.push(swapped);
              }
            }
          }
        }),
        { seed: SEED, numRuns: 300 },
      );
      expect(escaped).toEqual([]);
    });

    it('never throws on arbitrary input', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (input) => {
          const result = validateResidentIdNumber(input, TODAY);
          expect(typeof result.valid).toBe('boolean');
        }),
        { seed: SEED, numRuns: 2000 },
      );
    });
  });
});

describe('ageOn', () => {
  it.each([
    ['2008-11-28', '2026-11-28', 18],
    ['2008-11-29', '2026-11-28', 17],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2008-02-29', '2028-02-29', 20],
    ['1949-12-31', '2026-11-28', 76],
    ['2026-11-28', '2026-11-28', 0],
  ])('born %s, on %s: %i', (birth, today, age) => {
    expect(ageOn(birth, today)).toBe(age);
  });

  it('counts the day in China: 16:00 UTC is already the next day', () => {
    expect(ageOn('2008-11-29', new Date('2026-11-28T15:59:59Z'))).toBe(17);
    expect(ageOn('2008-11-29', new Date('2026-11-28T16:00:00Z'))).toBe(18);
  });

  it('agrees with counting birthdays one by one', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 40_000 }),
        (birth, days) => {
          const birthDate = birth.toISOString().slice(0, 10);
          const today = new Date(birth.getTime() + days * 86_400_000).toISOString().slice(0, 10);
          let age = 0;
          for (let year = Number(birthDate.slice(0, 4)) + 1; ; year += 1) {
            // The birthday in that year, or 1 March when it is 29 February of a common year.
            const candidate = new Date(`${year}${birthDate.slice(4)}T00:00:00Z`);
            const birthday = candidate.toISOString().slice(0, 10).endsWith(birthDate.slice(4))
              ? candidate
              : new Date(`${year}-03-01T00:00:00Z`);
            if (birthday.toISOString().slice(0, 10) > today) break;
            age += 1;
          }
          expect(ageOn(birthDate, today)).toBe(age);
        },
      ),
    );
  });
});
