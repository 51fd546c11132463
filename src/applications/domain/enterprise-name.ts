import type { CategoryForbiddenPattern, NameRules, RestrictedWord } from '../name-rules.loader';
import type { EntityType } from './entity-type';

/**
 * The proposed enterprise name, in the four parts of 企业名称登记管理规定 (State Council Decree No. 734)
 * Art. 6: administrative division + trade name (字号) + industry or business feature + organisational form.
 * The rules come from name-rules.json and are passed in, so this module reads nothing and can be given
 * altered rules in a spec.
 */
export interface NameParts {
  /** e.g. 大连 or 大连保税区. May be empty: Art. 6 lets an enterprise operating across provinces omit it. */
  readonly division: string;
  readonly tradeName: string;
  /** May be empty: Art. 6 lets an enterprise operating across industries omit it. */
  readonly industryPhrase: string;
  readonly organisationalForm: string;
}

export type NamePartField = keyof NameParts;

/** In the order the parts are written, which is also the order problems are listed in. */
export const NAME_PART_FIELDS: readonly NamePartField[] = Object.freeze(['division', 'tradeName', 'industryPhrase', 'organisationalForm']);

/**
 * `restricted_word` is different in kind from the others: the word is not forbidden, it needs an approval
 * or a use the rule allows (e.g. 中国 as a prefix needs State Council approval). A caller may show it as a
 * warning and leave the decision to the reviewer; every other code is something the applicant must fix.
 */
export type NameProblemCode =
  | 'required'
  | 'trade_name_too_short'
  | 'trade_name_not_chinese'
  | 'forbidden_pattern'
  | 'trade_name_is_division_or_industry'
  | 'restricted_word'
  | 'organisational_form_mismatch';

export interface NameProblem {
  readonly field: NamePartField;
  readonly code: NameProblemCode;
  /** Says what to do, then why. */
  readonly message_en: string;
  readonly message_zh: string;
  /** The legal source as name-rules.json cites it, e.g. "REG2020 Art. 5". */
  readonly source?: string;
}

interface Label {
  readonly en: string;
  readonly zh: string;
}

const FIELD_LABELS: Readonly<Record<NamePartField, Label>> = {
  division: { en: 'administrative division', zh: '行政区划' },
  tradeName: { en: 'trade name', zh: '字号' },
  industryPhrase: { en: 'industry phrase', zh: '行业或者经营特点' },
  organisationalForm: { en: 'organisational form', zh: '组织形式' },
};

const ORGANISATIONAL_FORM_EXAMPLES: Readonly<Record<EntityType, string>> = {
  limited_liability_company: '有限公司',
  joint_stock_company: '股份有限公司',
  partnership: '（有限合伙）',
  sole_proprietorship: '工作室',
  individual_household: '店',
  farmers_cooperative: '专业合作社',
};

/** English short titles for sources the data names only in Chinese. */
const SOURCE_TITLES_EN: Readonly<Record<string, string>> = {
  CL2023: 'Company Law',
  PEL2006: 'Partnership Enterprise Law',
  SPEL1999: 'Sole Proprietorship Enterprise Law',
  MERR2022: 'SAMR Order No. 52',
};

function articlesInChinese(reference: string): string {
  return reference
    .replace(/Arts?\.\s*(\d+)/g, '第$1条')
    .replace(/\s*¶\s*(\d+)/g, '第$1款')
    .replace(/\((\d+)\)/g, '第$1项')
    .replace(/\s+(?=第)/g, '');
}

/**
 * Turns "REG2020 Art. 12 ¶1" into "State Council Decree No. 734, Art. 12 ¶1" and
 * "《企业名称登记管理规定》第12条第1款", using the file's own `sources` for the titles.
 */
