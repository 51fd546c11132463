import { signedIn } from './accounts';
import type { BrowserClient, Page } from './browser-client';
import { withClient, type TestPortal } from './test-portal';

/** Minimal valid files, recognised by their first bytes as the portal checks them. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
export const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

export function applicationIdFrom(location: string | null): string {
  const id = /\/applications\/([0-9a-f-]{36})/.exec(location ?? '')?.[1];
  if (!id) throw new Error(`No application id in ${location}`);
  return id;
}

export async function upload(
  client: BrowserClient,
  id: string,
  kind: string,
  content: Buffer,
  fileName: string,
  type: string,
): Promise<Page> {
  await client.get(`/applications/${id}/documents`);
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new Blob([new Uint8Array(content)], { type }), fileName);
  return client.postMultipart(`/applications/${id}/documents`, form);
}

/** Fills in every section of a limited liability company's application, through the pages. */
export async function completeApplication(client: BrowserClient, id: string, tradeName: string): Promise<void> {
  const post = async (section: string, fields: Record<string, string>) => {
    const page = await client.submit(`/applications/${id}/${section}`, `/applications/${id}/${section}`, fields);
    if (page.status !== 303) throw new Error(`${section} answered ${page.status}: ${page.html.slice(0, 2000)}`);
  };
  await post('entity-type', { entityType: 'limited_liability_company' });
  await post('name', { division: '大连', tradeName, industryPhrase: '贸易', organisationalForm: '有限公司' });
  await post('domicile', { district: '210242', address: '保税区海天路8号3号楼201室' });
  await post('industry', { classCode: 'F5176', scope: '计算机、软件及辅助设备批发；技术服务。' });
  await post('capital', { amount: '1,000,000' });
  await post('legal-representative', {
    name: '王伟',
    documentType: 'resident_id',
    documentNumber: '11010519491231002X',
    phone: '13812345678',
  });
  await post('shareholders', {
    kind: 'natural',
    name: '王伟',
    documentType: 'resident_id',
    documentNumber: '11010519491231002X',
    contribution: '600000',
  });
  await post('shareholders', { kind: 'corporate', name: '福州示范有限公司', creditCode: '91350100M000100Y43', contribution: '400,000' });
  await post('officers', { role: 'executive_director', name: '王伟', documentType: 'resident_id', documentNumber: '11010519491231002X' });
  await post('officers', { role: 'supervisor', name: '李娜', documentType: 'passport', documentNumber: 'E12345678' });
  await post('operations', { employees: '8', revenue: '3,000,000', assets: '1,200,000' });
  const person = { Name: '张敏', Phone: '0411-88888888' };
  await post(
    'contacts',
    Object.fromEntries(
      ['financialOfficer', 'taxContact', 'socialInsuranceContact', 'statisticsContact'].flatMap((role) => [
        [`${role}Name`, person.Name],
        [`${role}Phone`, person.Phone],
      ]),
    ),
  );
  for (const [kind, content, name, type] of [
    ['articles', PDF, '章程.pdf', 'application/pdf'],
    ['identity', PNG, 'id.png', 'image/png'],
    ['domicile_proof', JPEG, 'lease.jpg', 'image/jpeg'],
  ] as const) {
    const page = await upload(client, id, kind, content, name, type);
    if (page.status !== 303) throw new Error(`upload ${kind} answered ${page.status}`);
  }
}

/** An application taken through the pages to approval: an applicant fills it in and submits it, a reviewer claims and approves it. */
export async function approvedApplication(
  test: TestPortal,
  tradeName: string,
  headers?: Record<string, string>,
): Promise<{ id: string; applicant: BrowserClient; code: string }> {
  const { client: applicant } = await signedIn(test, 'applicant', headers);
  await applicant.get('/applications');
  const id = applicationIdFrom((await applicant.post('/applications', { _csrf: applicant.lastCsrf })).location);
  await completeApplication(applicant, id, tradeName);
  await applicant.get(`/applications/${id}/check-answers`);
  await applicant.post(`/applications/${id}/submit`, { _csrf: applicant.lastCsrf, declaration: 'yes' });
  const { client: reviewer } = await signedIn(test, 'reviewer', headers);
  await reviewer.get(`/review/${id}`);
  await reviewer.post(`/review/${id}/claim`, { _csrf: reviewer.lastCsrf });
  await reviewer.get(`/review/${id}`);
  const done = await reviewer.post(`/review/${id}/approve`, { _csrf: reviewer.lastCsrf });
  if (done.status !== 303) throw new Error(`approve answered ${done.status}`);
  const code = await withClient(
    test.databaseUrl,
    async (db) =>
      (await db.query<{ credit_code: string }>('SELECT credit_code FROM enterprise WHERE application_id = $1', [id])).rows[0].credit_code,
  );
  return { id, applicant, code };
}
