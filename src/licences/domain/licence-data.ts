import { canonicalJson } from '../../audit/domain/audit-chain';
import { formatYuan, yuanInChineseCapitals } from '../../applications/domain/money';
import { formatCalendarDate, isIsoDate } from '../../common/text/calendar-date';

/**
 * What the electronic business licence (营业执照) certifies, in the order of STANDARDS.md §7. Everything on the
 * licence comes from here, and all of it is signed: the HTML page, the PDF and the verification page print
 * these values and nothing else.
 */
export interface LicenceData {
  /** The 18-character unified social credit code (统一社会信用代码, GB 32100-2015). */
  code: string;
  name: string;
  entityTypeLabel: BilingualText;
  /** 法定代表人, or 执行事务合伙人 / 投资人 / 经营者 as the entity type prints it. */
  representativeTitle: BilingualText;
  representative: string;
  /** Fen as a decimal string (bigint does not survive JSON); null where none is registered (individual households). */
  registeredCapitalFen: string | null;
  /** 注册资本 or 出资额; null together with the capital. */
  capitalLabel: BilingualText | null;
  /** YYYY-MM-DD */
  establishedOn: string;
  /** `long_term` (长期), `YYYY-MM-DD to YYYY-MM-DD`, or `YYYY-MM-DD to long_term` (2026年11月27日至长期). */
  businessTerm: string;
  domicile: string;
  businessScope: string;
  registrationAuthority: BilingualText;
  /** YYYY-MM-DD, the date of this issue; a reissue after an amendment keeps the code and raises the version. */
  issuedOn: string;
  /** 1 for the first issue, +1 for every reissue. */
  version: number;
  /** The public address the QR code leads to. */
  verifyUrl: string;
}

export interface BilingualText {
  zh: string;
  en: string;
}

export type LicenceLocale = 'zh-CN' | 'en';

export const LONG_TERM = 'long_term';

/** Identifies the encoding below. A change to the fields or their encoding gets a new format name. */
export const LICENCE_PAYLOAD_FORMAT = 'registration-portal/licence/v1';

const DATA_KEYS = [
  'code',
  'name',
  'entityTypeLabel',
  'representativeTitle',
  'representative',
  'registeredCapitalFen',
  'capitalLabel',
  'establishedOn',
  'businessTerm',
  'domicile',
  'businessScope',
  'registrationAuthority',
  'issuedOn',
  'version',
  'verifyUrl',
] as const satisfies readonly (keyof LicenceData)[];

/**
 * The exact bytes that are signed: UTF-8 of `canonicalJson` (src/audit/domain/audit-chain.ts) of
 *
 *     { format: 'registration-portal/licence/v1', ...the 15 LicenceData fields }
 *
 * canonicalJson sorts object keys at every depth (code-unit order) and writes no whitespace; strings are
 * JSON.stringify's (non-ASCII characters as themselves, not \u escapes); `null` stays `null` (the capital of
 * an individual household). Only the fields of LicenceData are taken, so an object that carries more
 * properties (an entity, a view model) signs the same bytes as the bare data. Example (abridged):
 *
 *     {"businessScope":"…","businessTerm":"long_term","capitalLabel":{"en":"Registered capital","zh":"注册资本"},
 *      "code":"91210200MA0XXXXXXX",…,"format":"registration-portal/licence/v1",…,"version":1,"verifyUrl":"https://…"}
 */
export function canonicalLicencePayload(data: LicenceData): Buffer {
  const picked: Record<string, unknown> = { format: LICENCE_PAYLOAD_FORMAT };
  for (const key of DATA_KEYS) {
    const value = data[key];
    picked[key] = isBilingual(value) ? { zh: value.zh, en: value.en } : value;
  }
  return Buffer.from(canonicalJson(picked), 'utf8');
}

/**
 * Reads signed bytes back into LicenceData. Undefined unless they are exactly what canonicalLicencePayload
 * writes for some valid LicenceData: another format, a missing or extra field, a wrong type, a malformed date
 * or the same content in a non-canonical encoding.
 */
