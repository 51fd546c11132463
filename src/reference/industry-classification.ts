import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';

/**
 * GB/T 4754-2017 《国民经济行业分类》 with Amendment No. 1 (2019) applied, and the two groupings the
 * portal derives from it: the statistics sector (STANDARDS.md §6) and the finer industry that the
 * small-and-micro size classification needs (STANDARDS.md §5).
 *
 * Codes are written the portal's way: the section letter followed by the standard's digits (`F5123`).
 * The standard itself writes class codes as four digits; the letter is redundant (every two-digit division
 * belongs to exactly one section) but makes a code readable on its own, so both forms are accepted as input.
 */

/**
 * Resolved from the project root rather than `__dirname`: tsc does not copy JSON into dist/, so from
 * dist/src/reference the files would not be found next to the compiled module.
 */
export const REFERENCE_DATA_DIR: string = join(PROJECT_ROOT, 'src', 'reference', 'data');

const BASE_FILE = 'gbt4754-2017.json';
const AMENDMENT_FILE = 'gbt4754-2017-amendment1-2019.json';

export const SECTOR_KEYS = [
  'agriculture',
  'industry',
  'construction',
  'wholesale_retail',
  'transport',
  'accommodation_catering',
  'it',
  'finance',
  'real_estate',
  'leasing_business',
  'research',
  'water_environment',
  'resident_services',
  'education',
  'health',
  'culture',
  'public_other',
] as const;
export type SectorKey = (typeof SECTOR_KEYS)[number];

export const SIZE_INDUSTRY_KEYS = [
  'agriculture',
  'industry',
  'construction',
  'wholesale',
  'retail',
  'transport',
  'warehousing',
  'postal',
  'accommodation',
  'catering',
  'information_transmission',
  'software_it',
  'real_estate_development',
  'property_management',
  'leasing_business',
  'other',
] as const;
export type SizeIndustryKey = (typeof SIZE_INDUSTRY_KEYS)[number];

/**
 * Names as Chinese statistical reports print them. A sector made of one section carries that section's
 * name in GB/T 4754 (the spec checks this); 工业 is the reports' own word for B + C + D, and S + T are
 * joined the way the two section names read together.
 */
export const SECTOR_NAMES: Readonly<Record<SectorKey, { readonly en: string; readonly zh: string }>> = Object.freeze({
  agriculture: { en: 'Agriculture, forestry, animal husbandry and fishery', zh: '农、林、牧、渔业' },
  industry: { en: 'Industry (mining, manufacturing and utilities)', zh: '工业' },
  construction: { en: 'Construction', zh: '建筑业' },
  wholesale_retail: { en: 'Wholesale and retail trade', zh: '批发和零售业' },
  transport: { en: 'Transport, storage and postal services', zh: '交通运输、仓储和邮政业' },
  accommodation_catering: { en: 'Accommodation and catering', zh: '住宿和餐饮业' },
  it: { en: 'Information transmission, software and information technology services', zh: '信息传输、软件和信息技术服务业' },
  finance: { en: 'Finance', zh: '金融业' },
  real_estate: { en: 'Real estate', zh: '房地产业' },
  leasing_business: { en: 'Leasing and business services', zh: '租赁和商务服务业' },
  research: { en: 'Scientific research and technical services', zh: '科学研究和技术服务业' },
  water_environment: { en: 'Water conservancy, environment and public facilities management', zh: '水利、环境和公共设施管理业' },
  resident_services: { en: 'Resident services, repair and other services', zh: '居民服务、修理和其他服务业' },
  education: { en: 'Education', zh: '教育' },
  health: { en: 'Health and social work', zh: '卫生和社会工作' },
  culture: { en: 'Culture, sports and entertainment', zh: '文化、体育和娱乐业' },
  public_other: {
    en: 'Public administration, social security, social organisations and international organisations',
    zh: '公共管理、社会保障和社会组织及国际组织',
  },
});

const SECTOR_OF_SECTION: Readonly<Record<string, SectorKey>> = Object.freeze({
  A: 'agriculture',
  B: 'industry',
  C: 'industry',
  D: 'industry',
  E: 'construction',
  F: 'wholesale_retail',
  G: 'transport',
  H: 'accommodation_catering',
  I: 'it',
  J: 'finance',
  K: 'real_estate',
  L: 'leasing_business',
  M: 'research',
  N: 'water_environment',
  O: 'resident_services',
  P: 'education',
  Q: 'health',
  R: 'culture',
  S: 'public_other',
  T: 'public_other',
});

