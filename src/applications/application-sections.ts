import { formatYuan, parseYuan } from './domain/money';
import type { ApplicationAnswers, OfficerAnswer, SectionKey, ShareholderAnswer } from './domain/answers';
import { DOCUMENT_TYPES } from './domain/answers';
import { normaliseIdentifier } from '../credit-codes/domain';
import { DISTRICTS, NAME_DIVISIONS } from './domain/districts';
import { ENTITY_TYPE_INFO, ENTITY_TYPES } from './domain/entity-type';
import { CapitalForm, ContactsForm, DomicileForm, EntityTypeForm, NameForm, OperationsForm, PersonForm } from './application-forms.dto';
import type { Translator } from '../common/http/request-context';

/** A field of a simple section page: the component partial to render and its parameters. */
export interface FieldView {
  component: 'text-input' | 'radios' | 'select' | 'textarea';
  [param: string]: unknown;
}

type Values = Record<string, string>;

/**
 * The pages that are one plain form each: how to show the saved answers in the form, which fields, and
 * how a valid form becomes answers. Lists (shareholders, officers), the industry search and documents
 * have pages of their own.
 */
export interface SimpleSection {
  key: SectionKey;
  slug: string;
  dto: new () => object;
  values(answers: ApplicationAnswers): Values;
  fields(values: Values, errors: Record<string, string>, t: Translator, answers: ApplicationAnswers): FieldView[];
  toAnswers(form: Values): Partial<ApplicationAnswers>;
}

const text = (
  id: string,
  label: string,
  values: Values,
  errors: Record<string, string>,
  extra: Record<string, unknown> = {},
): FieldView => ({
  component: 'text-input',
  id,
  name: id,
  label,
  value: values[id] ?? '',
  error: errors[id],
  ...extra,
});

const fen = (value: string): string => {
  const parsed = parseYuan(value);
  if (!parsed.ok) throw new Error(`validated amount did not parse: ${value}`);
  return parsed.fen.toString();
};

const documentTypeItems = (selected: string | undefined, t: Translator) =>
  DOCUMENT_TYPES.map((type) => ({ value: type, text: t(`documentType.${type}`), checked: type === selected }));