function citation(source: string, rules: NameRules): Label {
  const match = /^(\S+)\s*(.*)$/.exec(source.trim());
  const cited = match === null ? undefined : rules.sources.find((entry) => entry.id === match[1]);
  if (match === null || cited === undefined) return { en: source, zh: source };
  const reference = match[2] ?? '';
  const instrumentEn = /\(([^)]+)\)\s*$/.exec(cited.instrument ?? '')?.[1];
  const titleEn = instrumentEn ?? SOURCE_TITLES_EN[cited.id] ?? cited.title_en ?? cited.title_zh;
  return {
    en: reference === '' ? titleEn : `${titleEn}, ${reference}`,
    zh: `《${cited.title_zh}》${articlesInChinese(reference)}`,
  };
}

/** Several articles of one source are cited once: "Partnership Enterprise Law, Art. 15; Art. 56". */
function citations(sources: readonly string[], rules: NameRules): Label {
  const byDocument = new Map<string, string[]>();
  for (const source of sources) {
    const id = /^\S+/.exec(source)?.[0] ?? source;
    byDocument.set(id, [...(byDocument.get(id) ?? []), source]);
  }
  const cited = [...byDocument.values()].map((group) => {
    const [first, ...rest] = group.map((source) => citation(source, rules));
    const references = rest.map((_, index) => group[index + 1].replace(/^\S+\s*/, ''));
    return {
      en: [first.en, ...references].join('; '),
      zh: [first.zh, ...references.map(articlesInChinese)].join('、'),
    };
  });
  return { en: cited.map((label) => label.en).join('; '), zh: cited.map((label) => label.zh).join('；') };
}

/**
 * The data writes reasons in three ways: "中文 — English", "中文 (English)", or one language only. Each
 * message gets the half in its language, or the whole reason when it is not split.
 */
function reasonIn(reason: string): Label {
  const dashed = /^(.+?)\s+—\s+(.+)$/u.exec(reason);
  if (dashed !== null) return { zh: dashed[1], en: dashed[2] };
  const glossed = /^(\p{Script=Han}.*?)\s*\(([^()\p{Script=Han}]+)\)$/u.exec(reason);
  if (glossed !== null) return { zh: glossed[1], en: glossed[2] };
  return { en: reason, zh: reason };
}

/**
 * A Han ideograph. 规范汉字 is narrower (the 8,105 characters of 通用规范汉字表, simplified forms), but that
 * table is not in the reference data, so traditional or rare characters are left to the reviewer.
 */
const HAN = /\p{Unified_Ideograph}/u;
const WHITESPACE = /\p{White_Space}/u;

function quoted(text: string): string {
  return `“${text}”`;
}

