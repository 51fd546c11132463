import { isKnownDepartmentCategory } from '../../credit-codes/domain';
import {
  ENTITY_TYPE_INFO,
  ENTITY_TYPES,
  entityTypeInfo,
  isEntityType,
  USCC_DEPARTMENT,
  type CapitalKind,
  type EntityType,
  type HolderKind,
  type UsccCategory,
} from './entity-type';

type Row = [
  type: EntityType,
  zh: string,
  usccCategory: UsccCategory,
  isEnterprise: boolean,
  holders: HolderKind | null,
  capital: CapitalKind | null,
  representativeTitle: string,
  enterpriseTypeCode: string,
  enterpriseTypeLabel: string,
];

// Written out from STANDARDS.md §1 and §5, 市场主体登记管理条例 Arts. 8–9 and shared/data/enterprise-types.json.
const TABLE: Row[] = [
  ['limited_liability_company', '有限责任公司', '1', true, 'shareholder', 'registered_capital', '法定代表人', '1100', '有限责任公司'],
  ['joint_stock_company', '股份有限公司', '1', true, 'promoter', 'registered_capital', '法定代表人', '1200', '股份有限公司'],
  ['sole_proprietorship', '个人独资企业', '1', true, 'investor', 'contribution', '投资人', '4540', '个人独资企业'],
  ['partnership', '合伙企业', '1', true, 'partner', 'contribution', '执行事务合伙人', '4530', '合伙企业'],
  ['individual_household', '个体工商户', '2', false, null, null, '经营者', '9999', '个体'],
  ['farmers_cooperative', '农民专业合作社', '3', false, 'member', 'contribution', '法定代表人', '9100', '农民专业合作经济组织'],
];

describe('entity types', () => {
  it('lists the six types the application offers, each once', () => {
    expect([...ENTITY_TYPES].sort()).toEqual(TABLE.map(([type]) => type).sort());
    expect(Object.keys(ENTITY_TYPE_INFO).sort()).toEqual([...ENTITY_TYPES].sort());
  });

  it.each(TABLE)(
    '%s: %s, credit-code category %s, enterprise %s, holders %s, capital %s, represented by %s, type %s %s',
    (type, zh, usccCategory, isEnterprise, holders, capital, representativeTitle, enterpriseTypeCode, enterpriseTypeLabel) => {
      const info = entityTypeInfo(type);
      expect(info.type).toBe(type);
      expect(info.label.zh).toBe(zh);
      expect(info.label.en).toMatch(/^[A-Z]/);
      expect(info.usccCategory).toBe(usccCategory);
      expect(info.isEnterprise).toBe(isEnterprise);
      expect(info.holders?.kind ?? null).toBe(holders);
      expect(info.capital?.kind ?? null).toBe(capital);
      expect(info.representativeTitle.zh).toBe(representativeTitle);
      expect(info.enterpriseType.code).toBe(enterpriseTypeCode);
      expect(info.enterpriseType.name_zh).toBe(enterpriseTypeLabel);
    },
  );

  it('gives every type a credit-code category that the credit-code validator accepts under department 9', () => {
    for (const type of ENTITY_TYPES) {
      expect(isKnownDepartmentCategory(USCC_DEPARTMENT, entityTypeInfo(type).usccCategory)).toBe(true);
    }
  });

  it('has registered capital only for companies, and contributions wherever there are holders', () => {
    for (const type of ENTITY_TYPES) {
      const info = entityTypeInfo(type);
      expect(info.capital?.kind === 'registered_capital').toBe(type === 'limited_liability_company' || type === 'joint_stock_company');
      expect(info.holders?.withContributions ?? false).toBe(info.capital !== null);
    }
  });

  it('allows exactly one holder only for a sole proprietorship', () => {
    expect(ENTITY_TYPES.filter((type) => entityTypeInfo(type).holders?.exactlyOne)).toEqual(['sole_proprietorship']);
  });

  it('labels capital as the licence does', () => {
    expect(entityTypeInfo('limited_liability_company').capital?.label.zh).toBe('注册资本');
    expect(entityTypeInfo('partnership').capital?.label.zh).toBe('出资额');
  });

  it('is immutable', () => {
    expect(Object.isFrozen(ENTITY_TYPE_INFO)).toBe(true);
    expect(Object.isFrozen(ENTITY_TYPE_INFO.partnership.representativeTitle)).toBe(true);
  });

  it.each([
    ['limited_liability_company', true],
    ['partnership', true],
    ['LLC', false],
    ['', false],
    [undefined, false],
    [1, false],
    ['toString', false],
  ])('isEntityType(%p) is %p', (value, expected) => {
    expect(isEntityType(value)).toBe(expected);
  });
});
