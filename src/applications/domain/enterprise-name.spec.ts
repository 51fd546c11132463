import fc from 'fast-check';
import { loadNameRules, parseNameRules, type NameRules, type RestrictedWord, type RestrictedWordPosition } from '../name-rules.loader';
import {
  checkNameParts,
  composeName,
  NAME_PART_FIELDS,
  nameCategoriesForReview,
  normaliseTradeName,
  SIMILAR_NAME_THRESHOLD,
  similarity,
  tradeNameKey,
  type NamePartField,
  type NameParts,
  type NameProblem,
} from './enterprise-name';
import { ENTITY_TYPES, type EntityType } from './entity-type';

const SEED = 734_2020;
const rules: NameRules = loadNameRules();

const VALID: NameParts = { division: '大连', tradeName: '华兴', industryPhrase: '科技', organisationalForm: '有限公司' };

function check(changes: Partial<NameParts>, entityType: EntityType = 'limited_liability_company'): NameProblem[] {
  return checkNameParts({ ...VALID, ...changes }, rules, entityType);
}

function codesOf(problems: readonly NameProblem[]): string[] {
  return problems.map((problem) => `${problem.field}:${problem.code}`);
}

/** Every message must tell the applicant what to do: it starts with an instruction or states the rule to meet. */
function expectActionable(problem: NameProblem): void {
  expect(problem.message_en).toMatch(/^(Enter|Remove|Change|Choose|End|Trade name must)\b/);
  expect(problem.message_zh).not.toBe('');
}

// Characters to try against each regex pattern of the file, so that a new pattern gets a sample without a code change.
const CANDIDATE_CHARACTERS = [
  ...Array.from({ length: 0x7f - 0x21 }, (_, index) => String.fromCharCode(0x21 + index)),
  ...Array.from({ length: 0xff5f - 0xff01 }, (_, index) => String.fromCharCode(0xff01 + index)),
  ...'、。，；：？！“”‘’（）【】《》·—…￥',
];