export const SIMPLE_SECTIONS: readonly SimpleSection[] = [
  {
    key: 'entityType',
    slug: 'entity-type',
    dto: EntityTypeForm,
    values: (a) => ({ entityType: a.entityType ?? '' }),
    fields: (v, e, t) => [
      {
        component: 'radios',
        name: 'entityType',
        legend: t('section.entityType.title'),
        legendIsHeading: true,
        hint: t('section.entityType.hint'),
        error: e['entityType'],
        items: ENTITY_TYPES.map((type) => ({
          value: type,
          text: t(`entityType.${type}`),
          hint: t(`entityType.${type}.hint`),
          checked: v['entityType'] === type,
        })),
      },
    ],
    toAnswers: (f) => ({ entityType: f['entityType'] as ApplicationAnswers['entityType'] }),
  },
  {
    key: 'name',
    slug: 'name',
    dto: NameForm,
    values: (a) => ({
      division: a.name?.division ?? NAME_DIVISIONS[0],
      tradeName: a.name?.tradeName ?? '',
      industryPhrase: a.name?.industryPhrase ?? '',
      organisationalForm: a.name?.organisationalForm ?? '',
    }),
    fields: (v, e, t, a) => [
      {
        component: 'radios',
        name: 'division',
        legend: t('section.name.division'),
        hint: t('section.name.divisionHint'),
        inline: true,
        error: e['division'],
        items: NAME_DIVISIONS.map((d) => ({ value: d, text: d, checked: v['division'] === d })),
      },
      text('tradeName', t('section.name.tradeName'), v, e, { hint: t('section.name.tradeNameHint'), width: '10', autocomplete: 'off' }),
      text('industryPhrase', t('section.name.industryPhrase'), v, e, {
        hint: t('section.name.industryPhraseHint'),
        width: '20',
        autocomplete: 'off',
      }),
      {
        component: 'radios',
        name: 'organisationalForm',
        legend: t('section.name.organisationalForm'),
        hint: t('section.name.organisationalFormHint'),
        error: e['organisationalForm'],
        items: organisationalFormsFor(a.entityType).map((form) => ({ value: form, text: form, checked: v['organisationalForm'] === form })),
      },
    ],
    toAnswers: (f) => ({
      name: {
        division: f['division'],
        tradeName: f['tradeName'],
        industryPhrase: f['industryPhrase'],
        organisationalForm: f['organisationalForm'],
      },
    }),
  },
  {
    key: 'domicile',
    slug: 'domicile',
    dto: DomicileForm,
    values: (a) => ({ district: a.domicile?.district ?? '', address: a.domicile?.address ?? '' }),
    fields: (v, e, t) => [
      {
        component: 'select',
        id: 'district',
        name: 'district',
        label: t('section.domicile.district'),
        hint: t('section.domicile.districtHint'),
        error: e['district'],
        items: [{ value: '', text: t('common.choose'), selected: !v['district'] }].concat(
          DISTRICTS.map((d) => ({ value: d.code, text: t('district.label', { zh: d.zh, en: d.en }), selected: v['district'] === d.code })),
        ),
      },
      {
        component: 'textarea',
        id: 'address',
        name: 'address',
        label: t('section.domicile.address'),
        hint: t('section.domicile.addressHint'),
        value: v['address'],
        error: e['address'],
        rows: 3,
        maxlength: 200,
      },
    ],
    toAnswers: (f) => ({ domicile: { district: f['district'], address: f['address'] } }),
  },
  {
    key: 'capital',
    slug: 'capital',
    dto: CapitalForm,
    values: (a) => ({ amount: a.capital ? formatYuan(BigInt(a.capital.amountFen)) : '' }),
    fields: (v, e, t, a) => [
      text(
        'amount',
        a.entityType && ENTITY_TYPE_INFO[a.entityType].capital?.kind === 'contribution'
          ? t('section.capital.contributionTitle')
          : t('section.capital.title'),
        v,
        e,
        {
          labelIsHeading: true,
          hint: t('section.capital.hint'),
          prefix: '¥',
          width: '10',
          inputmode: 'decimal',
          spellcheck: false,
        },
      ),
    ],
    toAnswers: (f) => ({ capital: { amountFen: fen(f['amount']) } }),
  },
  {
    key: 'legalRepresentative',
    slug: 'legal-representative',
    dto: PersonForm,
    values: (a) => ({
      name: a.legalRepresentative?.name ?? '',
      documentType: a.legalRepresentative?.documentType ?? 'resident_id',
      documentNumber: a.legalRepresentative?.documentNumber ?? '',
      phone: a.legalRepresentative?.phone ?? '',
    }),
    fields: (v, e, t) => [
      text('name', t('field.fullName'), v, e, { autocomplete: 'off' }),
      {
        component: 'radios',
        name: 'documentType',
        legend: t('field.documentType'),
        error: e['documentType'],
        items: documentTypeItems(v['documentType'], t),
      },
      text('documentNumber', t('field.documentNumber'), v, e, {
        hint: t('field.documentNumberHint'),
        width: '20',
        spellcheck: false,
        autocomplete: 'off',
      }),
      text('phone', t('field.phone'), v, e, { type: 'tel', width: '20', autocomplete: 'off', hint: t('field.phoneHint') }),
    ],
    toAnswers: (f) => ({
      legalRepresentative: {
        name: f['name'],
        documentType: f['documentType'] as (typeof DOCUMENT_TYPES)[number],
        documentNumber: normaliseIdentifier(f['documentNumber']),
        phone: f['phone'],
      },
    }),
  },
  {
    key: 'operations',
    slug: 'operations',
    dto: OperationsForm,
    values: (a) => ({
      employees: a.operations ? String(a.operations.employees) : '',
      revenue: a.operations ? formatYuan(BigInt(a.operations.revenueFen)) : '',
      assets: a.operations ? formatYuan(BigInt(a.operations.assetsFen)) : '',
    }),
    fields: (v, e, t) => [
      text('employees', t('section.operations.employees'), v, e, {
        hint: t('section.operations.employeesHint'),
        width: '5',
        inputmode: 'numeric',
      }),
      text('revenue', t('section.operations.revenue'), v, e, {
        hint: t('section.operations.revenueHint'),
        prefix: '¥',
        width: '10',
        inputmode: 'decimal',
      }),
      text('assets', t('section.operations.assets'), v, e, {
        hint: t('section.operations.assetsHint'),
        prefix: '¥',
        width: '10',
        inputmode: 'decimal',
      }),
    ],
    toAnswers: (f) => ({ operations: { employees: Number(f['employees']), revenueFen: fen(f['revenue']), assetsFen: fen(f['assets']) } }),
  },
  {
    key: 'contacts',
    slug: 'contacts',
    dto: ContactsForm,
    values: (a) =>
      Object.fromEntries(
        (['financialOfficer', 'taxContact', 'socialInsuranceContact', 'statisticsContact'] as const).flatMap((role) => [
          [`${role}Name`, a.contacts?.[role].name ?? ''],
          [`${role}Phone`, a.contacts?.[role].phone ?? ''],
        ]),
      ),
    fields: (v, e, t) =>
      (['financialOfficer', 'taxContact', 'socialInsuranceContact', 'statisticsContact'] as const).flatMap((role) => [
        text(`${role}Name`, t(`section.contacts.${role}.name`), v, e, { hint: t(`section.contacts.${role}.hint`), autocomplete: 'off' }),
        text(`${role}Phone`, t(`section.contacts.${role}.phone`), v, e, { type: 'tel', width: '20', autocomplete: 'off' }),
      ]),
    toAnswers: (f) => ({
      contacts: {
        financialOfficer: { name: f['financialOfficerName'], phone: f['financialOfficerPhone'] },
        taxContact: { name: f['taxContactName'], phone: f['taxContactPhone'] },
        socialInsuranceContact: { name: f['socialInsuranceContactName'], phone: f['socialInsuranceContactPhone'] },
        statisticsContact: { name: f['statisticsContactName'], phone: f['statisticsContactPhone'] },
      },
    }),
  },
];