function listEn(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

const MAX_LISTED_CHARACTERS = 5;

/** Names offending characters so that the applicant can find them; spaces are named, not quoted. */
function describeCharacters(characters: readonly string[]): Label {
  const unique = [...new Set(characters)];
  const hasSpace = unique.some((character) => WHITESPACE.test(character));
  const visible = unique.filter((character) => !WHITESPACE.test(character));
  const shown = visible.slice(0, MAX_LISTED_CHARACTERS).map(quoted);
  const more = visible.length > MAX_LISTED_CHARACTERS;
  const en = [...(hasSpace ? ['the spaces'] : []), ...shown, ...(more ? ['the other characters like them'] : [])];
  const zh = [...(hasSpace ? ['空格'] : []), ...shown].join('、') + (more ? '等字符' : '');
  return { en: listEn(en, 'and'), zh };
}

/** Brackets written with an ASCII keyboard become the full-width brackets a Chinese name uses. */
function fullWidthBrackets(text: string): string {
  return text.replace(/\(/g, '（').replace(/\)/g, '）');
}

function trimmed(parts: NameParts): NameParts {
  return {
    division: parts.division.trim(),
    tradeName: parts.tradeName.trim(),
    industryPhrase: parts.industryPhrase.trim(),
    organisationalForm: parts.organisationalForm.trim(),
  };
}

/** The name as registered and printed: the four parts in order, trimmed, with full-width brackets. */
export function composeName(parts: NameParts): string {
  const { division, tradeName, industryPhrase, organisationalForm } = trimmed(parts);
  return fullWidthBrackets(division + tradeName + industryPhrase + organisationalForm);
}

/**
 * The trade name reduced to what distinguishes it: NFKC folds full-width letters, digits and spaces to
 * their ASCII forms (and compatibility ideographs to unified ones), then spaces, punctuation, brackets and
 * symbols are dropped. 华为, 华 为, （华为） and 华·为 compare equal.
 */
export function normaliseTradeName(tradeName: string): string {
  return tradeName.normalize('NFKC').replace(/[\p{P}\p{S}\p{White_Space}\p{Cc}\p{Cf}]/gu, '');
}

/**
 * Decree 734 Art. 17: within one registration authority a trade name may not equal the trade name of an
 * existing name in the same industry or without an industry phrase. The clash therefore depends on the
 * trade name alone — not on the division, the industry phrase or the organisational form — and the caller
 * compares this key against the register and pending applications of its own authority.
 */
export function tradeNameKey(parts: Pick<NameParts, 'tradeName'>): string {
  return normaliseTradeName(parts.tradeName);
}

/**
 * Shown as "similar existing names" from this score up. With character bigrams, adding or dropping one
 * character at either end of a 2–4 character trade name scores 0.67–0.86 (华为/华为通, 万通/万通达), while
 * two names sharing only a common first character score 0 (华为/华硕); 0.5 sits between, so near-variants
 * are shown and merely related names are not. It is advice to the applicant, not a refusal: only an equal
 * `tradeNameKey` is a clash.
 */
export const SIMILAR_NAME_THRESHOLD = 0.5;

function gramCounts(characters: readonly string[], size: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let index = 0; index + size <= characters.length; index += 1) {
    const gram = characters.slice(index, index + size).join('');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/**
 * Sørensen–Dice coefficient on character bigrams of the normalised trade names, from 0 (nothing shared)
 * to 1 (equal after normalisation). A one-character name has no bigram, so when either side has one
 * character single characters are compared instead (华 against 华为 scores 2/3). Counts are kept per gram,
 * so repeated characters (巴巴) are not counted twice against one occurrence.
 */
export function similarity(a: string, b: string): number {
  const left = [...normaliseTradeName(a)];
  const right = [...normaliseTradeName(b)];
  if (left.join('') === right.join('')) return 1;
  if (left.length === 0 || right.length === 0) return 0;
  const size = left.length < 2 || right.length < 2 ? 1 : 2;
  const leftGrams = gramCounts(left, size);
  const rightGrams = gramCounts(right, size);
  let shared = 0;
  for (const [gram, count] of leftGrams) shared += Math.min(count, rightGrams.get(gram) ?? 0);
  const total = left.length - size + 1 + (right.length - size + 1);
  return (2 * shared) / total;
}

function ruleById(rules: NameRules, id: string) {
  return rules.rules.find((rule) => rule.id === id);
}

function requiredProblems(parts: NameParts, entityType: EntityType): NameProblem[] {
  const problems: NameProblem[] = [];
  if (parts.tradeName === '') {
    problems.push({
      field: 'tradeName',
      code: 'required',
      message_en: 'Enter a trade name',
      message_zh: '请填写字号',
      source: 'REG2020 Art. 6',
    });
  }
  if (parts.organisationalForm === '') {
    const example = ORGANISATIONAL_FORM_EXAMPLES[entityType];
    problems.push({
      field: 'organisationalForm',
      code: 'required',
      message_en: `Enter the organisational form, for example ${example}`,
      message_zh: `请填写组织形式，例如“${example}”`,
      source: 'REG2020 Art. 10',
    });
  }
  return problems;
}

function forbiddenPatternProblems(parts: NameParts, rules: NameRules): NameProblem[] {
  const problems: NameProblem[] = [];
  for (const pattern of rules.forbiddenPatterns) {
    if (pattern.type !== 'regex') continue;
    const expression = new RegExp(pattern.pattern, 'gu');
    for (const field of NAME_PART_FIELDS) {
      const found = [...parts[field].matchAll(expression)].map((match) => match[0]).filter((text) => text !== '');
      if (found.length === 0) continue;
      const what = describeCharacters(found);
      const why = reasonIn(pattern.reason);
      const cite = citation(pattern.source, rules);
      problems.push({
        field,
        code: 'forbidden_pattern',
        message_en: `Remove ${what.en} from the ${FIELD_LABELS[field].en}: ${why.en} (${cite.en})`,
        message_zh: `请删除${FIELD_LABELS[field].zh}中的${what.zh}：${why.zh}（${cite.zh}）`,
        source: pattern.source,
      });
    }
  }
  return problems;
}

/** Characters a regex pattern of the file already reported, so that they are not reported twice. */
function coveredByPatterns(character: string, rules: NameRules): boolean {
  return rules.forbiddenPatterns.some((pattern) => pattern.type === 'regex' && new RegExp(pattern.pattern, 'u').test(character));
}

function tradeNameProblems(parts: NameParts, rules: NameRules): NameProblem[] {
  const { tradeName } = parts;
  if (tradeName === '') return [];
  const problems: NameProblem[] = [];
  const characters = [...tradeName];

  const script = ruleById(rules, 'script');
  const scriptSource = script?.source ?? 'REG2020 Art. 5';
  const notChinese = characters.filter((character) => !HAN.test(character) && !coveredByPatterns(character, rules));
  if (notChinese.length > 0) {
    const what = describeCharacters(notChinese);
    const cite = citation(scriptSource, rules);
    problems.push({
      field: 'tradeName',
      code: 'trade_name_not_chinese',
      message_en: `Remove ${what.en} from the trade name: a trade name uses standard Chinese characters only (${cite.en})`,
      message_zh: `请删除字号中的${what.zh}：字号只能使用规范汉字（${cite.zh}）`,
      source: scriptSource,
    });
  }

  const length = ruleById(rules, 'trade-name-length');
  const minimum = length?.minChineseCharacters ?? 2;
  if (characters.filter((character) => HAN.test(character)).length < minimum) {
    problems.push({
      field: 'tradeName',
      code: 'trade_name_too_short',
      message_en: `Trade name must be at least ${minimum} Chinese characters`,
      message_zh: `字号应当由${minimum}个以上汉字组成`,
      source: length?.source ?? 'REG2020 Art. 8 ¶1',
    });
  }

  // Art. 8 ¶2 also bars other place names and industry terms, with an exception for words that "have
  // another meaning"; only the unmistakable case — the trade name repeats this name's own division or
  // industry phrase — is decided here, the rest is on the reviewer's list (nameCategoriesForReview).
  const placeOrIndustry = ruleById(rules, 'trade-name-not-place-or-industry');
  if (placeOrIndustry !== undefined) {
    const key = normaliseTradeName(tradeName);
    const division = normaliseTradeName(parts.division);
    const divisionWithoutLevel = division.replace(/(省|市|区|县|自治州|自治县|地区|盟|旗)$/u, '');
    const industry = normaliseTradeName(parts.industryPhrase);
    if (key !== '' && (key === division || key === divisionWithoutLevel || key === industry)) {
      const cite = citation(placeOrIndustry.source, rules);
      problems.push({
        field: 'tradeName',
        code: 'trade_name_is_division_or_industry',
        message_en: `Choose a trade name that is not a place name or an industry term: ${quoted(tradeName)} cannot be the trade name (${cite.en})`,
        message_zh: `请另选字号：县级以上行政区划名称、行业或者经营特点不得作为字号（${cite.zh}）`,
        source: placeOrIndustry.source,
      });
    }
  }
  return problems;
}

interface Segment {
  readonly field: NamePartField;
  readonly start: number;
  readonly end: number;
}

interface WordMatch {
  readonly entry: RestrictedWord;
  readonly field: NamePartField;
  readonly start: number;
  readonly end: number;
}

/**
 * Matching ignores spaces and bracket width, so that 中 国 or (中国) cannot slip past 中国 or （中国）.
 * The data's words go through the same folding.
 */
function forMatching(text: string): string {
  return text.normalize('NFKC').replace(/\p{White_Space}/gu, '');
}

function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let index = haystack.indexOf(needle); index !== -1; index = haystack.indexOf(needle, index + 1)) found.push(index);
  return found;
}

