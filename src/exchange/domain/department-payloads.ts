import type { ApplicationAnswers } from '../../applications/domain/answers';

/** The receiving departments of "five certificates in one" (五证合一), each pulling its own events. */
export const DEPARTMENTS = ['tax', 'social_insurance', 'statistics', 'quality_supervision'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export interface RegisteredEnterprise {
  code: string;
  name: string;
  entityType: string;
  enterpriseTypeCode: string;
  legalRepresentative: string;
  establishedOn: string;
  district: string;
  domicile: string;
  industryClass: string;
  businessScope: string;
  registeredCapitalFen: string | null;
  registrationAuthority: string;
}

/**
 * What each department needs of a new registration, and nothing more (data minimisation): tax gets the
 * financial and tax contacts, social insurance the employees and its contact, statistics the size figures,
 * quality supervision the organisation code that replaces its certificate.
 */
export function departmentPayload(
  department: Department,
  enterprise: RegisteredEnterprise,
  answers: ApplicationAnswers,
): Record<string, unknown> {
  const base = { code: enterprise.code, name: enterprise.name, entityType: enterprise.entityType, establishedOn: enterprise.establishedOn };
  const contacts = answers.contacts;
  switch (department) {
    case 'tax':
      return {
        ...base,
        legalRepresentative: enterprise.legalRepresentative,
        domicile: enterprise.domicile,
        industryClass: enterprise.industryClass,
        businessScope: enterprise.businessScope,
        registeredCapitalFen: enterprise.registeredCapitalFen,
        financialOfficer: contacts?.financialOfficer ?? null,
        taxContact: contacts?.taxContact ?? null,
      };
    case 'social_insurance':
      return {
        ...base,
        legalRepresentative: enterprise.legalRepresentative,
        domicile: enterprise.domicile,
        expectedEmployees: answers.operations?.employees ?? null,
        socialInsuranceContact: contacts?.socialInsuranceContact ?? null,
      };
    case 'statistics':
      return {
        ...base,
        enterpriseTypeCode: enterprise.enterpriseTypeCode,
        district: enterprise.district,
        industryClass: enterprise.industryClass,
        expectedEmployees: answers.operations?.employees ?? null,
        expectedRevenueFen: answers.operations?.revenueFen ?? null,
        expectedAssetsFen: answers.operations?.assetsFen ?? null,
        statisticsContact: contacts?.statisticsContact ?? null,
      };
    case 'quality_supervision':
      return {
        ...base,
        organisationCode: enterprise.code.slice(8, 17),
        enterpriseTypeCode: enterprise.enterpriseTypeCode,
        legalRepresentative: enterprise.legalRepresentative,
        domicile: enterprise.domicile,
        registrationAuthority: enterprise.registrationAuthority,
      };
  }
}