export function parseLicencePayload(payload: Buffer): LicenceData | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  if (record.format !== LICENCE_PAYLOAD_FORMAT) return undefined;
  if (Object.keys(record).length !== DATA_KEYS.length + 1) return undefined;
  const data = {} as Record<string, unknown>;
  for (const key of DATA_KEYS) {
    if (!(key in record)) return undefined;
    data[key] = record[key];
  }
  const candidate = data as unknown as LicenceData;
  if (licenceDataProblems(candidate).length > 0) return undefined;
  if (!canonicalLicencePayload(candidate).equals(payload)) return undefined;
  return candidate;
}

const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** What is wrong with the data, in words for a developer; empty when it can be printed and signed. */
export function licenceDataProblems(data: LicenceData): string[] {
  const problems: string[] = [];
  const text = (key: keyof LicenceData, value: unknown): void => {
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${key} must be a non-empty string`);
  };
  const bilingual = (key: keyof LicenceData, value: unknown): void => {
    if (!isBilingual(value) || value.zh.trim() === '' || value.en.trim() === '' || Object.keys(value).length !== 2) {
      problems.push(`${key} must be { zh, en } with both texts`);
    }
  };
  if (typeof data.code !== 'string' || !USCC_PATTERN.test(data.code))
    problems.push('code must be an 18-character unified social credit code');
  text('name', data.name);
  bilingual('entityTypeLabel', data.entityTypeLabel);
  bilingual('representativeTitle', data.representativeTitle);
  text('representative', data.representative);
  if (data.registeredCapitalFen === null) {
    if (data.capitalLabel !== null) problems.push('capitalLabel must be null when registeredCapitalFen is null');
  } else {
    if (typeof data.registeredCapitalFen !== 'string' || !/^(0|[1-9]\d{0,17})$/.test(data.registeredCapitalFen)) {
      problems.push('registeredCapitalFen must be a whole number of fen as a decimal string, or null');
    }
    bilingual('capitalLabel', data.capitalLabel);
  }
  if (!isIsoDate(data.establishedOn)) problems.push('establishedOn must be a date YYYY-MM-DD');
  if (parseBusinessTerm(data.businessTerm) === undefined) problems.push(`businessTerm must be ${LONG_TERM} or "YYYY-MM-DD to YYYY-MM-DD"`);
  text('domicile', data.domicile);
  text('businessScope', data.businessScope);
  bilingual('registrationAuthority', data.registrationAuthority);
  if (!isIsoDate(data.issuedOn)) problems.push('issuedOn must be a date YYYY-MM-DD');
  if (!Number.isSafeInteger(data.version) || data.version < 1) problems.push('version must be a whole number from 1');
  if (typeof data.verifyUrl !== 'string' || !/^https?:\/\/\S+$/.test(data.verifyUrl)) problems.push('verifyUrl must be an http(s) address');
  return problems;
}

export interface LicenceField {
  key: LicenceFieldKey;
  label: string;
  value: string;
}

export type LicenceFieldKey =
  | 'code'
  | 'name'
  | 'type'
  | 'representative'
  | 'registeredCapital'
  | 'establishedOn'
  | 'businessTerm'
  | 'domicile'
  | 'businessScope'
  | 'registrationAuthority'
  | 'issuedOn';

const LABELS: Record<Exclude<LicenceFieldKey, 'representative'>, BilingualText> = {
  code: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  name: { zh: '名称', en: 'Name' },
  type: { zh: '类型', en: 'Type' },
  registeredCapital: { zh: '注册资本', en: 'Registered capital' },
  establishedOn: { zh: '成立日期', en: 'Date of establishment' },
  businessTerm: { zh: '营业期限', en: 'Business term' },
  domicile: { zh: '住所', en: 'Domicile' },
  businessScope: { zh: '经营范围', en: 'Business scope' },
  registrationAuthority: { zh: '登记机关', en: 'Registration authority' },
  issuedOn: { zh: '发照日期', en: 'Date of issue' },
};

/**
 * The licence's fields in the official order (STANDARDS.md §7), for the HTML page and the PDF alike. The
 * registered name, the representative, the domicile and the scope are registered in Chinese and stay Chinese
 * in the English view. The capital row is left out where none is registered. The registration authority and
 * the date of issue stand apart at the foot of the licence: see licenceFooter.
 */
export function licenceFields(data: LicenceData, locale: LicenceLocale): LicenceField[] {
  const pick = (text: BilingualText): string => (locale === 'zh-CN' ? text.zh : text.en);
  const fields: LicenceField[] = [
    { key: 'code', label: pick(LABELS.code), value: data.code },
    { key: 'name', label: pick(LABELS.name), value: data.name },
    { key: 'type', label: pick(LABELS.type), value: pick(data.entityTypeLabel) },
    { key: 'representative', label: pick(data.representativeTitle), value: data.representative },
  ];
  if (data.registeredCapitalFen !== null) {
    fields.push({
      key: 'registeredCapital',
      label: pick(data.capitalLabel ?? LABELS.registeredCapital),
      value: formatCapital(BigInt(data.registeredCapitalFen), locale),
    });
  }
  fields.push(
    { key: 'establishedOn', label: pick(LABELS.establishedOn), value: formatLicenceDate(data.establishedOn, locale) },
    { key: 'businessTerm', label: pick(LABELS.businessTerm), value: formatBusinessTerm(data.businessTerm, locale) },
    { key: 'domicile', label: pick(LABELS.domicile), value: data.domicile },
    { key: 'businessScope', label: pick(LABELS.businessScope), value: data.businessScope },
  );
  return fields;
}

/** The registration authority and the date of issue, printed at the foot of the licence beside the seal. */
export function licenceFooter(data: LicenceData, locale: LicenceLocale): { registrationAuthority: LicenceField; issuedOn: LicenceField } {
  const zh = locale === 'zh-CN';
  return {
    registrationAuthority: {
      key: 'registrationAuthority',
      label: zh ? LABELS.registrationAuthority.zh : LABELS.registrationAuthority.en,
      value: zh ? data.registrationAuthority.zh : data.registrationAuthority.en,
    },
    issuedOn: {
      key: 'issuedOn',
      label: zh ? LABELS.issuedOn.zh : LABELS.issuedOn.en,
      value: formatLicenceDate(data.issuedOn, locale),
    },
  };
}

/** "人民币壹佰万元整" / "¥1,000,000 (人民币壹佰万元整)". */
export function formatCapital(fen: bigint, locale: LicenceLocale): string {
  const capitals = yuanInChineseCapitals(fen);
  return locale === 'zh-CN' ? capitals : `¥${formatYuan(fen)} (${capitals})`;
}

/** "2026年11月27日" / "27 November 2026" (UI.md formats), from YYYY-MM-DD; a calendar date, no time zone involved. */
export function formatLicenceDate(isoDate: string, locale: LicenceLocale): string {
  return formatCalendarDate(isoDate, locale);
}

/** "长期" / "Long-term"; "2026年11月27日至2046年11月26日" / "27 November 2026 to 26 November 2046". */
export function formatBusinessTerm(term: string, locale: LicenceLocale): string {
  const parsed = parseBusinessTerm(term);
  if (parsed === undefined) throw new Error(`Not a business term: ${term}`);
  const longTerm = locale === 'zh-CN' ? '长期' : 'Long-term';
  if (parsed.from === undefined) return longTerm;
  const to = parsed.to === LONG_TERM ? (locale === 'zh-CN' ? '长期' : 'long-term') : formatLicenceDate(parsed.to, locale);
  const from = formatLicenceDate(parsed.from, locale);
  return locale === 'zh-CN' ? `${from}至${to}` : `${from} to ${to}`;
}

function parseBusinessTerm(term: unknown): { from?: string; to: string } | undefined {
  if (term === LONG_TERM) return { to: LONG_TERM };
  if (typeof term !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2}|long_term)$/.exec(term);
  if (!match || !isIsoDate(match[1])) return undefined;
  if (match[2] !== LONG_TERM && (!isIsoDate(match[2]) || match[2] < match[1])) return undefined;
  return { from: match[1], to: match[2] };
}

function isBilingual(value: unknown): value is BilingualText {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.zh === 'string' && typeof record.en === 'string';
}
