import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_DATA_DIR } from '../reference/industry-classification';

/**
 * The shape of src/reference/data/name-rules.json (a copy of shared/data/name-rules.json). The domain
 * (`domain/enterprise-name.ts`) takes these rules as a parameter, so that it reads no files and a spec can
 * hand it altered rules.
 */

export const NAME_RULES_FILE: string = join(REFERENCE_DATA_DIR, 'name-rules.json');

export interface NameRuleSource {
  /** Cited at the start of every `source` field, e.g. `REG2020` in "REG2020 Art. 5". */
  readonly id: string;
  readonly title_zh: string;
  readonly title_en?: string;
  /** e.g. "国务院令第734号 (State Council Decree No. 734)" */
  readonly instrument?: string;
}

/** A pattern a machine can apply: a regular expression (Unicode mode) that must not match any part of the name. */
export interface RegexForbiddenPattern {
  readonly type: 'regex';
  readonly pattern: string;
  readonly reason: string;
  readonly source: string;
}

/**
 * A category of prohibited content described in words (REG2020 Art. 11: 损害国家尊严 …). It cannot be
 * matched mechanically; a reviewer judges it.
 */
export interface CategoryForbiddenPattern {
  readonly type: 'category';
  readonly pattern: string;
  readonly reason: string;
  readonly source: string;
}

export type ForbiddenPattern = RegexForbiddenPattern | CategoryForbiddenPattern;
export const FORBIDDEN_PATTERN_TYPES: readonly ForbiddenPattern['type'][] = ['regex', 'category'];

/** Every position the file uses; the loader refuses others so that a new kind of rule is never silently ignored. */
export const RESTRICTED_WORD_POSITIONS = [
  'prefix',
  'middle',
  'any',
  'suffix',
  'before organisational form',
  'organisational form',
] as const;
export type RestrictedWordPosition = (typeof RESTRICTED_WORD_POSITIONS)[number];

export interface RestrictedWord {
  readonly word: string;
  readonly position: RestrictedWordPosition;
  readonly reason: string;
  readonly source: string;
}

export interface OrganisationalFormDetail {
  readonly words: readonly string[];
  /** The kind of entity, in Chinese, possibly followed by an English gloss: "有限责任公司 (LLC)". */
  readonly entity: string;
  readonly text_zh: string;
  readonly commonRendering?: string;
  readonly note?: string;
  readonly source: string;
}

export interface NameRule {
  readonly id: string;
  readonly text_zh: string;
  readonly summary_en?: string;
  readonly source: string;
  readonly minChineseCharacters?: number;
}

export interface NameRules {
  readonly title: string;
  readonly sources: readonly NameRuleSource[];
  readonly forbiddenPatterns: readonly ForbiddenPattern[];
  readonly restrictedWords: readonly RestrictedWord[];
  readonly organisationalForms: readonly string[];
  readonly organisationalFormsDetail: readonly OrganisationalFormDetail[];
  readonly rules: readonly NameRule[];
}

export class NameRulesDataError extends Error {
  override readonly name = 'NameRulesDataError';
}