function restrictedWordMatches(parts: NameParts, rules: NameRules): WordMatch[] {
  const segments: Segment[] = [];
  let name = '';
  for (const field of NAME_PART_FIELDS) {
    const text = forMatching(parts[field]);
    segments.push({ field, start: name.length, end: name.length + text.length });
    name += text;
  }
  const fieldAt = (index: number) =>
    segments.find((segment) => index >= segment.start && index < segment.end)?.field ?? 'organisationalForm';
  const form = segments[3];

  const matches: WordMatch[] = [];
  const add = (entry: RestrictedWord, start: number, length: number) => {
    matches.push({ entry, field: fieldAt(start), start, end: start + length });
  };
  for (const entry of rules.restrictedWords) {
    const word = forMatching(entry.word);
    switch (entry.position) {
      case 'prefix':
        if (name.startsWith(word)) add(entry, 0, word.length);
        break;
      case 'middle':
        // "中间" in Art. 12 ¶2 is set against "冠以" (at the start) in ¶1: anywhere but the start.
        for (const index of occurrences(name, word)) if (index > 0) add(entry, index, word.length);
        break;
      case 'any':
        for (const index of occurrences(name, word)) add(entry, index, word.length);
        break;
      case 'suffix':
        if (name.endsWith(word)) add(entry, name.length - word.length, word.length);
        break;
      case 'before organisational form': {
        // Art. 14 allows 集团 or （集团） in that place; both spellings are caught, before or inside the form.
        const beforeForm = name.slice(0, form.start);
        const formText = name.slice(form.start);
        for (const spelling of [`(${word})`, word]) {
          if (beforeForm.endsWith(spelling)) {
            add(entry, form.start - spelling.length, spelling.length);
            break;
          }
          if (formText.startsWith(spelling)) {
            add(entry, form.start, spelling.length);
            break;
          }
        }
        break;
      }
      case 'organisational form':
        // These words may stand only as the organisational form; the form itself is checked against the
        // entity type separately.
        for (const segment of segments.slice(0, 3)) {
          for (const index of occurrences(name.slice(segment.start, segment.end), word)) add(entry, segment.start + index, word.length);
        }
        break;
    }
  }
  // A word inside a longer matched word is that word's business: （中国） is not also reported as 中国, nor
  // 股份有限公司 as 有限公司.
  return matches.filter(
    (match) =>
      !matches.some(
        (other) =>
          other !== match && other.end - other.start > match.end - match.start && other.start <= match.start && other.end >= match.end,
      ),
  );
}

