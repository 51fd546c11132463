import fc from 'fast-check';
import { normaliseLineBreaks } from './line-breaks';

describe('normaliseLineBreaks', () => {
  it.each([
    ['', ''],
    ['one line', 'one line'],
    ['a\r\nb', 'a\nb'],
    ['a\rb', 'a\nb'],
    ['a\nb', 'a\nb'],
    ['a\r\n\r\nb', 'a\n\nb'],
    ['a\n\rb', 'a\n\nb'],
    ['\r\n', '\n'],
    ['a\r\r\nb', 'a\n\nb'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseLineBreaks(input)).toBe(expected);
  });

  it('leaves no CR, keeps every other character and changes nothing a second time', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '中', ' ', '\r', '\n', '\t') }), (text) => {
        const once = normaliseLineBreaks(text);
        expect(once).not.toContain('\r');
        expect(once.replace(/\n/g, '')).toBe(text.replace(/[\r\n]/g, ''));
        expect(once.split('\n').length).toBe(text.split(/\r\n|\r|\n/).length);
        expect(normaliseLineBreaks(once)).toBe(once);
      }),
    );
  });
});
