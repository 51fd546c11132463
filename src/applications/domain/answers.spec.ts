import fc from 'fast-check';
import {
  DOCUMENT_KINDS,
  ENTITY_TYPE_KEYS,
  sectionsFor,
  sectionState,
  submissionProblems,
  type ApplicationAnswers,
  type DocumentKind,
  type OfficerAnswer,
  type ShareholderAnswer,
} from './answers';

const person = { name: '王伟', documentType: 'resident_id' as const, documentNumber: '11010519491231002X', phone: '13812345678' };
const contact = { name: '张敏', phone: '13812345678' };
const shareholder = (yuan: number): ShareholderAnswer => ({
  id: `s${yuan}`,
  kind: 'natural',
  name: '王伟',
  contributionFen: String(yuan * 100),
});
const officer = (role: OfficerAnswer['role']): OfficerAnswer => ({
  id: role,
  role,
  name: '李娜',
  documentType: 'resident_id',
  documentNumber: '1',
});

const complete: ApplicationAnswers = {
  entityType: 'limited_liability_company',
  name: { division: '大连', tradeName: '海韵', industryPhrase: '贸易', organisationalForm: '有限公司' },
  domicile: { district: '210242', address: '保税区海天路8号' },
  industry: { classCode: 'I6513', scope: '软件开发' },
  capital: { amountFen: String(1_000_000 * 100) },
  legalRepresentative: person,
  shareholders: [shareholder(600_000), shareholder(400_000)],
  officers: [officer('executive_director'), officer('supervisor')],
  operations: { employees: 5, revenueFen: '0', assetsFen: '0' },
  contacts: { financialOfficer: contact, taxContact: contact, socialInsuranceContact: contact, statisticsContact: contact },
};
const allDocuments: DocumentKind[] = [...DOCUMENT_KINDS];

describe('sectionState', () => {
  it.each<[string, Partial<ApplicationAnswers>, DocumentKind[], string, string]>([
    ['a complete application', {}, allDocuments, 'shareholders', 'completed'],
    ['no shareholders yet', { shareholders: [] }, allDocuments, 'shareholders', 'not_started'],
    ['contributions short of the capital', { shareholders: [shareholder(900_000)] }, allDocuments, 'shareholders', 'in_progress'],
    ['contributions over the capital', { shareholders: [shareholder(1_000_001)] }, allDocuments, 'shareholders', 'in_progress'],
    [
      'no capital yet: nothing to add up to',
      { capital: undefined, shareholders: [shareholder(1)] },
      allDocuments,
      'shareholders',
      'completed',
    ],
    [
      'two investors in a sole proprietorship',
      { entityType: 'sole_proprietorship', shareholders: [shareholder(500_000), shareholder(500_000)] },
      allDocuments,
      'shareholders',
      'in_progress',
    ],
    ['a director but no supervisor', { officers: [officer('director')] }, allDocuments, 'officers', 'in_progress'],
    ['no officers', { officers: [] }, allDocuments, 'officers', 'not_started'],
    ['a chair and a supervisor', { officers: [officer('chair'), officer('supervisor')] }, allDocuments, 'officers', 'completed'],
    ['some documents', {}, ['identity'], 'documents', 'in_progress'],
    ['no documents', {}, [], 'documents', 'not_started'],
    ['a household needs no articles', { entityType: 'individual_household' }, ['identity', 'domicile_proof'], 'documents', 'completed'],
    ['no entity type: nothing else can start', { entityType: undefined }, allDocuments, 'name', 'cannot_start'],
  ])('%s → %s: %s', (_name, change, documents, section, expected) => {
    expect(sectionState(section as never, { ...complete, ...change }, documents)).toBe(expected);
  });
});

describe('submissionProblems', () => {
  it('finds none in a complete application', () => {
    expect(submissionProblems(complete, allDocuments)).toEqual([]);
  });

  it('says precisely what is wrong with shareholders that are there, and not also that the section is incomplete', () => {
    expect(submissionProblems({ ...complete, shareholders: [shareholder(900_000)] }, allDocuments)).toEqual([
      { code: 'contributions_mismatch', totalFen: 90_000_000n, capitalFen: 100_000_000n },
    ]);
    expect(submissionProblems({ ...complete, shareholders: [] }, allDocuments)).toEqual([
      { code: 'section_incomplete', section: 'shareholders' },
    ]);
  });

  it('lists each section that is not complete', () => {
    expect(submissionProblems({ ...complete, officers: [officer('director')] }, ['identity'])).toEqual([
      { code: 'section_incomplete', section: 'officers' },
      { code: 'section_incomplete', section: 'documents' },
    ]);
  });

  it('is empty exactly when every section of the entity type shows Completed', () => {
    const answers = fc.record({
      entityType: fc.constantFrom(...ENTITY_TYPE_KEYS),
      shareholders: fc.array(fc.integer({ min: 1, max: 1_000_000 }).map(shareholder), { maxLength: 3 }),
      officers: fc.array(fc.constantFrom<OfficerAnswer['role']>('chair', 'director', 'supervisor', 'manager').map(officer), {
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(answers, fc.subarray(allDocuments), (change, documents) => {
        const a = { ...complete, ...change };
        const allCompleted = sectionsFor(a.entityType).every((s) => sectionState(s, a, documents) === 'completed');
        expect(submissionProblems(a, documents).length === 0).toBe(allCompleted);
      }),
    );
  });
});