function restrictedWordMessage(entry: RestrictedWord, field: NamePartField, rules: NameRules): Label {
  const word = quoted(entry.word);
  const cite = citation(entry.source, rules);
  const reason = reasonIn(entry.reason);
  const why = `${reason.en} (${cite.en})`;
  const whyZh = `${reason.zh}（${cite.zh}）`;
  switch (entry.position) {
    case 'prefix':
      return {
        en: `Remove ${word} from the start of the name unless you have approval to use it: ${why}`,
        zh: `名称开头使用${word}须经批准，未获批准请删除：${whyZh}`,
      };
    case 'middle':
      return {
        en: `Remove ${word} from the name unless it is used as the rule allows: ${why}`,
        zh: `名称中间的${word}须符合规定，否则请删除：${whyZh}`,
      };
    case 'any':
      return {
        en: `Remove ${word} from the name unless you have approval to use it: ${why}`,
        zh: `名称中使用${word}须经审核，未获准许请删除：${whyZh}`,
      };
    case 'suffix':
      return {
        en: `Remove ${word} from the end of the name unless the rule allows it: ${why}`,
        zh: `名称末尾的${word}须符合规定，否则请删除：${whyZh}`,
      };
    case 'before organisational form':
      return {
        en: `Remove ${word} from before the organisational form unless the rule allows your enterprise to use it: ${why}`,
        zh: `组织形式前的${word}须符合规定，否则请删除：${whyZh}`,
      };
    case 'organisational form':
      return {
        en: `Remove ${word} from the ${FIELD_LABELS[field].en}: it may only be used as the organisational form. ${why}`,
        zh: `请删除${FIELD_LABELS[field].zh}中的${word}：该字样只能作为组织形式使用。${whyZh}`,
      };
  }
}

