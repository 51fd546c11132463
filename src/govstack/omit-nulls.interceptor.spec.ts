import fc from 'fast-check';
import { omitNulls } from './omit-nulls.interceptor';

describe('omitNulls', () => {
  it('leaves out null fields at any depth, and keeps everything else', () => {
    expect(omitNulls([{ a: null, b: 0, c: '', d: false, e: { f: null, g: [null, { h: null, i: 1 }] }, j: [] }, null, 'x'])).toEqual([
      { b: 0, c: '', d: false, e: { g: [null, { i: 1 }] }, j: [] },
      null,
      'x',
    ]);
  });

  it('gives JSON with no null field, and no other change', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(omitNulls(value));
        const withNullsRemoved = JSON.stringify(value, (_key, inner: unknown) =>
          inner !== null && typeof inner === 'object' && !Array.isArray(inner)
            ? Object.fromEntries(Object.entries(inner).filter(([, v]) => v !== null))
            : inner,
        );
        expect(text).toBe(withNullsRemoved);
      }),
    );
  });
});
