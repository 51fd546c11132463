import fc from 'fast-check';
import { formatYuan, MAX_FEN, parseYuan, yuanInChineseCapitals } from './money';

describe('parseYuan', () => {
  it.each([
    ['1000000', 100000000n],
    ['1,000,000', 100000000n],
    ['¥1,000,000.5', 100000050n],
    ['１０００', 100000n],
    ['0.01', 1n],
    ['  250 000 元 ', 25000000n],
  ])('reads %j as %s fen', (input, fen) => {
    expect(parseYuan(input)).toEqual({ ok: true, fen });
  });

  it.each([
    ['', 'missing'],
    ['abc', 'format'],
    ['-5', 'format'],
    ['1.234', 'too_many_decimals'],
    ['1e6', 'format'],
    ['100000000000000', 'too_large'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parseYuan(input)).toEqual({ ok: false, reason });
  });

  it('round-trips through formatYuan', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_FEN }), (fen) => {
        const parsed = parseYuan(formatYuan(fen));
        return parsed.ok && parsed.fen === fen;
      }),
    );
  });
});

describe('yuanInChineseCapitals', () => {
  it.each([
    [100000000n, '人民币壹佰万元整'],
    [1000000n, '人民币壹万元整'],
    [1005030n, '人民币壹万零伍拾元叁角整'],
    [50000000000n, '人民币伍亿元整'],
    [1000100000n, '人民币壹仟万零壹仟元整'],
    [10001000000n, '人民币壹亿零壹万元整'],
    [12345678901n, '人民币壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分'],
    [30000000n, '人民币叁拾万元整'],
    [101n, '人民币壹元零壹分'],
    [0n, '人民币零元整'],
  ])('writes %s fen as %s', (fen, text) => {
    expect(yuanInChineseCapitals(fen)).toBe(text);
  });
});
