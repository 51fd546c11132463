/**
 * Money is kept as an integer number of fen (0.01 yuan) in a bigint, never a float: registered capital
 * can exceed 2^53 fen only in theory, but sums of contributions must be exact.
 */
export type ParsedYuan =
  { ok: true; fen: bigint } | { ok: false; reason: 'missing' | 'negative' | 'format' | 'too_many_decimals' | 'too_large' };

/** 10 trillion yuan: larger than any registered capital on record, small enough to catch a slipped key. */
export const MAX_FEN = 10n ** 15n;

/** Accepts "1000000", "1,000,000", "1 000 000.50", "¥1,000,000" and full-width digits. */
export function parseYuan(input: string): ParsedYuan {
  const text = input
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．]/g, '.')
    .replace(/[\s,，¥￥元]/g, '');
  if (text === '') return { ok: false, reason: 'missing' };
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  // "-5" is a number, just not an amount anyone subscribes: say so rather than "enter numbers".
  if (!match) return { ok: false, reason: /^[-−－]\d+(?:\.\d+)?$/.test(text) ? 'negative' : 'format' };
  const decimals = match[2] ?? '';
  if (decimals.length > 2) return { ok: false, reason: 'too_many_decimals' };
  const fen = BigInt(match[1]) * 100n + BigInt(decimals.padEnd(2, '0') || '0');
  if (fen > MAX_FEN) return { ok: false, reason: 'too_large' };
  return { ok: true, fen };
}

/** "1,000,000" or "1,000,000.50": for form fields and English pages. */
export function formatYuan(fen: bigint): string {
  const whole = (fen / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = fen % 100n;
  return cents === 0n ? whole : `${whole}.${cents.toString().padStart(2, '0')}`;
}

/**
 * An amount as Chinese pages write it (UI.md): 人民币100万元, 人民币1.5万元, 人民币12.345678万元 — in units of
 * 万元 (10,000 yuan) with exactly the decimals it needs (six at most: a fen is 0.000001 万元) — and below
 * 10,000 yuan in 元: 人民币5,000元, 人民币0.50元.
 */
export function formatYuanChinese(fen: bigint): string {
  const FEN_PER_WAN = 1_000_000n;
  if (fen < FEN_PER_WAN) return `人民币${formatYuan(fen)}元`;
  const wan = (fen / FEN_PER_WAN).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (fen % FEN_PER_WAN).toString().padStart(6, '0').replace(/0+$/, '');
  return `人民币${wan}${fraction === '' ? '' : `.${fraction}`}万元`;
}

/** An amount as the pages show it (UI.md): "¥1,000,000" in English, "人民币100万元" in Chinese. */
export function formatAmount(fen: bigint, locale: 'en' | 'zh-CN'): string {
  return locale === 'zh-CN' ? formatYuanChinese(fen) : `¥${formatYuan(fen)}`;
}

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

/**
 * Chinese capital numerals as the licence writes the registered capital: 1,000,000 yuan →
 * 人民币壹佰万元整; 10,050.30 → 人民币壹万零伍拾元叁角整.
 */
export function yuanInChineseCapitals(fen: bigint): string {
  const yuan = fen / 100n;
  const jiao = Number((fen % 100n) / 10n);
  const cent = Number(fen % 10n);
  let text = yuan === 0n ? '零' : integerInCapitals(yuan);
  text += '元';
  if (jiao === 0 && cent === 0) return `人民币${text}整`;
  if (jiao > 0) text += `${DIGITS[jiao]}角`;
  else if (yuan > 0n) text += '零';
  if (cent > 0) text += `${DIGITS[cent]}分`;
  return `人民币${text}${cent === 0 ? '整' : ''}`;
}

function integerInCapitals(value: bigint): string {
  const groups: number[] = [];
  for (let v = value; v > 0n; v /= 10000n) groups.push(Number(v % 10000n));
  let text = '';
  // A 零 is written once wherever zeros stand between two non-zero digits, also across groups.
  let zerosSinceLastDigit = false;
  for (let g = groups.length - 1; g >= 0; g -= 1) {
    const group = groups[g];
    if (group === 0) {
      zerosSinceLastDigit = text !== '';
      continue;
    }
    if (text !== '' && (zerosSinceLastDigit || group < 1000)) text += '零';
    text += groupInCapitals(group) + BIG_UNITS[g];
    zerosSinceLastDigit = group % 10 === 0;
  }
  return text;
}

function groupInCapitals(group: number): string {
  let text = '';
  let zero = false;
  for (let position = 3; position >= 0; position -= 1) {
    const digit = Math.floor(group / 10 ** position) % 10;
    if (digit === 0) {
      zero = text !== '';
      continue;
    }
    if (zero) text += '零';
    zero = false;
    text += DIGITS[digit] + SMALL_UNITS[position];
  }
  return text;
}