export interface IndustrySection {
  /** A–T */
  readonly letter: string;
  readonly name_zh: string;
  readonly sector: SectorKey;
}

export interface IndustryDivision {
  /** Section letter + 2 digits, e.g. `F51`. */
  readonly code: string;
  readonly name_zh: string;
  readonly section: IndustrySection;
}

export interface IndustryGroup {
  /** Section letter + 3 digits, e.g. `F512`. */
  readonly code: string;
  readonly name_zh: string;
  readonly section: IndustrySection;
  readonly division: IndustryDivision;
}

export interface IndustryClass {
  /** Section letter + 4 digits, e.g. `F5123`: the form the portal stores and shows. */
  readonly code: string;
  readonly name_zh: string;
  readonly section: IndustrySection;
  readonly division: IndustryDivision;
  readonly group: IndustryGroup;
  readonly sizeIndustry: SizeIndustryKey;
}

export interface IndustryClassification {
  readonly sections: readonly IndustrySection[];
  readonly divisions: readonly IndustryDivision[];
  readonly groups: readonly IndustryGroup[];
  readonly classes: readonly IndustryClass[];
}

type Level = 'section' | 'division' | 'group' | 'class';
const LEVELS: readonly Level[] = ['section', 'division', 'group', 'class'];
const DIGITS_AT_LEVEL: Readonly<Record<Level, number>> = { section: 0, division: 2, group: 3, class: 4 };
const SECTION_LETTER = /^[A-T]$/;

interface Entry {
  code: string;
  level: Level;
  section: string;
  name_zh: string;
  parent: string | null;
}

/** Thrown when the data files do not have the shape or the content this module relies on. */
export class IndustryClassificationDataError extends Error {
  override readonly name = 'IndustryClassificationDataError';
}

function fail(message: string): never {
  throw new IndustryClassificationDataError(message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field];
  if (typeof value !== 'string' || value.trim() === '') fail(`${where}: "${field}" must be a non-empty string`);
  return value;
}

function levelField(record: Record<string, unknown>, where: string): Level {
  const value = record['level'];
  if (!LEVELS.includes(value as Level)) fail(`${where}: "level" must be one of ${LEVELS.join(', ')}`);
  return value as Level;
}

/**
 * Accepts the standard's bare digits (`5123`) as well as the portal's form (`F5123`), so that a data file
 * written either way loads; the digits must fit the level and any letter must be the entry's section.
 */
function toPortalCode(code: string, level: Level, section: string, where: string): string {
  const match = /^([A-T]?)(\d*)$/.exec(code);
  if (match === null) fail(`${where}: code "${code}" is neither digits nor a section letter followed by digits`);
  const [, letter, digits] = match;
  if (letter !== '' && letter !== section) fail(`${where}: code "${code}" does not start with its section letter ${section}`);
  if (digits.length !== DIGITS_AT_LEVEL[level]) fail(`${where}: a ${level} code has ${DIGITS_AT_LEVEL[level]} digits, "${code}" does not`);
  return section + digits;
}

function parentLevel(level: Level): Level | null {
  const index = LEVELS.indexOf(level);
  return index === 0 ? null : LEVELS[index - 1];
}

function parseEntry(value: unknown, where: string): Entry {
  if (!isRecord(value)) fail(`${where}: expected an object`);
  const level = levelField(value, where);
  const section = stringField(value, 'section', where);
  if (!SECTION_LETTER.test(section)) fail(`${where}: section "${section}" is not a letter A–T`);
  const code = toPortalCode(stringField(value, 'code', where), level, section, where);
  const name_zh = stringField(value, 'name_zh', where).trim();
  const rawParent = value['parent'];
  let parent: string | null = null;
  if (level === 'section') {
    if (rawParent !== null && rawParent !== undefined) fail(`${where}: a section has no parent`);
  } else {
    if (typeof rawParent !== 'string') fail(`${where}: "parent" must be a code`);
    parent = toPortalCode(rawParent, parentLevel(level)!, section, `${where} (parent)`);
  }
  return { code, level, section, name_zh, parent };
}

