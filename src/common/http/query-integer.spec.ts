import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import { queryInteger } from './query-integer';

const range = { min: 1, max: 100, fallback: 20 };

describe('queryInteger', () => {
  it.each([
    [undefined, 20],
    ['', 20],
    ['1', 1],
    ['007', 7],
    ['100', 100],
  ])('%j → %j', (value, expected) => {
    expect(queryInteger('pageSize', value, range)).toBe(expected);
  });

  it.each([
    '0',
    '101',
    '1.5',
    '1.0',
    '-1',
    '+1',
    '1e2',
    '0x10',
    ' 5',
    '5 ',
    'NaN',
    'Infinity',
    '9'.repeat(16),
    '１',
    ['1', '2'],
    { a: '1' },
  ])('refuses %j, naming the parameter and its range', (value) => {
    expect(() => queryInteger('pageSize', value, range)).toThrow(
      expect.objectContaining({ code: 'api.invalid_parameter', params: { name: 'pageSize', min: 1, max: 100 } }) as DomainError,
    );
  });

  it('gives back exactly the whole numbers in range, and refuses every other string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), (value) => {
        let result: number | undefined;
        try {
          result = queryInteger('n', value, range);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
        if (value === '') expect(result).toBe(20);
        else if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 100) expect(result).toBe(Number(value));
        else expect(result).toBeUndefined();
      }),
    );
  });
});
