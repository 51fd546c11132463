/**
 * A complete application's answers in the GovStack API's shape (formData.data), for the e2e tests that
 * drive a registration through the API: every section filled as a real company registration would be.
 */
const person = { name: '王伟', documentType: 'resident_id', documentNumber: '11010519491231002X', phone: '13812345678' };
const contact = { Name: '张敏', Phone: '0411-88888888' };
export const completeAnswers = (tradeName: string) => ({
  entityType: 'limited_liability_company',
  name: { division: '大连', tradeName, industryPhrase: '贸易', organisationalForm: '有限公司' },
  domicile: { district: '210242', address: '保税区海天路8号3号楼201室' },
  industry: { classCode: 'F5176', scope: '计算机、软件及辅助设备批发；技术服务。' },
  capital: { amount: '1,000,000' },
  legalRepresentative: person,
  shareholders: [
    { kind: 'natural', name: '王伟', documentType: 'resident_id', documentNumber: '11010519491231002X', contribution: 600000 },
    { kind: 'corporate', name: '福州示范有限公司', creditCode: '91350100M000100Y43', contribution: '400,000' },
  ],
  officers: [
    { role: 'executive_director', name: '王伟', documentType: 'resident_id', documentNumber: '11010519491231002X' },
    { role: 'supervisor', name: '李娜', documentType: 'passport', documentNumber: 'E12345678' },
  ],
  operations: { employees: 8, revenue: '3,000,000', assets: '1,200,000' },
  contacts: Object.fromEntries(
    ['financialOfficer', 'taxContact', 'socialInsuranceContact', 'statisticsContact'].flatMap((role) => [
      [`${role}Name`, contact.Name],
      [`${role}Phone`, contact.Phone],
    ]),
  ),
});