/**
 * Applies the 2019 amendment overlay. The file lists the new S9231 before the recoding of the old S9231
 * (人民法院) to S9232 and S9232 (人民检察院) to S9233; taken literally in that order the addition would
 * collide with the class it is meant to displace. Its own note ("takes over code 9231") and its counts
 * (one class more) make the intent unambiguous, so all recodes are applied first and simultaneously
 * (each `from` read from the unamended table, which also keeps S9231→S9232 from being chained into
 * S9232→S9233), then renames, then additions. Each recode and rename must find the name it expects, so an
 * overlay meant for a different base fails loudly instead of renaming the wrong class.
 *
 * Not settled by the data and left alone: the file is a reconstruction from secondary sources (its
 * `confidence` is "medium"), so the official amendment may differ in wording; and a record coded S9231
 * before 2019 meant 人民法院. State organs (division S92) do not register as market players, so no
 * application or register entry is expected to carry these codes.
 */
function applyAmendment(entries: Map<string, Entry>, amendment: unknown): void {
  if (!isRecord(amendment) || !Array.isArray(amendment['changes'])) fail('amendment: expected an object with a "changes" array');
  const changes = amendment['changes'] as unknown[];
  const recodes: { from: Entry; to: string }[] = [];
  const renames: Record<string, unknown>[] = [];
  const additions: Entry[] = [];
  changes.forEach((change, index) => {
    const where = `amendment change ${index + 1}`;
    if (!isRecord(change)) fail(`${where}: expected an object`);
    switch (change['op']) {
      case 'recode': {
        const fromCode = stringField(change, 'from', where);
        const from = entries.get(fromCode) ?? [...entries.values()].find((entry) => entry.code.slice(1) === fromCode);
        if (from === undefined) fail(`${where}: recodes ${fromCode}, which is not in the classification`);
        const expectedName = change['name_zh'];
        if (typeof expectedName === 'string' && expectedName !== from.name_zh) {
          fail(`${where}: ${from.code} is named ${from.name_zh}, not ${expectedName}`);
        }
        recodes.push({ from, to: toPortalCode(stringField(change, 'to', where), from.level, from.section, where) });
        break;
      }
      case 'rename':
        renames.push(change);
        break;
      case 'add':
        additions.push(parseEntry(change['entry'], `${where} (entry)`));
        break;
      default:
        fail(`${where}: unknown op ${JSON.stringify(change['op'])}; this loader knows recode, rename and add`);
    }
  });

  const renamedParents = new Map<string, string>();
  for (const { from } of recodes) entries.delete(from.code);
  for (const { from, to } of recodes) {
    if (entries.has(to)) fail(`amendment: recoding ${from.code} to ${to} collides with an existing code`);
    entries.set(to, { ...from, code: to });
    renamedParents.set(from.code, to);
  }
  for (const entry of entries.values()) {
    if (entry.parent !== null && renamedParents.has(entry.parent)) entry.parent = renamedParents.get(entry.parent)!;
  }

  for (const change of renames) {
    const code = stringField(change, 'code', 'amendment rename');
    const entry = entries.get(code) ?? fail(`amendment: renames ${code}, which is not in the classification`);
    if (change['level'] !== undefined && change['level'] !== entry.level) {
      fail(`amendment: renames ${code} as a ${JSON.stringify(change['level'])}, but it is a ${entry.level}`);
    }
    const from = stringField(change, 'from', `amendment rename of ${code}`);
    if (entry.name_zh !== from) fail(`amendment: ${code} is named ${entry.name_zh}, not ${from}`);
    entry.name_zh = stringField(change, 'to', `amendment rename of ${code}`).trim();
  }

  for (const entry of additions) {
    if (entries.has(entry.code)) fail(`amendment: adds ${entry.code}, which already exists`);
    entries.set(entry.code, entry);
  }

  const expected = amendment['countsAfterAmendment'];
  if (isRecord(expected)) {
    for (const level of LEVELS) {
      const count = [...entries.values()].filter((entry) => entry.level === level).length;
      if (typeof expected[level] === 'number' && expected[level] !== count) {
        fail(`amendment: expected ${String(expected[level])} entries at level ${level} after the amendment, found ${count}`);
      }
    }
  }
}

