import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import {
  CapitalForm,
  ContactsForm,
  DomicileForm,
  IndustryForm,
  NameForm,
  OfficerForm,
  OperationsForm,
  PersonForm,
  ShareholderForm,
} from '../applications/application-forms.dto';
import { sectionsFor, type EntityTypeKey } from '../applications/domain/answers';

export type JsonSchema = { [keyword: string]: unknown };

/** What the portal's own validators accept, as JSON Schema keywords (the check itself stays in the validator). */
const CUSTOM_RULES: Readonly<Record<string, JsonSchema>> = {
  isYuan: { pattern: '^[¥￥]?\\s*\\d[\\d,\\s]*(\\.\\d{1,2})?$', description: 'An amount of yuan, e.g. "1,000,000" or "250000.50"' },
  isChinesePhone: { description: 'A mainland mobile number (13812345678) or a landline with its area code (0411-88888888)' },
  isIdentityNumberFor: {
    maxLength: 30,
    description: 'Identity document number; a resident ID (GB 11643) is checked with its check character',
  },
  isCreditCode: {
    pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$',
    description: 'A unified social credit code (GB 32100)',
  },
};

/**
 * JSON Schema of one page's DTO, generated from the class-validator metadata the page validates with, so
 * the e-form and the page cannot drift apart: @IsIn → enum, @IsNotEmpty → required and minLength,
 * @MaxLength, @Matches → pattern, the portal's validators → their formats; @ValidateIf makes a field
 * conditional (not required).
 */
export function schemaOf(dto: new () => object, title: string): JsonSchema {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metadata) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [property, rules] of byProperty) {
    const schema: JsonSchema = { type: 'string' };
    let conditional = false;
    for (const rule of rules) {
      if (rule.type === 'conditionalValidation') {
        conditional = true;
        continue;
      }
      const constraints = (rule.constraints ?? []) as unknown[];
      switch (rule.name) {
        case 'isIn':
          schema['enum'] = constraints[0];
          break;
        case 'isNotEmpty':
          schema['minLength'] = 1;
          break;
        case 'maxLength':
          schema['maxLength'] = constraints[0];
          break;
        case 'matches':
          schema['pattern'] = constraints[0] instanceof RegExp ? constraints[0].source : String(constraints[0]);
          break;
        default:
          Object.assign(schema, CUSTOM_RULES[rule.name ?? ''] ?? {});
      }
    }
    properties[property] = schema;
    if (!conditional) required.push(property);
  }
  return { type: 'object', title, properties, required, additionalProperties: false };
}

/** The sections of formData.data, each validated with the DTO of its page. */
export const SECTION_FORMS = {
  name: NameForm,
  domicile: DomicileForm,
  industry: IndustryForm,
  capital: CapitalForm,
  legalRepresentative: PersonForm,
  operations: OperationsForm,
  contacts: ContactsForm,
} as const;
export type FormSection = keyof typeof SECTION_FORMS;
export const LIST_FORMS = { shareholders: ShareholderForm, officers: OfficerForm } as const;
export type ListSection = keyof typeof LIST_FORMS;

/** The whole application as one e-form for a service's entity types: the sections they need, as on the pages. */
export function applicationSchema(entityTypes: readonly string[], title: string): JsonSchema {
  const needed = new Set<string>(entityTypes.flatMap((t) => sectionsFor(t as EntityTypeKey)));
  const properties: Record<string, JsonSchema> = {
    entityType: { type: 'string', enum: [...entityTypes], description: 'May be left out when the service has only one' },
  };
  for (const [section, dto] of Object.entries(SECTION_FORMS)) {
    if (needed.has(section)) properties[section] = schemaOf(dto, section);
  }
  for (const [section, dto] of Object.entries(LIST_FORMS)) {
    if (needed.has(section)) properties[section] = { type: 'array', items: schemaOf(dto, section), minItems: 1 };
  }
  properties['declaration'] = {
    type: 'boolean',
    description: 'true: I declare the information is true; submit as soon as the application is complete (documents included)',
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title,
    type: 'object',
    properties,
    additionalProperties: false,
  };
}
