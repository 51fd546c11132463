/**
 * What one application collects, section by section, and when each section is complete. The answers are
 * kept as one JSON document while the applicant works (a draft may be half-filled in any order); the
 * register gets normalised columns when the application is approved.
 */
export const ENTITY_TYPE_KEYS = [
  'limited_liability_company',
  'joint_stock_company',
  'sole_proprietorship',
  'partnership',
  'individual_household',
  'farmers_cooperative',
] as const;
export type EntityTypeKey = (typeof ENTITY_TYPE_KEYS)[number];

export const DOCUMENT_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export interface PersonAnswer {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
  phone: string;
}

export interface ShareholderAnswer {
  id: string;
  kind: 'natural' | 'corporate';
  name: string;
  /** Natural persons: an identity document. */
  documentType?: DocumentType;
  documentNumber?: string;
  /** Corporate shareholders: their own unified social credit code. */
  creditCode?: string;
  /** Subscribed contribution in fen, as a decimal string (JSON has no bigint). */
  contributionFen: string;
}

export const OFFICER_ROLES = ['chair', 'director', 'executive_director', 'supervisor', 'manager'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

export interface OfficerAnswer {
  id: string;
  role: OfficerRole;
  name: string;
  documentType: DocumentType;
  documentNumber: string;
}

export interface ContactAnswer {
  name: string;
  phone: string;
}

export interface ApplicationAnswers {
  entityType?: EntityTypeKey;
  name?: { division: string; tradeName: string; industryPhrase: string; organisationalForm: string };
  domicile?: { district: string; address: string };
  industry?: { classCode: string; scope: string };
  capital?: { amountFen: string };
  legalRepresentative?: PersonAnswer;
  shareholders?: ShareholderAnswer[];
  officers?: OfficerAnswer[];
  operations?: { employees: number; revenueFen: string; assetsFen: string };
  contacts?: {
    financialOfficer: ContactAnswer;
    taxContact: ContactAnswer;
    socialInsuranceContact: ContactAnswer;
    statisticsContact: ContactAnswer;
  };
}

export const SECTION_KEYS = [
  'entityType',
  'name',
  'domicile',
  'industry',
  'capital',
  'legalRepresentative',
  'shareholders',
  'officers',
  'operations',
  'contacts',
  'documents',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const DOCUMENT_KINDS = ['articles', 'identity', 'domicile_proof'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const COMPANIES: readonly EntityTypeKey[] = ['limited_liability_company', 'joint_stock_company'];

/**
 * Sections an entity type needs: a household has an operator, and neither capital, holders nor a board
 * (市场主体登记管理条例 Art. 8); only companies have a board and supervisors.
 */
export function sectionsFor(entityType: EntityTypeKey | undefined): SectionKey[] {
  return SECTION_KEYS.filter((section) => {
    if (section === 'shareholders' || section === 'capital') return entityType !== 'individual_household';
    if (section === 'officers') return entityType === undefined || COMPANIES.includes(entityType);
    return true;
  });
}

/** Articles of association (or a partnership agreement) are not required of households and sole proprietors. */
export function requiredDocuments(entityType: EntityTypeKey | undefined): DocumentKind[] {
  return DOCUMENT_KINDS.filter(
    (kind) => kind !== 'articles' || (entityType !== 'individual_household' && entityType !== 'sole_proprietorship'),
  );
}

export type SectionState = 'completed' | 'in_progress' | 'not_started' | 'cannot_start';

/**
 * A section of the task list: a list section is "in progress" while it has entries but not yet what it
 * needs (contributions that add up to the capital, one investor of a sole proprietorship, a board with a
 * supervisor, every required document), so that "Completed" is never shown over a section that stops the
 * submission.
 */
export function sectionState(section: SectionKey, answers: ApplicationAnswers, uploadedKinds: readonly DocumentKind[]): SectionState {
  if (section !== 'entityType' && answers.entityType === undefined) return 'cannot_start';
  const started = (entries: number, complete: boolean): SectionState =>
    complete ? 'completed' : entries > 0 ? 'in_progress' : 'not_started';
  switch (section) {
    case 'entityType':
      return answers.entityType ? 'completed' : 'not_started';
    case 'shareholders': {
      const shareholders = answers.shareholders ?? [];
      return started(shareholders.length, shareholders.length > 0 && shareholderProblems(answers).length === 0);
    }
    case 'officers':
      return started(answers.officers?.length ?? 0, hasBoard(answers.officers ?? []));
    case 'documents': {
      const required = requiredDocuments(answers.entityType);
      return started(
        uploadedKinds.length,
        required.every((kind) => uploadedKinds.includes(kind)),
      );
    }
    default:
      return answers[section] !== undefined ? 'completed' : 'not_started';
  }
}

/** A company needs someone who directs it and someone who supervises it (Company Law arts. 68, 76). */
export function hasBoard(officers: readonly OfficerAnswer[]): boolean {
  const directs = officers.some((o) => o.role === 'chair' || o.role === 'director' || o.role === 'executive_director');
  const supervises = officers.some((o) => o.role === 'supervisor');
  return directs && supervises;
}

export function contributionsTotal(shareholders: readonly ShareholderAnswer[]): bigint {
  return shareholders.reduce((sum, s) => sum + BigInt(s.contributionFen), 0n);
}

export type SubmissionProblem =
  | { code: 'section_incomplete'; section: SectionKey }
  | { code: 'contributions_mismatch'; totalFen: bigint; capitalFen: bigint }
  | { code: 'sole_proprietor_count' };

/** What is wrong with the shareholders given so far: contributions against the capital, a sole investor. */
function shareholderProblems(answers: ApplicationAnswers): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  const shareholders = answers.shareholders ?? [];
  if (answers.capital && shareholders.length > 0 && answers.entityType !== 'individual_household') {
    const totalFen = contributionsTotal(shareholders);
    const capitalFen = BigInt(answers.capital.amountFen);
    if (totalFen !== capitalFen) problems.push({ code: 'contributions_mismatch', totalFen, capitalFen });
  }
  if (answers.entityType === 'sole_proprietorship' && shareholders.length > 1) problems.push({ code: 'sole_proprietor_count' });
  return problems;
}

/** Everything that must hold before an application can be submitted, besides the name check. */
export function submissionProblems(answers: ApplicationAnswers, uploadedKinds: readonly DocumentKind[]): SubmissionProblem[] {
  const shareholderIssues = shareholderProblems(answers);
  const incomplete: SubmissionProblem[] = sectionsFor(answers.entityType)
    .filter((section) => sectionState(section, answers, uploadedKinds) !== 'completed')
    // Shareholders that are there but do not add up are said so below, more precisely.
    .filter((section) => section !== 'shareholders' || shareholderIssues.length === 0 || (answers.shareholders?.length ?? 0) === 0)
    .map((section) => ({ code: 'section_incomplete', section }));
  return [...incomplete, ...shareholderIssues];
}