/**
 * Small-and-micro thresholds (工信部联企业〔2011〕300号) are set per industry, which is finer than a
 * section: STANDARDS.md §6. Transport is divisions 54–58 only: the regulation's 交通运输业 leaves out railway
 * transport (G53), which therefore falls under "other" like every industry the regulation does not list.
 */
function sizeIndustryFor(section: string, divisionDigits: number, groupCode: string): SizeIndustryKey {
  switch (section) {
    case 'A':
      return 'agriculture';
    case 'B':
    case 'C':
    case 'D':
      return 'industry';
    case 'E':
      return 'construction';
    case 'F':
      if (divisionDigits === 51) return 'wholesale';
      if (divisionDigits === 52) return 'retail';
      return 'other';
    case 'G':
      if (divisionDigits >= 54 && divisionDigits <= 58) return 'transport';
      if (divisionDigits === 59) return 'warehousing';
      if (divisionDigits === 60) return 'postal';
      return 'other';
    case 'H':
      if (divisionDigits === 61) return 'accommodation';
      if (divisionDigits === 62) return 'catering';
      return 'other';
    case 'I':
      if (divisionDigits === 63 || divisionDigits === 64) return 'information_transmission';
      if (divisionDigits === 65) return 'software_it';
      return 'other';
    case 'K':
      if (groupCode === 'K701') return 'real_estate_development';
      if (groupCode === 'K702') return 'property_management';
      return 'other';
    case 'L':
      return 'leasing_business';
    default:
      return 'other';
  }
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Builds the classification from the parsed base table and, when given, the amendment overlay. Exported so
 * that the spec can feed it altered data; the application uses the lazily loaded copy behind the functions
 * below.
 */
export function buildIndustryClassification(base: unknown, amendment?: unknown): IndustryClassification {
  if (!Array.isArray(base)) fail(`${BASE_FILE}: expected an array of entries`);
  const entries = new Map<string, Entry>();
  (base as unknown[]).forEach((value, index) => {
    const entry = parseEntry(value, `${BASE_FILE} entry ${index + 1}`);
    if (entries.has(entry.code)) fail(`${BASE_FILE}: code ${entry.code} occurs twice`);
    entries.set(entry.code, entry);
  });
  if (amendment !== undefined) applyAmendment(entries, amendment);

  for (const entry of entries.values()) {
    if (entry.parent === null) continue;
    const parent = entries.get(entry.parent);
    if (parent === undefined || parent.level !== parentLevel(entry.level) || !entry.code.startsWith(parent.code)) {
      fail(`${entry.code}: parent ${entry.parent} is missing or is not the ${parentLevel(entry.level)} above it`);
    }
  }

  const ofLevel = (level: Level) => [...entries.values()].filter((entry) => entry.level === level).sort(byCode);

  const sections = new Map<string, IndustrySection>();
  for (const entry of ofLevel('section')) {
    const sector = SECTOR_OF_SECTION[entry.code] ?? fail(`section ${entry.code} has no statistics sector`);
    sections.set(entry.code, Object.freeze({ letter: entry.code, name_zh: entry.name_zh, sector }));
  }
  const divisions = new Map<string, IndustryDivision>();
  for (const entry of ofLevel('division')) {
    divisions.set(entry.code, Object.freeze({ code: entry.code, name_zh: entry.name_zh, section: sections.get(entry.section)! }));
  }
  const groups = new Map<string, IndustryGroup>();
  for (const entry of ofLevel('group')) {
    const division = divisions.get(entry.parent!)!;
    groups.set(entry.code, Object.freeze({ code: entry.code, name_zh: entry.name_zh, section: division.section, division }));
  }
  const classes: IndustryClass[] = ofLevel('class').map((entry) => {
    const group = groups.get(entry.parent!)!;
    return Object.freeze({
      code: entry.code,
      name_zh: entry.name_zh,
      section: group.section,
      division: group.division,
      group,
      sizeIndustry: sizeIndustryFor(entry.section, Number(entry.code.slice(1, 3)), group.code),
    });
  });

  return Object.freeze({
    sections: Object.freeze([...sections.values()]),
    divisions: Object.freeze([...divisions.values()]),
    groups: Object.freeze([...groups.values()]),
    classes: Object.freeze(classes),
  });
}

interface Loaded {
  readonly classification: IndustryClassification;
  readonly byPortalCode: ReadonlyMap<string, IndustryClass>;
  readonly byDigits: ReadonlyMap<string, IndustryClass>;
}

let loaded: Loaded | undefined;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(join(REFERENCE_DATA_DIR, file), 'utf8')) as unknown;
}

