import {
  canonicalLicencePayload,
  formatBusinessTerm,
  formatLicenceDate,
  LICENCE_PAYLOAD_FORMAT,
  type LicenceData,
  licenceDataProblems,
  licenceFields,
  licenceFooter,
  parseLicencePayload,
} from './licence-data';

function sampleLicence(overrides: Partial<LicenceData> = {}): LicenceData {
  return {
    code: '91210200MA0U5XKN3T',
    name: '大连保税区海韵供应链管理有限公司',
    entityTypeLabel: { zh: '有限责任公司', en: 'Limited liability company' },
    representativeTitle: { zh: '法定代表人', en: 'Legal representative' },
    representative: '王䶮',
    registeredCapitalFen: '100000000',
    capitalLabel: { zh: '注册资本', en: 'Registered capital' },
    establishedOn: '2026-11-27',
    businessTerm: 'long_term',
    domicile: '辽宁省大连保税区亮甲店街道保税路1号',
    businessScope: '一般项目：供应链管理服务；国际货物运输代理。',
    registrationAuthority: { zh: '大连保税区市场监督管理局', en: 'Dalian Bonded Area Market Supervision Administration' },
    issuedOn: '2026-11-27',
    version: 1,
    verifyUrl: 'https://portal.example.cn/licences/91210200MA0U5XKN3T/verify',
    ...overrides,
  };
}

describe('licenceFields', () => {
  it.each([
    [
      'zh-CN' as const,
      [
        ['code', '统一社会信用代码', '91210200MA0U5XKN3T'],
        ['name', '名称', '大连保税区海韵供应链管理有限公司'],
        ['type', '类型', '有限责任公司'],
        ['representative', '法定代表人', '王䶮'],
        ['registeredCapital', '注册资本', '人民币壹佰万元整'],
        ['establishedOn', '成立日期', '2026年11月27日'],
        ['businessTerm', '营业期限', '长期'],
        ['domicile', '住所', '辽宁省大连保税区亮甲店街道保税路1号'],
        ['businessScope', '经营范围', '一般项目：供应链管理服务；国际货物运输代理。'],
      ],
    ],
    [
      'en' as const,
      [
        ['code', 'Unified social credit code', '91210200MA0U5XKN3T'],
        ['name', 'Name', '大连保税区海韵供应链管理有限公司'],
        ['type', 'Type', 'Limited liability company'],
        ['representative', 'Legal representative', '王䶮'],
        ['registeredCapital', 'Registered capital', '¥1,000,000 (人民币壹佰万元整)'],
        ['establishedOn', 'Date of establishment', '27 November 2026'],
        ['businessTerm', 'Business term', 'Long-term'],
        ['domicile', 'Domicile', '辽宁省大连保税区亮甲店街道保税路1号'],
        ['businessScope', 'Business scope', '一般项目：供应链管理服务；国际货物运输代理。'],
      ],
    ],
  ])('lists the fields in the official order (%s)', (locale, expected) => {
    expect(licenceFields(sampleLicence(), locale).map((f) => [f.key, f.label, f.value])).toEqual(expected);
  });

  it.each([
    ['zh-CN' as const, { label: '登记机关', value: '大连保税区市场监督管理局' }, { label: '发照日期', value: '2026年11月27日' }],
    [
      'en' as const,
      { label: 'Registration authority', value: 'Dalian Bonded Area Market Supervision Administration' },
      { label: 'Date of issue', value: '27 November 2026' },
    ],
  ])('puts the authority and the date of issue apart, at the foot (%s)', (locale, authority, issued) => {
    const footer = licenceFooter(sampleLicence(), locale);
    expect(footer.registrationAuthority).toEqual({ key: 'registrationAuthority', ...authority });
    expect(footer.issuedOn).toEqual({ key: 'issuedOn', ...issued });
    expect(licenceFields(sampleLicence(), locale).map((f) => f.key)).not.toContain('registrationAuthority');
  });

  it('prints the title of the person who represents the entity, and the contribution of a partnership', () => {
    const data = sampleLicence({
      representativeTitle: { zh: '执行事务合伙人', en: 'Executive partner' },
      capitalLabel: { zh: '出资额', en: 'Total contribution' },
      registeredCapitalFen: '1005030',
    });
    const byKey = new Map(licenceFields(data, 'zh-CN').map((f) => [f.key, f]));
    expect(byKey.get('representative')).toMatchObject({ label: '执行事务合伙人', value: '王䶮' });
    expect(byKey.get('registeredCapital')).toMatchObject({ label: '出资额', value: '人民币壹万零伍拾元叁角整' });
    expect(licenceFields(data, 'en').find((f) => f.key === 'registeredCapital')?.value).toBe('¥10,050.30 (人民币壹万零伍拾元叁角整)');
  });

  it('leaves out the capital of an individual household', () => {
    const data = sampleLicence({
      registeredCapitalFen: null,
      capitalLabel: null,
      representativeTitle: { zh: '经营者', en: 'Operator' },
    });
    expect(licenceDataProblems(data)).toEqual([]);
    expect(licenceFields(data, 'zh-CN').map((f) => f.label)).toEqual([
      '统一社会信用代码',
      '名称',
      '类型',
      '经营者',
      '成立日期',
      '营业期限',
      '住所',
      '经营范围',
    ]);
  });
});

