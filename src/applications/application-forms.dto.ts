import { IsIn, IsNotEmpty, Matches, MaxLength, ValidateIf } from 'class-validator';
import { TrimmedString } from '../common/forms/form';
import { IsChinesePhone, IsCreditCode, IsIdentityNumberFor, IsYuan } from '../common/forms/validators';
import { DOCUMENT_TYPES, ENTITY_TYPE_KEYS, OFFICER_ROLES, type DocumentType, type EntityTypeKey, type OfficerRole } from './domain/answers';
import { DISTRICTS, NAME_DIVISIONS } from './domain/districts';

// One DTO per page of the form. class-validator checks a property from the decorator nearest it upwards
// and the page reports the first failure, so the most basic check ("enter …") sits lowest.

export class EntityTypeForm {
  @IsIn(ENTITY_TYPE_KEYS, { message: 'validation.entityType.missing' })
  @TrimmedString()
  entityType!: EntityTypeKey;
}

export class NameForm {
  @IsIn(NAME_DIVISIONS, { message: 'validation.name.division' })
  @TrimmedString()
  division!: string;

  @MaxLength(10, { message: 'validation.tradeName.tooLong' })
  @IsNotEmpty({ message: 'validation.tradeName.missing' })
  @TrimmedString()
  tradeName!: string;

  @MaxLength(20, { message: 'validation.industryPhrase.tooLong' })
  @IsNotEmpty({ message: 'validation.industryPhrase.missing' })
  @TrimmedString()
  industryPhrase!: string;

  @IsNotEmpty({ message: 'validation.organisationalForm.missing' })
  @TrimmedString()
  organisationalForm!: string;
}

export class DomicileForm {
  @IsIn(DISTRICTS.map((d) => d.code), { message: 'validation.district.missing' })
  @TrimmedString()
  district!: string;

  @MaxLength(200, { message: 'validation.address.tooLong' })
  @IsNotEmpty({ message: 'validation.address.missing' })
  @TrimmedString()
  address!: string;
}

export class IndustryForm {
  @Matches(/^[A-Za-z]?\d{4}$/, { message: 'validation.industryClass.format' })
  @IsNotEmpty({ message: 'validation.industryClass.missing' })
  @TrimmedString()
  classCode!: string;

  @MaxLength(2000, { message: 'validation.scope.tooLong' })
  @IsNotEmpty({ message: 'validation.scope.missing' })
  @TrimmedString()
  scope!: string;
}

export class CapitalForm {
  @IsYuan()
  @TrimmedString()
  amount!: string;
}

export class PersonForm {
  @MaxLength(50, { message: 'validation.personName.tooLong' })
  @IsNotEmpty({ message: 'validation.personName.missing' })
  @TrimmedString()
  name!: string;

  @IsIn(DOCUMENT_TYPES, { message: 'validation.documentType.missing' })
  @TrimmedString()
  documentType!: DocumentType;

  @IsIdentityNumberFor('documentType', { adult: true })
  @TrimmedString()
  documentNumber!: string;

  @IsChinesePhone()
  @TrimmedString()
  phone!: string;
}

export class ShareholderForm {
  @IsIn(['natural', 'corporate'], { message: 'validation.shareholderKind.missing' })
  @TrimmedString()
  kind!: 'natural' | 'corporate';

  @MaxLength(100, { message: 'validation.shareholderName.tooLong' })
  @IsNotEmpty({ message: 'validation.shareholderName.missing' })
  @TrimmedString()
  name!: string;

  @ValidateIf((form: ShareholderForm) => form.kind === 'natural')
  @IsIn(DOCUMENT_TYPES, { message: 'validation.documentType.missing' })
  @TrimmedString()
  documentType!: DocumentType;

  @ValidateIf((form: ShareholderForm) => form.kind === 'natural')
  @IsIdentityNumberFor('documentType')
  @TrimmedString()
  documentNumber!: string;

  @ValidateIf((form: ShareholderForm) => form.kind === 'corporate')
  @IsCreditCode()
  @TrimmedString()
  creditCode!: string;

  @IsYuan()
  @TrimmedString()
  contribution!: string;
}

export class OfficerForm {
  @IsIn(OFFICER_ROLES, { message: 'validation.officerRole.missing' })
  @TrimmedString()
  role!: OfficerRole;

  @MaxLength(50, { message: 'validation.personName.tooLong' })
  @IsNotEmpty({ message: 'validation.personName.missing' })
  @TrimmedString()
  name!: string;

  @IsIn(DOCUMENT_TYPES, { message: 'validation.documentType.missing' })
  @TrimmedString()
  documentType!: DocumentType;

  @IsIdentityNumberFor('documentType', { adult: true })
  @TrimmedString()
  documentNumber!: string;
}

export class OperationsForm {
  @Matches(/^\d{1,6}$/, { message: 'validation.employees.format' })
  @IsNotEmpty({ message: 'validation.employees.missing' })
  @TrimmedString()
  employees!: string;

  @IsYuan({ allowZero: true })
  @TrimmedString()
  revenue!: string;

  @IsYuan({ allowZero: true })
  @TrimmedString()
  assets!: string;
}

export const CONTACT_ROLES = ['financialOfficer', 'taxContact', 'socialInsuranceContact', 'statisticsContact'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export class ContactsForm {
  @MaxLength(50, { message: 'validation.personName.tooLong' })
  @IsNotEmpty({ message: 'validation.contact.financialOfficer' })
  @TrimmedString()
  financialOfficerName!: string;

  @IsChinesePhone({ whose: 'financialOfficer' })
  @TrimmedString()
  financialOfficerPhone!: string;

  @MaxLength(50, { message: 'validation.personName.tooLong' })
  @IsNotEmpty({ message: 'validation.contact.taxContact' })
  @TrimmedString()
  taxContactName!: string;

  @IsChinesePhone({ whose: 'taxContact' })
  @TrimmedString()
  taxContactPhone!: string;

  @MaxLength(50, { message: 'validation.personName.tooLong' })
  @IsNotEmpty({ message: 'validation.contact.socialInsuranceContact' })
  @TrimmedString()
  socialInsuranceContactName!: string;

  @IsChinesePhone({ whose: 'socialInsuranceContact' })
  @TrimmedString()
  socialInsuranceContactPhone!: string;

  @MaxLength(50, { message: 'validation.personName.tooLong' })
  @IsNotEmpty({ message: 'validation.contact.statisticsContact' })
  @TrimmedString()
  statisticsContactName!: string;

  @IsChinesePhone({ whose: 'statisticsContact' })
  @TrimmedString()
  statisticsContactPhone!: string;
}
