export { describeCharacter, identifierProblemParams, normaliseIdentifier } from './characters';
export {
  BODY_PREFIX_LENGTH,
  BODY_SEQUENCE_LENGTH,
  computeOrganisationCodeCheckCharacter,
  DEFAULT_BODY_PREFIX,
  formatBodyIdentifier,
  isValidOrganisationCode,
  MAX_SEQUENCE,
  ORGANISATION_CODE_LENGTH,
  ORGANISATION_CODE_WEIGHTS,
  OrganisationCodeError,
  parseBodySequence,
  SequenceExhaustedError,
} from './organisation-code';
export type { BodySequence, OrganisationCodeErrorCode } from './organisation-code';
export {
  composeCreditCode,
  computeCreditCodeCheckCharacter,
  CREDIT_CODE_LENGTH,
  CREDIT_CODE_WEIGHTS,
  CreditCodeCompositionError,
  InvalidCreditCodeError,
  isCreditCodePrefix,
  isKnownDepartmentCategory,
  normaliseCreditCode,
  parseCreditCode,
  USCC_ALPHABET,
  validateCreditCode,
} from './uscc';
export type {
  CreditCodeComponents,
  CreditCodeCompositionErrorCode,
  CreditCodeInvalidReason,
  CreditCodeParts,
  CreditCodeValidation,
  CreditCodeWarning,
  CreditCodeWarningCode,
  InvalidCreditCode,
  ValidCreditCode,
} from './uscc';
export {
  computeResidentIdCheckCharacter,
  EARLIEST_BIRTH_DATE,
  RESIDENT_ID_LENGTH,
  RESIDENT_ID_WEIGHTS,
  ageOn,
  validateResidentIdNumber,
} from './resident-id';
export type { InvalidResidentIdNumber, ResidentIdInvalidReason, ResidentIdValidation, ValidResidentIdNumber } from './resident-id';
