import fc from 'fast-check';
import { inputRefusal, MAX_INPUT_DEPTH } from './input-refusal';

const nested = (depth: number, leaf: unknown = 'x'): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

describe('inputRefusal', () => {
  it.each([
    ['a string', 'text', undefined],
    ['a NUL in a string', 'a\u0000b', 'nul'],
    ['a NUL in a key', { 'a\u0000': 'b' }, 'nul'],
    ['a NUL deep in an array', { a: [{ b: ['ok', 'no\u0000'] }] }, 'nul'],
    ['numbers, booleans and null', { a: 1, b: true, c: null, d: [1.5, false] }, undefined],
    ['undefined', undefined, undefined],
    ['nesting at the limit', nested(MAX_INPUT_DEPTH), undefined],
    ['nesting one beyond', nested(MAX_INPUT_DEPTH + 1), 'too_deep'],
  ])('%s → %j', (_name, input, expected) => {
    expect(inputRefusal(input)).toBe(expected);
  });

  it('refuses ten thousand levels (a recursive walk would overflow the stack)', () => {
    expect(inputRefusal(JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`))).toBe('too_deep');
  });

  it('finds a NUL wherever it is, and nothing in JSON without one', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value) ?? '';
        expect(inputRefusal(value)).toBe(text.includes('\\u0000') ? 'nul' : undefined);
      }),
    );
  });
});
