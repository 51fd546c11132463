/**
 * The six kinds of market player this portal registers, and what each kind decides elsewhere: code
 * positions 1–2 of the credit code, whether it counts as an enterprise in the statistics, who holds it and
 * whether it has registered capital, the title the licence prints for the person who represents it, and the
 * enterprise-type code of the registration data.
 */

export const ENTITY_TYPES = [
  'limited_liability_company',
  'joint_stock_company',
  'sole_proprietorship',
  'partnership',
  'individual_household',
  'farmers_cooperative',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/**
 * Position 2 of the credit code under department `9` (market regulation), GB 32100-2015: 1 enterprise,
 * 2 individual household, 3 farmers' specialised cooperative (STANDARDS.md §1).
 */
export type UsccCategory = '1' | '2' | '3';

/** Every credit code this portal issues is issued by market regulation (STANDARDS.md §1). */
export const USCC_DEPARTMENT = '9';

export interface Label {
  readonly en: string;
  readonly zh: string;
}

/**
 * Who holds the entity, as the register records them (市场主体登记管理条例实施细则, SAMR Order No. 52,
 * Art. 6): a joint-stock company registers its promoters (发起人), not later shareholders.
 */
export type HolderKind = 'shareholder' | 'promoter' | 'investor' | 'partner' | 'member';

export interface Holders {
  readonly kind: HolderKind;
  readonly label: Label;
  /** Whether each holder states a subscribed contribution; the contributions add up to the capital. */
  readonly withContributions: boolean;
  /** A sole proprietorship has exactly one investor (个人独资企业法 Art. 2). */
  readonly exactlyOne: boolean;
}

/**
 * SAMR Order No. 52 Art. 6: companies register 注册资本; sole proprietorships, partnerships and
 * cooperatives register 出资额; an individual household registers neither.
 */
export type CapitalKind = 'registered_capital' | 'contribution';

export interface Capital {
  readonly kind: CapitalKind;
  readonly label: Label;
}

/** An entry of shared/data/enterprise-types.json (企业类型代码), which the app does not load at run time. */
export interface EnterpriseTypeCode {
  readonly code: string;
  readonly name_zh: string;
  readonly name_en: string;
}

export interface EntityTypeInfo {
  readonly type: EntityType;
  readonly label: Label;
  readonly usccCategory: UsccCategory;
  /**
   * Counted as an enterprise in the statistics. Individual households and cooperatives are market players
   * but not enterprises, so they are never small or micro enterprises (STANDARDS.md §5).
   */
  readonly isEnterprise: boolean;
  /** Null for an individual household: its operator runs it, and no one holds shares or contributions in it. */
  readonly holders: Holders | null;
  readonly capital: Capital | null;
  /**
   * The title the licence prints before the name of the person who represents the entity (SAMR Order No. 52
   * Art. 23: 法定代表人（执行事务合伙人、个人独资企业投资人、经营者或者负责人）).
   */
  readonly representativeTitle: Label;
  /**
   * The most general code that fits. Finer codes (for an LLC e.g. 1130 natural-person-invested, 1151
   * wholly owned by one natural person; for a partnership 4531/4532/4533) depend on answers given later in
   * the application — who the shareholders are, which kind of partnership — and are not decided here.
   */
  readonly enterpriseType: EnterpriseTypeCode;
}

const SHAREHOLDER: Label = { en: 'shareholder', zh: '股东' };
const LEGAL_REPRESENTATIVE: Label = { en: 'Legal representative', zh: '法定代表人' };
const REGISTERED_CAPITAL: Capital = { kind: 'registered_capital', label: { en: 'Registered capital', zh: '注册资本' } };
const CONTRIBUTION: Capital = { kind: 'contribution', label: { en: 'Total contribution', zh: '出资额' } };

function deepFreeze<T extends object>(value: T): T {
  for (const property of Object.values(value)) {
    if (typeof property === 'object' && property !== null && !Object.isFrozen(property)) deepFreeze(property as object);
  }
  return Object.freeze(value);
}

export const ENTITY_TYPE_INFO: Readonly<Record<EntityType, EntityTypeInfo>> = deepFreeze({
  limited_liability_company: {
    type: 'limited_liability_company',
    label: { en: 'Limited liability company', zh: '有限责任公司' },
    usccCategory: '1',
    isEnterprise: true,
    holders: { kind: 'shareholder', label: SHAREHOLDER, withContributions: true, exactlyOne: false },
    capital: REGISTERED_CAPITAL,
    representativeTitle: LEGAL_REPRESENTATIVE,
    enterpriseType: { code: '1100', name_zh: '有限责任公司', name_en: 'Limited liability company' },
  },
  joint_stock_company: {
    type: 'joint_stock_company',
    label: { en: 'Company limited by shares', zh: '股份有限公司' },
    usccCategory: '1',
    isEnterprise: true,
    holders: { kind: 'promoter', label: { en: 'promoter', zh: '发起人' }, withContributions: true, exactlyOne: false },
    capital: REGISTERED_CAPITAL,
    representativeTitle: LEGAL_REPRESENTATIVE,
    // 1200 rather than 1220 (unlisted): a company being registered is unlisted, but 1200 is what fits every
    // joint-stock company, and a listing is a later event this portal does not record.
    enterpriseType: { code: '1200', name_zh: '股份有限公司', name_en: 'Company limited by shares' },
  },
  sole_proprietorship: {
    type: 'sole_proprietorship',
    label: { en: 'Sole proprietorship', zh: '个人独资企业' },
    usccCategory: '1',
    isEnterprise: true,
    // The investor declares a contribution (个人独资企业法 Art. 8(3)) but bears unlimited liability.
    holders: { kind: 'investor', label: { en: 'investor', zh: '投资人' }, withContributions: true, exactlyOne: true },
    capital: CONTRIBUTION,
    representativeTitle: { en: 'Investor', zh: '投资人' },
    enterpriseType: { code: '4540', name_zh: '个人独资企业', name_en: 'Sole proprietorship (individual wholly-owned enterprise)' },
  },
  partnership: {
    type: 'partnership',
    label: { en: 'Partnership', zh: '合伙企业' },
    usccCategory: '1',
    isEnterprise: true,
    holders: { kind: 'partner', label: { en: 'partner', zh: '合伙人' }, withContributions: true, exactlyOne: false },
    capital: CONTRIBUTION,
    representativeTitle: { en: 'Executive partner', zh: '执行事务合伙人' },
    enterpriseType: { code: '4530', name_zh: '合伙企业', name_en: 'Partnership enterprise' },
  },
  individual_household: {
    type: 'individual_household',
    label: { en: 'Individual industrial and commercial household', zh: '个体工商户' },
    usccCategory: '2',
    isEnterprise: false,
    holders: null,
    capital: null,
    representativeTitle: { en: 'Operator', zh: '经营者' },
    // 9999 is the list's only code for households; its label is the registration data's, 个体.
    enterpriseType: { code: '9999', name_zh: '个体', name_en: 'Individual business (individual industrial and commercial household)' },
  },
  farmers_cooperative: {
    type: 'farmers_cooperative',
    label: { en: "Farmers' specialised cooperative", zh: '农民专业合作社' },
    usccCategory: '3',
    isEnterprise: false,
    // Members contribute (农民专业合作社法 Art. 13) and are filed with the authority (SAMR Order No. 52 Art. 7(5)).
    holders: { kind: 'member', label: { en: 'member', zh: '成员' }, withContributions: true, exactlyOne: false },
    capital: CONTRIBUTION,
    // 农民专业合作社法 Art. 33: the chair (理事长) is the cooperative's legal representative.
    representativeTitle: LEGAL_REPRESENTATIVE,
    enterpriseType: { code: '9100', name_zh: '农民专业合作经济组织', name_en: "Farmers' specialised cooperative economic organisation" },
  },
});

export function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && (ENTITY_TYPES as readonly string[]).includes(value);
}

export function entityTypeInfo(type: EntityType): EntityTypeInfo {
  return ENTITY_TYPE_INFO[type];
}
