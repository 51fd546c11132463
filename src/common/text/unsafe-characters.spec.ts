import fc from 'fast-check';
import { containsUnsafeCharacters } from './unsafe-characters';

describe('containsUnsafeCharacters', () => {
  it.each([
    ['NUL', '\u0000'],
    ['BEL', 'a\u0007b'],
    ['backspace', '\u0008'],
    ['vertical tab', '\u000b'],
    ['form feed', '\u000c'],
    ['escape', 'x\u001b[31m'],
    ['unit separator', '\u001f'],
    ['DEL', '\u007f'],
    ['C1 next line', '\u0085'],
    ['C1 CSI', '\u009b'],
    ['right-to-left override', '厦门\u202e公司'],
    ['left-to-right embedding', '\u202a'],
    ['first strong isolate', '\u2068'],
    ['pop directional isolate', '\u2069'],
  ])('refuses %s', (_name, text) => {
    expect(containsUnsafeCharacters(text)).toBe(true);
  });

  it.each([
    ['Chinese', '厦门海天贸易有限公司'],
    ['tab, line feed and carriage return', 'line one\r\n\tline two'],
    ['space', ' '],
    ['full-width and CJK punctuation', '（保税区）・“引号”'],
    ['Latin-1 letters after the C1 block', 'café ñ ¡'],
    ['emoji', '🙂'],
    ['zero-width joiner (part of emoji sequences)', '👩\u200d💻'],
    ['empty', ''],
  ])('accepts %s', (_name, text) => {
    expect(containsUnsafeCharacters(text)).toBe(false);
  });

  it('agrees with the definition on every code point of the Basic Multilingual Plane', () => {
    const unsafe = (c: number) =>
      (c <= 0x1f && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069);
    for (let c = 0; c <= 0xffff; c += 1) {
      if (c >= 0xd800 && c <= 0xdfff) continue; // surrogates are not characters on their own
      expect([c, containsUnsafeCharacters(`a${String.fromCodePoint(c)}b`)]).toEqual([c, unsafe(c)]);
    }
  });

  it('finds an unsafe character wherever it is placed in ordinary text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom('\u0000', '\u0007', '\u001b', '\u0085', '\u202e'), (before, after, bad) =>
        containsUnsafeCharacters(`${before}${bad}${after}`),
      ),
    );
  });
});
