import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildIndustryClassification,
  findIndustryClass,
  industryClasses,
  industryDivisions,
  industryGroups,
  industrySections,
  IndustryClassificationDataError,
  REFERENCE_DATA_DIR,
  SECTOR_KEYS,
  SECTOR_NAMES,
  searchIndustryClasses,
  sectorOf,
  SIZE_INDUSTRY_KEYS,
  sizeIndustryOf,
  type IndustryClass,
  type SectorKey,
  type SizeIndustryKey,
} from './industry-classification';

function readData(file: string): unknown {
  return JSON.parse(readFileSync(join(REFERENCE_DATA_DIR, file), 'utf8')) as unknown;
}

const base = readData('gbt4754-2017.json');
const amendment = readData('gbt4754-2017-amendment1-2019.json') as { changes: Record<string, unknown>[] } & Record<string, unknown>;

function counts(classification: ReturnType<typeof buildIndustryClassification>) {
  return {
    sections: classification.sections.length,
    divisions: classification.divisions.length,
    groups: classification.groups.length,
    classes: classification.classes.length,
  };
}

function withChanges(changes: Record<string, unknown>[], extra: Record<string, unknown> = {}): unknown {
  return { ...amendment, ...extra, changes };
}

function codes(classes: readonly IndustryClass[]): string[] {
  return classes.map((industryClass) => industryClass.code);
}

