import fc from 'fast-check';
import { formatYuan, formatYuanChinese, MAX_FEN, parseYuan, yuanInChineseCapitals } from './money';

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
    ['-5', 'negative'],
    ['－1,000.5', 'negative'],
    ['-0.5', 'negative'],
    ['5-', 'format'],
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

describe('formatYuanChinese', () => {
  it.each([
    [0n, '人民币0元'],
    [50n, '人民币0.50元'],
    [500_000n, '人民币5,000元'],
    [999_999n, '人民币9,999.99元'],
    [1_000_000n, '人民币1万元'],
    [100_000_000n, '人民币100万元'],
    [150_000_000n, '人民币150万元'],
    [1_500_000n, '人民币1.5万元'],
    [1_234_567_89n, '人民币123.456789万元'],
    [1_000_001n, '人民币1.000001万元'],
    [1_234_567_000_000n, '人民币1,234,567万元'],
  ])('%s fen → %s', (fen, text) => {
    expect(formatYuanChinese(fen)).toBe(text);
  });

  it('reads back as the same amount, to the fen', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_FEN }), (fen) => {
        const text = formatYuanChinese(fen);
        const wan = /^人民币([\d,]+)(?:\.(\d{1,6}))?万元$/.exec(text);
        if (wan) {
          expect(BigInt(wan[1].replace(/,/g, '')) * 1_000_000n + BigInt((wan[2] ?? '').padEnd(6, '0'))).toBe(fen);
          expect(fen).toBeGreaterThanOrEqual(1_000_000n);
        } else {
          const amount = parseYuan(/^人民币([\d,.]+)元$/.exec(text)![1]);
          expect(amount.ok && amount.fen).toBe(fen);
          expect(fen).toBeLessThan(1_000_000n);
        }
      }),
    );
  });
});