function fail(message: string): never {
  throw new NameRulesDataError(`name rules: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (!isRecord(value)) fail(`${where} must be an object`);
  return value;
}

function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) fail(`${where} must be an array`);
  return value as unknown[];
}

function text(value: Record<string, unknown>, field: string, where: string): string {
  const result = value[field];
  if (typeof result !== 'string' || result.trim() === '') fail(`${where}.${field} must be a non-empty string`);
  return result;
}

function optionalText(value: Record<string, unknown>, field: string, where: string): string | undefined {
  return value[field] === undefined || value[field] === null ? undefined : text(value, field, where);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const property of Object.values(value)) deepFreeze(property);
    Object.freeze(value);
  }
  return value;
}

/**
 * Checks the parsed JSON against what the domain relies on and returns a frozen copy with only the
 * fields the domain reads. Refuses what it cannot apply faithfully — a regex that does not compile, a
 * pattern type or a word position no code handles — so that a changed data file fails at start-up rather
 * than letting names through unchecked.
 */
export function parseNameRules(json: unknown): NameRules {
  const root = record(json, 'the file');

  const sources = array(root['sources'], 'sources').map((value, index): NameRuleSource => {
    const where = `sources[${index}]`;
    const source = record(value, where);
    const result: NameRuleSource = { id: text(source, 'id', where), title_zh: text(source, 'title_zh', where) };
    const title_en = optionalText(source, 'title_en', where);
    const instrument = optionalText(source, 'instrument', where);
    return { ...result, ...(title_en === undefined ? {} : { title_en }), ...(instrument === undefined ? {} : { instrument }) };
  });

  const forbiddenPatterns = array(root['forbiddenPatterns'], 'forbiddenPatterns').map((value, index): ForbiddenPattern => {
    const where = `forbiddenPatterns[${index}]`;
    const entry = record(value, where);
    const type = entry['type'];
    const pattern = text(entry, 'pattern', where);
    const common = { pattern, reason: text(entry, 'reason', where), source: text(entry, 'source', where) };
    if (type === 'regex') {
      try {
        new RegExp(pattern, 'u');
      } catch (error: unknown) {
        fail(`${where}.pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`);
      }
      return { type, ...common };
    }
    if (type === 'category') return { type, ...common };
    return fail(`${where}.type ${JSON.stringify(type)} is not one of ${FORBIDDEN_PATTERN_TYPES.join(', ')}`);
  });

  const restrictedWords = array(root['restrictedWords'], 'restrictedWords').map((value, index): RestrictedWord => {
    const where = `restrictedWords[${index}]`;
    const entry = record(value, where);
    const position = entry['position'];
    if (!RESTRICTED_WORD_POSITIONS.includes(position as RestrictedWordPosition)) {
      fail(`${where}.position ${JSON.stringify(position)} is not one of: ${RESTRICTED_WORD_POSITIONS.join(', ')}`);
    }
    return {
      word: text(entry, 'word', where),
      position: position as RestrictedWordPosition,
      reason: text(entry, 'reason', where),
      source: text(entry, 'source', where),
    };
  });

  const organisationalForms = array(root['organisationalForms'], 'organisationalForms').map((value, index) => {
    if (typeof value !== 'string' || value.trim() === '') fail(`organisationalForms[${index}] must be a non-empty string`);
    return value;
  });

  const organisationalFormsDetail = array(root['organisationalFormsDetail'], 'organisationalFormsDetail').map(
    (value, index): OrganisationalFormDetail => {
      const where = `organisationalFormsDetail[${index}]`;
      const entry = record(value, where);
      const words = array(entry['words'], `${where}.words`).map((word, wordIndex) => {
        if (typeof word !== 'string' || word.trim() === '') fail(`${where}.words[${wordIndex}] must be a non-empty string`);
        return word;
      });
      const commonRendering = optionalText(entry, 'commonRendering', where);
      const note = optionalText(entry, 'note', where);
      return {
        words,
        entity: text(entry, 'entity', where),
        text_zh: text(entry, 'text_zh', where),
        source: text(entry, 'source', where),
        ...(commonRendering === undefined ? {} : { commonRendering }),
        ...(note === undefined ? {} : { note }),
      };
    },
  );

  const rules = array(root['rules'], 'rules').map((value, index): NameRule => {
    const where = `rules[${index}]`;
    const entry = record(value, where);
    const summary_en = optionalText(entry, 'summary_en', where);
    const min = entry['minChineseCharacters'];
    if (min !== undefined && (typeof min !== 'number' || !Number.isInteger(min) || min < 1)) {
      fail(`${where}.minChineseCharacters must be a positive integer`);
    }
    return {
      id: text(entry, 'id', where),
      text_zh: text(entry, 'text_zh', where),
      source: text(entry, 'source', where),
      ...(summary_en === undefined ? {} : { summary_en }),
      ...(min === undefined ? {} : { minChineseCharacters: min }),
    };
  });

  const knownSources = new Set(sources.map((source) => source.id));
  for (const cited of [...forbiddenPatterns, ...restrictedWords, ...organisationalFormsDetail, ...rules]) {
    const id = /^\S+/.exec(cited.source)?.[0];
    if (id === undefined || !knownSources.has(id)) fail(`source "${cited.source}" does not start with the id of an entry in sources`);
  }

  return deepFreeze({
    title: text(root, 'title', 'the file'),
    sources,
    forbiddenPatterns,
    restrictedWords,
    organisationalForms,
    organisationalFormsDetail,
    rules,
  });
}

/** Reads and checks the rules; the caller keeps the result (a provider does, once at start-up). */
export function loadNameRules(file: string = NAME_RULES_FILE): NameRules {
  return parseNameRules(JSON.parse(readFileSync(file, 'utf8')) as unknown);
}