describe('formatLicenceDate', () => {
  it.each([
    ['2026-11-27', '2026年11月27日', '27 November 2026'],
    ['2027-01-05', '2027年1月5日', '5 January 2027'],
    ['2028-02-29', '2028年2月29日', '29 February 2028'],
    ['2030-12-31', '2030年12月31日', '31 December 2030'],
  ])('writes %s as %s and %s', (iso, zh, en) => {
    expect(formatLicenceDate(iso, 'zh-CN')).toBe(zh);
    expect(formatLicenceDate(iso, 'en')).toBe(en);
  });

  it.each(['2027-02-29', '2026-13-01', '27/11/2026', ''])('refuses %j', (bad) => {
    expect(() => formatLicenceDate(bad, 'zh-CN')).toThrow('Not a date');
  });
});

describe('formatBusinessTerm', () => {
  it.each([
    ['long_term', '长期', 'Long-term'],
    ['2026-11-27 to 2046-11-26', '2026年11月27日至2046年11月26日', '27 November 2026 to 26 November 2046'],
    ['2026-11-27 to long_term', '2026年11月27日至长期', '27 November 2026 to long-term'],
  ])('writes %s', (term, zh, en) => {
    expect(formatBusinessTerm(term, 'zh-CN')).toBe(zh);
    expect(formatBusinessTerm(term, 'en')).toBe(en);
  });

  it('refuses a term that ends before it begins', () => {
    expect(licenceDataProblems(sampleLicence({ businessTerm: '2026-11-27 to 2026-01-01' }))).toEqual([
      'businessTerm must be long_term or "YYYY-MM-DD to YYYY-MM-DD"',
    ]);
  });
});

describe('canonicalLicencePayload', () => {
  it('is the same bytes whatever the order of the keys', () => {
    const data = sampleLicence();
    const reversed = Object.fromEntries(Object.entries(data).reverse()) as unknown as LicenceData;
    const shuffled = {
      ...reversed,
      registrationAuthority: { en: data.registrationAuthority.en, zh: data.registrationAuthority.zh },
    };
    expect(Object.keys(reversed)[0]).toBe('verifyUrl');
    expect(canonicalLicencePayload(shuffled).equals(canonicalLicencePayload(data))).toBe(true);
  });

  it('is compact UTF-8 JSON with sorted keys and the format name', () => {
    const text = canonicalLicencePayload(sampleLicence()).toString('utf8');
    expect(text.startsWith('{"businessScope":"一般项目：供应链管理服务；国际货物运输代理。","businessTerm":"long_term",')).toBe(true);
    expect(text).toContain(`"format":"${LICENCE_PAYLOAD_FORMAT}"`);
    expect(text).toContain('"representative":"王䶮"');
    expect(text).not.toMatch(/\s"|":\s/);
    expect(Object.keys(JSON.parse(text) as object)).toEqual([...Object.keys(JSON.parse(text) as object)].sort());
  });

  it('signs only the licence fields, not other properties an object carries', () => {
    const withExtra = { ...sampleLicence(), id: 42, internalNote: 'x' } as LicenceData;
    expect(canonicalLicencePayload(withExtra).equals(canonicalLicencePayload(sampleLicence()))).toBe(true);
  });

  it('changes with any field', () => {
    const base = canonicalLicencePayload(sampleLicence());
    expect(canonicalLicencePayload(sampleLicence({ version: 2 })).equals(base)).toBe(false);
    expect(canonicalLicencePayload(sampleLicence({ registeredCapitalFen: '100000001' })).equals(base)).toBe(false);
  });
});

describe('parseLicencePayload', () => {
  it('reads back what was written', () => {
    const data = sampleLicence({ registeredCapitalFen: null, capitalLabel: null });
    expect(parseLicencePayload(canonicalLicencePayload(data))).toEqual(data);
  });

  it.each([
    ['not JSON', Buffer.from('{"format":')],
    ['another format', Buffer.from(canonicalLicencePayload(sampleLicence()).toString().replace('licence/v1', 'licence/v9'))],
    ['an extra field', Buffer.from(canonicalLicencePayload(sampleLicence()).toString().replace('{', '{"aaa":1,'))],
    ['a missing field', Buffer.from(canonicalLicencePayload(sampleLicence()).toString().replace(',"version":1', ''))],
    [
      'a malformed date',
      Buffer.from(canonicalLicencePayload(sampleLicence()).toString().replace('"issuedOn":"2026-11-27"', '"issuedOn":"2026-11-31"')),
    ],
    ['a non-canonical encoding', Buffer.from(JSON.stringify(JSON.parse(canonicalLicencePayload(sampleLicence()).toString()), null, 1))],
  ])('refuses %s', (_what, payload) => {
    expect(parseLicencePayload(payload)).toBeUndefined();
  });
});