describe('enterprise names', () => {
  it('composes the name from its four parts in order', () => {
    expect(composeName(VALID)).toBe('大连华兴科技有限公司');
    expect(composeName({ division: '大连保税区', tradeName: '万通', industryPhrase: '', organisationalForm: '有限责任公司' })).toBe(
      '大连保税区万通有限责任公司',
    );
  });

  it('trims the parts and writes brackets full-width when composing', () => {
    expect(composeName({ division: ' 大连 ', tradeName: '华兴 ', industryPhrase: '投资', organisationalForm: '(有限合伙)' })).toBe(
      '大连华兴投资（有限合伙）',
    );
  });

  it('accepts a well-formed name for every entity type', () => {
    const forms: Record<EntityType, string> = {
      limited_liability_company: '有限公司',
      joint_stock_company: '股份有限公司',
      sole_proprietorship: '工作室',
      partnership: '（有限合伙）',
      individual_household: '店',
      farmers_cooperative: '专业合作社',
    };
    for (const entityType of ENTITY_TYPES) {
      expect(check({ organisationalForm: forms[entityType] }, entityType)).toEqual([]);
    }
  });

  describe('required parts', () => {
    it('asks for a trade name and an organisational form, but not for a division or an industry phrase (Decree 734 Art. 6)', () => {
      const problems = checkNameParts(
        { division: '', tradeName: ' ', industryPhrase: '', organisationalForm: '' },
        rules,
        'limited_liability_company',
      );
      expect(codesOf(problems)).toEqual(['tradeName:required', 'organisationalForm:required']);
      expect(problems[0].message_en).toBe('Enter a trade name');
      expect(problems[1].message_en).toBe('Enter the organisational form, for example 有限公司');
      problems.forEach(expectActionable);
    });
  });

  describe('trade name', () => {
    it.each(['华', '华A', '1华'])('must have at least 2 Chinese characters: %p', (tradeName) => {
      const problem = check({ tradeName }).find((p) => p.code === 'trade_name_too_short');
      expect(problem).toMatchObject({
        field: 'tradeName',
        message_en: 'Trade name must be at least 2 Chinese characters',
        source: 'REG2020 Art. 8 ¶1',
      });
    });

    it.each(['华兴', '华兴达', '𠀀华'])('accepts %p as long enough', (tradeName) => {
      expect(check({ tradeName }).filter((p) => p.code === 'trade_name_too_short')).toEqual([]);
    });

    it('takes the minimum length from the rules', () => {
      const stricter: NameRules = {
        ...rules,
        rules: rules.rules.map((rule) => (rule.id === 'trade-name-length' ? { ...rule, minChineseCharacters: 3 } : rule)),
      };
      expect(checkNameParts({ ...VALID, tradeName: '华兴' }, stricter, 'limited_liability_company')[0]?.message_en).toBe(
        'Trade name must be at least 3 Chinese characters',
      );
    });

    it.each([
      [
        '华 兴',
        'Remove the spaces from the trade name: a trade name uses standard Chinese characters only (State Council Decree No. 734, Art. 5)',
      ],
      [
        '华·兴',
        'Remove “·” from the trade name: a trade name uses standard Chinese characters only (State Council Decree No. 734, Art. 5)',
      ],
      [
        '华-兴！',
        'Remove “-” and “！” from the trade name: a trade name uses standard Chinese characters only (State Council Decree No. 734, Art. 5)',
      ],
      [
        '（华兴）',
        'Remove “（” and “）” from the trade name: a trade name uses standard Chinese characters only (State Council Decree No. 734, Art. 5)',
      ],
    ])('allows only Chinese characters: %p', (tradeName, message) => {
      const problems = check({ tradeName }).filter((p) => p.code === 'trade_name_not_chinese');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ field: 'tradeName', message_en: message, source: 'REG2020 Art. 5' });
      expect(problems[0].message_zh).toContain('《企业名称登记管理规定》第5条');
    });

    it('reports Latin letters once, under the forbidden pattern, not again as non-Chinese characters', () => {
      const problems = check({ tradeName: '华为Huawei' });
      expect(codesOf(problems)).toEqual(['tradeName:forbidden_pattern']);
      expect(problems[0].message_en).toBe(
        'Remove “H”, “u”, “a”, “w”, “e” and the other characters like them from the trade name: Latin letters (including Hanyu Pinyin) are not 规范汉字 (State Council Decree No. 734, Art. 5)',
      );
      expect(problems[0].message_zh).toBe(
        '请删除字号中的“H”、“u”、“a”、“w”、“e”等字符：企业名称应当使用规范汉字（《企业名称登记管理规定》第5条）',
      );
    });

    it.each([
      [{ division: '大连', tradeName: '大连' }],
      [{ division: '大连市', tradeName: '大连' }],
      [{ division: '大连', tradeName: '科技', industryPhrase: '科技' }],
    ])('may not be the division or the industry phrase itself (Decree 734 Art. 8 ¶2): %p', (changes) => {
      const problem = check(changes).find((p) => p.code === 'trade_name_is_division_or_industry');
      expect(problem).toMatchObject({ field: 'tradeName', source: 'REG2020 Art. 8 ¶2' });
      expectActionable(problem!);
    });

    it('leaves a trade name that merely contains a place name to the reviewer', () => {
      expect(check({ tradeName: '大连湾' })).toEqual([]);
    });
  });

  describe('forbidden patterns of name-rules.json', () => {
    const regexPatterns = rules.forbiddenPatterns.filter((pattern) => pattern.type === 'regex');

    it('has regex patterns to test', () => {
      expect(regexPatterns.length).toBeGreaterThan(0);
    });

    describe.each(regexPatterns.map((pattern) => [pattern.pattern, pattern] as const))('regex %s', (_, pattern) => {
      const sample = CANDIDATE_CHARACTERS.find((character) => new RegExp(pattern.pattern, 'u').test(character));

      it('has a sample character among the candidates', () => {
        expect(sample).toBeDefined();
      });

      it.each(NAME_PART_FIELDS.map((field) => [field]))('is refused in the %s, citing its source', (field: NamePartField) => {
        const problem = check({ [field]: VALID[field] + sample! }).find(
          (p) => p.code === 'forbidden_pattern' && p.source === pattern.source && p.field === field,
        );
        expect(problem).toBeDefined();
        expect(problem!.message_en).toContain(`“${sample!}”`);
        expect(problem!.message_en).toMatch(/^Remove /);
        expect(problem!.message_en).toContain('State Council Decree No. 734, Art. 5');
      });
    });

    it.each([
      ['ＡＢＣ', 'full-width letters'],
      ['１２', 'full-width digits'],
      ['ab', 'lower-case letters'],
    ])('catches %p (%s)', (text) => {
      expect(check({ tradeName: `华兴${text}` }).some((p) => p.code === 'forbidden_pattern')).toBe(true);
    });

    const categories = rules.forbiddenPatterns.filter((pattern) => pattern.type === 'category');

    it.each(categories.map((category) => [category.source, category.pattern]))(
      'puts category %s (%s) on the reviewer’s checklist, since no word list can decide it',
      (source) => {
        expect(nameCategoriesForReview(rules).map((category) => category.source)).toContain(source);
      },
    );

    it('lists only categories for review', () => {
      expect(nameCategoriesForReview(rules)).toHaveLength(categories.length);
    });
  });

  describe('restricted words of name-rules.json', () => {
    // Where to put each word so that its rule applies, and the part it then lands in.
    const placements: Record<RestrictedWordPosition, (word: string) => [Partial<NameParts>, NamePartField]> = {
      prefix: (word) => [{ division: '', tradeName: `${word}华兴` }, 'tradeName'],
      middle: (word) => [{ industryPhrase: `${word}科技` }, 'industryPhrase'],
      any: (word) => [{ tradeName: `华兴${word}` }, 'tradeName'],
      suffix: (word) => [{ organisationalForm: `有限公司${word}` }, 'organisationalForm'],
      'before organisational form': (word) => [{ industryPhrase: `科技${word}` }, 'industryPhrase'],
      'organisational form': (word) => [{ industryPhrase: `科技${word}` }, 'industryPhrase'],
    };

    it.each(rules.restrictedWords.map((entry) => [entry.word, entry.position, entry] as const))(
      '%s (%s) is reported with its reason and source',
      (_word, _position, entry: RestrictedWord) => {
        const [changes, field] = placements[entry.position](entry.word);
        const problems = check(changes).filter(
          (p) => p.code === 'restricted_word' && p.source === entry.source && p.message_en.includes(`“${entry.word}”`),
        );
        expect(problems).toHaveLength(1);
        expect(problems[0].field).toBe(field);
        // Reasons written "中文 (English)" give each language its half.
        const glossed = /^(\p{Script=Han}.*?)\s*\(([^()\p{Script=Han}]+)\)$/u.exec(entry.reason);
        expect(problems[0].message_en).toContain(glossed?.[2] ?? entry.reason);
        expect(problems[0].message_zh).toContain(glossed?.[1] ?? entry.reason);
        expectActionable(problems[0]);
      },
    );

    it('gives each language its half of a bilingual reason', () => {
      const [problem] = check({ division: '', tradeName: '中国华兴' }).filter((p) => p.code === 'restricted_word');
      expect(problem.message_en).toBe(
        'Remove “中国” from the start of the name unless you have approval to use it: strict review; State Council approval (State Council Decree No. 734, Art. 12 ¶1)',
      );
      expect(problem.message_zh).toBe(
        '名称开头使用“中国”须经批准，未获批准请删除：冠以该字词的企业名称应当按照有关规定从严审核，并报国务院批准（《企业名称登记管理规定》第12条第1款）',
      );
    });

    it('tells 中国 at the start (approval) from 中国 in the middle (industry qualifier)', () => {
      const atStart = check({ division: '', tradeName: '中国华兴' }).filter((p) => p.code === 'restricted_word');
      const inMiddle = check({ tradeName: '华兴', industryPhrase: '中国旅行' }).filter((p) => p.code === 'restricted_word');
      expect(atStart.map((p) => p.source)).toEqual(['REG2020 Art. 12 ¶1']);
      expect(inMiddle.map((p) => p.source)).toEqual(['REG2020 Art. 12 ¶2']);
    });

    it('does not report 中央 anywhere but at the start', () => {
      expect(check({ industryPhrase: '中央空调' })).toEqual([]);
    });

    it('sees restricted words through spaces and half-width brackets', () => {
      expect(check({ division: '', tradeName: '中 国华兴' }).some((p) => p.code === 'restricted_word')).toBe(true);
      const bracketed = check({ industryPhrase: '(中国)科技' }).filter((p) => p.code === 'restricted_word');
      expect(bracketed.map((p) => p.source)).toEqual(['REG2020 Art. 12 ¶3']);
    });

    it('reports （集团） before the organisational form, in either place the applicant may type it', () => {
      expect(check({ industryPhrase: '科技（集团）' }).filter((p) => p.code === 'restricted_word')).toHaveLength(1);
      const inForm = check({ organisationalForm: '集团有限公司' }).filter((p) => p.code === 'restricted_word');
      expect(inForm.map((p) => p.field)).toEqual(['organisationalForm']);
    });

    it('does not report 集团 elsewhere in the name', () => {
      expect(check({ tradeName: '集团' }).filter((p) => p.code === 'restricted_word')).toEqual([]);
    });

    it('reports the longer of two overlapping words once: 股份有限公司, not also 有限公司', () => {
      const problems = check({ industryPhrase: '科技股份有限公司' }, 'joint_stock_company').filter((p) => p.code === 'restricted_word');
      expect(problems).toHaveLength(1);
      expect(problems[0].message_en).toContain('“股份有限公司”');
    });

    it('allows the organisational-form words as the organisational form', () => {
      expect(check({ organisationalForm: '有限责任公司' })).toEqual([]);
    });
  });

  describe('organisational form by entity type', () => {
    const TABLE: [EntityType, string[], string[]][] = [
      [
        'limited_liability_company',
        ['有限责任公司', '有限公司', ' 有限公司 '],
        ['股份有限公司', '股份公司', '公司', '（有限合伙）', '厂', '有限'],
      ],
      ['joint_stock_company', ['股份有限公司', '股份公司'], ['有限公司', '有限责任公司', '（普通合伙）', '股份']],
      [
        'partnership',
        [
          '普通合伙',
          '（普通合伙）',
          '(普通合伙)',
          '特殊普通合伙',
          '（特殊普通合伙）',
          '有限合伙',
          '（有限合伙）',
          '合伙企业（有限合伙）',
          '( 有限合伙 )',
        ],
        ['有限公司', '合伙', '合伙企业', '（普通合伙', '普通合伙）', '【有限合伙】'],
      ],
      [
        'sole_proprietorship',
        ['厂', '店', '中心', '工作室', '商行', '经营部'],
        ['有限公司', '公司', '有限责任公司', '普通合伙', '专业合作社', '有限中心'],
      ],
      [
        'individual_household',
        ['店', '馆', '部', '行', '坊', '厂', '中心'],
        ['有限公司', '企业', '公司', '专业合作社', '（普通合伙）', '有限店'],
      ],
      ['farmers_cooperative', ['专业合作社', '农民专业合作社', '种植专业合作社'], ['合作社', '有限公司', '协会', '专业合作']],
    ];

    describe.each(TABLE)('%s', (entityType, allowed, refused) => {
      it.each(allowed)('accepts %p', (organisationalForm) => {
        expect(check({ organisationalForm }, entityType)).toEqual([]);
      });

      it.each(refused)('refuses %p and says what to use instead', (organisationalForm) => {
        const problem = check({ organisationalForm }, entityType).find(
          (p) => p.field === 'organisationalForm' && p.code === 'organisational_form_mismatch',
        );
        expect(problem).toBeDefined();
        expectActionable(problem!);
        expect(problem!.source).toBeDefined();
      });
    });

    it('names both LLC forms and the Company Law in the message', () => {
      expect(check({ organisationalForm: '有限合伙' })[0]).toMatchObject({
        message_en:
          'Change the organisational form to 有限责任公司 or 有限公司: a limited liability company must show one of them in its name (Company Law, Art. 7 ¶1)',
        message_zh:
          '请将组织形式改为“有限责任公司”或“有限公司”：有限责任公司应当在名称中标明其中之一（《中华人民共和国公司法（2023年修订）》第7条第1款）',
        source: 'CL2023 Art. 7 ¶1',
      });
    });

    it('names all three partnership forms, bracketed, with their articles', () => {
      const problem = check({ organisationalForm: '有限公司' }, 'partnership').find((p) => p.code === 'organisational_form_mismatch')!;
      expect(problem.message_zh).toContain('（《中华人民共和国合伙企业法（2006年修订）》第15条、第56条、第62条）');
      expect(problem.message_en).toBe(
        'Change the organisational form to （普通合伙）, （特殊普通合伙） or （有限合伙）: a partnership must show one of them in its name (Partnership Enterprise Law, Art. 15; Art. 56; Art. 62)',
      );
    });

    it('refuses 有限 and 公司 anywhere in a sole proprietorship’s name, once per part', () => {
      const problems = check({ industryPhrase: '贸易有限公司', organisationalForm: '中心' }, 'sole_proprietorship');
      expect(codesOf(problems)).toEqual(['industryPhrase:organisational_form_mismatch']);
      expect(problems[0].message_en).toMatch(
        /^Remove “有限” and “公司” from the industry phrase: .* Use a form such as 厂, 店, 中心 or 工作室/,
      );
    });

    it('suggests the common household forms', () => {
      expect(check({ organisationalForm: '公司' }, 'individual_household')[0].message_en).toContain('店, 馆, 部, 行, 坊 or 厂');
    });

    it('uses the organisational forms the rules list, so altered rules change the outcome', () => {
      const altered: NameRules = {
        ...rules,
        organisationalFormsDetail: rules.organisationalFormsDetail.map((detail) =>
          detail.words.includes('有限公司') ? { ...detail, words: ['有限责任公司'] } : detail,
        ),
      };
      expect(codesOf(checkNameParts(VALID, altered, 'limited_liability_company'))).toEqual([
        'organisationalForm:organisational_form_mismatch',
      ]);
    });

    it('refuses to check a company against rules that list no form for it, rather than passing it', () => {
      const stripped: NameRules = { ...rules, organisationalFormsDetail: [] };
      expect(() => checkNameParts(VALID, stripped, 'joint_stock_company')).toThrow(/no organisational form for joint_stock_company/);
    });
  });

  it('lists problems in the order of the parts', () => {
    const problems = check({ division: '大连A', tradeName: '华', organisationalForm: '有限合伙' });
    const order = problems.map((p) => NAME_PART_FIELDS.indexOf(p.field));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(problems[0].field).toBe('division');
  });

  describe('normaliseTradeName', () => {
    it.each([
      ['华为', '华为'],
      ['华 为', '华为'],
      ['华\u3000为', '华为'],
      [' 华为\t', '华为'],
      ['华·为', '华为'],
      ['华、为。', '华为'],
      ['华-为', '华为'],
      ['"华为"', '华为'],
      ['“华为”', '华为'],
      ['（华为）', '华为'],
      ['(华为)', '华为'],
      ['【华为】', '华为'],
      ['《华为》', '华为'],
      ['华为！', '华为'],
      ['ＡＢＣ１２３', 'ABC123'],
      ['Ａ Ｂ', 'AB'],
      ['华\u200b为', '华为'],
    ])('%p → %p', (input, expected) => {
      expect(normaliseTradeName(input)).toBe(expected);
    });
  });

  describe('tradeNameKey', () => {
    const han = fc.constantFrom(...'华兴万通达中科信泰和瑞丰德隆鑫源博远');
    const tradeName = fc.string({ unit: han, minLength: 2, maxLength: 6 });
    const noise = fc.constantFrom(
      ' ',
      '\u3000',
      '\t',
      '·',
      '、',
      '，',
      '。',
      '-',
      '(',
      ')',
      '（',
      '）',
      '【',
      '】',
      '《',
      '》',
      '"',
      '“',
      '”',
      '!',
      '！',
      '.',
      '．',
      '/',
      '&',
    );
    const division = fc.constantFrom('', '大连', '大连保税区', '辽宁');
    const industry = fc.constantFrom('', '科技', '国际贸易', '投资管理');
    const form = fc.constantFrom('有限公司', '有限责任公司', '股份有限公司', '（有限合伙）', '店', '专业合作社');

    it('does not change when spaces or punctuation are inserted into the trade name', () => {
      fc.assert(
        fc.property(tradeName, fc.array(fc.tuple(fc.nat(), noise), { maxLength: 6 }), (name, insertions) => {
          const characters = [...name];
          for (const [position, character] of insertions) characters.splice(position % (characters.length + 1), 0, character);
          expect(tradeNameKey({ tradeName: characters.join('') })).toBe(tradeNameKey({ tradeName: name }));
        }),
        { seed: SEED },
      );
    });

    it('does not depend on the division, the industry phrase or the organisational form', () => {
      fc.assert(
        fc.property(tradeName, division, division, industry, industry, form, form, (name, d1, d2, i1, i2, f1, f2) => {
          const first: NameParts = { division: d1, tradeName: name, industryPhrase: i1, organisationalForm: f1 };
          const second: NameParts = { division: d2, tradeName: name, industryPhrase: i2, organisationalForm: f2 };
          expect(tradeNameKey(first)).toBe(tradeNameKey(second));
        }),
        { seed: SEED },
      );
    });

    it('tells different trade names apart', () => {
      expect(tradeNameKey({ tradeName: '华兴' })).not.toBe(tradeNameKey({ tradeName: '华星' }));
    });
  });

  describe('similarity', () => {
    it.each([
      ['华为', '华为', 1],
      ['华 为', '（华为）', 1],
      ['华', '华', 1],
      ['', '', 1],
      ['华为', '华为通', 2 / 3],
      ['华', '华为', 2 / 3],
      ['华为', '中兴', 0],
      ['华为', '华硕', 0],
      ['', '华为', 0],
      ['阿里巴巴', '阿里妈妈', 1 / 3],
      ['巴巴', '巴巴巴', 2 / 3],
    ])('similarity(%p, %p) = %p', (a, b, expected) => {
      expect(similarity(a, b)).toBeCloseTo(expected, 10);
    });

    it('shows near-variants as similar and merely related names not', () => {
      expect(similarity('华为', '华为通')).toBeGreaterThanOrEqual(SIMILAR_NAME_THRESHOLD);
      expect(similarity('万通达', '万通')).toBeGreaterThanOrEqual(SIMILAR_NAME_THRESHOLD);
      expect(similarity('华为', '华硕')).toBeLessThan(SIMILAR_NAME_THRESHOLD);
      expect(similarity('阿里巴巴', '阿里妈妈')).toBeLessThan(SIMILAR_NAME_THRESHOLD);
    });

    const text = fc.string({ unit: fc.constantFrom(...'华为兴通达 ·（）A'), maxLength: 8 });

    it('is symmetric', () => {
      fc.assert(
        fc.property(text, text, (a, b) => {
          expect(similarity(a, b)).toBe(similarity(b, a));
        }),
        { seed: SEED },
      );
    });

    it('lies between 0 and 1', () => {
      fc.assert(
        fc.property(text, text, (a, b) => {
          const score = similarity(a, b);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
        }),
        { seed: SEED },
      );
    });

    it('is 1 for equal strings', () => {
      fc.assert(
        fc.property(text, (a) => {
          expect(similarity(a, a)).toBe(1);
        }),
        { seed: SEED },
      );
    });
  });

  describe('name rules loader', () => {
    const raw = (): Record<string, unknown> => JSON.parse(JSON.stringify(rules)) as Record<string, unknown>;

    it('loads the copy in src/reference/data, frozen', () => {
      expect(rules.title).toContain('Enterprise-name rules');
      expect(rules.restrictedWords.length).toBeGreaterThan(0);
      expect(Object.isFrozen(rules.restrictedWords[0])).toBe(true);
    });

    it('refuses a word position no code handles', () => {
      const json = raw();
      (json['restrictedWords'] as Record<string, unknown>[])[0]['position'] = 'after division';
      expect(() => parseNameRules(json)).toThrow(/restrictedWords\[0\]\.position "after division" is not one of/);
    });

    it('refuses a pattern type no code handles', () => {
      const json = raw();
      (json['forbiddenPatterns'] as Record<string, unknown>[])[0]['type'] = 'wordlist';
      expect(() => parseNameRules(json)).toThrow(/forbiddenPatterns\[0\]\.type "wordlist"/);
    });

    it('refuses a regex that does not compile', () => {
      const json = raw();
      (json['forbiddenPatterns'] as Record<string, unknown>[])[0]['pattern'] = '[A-';
      expect(() => parseNameRules(json)).toThrow(/is not a valid regular expression/);
    });

    it('refuses a source that cites no known document', () => {
      const json = raw();
      (json['restrictedWords'] as Record<string, unknown>[])[0]['source'] = 'XYZ1999 Art. 1';
      expect(() => parseNameRules(json)).toThrow(/does not start with the id of an entry in sources/);
    });
  });
});