describe('GB/T 4754-2017 industry classification', () => {
  it('reads its data from src/reference/data under the project root, which also exists when running from dist/', () => {
    expect(REFERENCE_DATA_DIR.endsWith(join('src', 'reference', 'data'))).toBe(true);
    expect(existsSync(join(REFERENCE_DATA_DIR, 'gbt4754-2017.json'))).toBe(true);
  });

  it('has 20 sections, 97 divisions, 473 groups and 1,381 classes as published in 2017', () => {
    expect(counts(buildIndustryClassification(base))).toEqual({ sections: 20, divisions: 97, groups: 473, classes: 1381 });
  });

  it('has 20 sections, 97 divisions, 473 groups and 1,382 classes after Amendment No. 1 (2019)', () => {
    expect({
      sections: industrySections().length,
      divisions: industryDivisions().length,
      groups: industryGroups().length,
      classes: industryClasses().length,
    }).toEqual({ sections: 20, divisions: 97, groups: 473, classes: 1382 });
  });

  describe('Amendment No. 1 (2019)', () => {
    it('adds 监察委员会 as S9231 and moves 人民法院 and 人民检察院 to S9232 and S9233', () => {
      expect(
        industryClasses()
          .filter((industryClass) => industryClass.group.code === 'S923')
          .map((c) => [c.code, c.name_zh]),
      ).toEqual([
        ['S9231', '监察委员会'],
        ['S9232', '人民法院'],
        ['S9233', '人民检察院'],
      ]);
    });

    it('renames group S923', () => {
      expect(findIndustryClass('S9231')?.group.name_zh).toBe('监察委员会、人民法院和人民检察院');
    });

    it('refuses a recode whose class does not carry the expected name', () => {
      const changes = amendment.changes.map((change) =>
        change['op'] === 'recode' && change['from'] === 'S9231' ? { ...change, name_zh: '人民检察院' } : change,
      );
      expect(() => buildIndustryClassification(base, withChanges(changes))).toThrow(/S9231 is named 人民法院, not 人民检察院/);
    });

    it('refuses a rename whose old name does not match', () => {
      const changes = amendment.changes.map((change) => (change['op'] === 'rename' ? { ...change, from: '国家机构' } : change));
      expect(() => buildIndustryClassification(base, withChanges(changes))).toThrow(IndustryClassificationDataError);
    });

    it('refuses an addition that would collide with a class that is not recoded away', () => {
      const changes = amendment.changes.filter((change) => change['op'] !== 'recode');
      expect(() => buildIndustryClassification(base, withChanges(changes, { countsAfterAmendment: undefined }))).toThrow(
        /adds S9231, which already exists/,
      );
    });

    it('refuses an operation it does not know', () => {
      expect(() => buildIndustryClassification(base, withChanges([...amendment.changes, { op: 'delete', code: 'S9299' }]))).toThrow(
        /unknown op "delete"/,
      );
    });

    it('refuses a result that differs from the counts the amendment states', () => {
      expect(() =>
        buildIndustryClassification(
          base,
          withChanges(amendment.changes, { countsAfterAmendment: { section: 20, division: 97, group: 473, class: 1383 } }),
        ),
      ).toThrow(/expected 1383 entries at level class/);
    });
  });

  it('accepts the standard’s bare digit codes as well as the portal’s lettered codes in the data', () => {
    const entries = (base as { code: string; level: string; parent: string | null }[]).map((entry) =>
      entry.level === 'section'
        ? entry
        : { ...entry, code: entry.code.slice(1), parent: entry.level === 'division' ? entry.parent : entry.parent!.slice(1) },
    );
    expect(codes(buildIndustryClassification(entries, amendment).classes)).toEqual(codes(industryClasses()));
  });

  it('rejects a code whose letter is not its section', () => {
    const entries = (base as { code: string }[]).map((entry) => (entry.code === 'F5123' ? { ...entry, code: 'G5123' } : entry));
    expect(() => buildIndustryClassification(entries)).toThrow(/"G5123" does not start with its section letter F/);
  });

  it('writes every class code as a section letter and four digits, unique, under its group, division and section', () => {
    const seen = new Set<string>();
    for (const industryClass of industryClasses()) {
      expect(industryClass.code).toMatch(/^[A-T]\d{4}$/);
      expect(seen.has(industryClass.code)).toBe(false);
      seen.add(industryClass.code);
      expect(industryClass.code.startsWith(industryClass.group.code)).toBe(true);
      expect(industryClass.group.code.startsWith(industryClass.division.code)).toBe(true);
      expect(industryClass.division.code.startsWith(industryClass.section.letter)).toBe(true);
      expect(industryClass.name_zh).not.toBe('');
    }
  });

  it('lists classes in code order', () => {
    const list = codes(industryClasses());
    expect(list).toEqual([...list].sort());
  });

  it('is immutable', () => {
    const classes = industryClasses();
    expect(Object.isFrozen(classes)).toBe(true);
    expect(Object.isFrozen(classes[0])).toBe(true);
    expect(Object.isFrozen(classes[0].section)).toBe(true);
    expect(() => (classes as IndustryClass[]).push(classes[0])).toThrow(TypeError);
  });

  describe('findIndustryClass', () => {
    it.each(['F5123', '5123', 'f5123', ' F5123 ', 'Ｆ５１２３', 'F 5123'])('finds 果品、蔬菜批发 from %p', (input) => {
      expect(findIndustryClass(input)).toMatchObject({ code: 'F5123', name_zh: '果品、蔬菜批发' });
    });

    it.each(['A5123', 'F512', 'F51', 'F51234', '51234', '', 'F', '9999', 'Z5123'])('finds nothing for %p', (input) => {
      expect(findIndustryClass(input)).toBeUndefined();
    });

    it('gives the class its section, division and group', () => {
      const industryClass = findIndustryClass('F5123')!;
      expect(industryClass.section).toEqual({ letter: 'F', name_zh: '批发和零售业', sector: 'wholesale_retail' });
      expect(industryClass.division).toMatchObject({ code: 'F51', name_zh: '批发业' });
      expect(industryClass.group).toMatchObject({ code: 'F512', name_zh: '食品、饮料及烟草制品批发' });
    });
  });

  describe('sectors (STANDARDS.md §6)', () => {
    it('maps every class to a sector and a size industry', () => {
      for (const industryClass of industryClasses()) {
        expect(SECTOR_KEYS).toContain(sectorOf(industryClass.code));
        expect(SIZE_INDUSTRY_KEYS).toContain(sizeIndustryOf(industryClass.code));
      }
    });

    it('uses every sector and every size industry', () => {
      expect(new Set(industryClasses().map((c) => c.section.sector))).toEqual(new Set(SECTOR_KEYS));
      expect(new Set(industryClasses().map((c) => c.sizeIndustry))).toEqual(new Set(SIZE_INDUSTRY_KEYS));
    });

    it.each<[string, SectorKey]>([
      ['A', 'agriculture'],
      ['B', 'industry'],
      ['C', 'industry'],
      ['D', 'industry'],
      ['E', 'construction'],
      ['F', 'wholesale_retail'],
      ['G', 'transport'],
      ['H', 'accommodation_catering'],
      ['I', 'it'],
      ['J', 'finance'],
      ['K', 'real_estate'],
      ['L', 'leasing_business'],
      ['M', 'research'],
      ['N', 'water_environment'],
      ['O', 'resident_services'],
      ['P', 'education'],
      ['Q', 'health'],
      ['R', 'culture'],
      ['S', 'public_other'],
      ['T', 'public_other'],
    ])('puts every class of section %s in %s', (letter, sector) => {
      const inSection = industryClasses().filter((c) => c.section.letter === letter);
      expect(inSection.length).toBeGreaterThan(0);
      expect(new Set(inSection.map((c) => sectorOf(c.code)))).toEqual(new Set([sector]));
    });

    it('names each single-section sector as GB/T 4754 names the section', () => {
      for (const section of industrySections()) {
        const sharing = industrySections().filter((other) => other.sector === section.sector);
        if (sharing.length === 1) expect(SECTOR_NAMES[section.sector].zh).toBe(section.name_zh);
      }
      expect(SECTOR_NAMES.industry.zh).toBe('工业');
      expect(SECTOR_NAMES.public_other.zh).toBe('公共管理、社会保障和社会组织及国际组织');
    });

    it('gives every sector an English and a Chinese name', () => {
      for (const key of SECTOR_KEYS) {
        expect(SECTOR_NAMES[key].en).toMatch(/^[A-Z]/);
        expect(SECTOR_NAMES[key].zh).toMatch(/^\p{Script=Han}/u);
      }
    });

    it('answers undefined for a code that is not a class', () => {
      expect(sectorOf('F51')).toBeUndefined();
      expect(sizeIndustryOf('nonsense')).toBeUndefined();
    });
  });

  describe('size industries (STANDARDS.md §5 and §6): first and last class of each boundary division', () => {
    it.each<[string, SizeIndustryKey, SectorKey]>([
      ['A0111', 'agriculture', 'agriculture'],
      ['A0549', 'agriculture', 'agriculture'],
      ['B0610', 'industry', 'industry'],
      ['C1311', 'industry', 'industry'],
      ['D4690', 'industry', 'industry'],
      ['E4710', 'construction', 'construction'],
      ['E5090', 'construction', 'construction'],
      ['F5111', 'wholesale', 'wholesale_retail'],
      ['F5199', 'wholesale', 'wholesale_retail'],
      ['F5211', 'retail', 'wholesale_retail'],
      ['F5299', 'retail', 'wholesale_retail'],
      // Railway transport is outside the regulation's 交通运输业, so its size test is "other".
      ['G5311', 'other', 'transport'],
      ['G5339', 'other', 'transport'],
      ['G5411', 'transport', 'transport'],
      ['G5829', 'transport', 'transport'],
      ['G5810', 'transport', 'transport'],
      ['G5910', 'warehousing', 'transport'],
      ['G5990', 'warehousing', 'transport'],
      ['G6010', 'postal', 'transport'],
      ['G6090', 'postal', 'transport'],
      ['H6110', 'accommodation', 'accommodation_catering'],
      ['H6190', 'accommodation', 'accommodation_catering'],
      ['H6210', 'catering', 'accommodation_catering'],
      ['H6299', 'catering', 'accommodation_catering'],
      ['I6311', 'information_transmission', 'it'],
      ['I6490', 'information_transmission', 'it'],
      ['I6511', 'software_it', 'it'],
      ['I6599', 'software_it', 'it'],
      ['J6610', 'other', 'finance'],
      ['K7010', 'real_estate_development', 'real_estate'],
      ['K7020', 'property_management', 'real_estate'],
      ['K7030', 'other', 'real_estate'],
      ['K7090', 'other', 'real_estate'],
      ['L7111', 'leasing_business', 'leasing_business'],
      ['L7299', 'leasing_business', 'leasing_business'],
      ['M7310', 'other', 'research'],
      ['S9231', 'other', 'public_other'],
      ['T9700', 'other', 'public_other'],
    ])('%s → %s (sector %s)', (code, sizeIndustry, sector) => {
      expect(findIndustryClass(code)).toBeDefined();
      expect(sizeIndustryOf(code)).toBe(sizeIndustry);
      expect(sectorOf(code)).toBe(sector);
    });

    it('takes the first and last class of each boundary division from the data', () => {
      const firstAndLast = (division: string) => {
        const inDivision = codes(industryClasses().filter((c) => c.division.code === division));
        return [inDivision[0], inDivision[inDivision.length - 1]];
      };
      expect(firstAndLast('F51')).toEqual(['F5111', 'F5199']);
      expect(firstAndLast('F52')).toEqual(['F5211', 'F5299']);
      expect(firstAndLast('G54')).toEqual(['G5411', 'G5449']);
      expect(firstAndLast('G58')).toEqual(['G5810', 'G5829']);
      expect(firstAndLast('G59')).toEqual(['G5910', 'G5990']);
      expect(firstAndLast('G60')).toEqual(['G6010', 'G6090']);
      expect(firstAndLast('I64')).toEqual(['I6410', 'I6490']);
      expect(firstAndLast('I65')).toEqual(['I6511', 'I6599']);
    });
  });

  describe('searchIndustryClasses', () => {
    it('puts the class whose code is the query first, in either code form', () => {
      expect(searchIndustryClasses('F5123')[0]?.code).toBe('F5123');
      expect(codes(searchIndustryClasses('5123'))).toEqual(['F5123']);
      expect(codes(searchIndustryClasses('f5123'))).toEqual(['F5123']);
    });

    it('finds classes by code prefix, with or without the section letter, in code order', () => {
      expect(codes(searchIndustryClasses('F512'))).toEqual([
        'F5121',
        'F5122',
        'F5123',
        'F5124',
        'F5125',
        'F5126',
        'F5127',
        'F5128',
        'F5129',
      ]);
      expect(codes(searchIndustryClasses('512'))).toEqual(codes(searchIndustryClasses('F512')));
      expect(searchIndustryClasses('F51', 100).every((c) => c.division.code === 'F51')).toBe(true);
      expect(searchIndustryClasses('F51', 100)).toHaveLength(65);
    });

    it('finds classes whose Chinese name contains the query', () => {
      expect(codes(searchIndustryClasses('软件开发'))).toEqual(['I6511', 'I6512', 'I6513', 'I6519']);
    });

    it('ranks an exact name before names that start with the query, and those before names that only contain it', () => {
      const found = codes(searchIndustryClasses('电视', 100));
      expect(found[0]).toBe('R8720');
      expect(found[1]).toBe('C3951');
      expect(found.slice(2)).toContain('C3931');
      expect(found.indexOf('C3931')).toBeGreaterThan(found.indexOf('C3951'));
    });

    it('returns at most 20 classes unless told otherwise', () => {
      expect(searchIndustryClasses('批发')).toHaveLength(20);
      expect(searchIndustryClasses('批发', 5)).toHaveLength(5);
      expect(searchIndustryClasses('批发', 0)).toEqual([]);
    });

    it('finds nothing for a blank query or a query that matches nothing', () => {
      expect(searchIndustryClasses('   ')).toEqual([]);
      expect(searchIndustryClasses('量子引力')).toEqual([]);
      expect(searchIndustryClasses('F9999')).toEqual([]);
    });
  });
});