/** The organisational forms a name may end with, by entity type (Company Law Art. 7, Partnership Law Art. 15 …). */
export function organisationalFormsFor(entityType: ApplicationAnswers['entityType']): string[] {
  switch (entityType) {
    case 'limited_liability_company':
      return ['有限公司', '有限责任公司'];
    case 'joint_stock_company':
      return ['股份有限公司', '股份公司'];
    case 'partnership':
      return ['（普通合伙）', '（特殊普通合伙）', '（有限合伙）'];
    case 'sole_proprietorship':
      return ['厂', '店', '中心', '工作室', '商行'];
    case 'individual_household':
      return ['店', '馆', '部', '行', '坊', '厂'];
    case 'farmers_cooperative':
      return ['专业合作社'];
    default:
      return [];
  }
}

/** Sections in the order of the task list, with their page addresses. */
export const SECTION_SLUGS: Readonly<Record<SectionKey, string>> = {
  entityType: 'entity-type',
  name: 'name',
  domicile: 'domicile',
  industry: 'industry',
  capital: 'capital',
  legalRepresentative: 'legal-representative',
  shareholders: 'shareholders',
  officers: 'officers',
  operations: 'operations',
  contacts: 'contacts',
  documents: 'documents',
};

// Identity numbers and credit codes are checked in the form people type them (full-width, spaced, lower
// case, pasted with dashes); they are stored in the canonical form the check read, so that reviewers, the
// licence and the other departments see one spelling of each.

/** A shareholder as stored, from the shareholder form's validated values (page or API). */
export function shareholderAnswer(form: {
  kind?: string;
  name?: string;
  documentType?: string;
  documentNumber?: string;
  creditCode?: string;
  contribution?: string;
}): Omit<ShareholderAnswer, 'id'> {
  const amount = parseYuan(form.contribution ?? '');
  return {
    kind: form.kind as ShareholderAnswer['kind'],
    name: form.name ?? '',
    ...(form.kind === 'natural'
      ? {
          documentType: form.documentType as ShareholderAnswer['documentType'],
          documentNumber: normaliseIdentifier(form.documentNumber ?? ''),
        }
      : { creditCode: normaliseIdentifier(form.creditCode ?? '') }),
    contributionFen: amount.ok ? amount.fen.toString() : '0',
  };
}

/** An officer as stored, from the officer form's validated values (page or API). */
export function officerAnswer(form: {
  role?: string;
  name?: string;
  documentType?: string;
  documentNumber?: string;
}): Omit<OfficerAnswer, 'id'> {
  return {
    role: form.role as OfficerAnswer['role'],
    name: form.name ?? '',
    documentType: form.documentType as OfficerAnswer['documentType'],
    documentNumber: normaliseIdentifier(form.documentNumber ?? ''),
  };
}