function restrictedWordProblems(parts: NameParts, rules: NameRules, entityType: EntityType): NameProblem[] {
  const seen = new Set<string>();
  const problems: NameProblem[] = [];
  for (const match of restrictedWordMatches(parts, rules)) {
    // For a sole proprietorship 有限公司 & co. are wrong anywhere, not merely out of place; its own check says so.
    if (
      entityType === 'sole_proprietorship' &&
      match.entry.position === 'organisational form' &&
      soleProprietorshipForbids(match.entry.word)
    ) {
      continue;
    }
    const key = `${rules.restrictedWords.indexOf(match.entry)}:${match.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const message = restrictedWordMessage(match.entry, match.field, rules);
    problems.push({
      field: match.field,
      code: 'restricted_word',
      message_en: message.en,
      message_zh: message.zh,
      source: match.entry.source,
    });
  }
  return problems;
}

/** How name-rules.json's organisationalFormsDetail names each entity type (the first word of `entity`). */
const DETAIL_ENTITIES: Readonly<Record<EntityType, readonly string[]>> = {
  limited_liability_company: ['有限责任公司'],
  joint_stock_company: ['股份有限公司'],
  partnership: ['普通合伙企业', '特殊的普通合伙企业', '有限合伙企业'],
  sole_proprietorship: ['个人独资企业'],
  individual_household: ['个体工商户'],
  farmers_cooperative: ['农民专业合作社'],
};

const ENTITY_PHRASES: Readonly<Record<EntityType, Label>> = {
  limited_liability_company: { en: 'a limited liability company', zh: '有限责任公司' },
  joint_stock_company: { en: 'a company limited by shares', zh: '股份有限公司' },
  partnership: { en: 'a partnership', zh: '合伙企业' },
  sole_proprietorship: { en: 'a sole proprietorship', zh: '个人独资企业' },
  individual_household: { en: 'an individual household', zh: '个体工商户' },
  farmers_cooperative: { en: "a farmers' specialised cooperative", zh: '农民专业合作社' },
};

/**
 * A sole proprietorship's investor has unlimited liability, and 个人独资企业法 Art. 11 requires the name to
 * match its liability form. The data cites no suffix word (its detail entry has none); the former
 * registration measures (个人独资企业登记管理办法, SAIC Order No. 94, Art. 6, repealed by SAMR Order No. 52
 * in 2022) spelled the statute out as "no 有限, 有限责任 or 公司 in the name", which is applied here to every
 * part. 合伙 and 合作社 would claim another legal form (Decree 734 Art. 10). Common forms: 厂, 店, 部,
 * 中心, 工作室, 商行.
 */
const SOLE_PROPRIETORSHIP_FORBIDDEN_IN_NAME = ['有限', '公司'];
const SOLE_PROPRIETORSHIP_FORBIDDEN_IN_FORM = ['合伙', '合作社'];

function soleProprietorshipForbids(text: string): boolean {
  return SOLE_PROPRIETORSHIP_FORBIDDEN_IN_NAME.some((word) => text.includes(word));
}

/**
 * Decree 734 Art. 25 applies the enterprise-name rules to households "by reference" and the data says no
 * more. The household name measures (个体工商户名称登记管理办法, SAIC Order No. 38, Art. 7 — seen only in
 * secondary copies; whether it survived the 2022 reform is not verified) allow 厂, 店, 馆, 部, 行, 中心 and
 * forbid 企业, 公司 and 农民专业合作社. 合作社 (any cooperative), 有限 and 合伙 are refused as well because
 * a household bears unlimited liability and is no partnership. A household may also register without a
 * name at all (SAMR Order No. 52 Art. 6(7)); the caller then does not call this check.
 */
const HOUSEHOLD_FORBIDDEN_IN_FORM = ['企业', '公司', '合作社', '有限', '合伙'];

/**
 * The data is silent on cooperatives beyond Decree 734 Art. 25. 农民专业合作社法 Art. 13 is sometimes cited
 * for it, but in the 2017 text that article is about members' contributions; the law only asks for a
 * lawful name (Art. 12(4)). The requirement to show 专业合作社 comes from the repealed
 * 农民专业合作社登记管理条例 (2007) and the registration forms' instructions (secondary copy: "名称中的组织形式
 * 应当标明'专业合作社'字样"). A bare 合作社 is refused: it is also the form of 供销合作社 and
 * 信用合作社, which are different legal types.
 */
const COOPERATIVE_FORM_ENDING = '专业合作社';

/** Partnership forms are written in brackets after the name; accept them with or without, in either width. */
function partnershipFormCore(form: string): string {
  let text = fullWidthBrackets(form.replace(/\p{White_Space}/gu, ''));
  if (text.startsWith('合伙企业（')) text = text.slice('合伙企业'.length);
  if (text.startsWith('（') && text.endsWith('）')) text = text.slice(1, -1);
  return text;
}

function organisationalFormProblems(parts: NameParts, rules: NameRules, entityType: EntityType): NameProblem[] {
  const form = parts.organisationalForm;
  const entity = ENTITY_PHRASES[entityType];
  const details = rules.organisationalFormsDetail.filter((detail) => DETAIL_ENTITIES[entityType].includes(detail.entity.split(/\s/u)[0]));
  const allowed = details.flatMap((detail) => detail.words);

  if (allowed.length > 0) {
    if (form === '') return [];
    const candidate = entityType === 'partnership' ? partnershipFormCore(form) : form.replace(/\p{White_Space}/gu, '');
    if (allowed.includes(candidate)) return [];
    const shown = allowed.map((word) => (entityType === 'partnership' ? `（${word}）` : word));
    const sources = details.filter((detail) => detail.words.length > 0).map((detail) => detail.source);
    const cite = citations(sources, rules);
    const which = allowed.length === 1 ? 'it' : 'one of them';
    return [
      {
        field: 'organisationalForm',
        code: 'organisational_form_mismatch',
        message_en: `Change the organisational form to ${listEn(shown, 'or')}: ${entity.en} must show ${which} in its name (${cite.en})`,
        message_zh: `请将组织形式改为${shown.map(quoted).join('或')}：${entity.zh}应当在名称中标明${allowed.length === 1 ? '该字样' : '其中之一'}（${cite.zh}）`,
        source: sources.join('; '),
      },
    ];
  }

  const fixedSource = details[0]?.source ?? ruleById(rules, 'coops-and-individuals')?.source ?? 'REG2020 Art. 25';
  const cite = citation(fixedSource, rules);
  const mismatch = (field: NamePartField, message_en: string, message_zh: string): NameProblem => ({
    field,
    code: 'organisational_form_mismatch',
    message_en,
    message_zh,
    source: fixedSource,
  });

  switch (entityType) {
    case 'sole_proprietorship': {
      const problems: NameProblem[] = [];
      for (const field of NAME_PART_FIELDS) {
        const words = [
          ...SOLE_PROPRIETORSHIP_FORBIDDEN_IN_NAME,
          ...(field === 'organisationalForm' ? SOLE_PROPRIETORSHIP_FORBIDDEN_IN_FORM : []),
        ];
        const found = words.filter((word) => parts[field].includes(word));
        if (found.length === 0) continue;
        const what = found.map(quoted);
        problems.push(
          mismatch(
            field,
            `Remove ${listEn(what, 'and')} from the ${FIELD_LABELS[field].en}: a sole proprietorship's investor has unlimited liability, so its name cannot suggest a company, limited liability, a partnership or a cooperative. Use a form such as 厂, 店, 中心 or 工作室 (${cite.en})`,
            `请删除${FIELD_LABELS[field].zh}中的${what.join('、')}：个人独资企业的投资人承担无限责任，名称应当与其责任形式相符，可使用“厂”“店”“中心”“工作室”等（${cite.zh}）`,
          ),
        );
      }
      return problems;
    }
    case 'individual_household': {
      const found = HOUSEHOLD_FORBIDDEN_IN_FORM.filter((word) => form.includes(word)).map(quoted);
      if (found.length === 0) return [];
      return [
        mismatch(
          'organisationalForm',
          `Remove ${listEn(found, 'and')} from the organisational form: an individual household cannot call itself an enterprise, a company, a partnership or a cooperative. Use a form such as 店, 馆, 部, 行, 坊 or 厂 (${cite.en})`,
          `请删除组织形式中的${found.join('、')}：个体工商户的组织形式不得使用“企业”“公司”“合作社”等字样，可使用“店”“馆”“部”“行”“坊”“厂”等（${cite.zh}）`,
        ),
      ];
    }
    case 'farmers_cooperative':
      if (form === '' || form.replace(/\p{White_Space}/gu, '').endsWith(COOPERATIVE_FORM_ENDING)) return [];
      return [
        mismatch(
          'organisationalForm',
          `End the organisational form with ${COOPERATIVE_FORM_ENDING}: ${entity.en} must show ${COOPERATIVE_FORM_ENDING} in its name (${cite.en})`,
          `组织形式应当以“${COOPERATIVE_FORM_ENDING}”结尾：农民专业合作社的名称应当标明“${COOPERATIVE_FORM_ENDING}”字样（${cite.zh}）`,
        ),
      ];
    default:
      // Companies and partnerships have statutory words; rules without them cannot be checked faithfully.
      throw new Error(`name rules list no organisational form for ${entityType}`);
  }
}