// Loaded on first use so that importing this module (e.g. for its types or SECTOR_NAMES) costs no file I/O.
function load(): Loaded {
  if (loaded === undefined) {
    const classification = buildIndustryClassification(readJson(BASE_FILE), readJson(AMENDMENT_FILE));
    loaded = {
      classification,
      byPortalCode: new Map(classification.classes.map((industryClass) => [industryClass.code, industryClass])),
      // Unique because every two-digit division belongs to exactly one section.
      byDigits: new Map(classification.classes.map((industryClass) => [industryClass.code.slice(1), industryClass])),
    };
  }
  return loaded;
}

/** NFKC folds full-width letters and digits typed with a Chinese input method into ASCII. */
function normaliseQuery(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

export function industrySections(): readonly IndustrySection[] {
  return load().classification.sections;
}

export function industryDivisions(): readonly IndustryDivision[] {
  return load().classification.divisions;
}

export function industryGroups(): readonly IndustryGroup[] {
  return load().classification.groups;
}

/** All classes (小类) in code order. */
export function industryClasses(): readonly IndustryClass[] {
  return load().classification.classes;
}

/**
 * Looks a class up by `F5123` or `5123`, in either case and width. A letter that is not the section of
 * those digits (`A5123`) finds nothing rather than being silently corrected.
 */
export function findIndustryClass(code: string): IndustryClass | undefined {
  const { byPortalCode, byDigits } = load();
  // Stored codes are already canonical ("F5211"): look them up before normalising (NFKC) what was typed.
  const stored = byPortalCode.get(code);
  if (stored) return stored;
  const text = normaliseQuery(code).toUpperCase();
  if (/^[A-Z]\d{4}$/.test(text)) return byPortalCode.get(text);
  if (/^\d{4}$/.test(text)) return byDigits.get(text);
  return undefined;
}

/**
 * Classes matching the query, best first: the class whose code is the query, then classes whose code
 * starts with it (`F51`, `51`, `f512`), then classes whose Chinese name contains it (an exact name, then a
 * name starting with it, then any other). Ties keep code order, which groups related classes together.
 */
export function searchIndustryClasses(query: string, limit = 20): readonly IndustryClass[] {
  const text = normaliseQuery(query);
  if (text === '' || limit <= 0) return [];
  const upper = text.toUpperCase();
  const withLetter = /^[A-Z]\d{0,4}$/.test(upper);
  const digitsOnly = /^\d{1,4}$/.test(upper);

  const ranked: { industryClass: IndustryClass; rank: number }[] = [];
  for (const industryClass of load().classification.classes) {
    const comparable = withLetter ? industryClass.code : digitsOnly ? industryClass.code.slice(1) : undefined;
    let rank: number | undefined;
    if (comparable !== undefined && comparable === upper) rank = 0;
    else if (comparable !== undefined && comparable.startsWith(upper)) rank = 1;
    else if (industryClass.name_zh === text) rank = 2;
    else if (industryClass.name_zh.startsWith(text)) rank = 3;
    else if (industryClass.name_zh.includes(text)) rank = 4;
    if (rank !== undefined) ranked.push({ industryClass, rank });
  }
  // Array#sort is stable, so equal ranks stay in code order.
  ranked.sort((a, b) => a.rank - b.rank);
  return ranked.slice(0, Math.floor(limit)).map(({ industryClass }) => industryClass);
}

/** The statistics sector of a class code (STANDARDS.md §6), or undefined when the code is not a class. */
export function sectorOf(code: string): SectorKey | undefined {
  return findIndustryClass(code)?.section.sector;
}

/** The industry whose small-and-micro thresholds apply (STANDARDS.md §5), or undefined when the code is not a class. */
export function sizeIndustryOf(code: string): SizeIndustryKey | undefined {
  return findIndustryClass(code)?.sizeIndustry;
}