/**
 * Every problem with the proposed name that can be decided from the text, listed in the order of the
 * parts. Empty when the name passes. The clash with existing names (`tradeNameKey`) and the content
 * categories of Decree 734 Art. 11 (`nameCategoriesForReview`) are decided elsewhere.
 */
export function checkNameParts(parts: NameParts, rules: NameRules, entityType: EntityType): NameProblem[] {
  const clean = trimmed(parts);
  const problems = [
    ...requiredProblems(clean, entityType),
    ...forbiddenPatternProblems(clean, rules),
    ...tradeNameProblems(clean, rules),
    ...restrictedWordProblems(clean, rules, entityType),
    ...organisationalFormProblems(clean, rules, entityType),
  ];
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => NAME_PART_FIELDS.indexOf(a.problem.field) - NAME_PART_FIELDS.indexOf(b.problem.field) || a.index - b.index)
    .map(({ problem }) => problem);
}

/**
 * The prohibited-content categories of the file (Decree 734 Art. 11: national dignity, public order, party
 * and state organs, foreign countries, obscenity, discrimination, deception …). They are described in words,
 * not as patterns, and no word list can decide them, so they go on the reviewer's checklist instead of
 * being matched against the name.
 */
export function nameCategoriesForReview(rules: NameRules): readonly CategoryForbiddenPattern[] {
  return rules.forbiddenPatterns.filter((pattern): pattern is CategoryForbiddenPattern => pattern.type === 'category');
}
