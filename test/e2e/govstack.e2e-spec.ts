import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createAccount } from '../support/accounts';
import { JPEG, PDF, PNG } from '../support/applications';
import { startTestPortal, withClient, type TestPortal } from '../support/test-portal';
import { validateCreditCode } from '../../src/credit-codes/domain';
import { GOVSTACK_PREFIX } from '../../src/govstack/govstack-settings';
import { completeAnswers } from '../support/govstack';

/** expect.objectContaining, typed. */
const anything = (value: Record<string, unknown>): Record<string, unknown> => expect.objectContaining(value) as Record<string, unknown>;

const PREFIX = GOVSTACK_PREFIX;
const COMPANY_SERVICE = '6f1c2a3e-0b1d-4c5e-9a7f-1b2c3d4e5f60';
const GATEWAY = '10.0.0.7';
const MEMBER = 'eGovStack/GOV/90000009/digitalregistries';
const MEMBER_EMAIL = `imc.reviewer.${process.pid}@example.cn`;

let test: TestPortal;
let applicant: { id: string; email: string; token: string };
let reviewer: { id: string; email: string; token: string };

function runCli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) =>
    execFile(
      'node',
      [join(__dirname, '..', '..', 'dist', 'src', 'cli.js'), ...args],
      { env: { ...process.env, DATABASE_URL: test.databaseUrl } },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: typeof error?.code === 'number' ? error.code : 0 }),
    ),
  );
}

async function tokenFor(role: 'applicant' | 'reviewer' | 'admin') {
  const account = await createAccount(test, role);
  const run = await runCli(['api-token:create', '--email', account.email, '--json']);
  expect(run.code).toBe(0);
  const { token, accountId } = JSON.parse(run.stdout) as { token: string; accountId: string };
  expect(accountId).toBe(account.id);
  return { ...account, token };
}

async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; form?: FormData } = {},
): Promise<{ status: number; json: unknown; type: string | null }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${test.baseUrl}${PREFIX}${path}`, {
    method,
    headers,
    ...(options.form ? { body: options.form } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined, type: res.headers.get('content-type') };
}

const audit = (action: string, subjectId?: string) =>
  withClient(
    test.databaseUrl,
    async (db) =>
      (
        await db.query<{ action: string; actor_id: string | null; subject_id: string | null; details: Record<string, unknown> }>(
          `SELECT action, actor_id, subject_id, details FROM audit_event WHERE action = $1 AND ($2::text IS NULL OR subject_id = $2) ORDER BY seq`,
          [action, subjectId ?? null],
        )
      ).rows,
  );

beforeAll(async () => {
  process.env['GOVSTACK_TRUSTED_GATEWAYS'] = GATEWAY;
  process.env['GOVSTACK_MEMBERS'] = JSON.stringify({ [MEMBER]: { email: MEMBER_EMAIL } });
  // Behind a (loopback) proxy, so that tests can present themselves as the gateway or as someone else.
  test = await startTestPortal({ LOGIN_ATTEMPTS_PER_MINUTE: '10000', TRUST_PROXY: 'true' });
  delete process.env['GOVSTACK_TRUSTED_GATEWAYS'];
  delete process.env['GOVSTACK_MEMBERS'];
  applicant = await tokenFor('applicant');
  reviewer = await tokenFor('reviewer');
}, 120_000);

afterAll(async () => {
  await test.close();
});

describe('GovStack Registration BB API', () => {
  it('drives a whole registration through the API alone, with the same effects as the pages', async () => {
    const services = await call('GET', '/services', { token: applicant.token });
    expect(services.status).toBe(200);
    expect(services.type).toBe('application/json; charset=utf-8');
    expect((services.json as { id: string; type: string; version: string }[]).map((s) => s.id)).toContain(COMPANY_SERVICE);
    expect((await call('GET', `/services/${COMPANY_SERVICE}`, { token: applicant.token })).json).toMatchObject({
      id: COMPANY_SERVICE,
      type: 'Public',
      version: '1',
    });
    const forms = (await call('GET', `/services/${COMPANY_SERVICE}/eForms`, { token: applicant.token })).json as { eFormId: string }[];
    expect(forms).toHaveLength(1);
    const form = (await call('GET', `/eForms/${forms[0].eFormId}`, { token: applicant.token })).json as {
      schema: { properties: Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[] }> };
    };
    // Generated from the page DTOs' decorators.
    expect(form.schema.properties['name'].properties!['tradeName']).toMatchObject({ type: 'string', minLength: 1, maxLength: 10 });
    expect(form.schema.properties['domicile'].required).toEqual(['district', 'address']);

    const created = await call('POST', `/services/${COMPANY_SERVICE}/applications`, {
      token: applicant.token,
      body: {
        applicantId: applicant.id,
        applicationName: 'API company',
        formData: { data: { ...completeAnswers('接口通'), declaration: true } },
      },
    });
    expect(created.status).toBe(200);
    const file = created.json as { fileId: string; status: { code: string; title: string }; missing: string[]; serviceId: string };
    expect(file).toMatchObject({ serviceId: COMPANY_SERVICE, status: { code: 'PENDING', title: 'Draft' } });
    expect(file.missing).toEqual(['documents: upload the required documents']);

    for (const [kind, content, name] of [
      ['articles', PDF, '章程.pdf'],
      ['identity', PNG, 'id.png'],
      ['domicile_proof', JPEG, 'lease.jpg'],
    ] as const) {
      const upload = new FormData();
      upload.append('file', new Blob([new Uint8Array(content)]), name);
      const metadata = encodeURIComponent(JSON.stringify({ fileId: file.fileId, kind }));
      const uploaded = await call('POST', `/documents?additionalMetadata=${metadata}`, { token: applicant.token, form: upload });
      expect(uploaded.status).toBe(200);
      expect(uploaded.json).toMatchObject({ code: 200, type: kind });
    }
    // The same content checks as the pages: a text file is refused.
    const bad = new FormData();
    bad.append('file', new Blob(['not a document']), 'note.txt');
    const refused = await call(
      'POST',
      `/documents?additionalMetadata=${encodeURIComponent(JSON.stringify({ fileId: file.fileId, kind: 'identity' }))}`,
      {
        token: applicant.token,
        form: bad,
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: 'document.unsupported_type', traceId: expect.any(String) as string });

    const submitted = await call('PUT', `/applications/${file.fileId}`, {
      token: applicant.token,
      body: { applicantId: applicant.id, formData: { data: { declaration: true } } },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.json).toMatchObject({ status: { code: 'PENDING', title: 'Submitted' }, registered: expect.any(String) as string });
    expect((submitted.json as { applicationData: { documentUrls: string[] } }).applicationData.documentUrls).toHaveLength(3);

    const mine = (await call('GET', '/applications', { token: applicant.token })).json as { fileId: string }[];
    expect(mine.map((f) => f.fileId)).toEqual([file.fileId]);
    // The GovStack documents have no nullable fields: absent values (no reviewer yet) are left out.
    expect(mine[0]).not.toHaveProperty('assigneeId');
    for (const path of ['/applications', '/tasks', `/applications/${file.fileId}`, '/data/statistics'])
      expect([path, JSON.stringify((await call('GET', path, { token: reviewer.token })).json)]).not.toEqual([
        path,
        expect.stringMatching(/":null/),
      ]);

    const tasks = (await call('GET', '/tasks', { token: reviewer.token })).json as { taskId: string; fileId: string }[];
    const task = tasks.find((t) => t.fileId === file.fileId);
    expect(task).toBeDefined();
    const detail = await call('GET', `/tasks/${task!.taskId}`, { token: reviewer.token });
    expect(detail.json).toMatchObject({ fileId: file.fileId, serviceId: COMPANY_SERVICE, data: { capital: { amount: '1,000,000' } } });
    // An applicant cannot decide.
    expect(
      (await call('POST', `/tasks/${task!.taskId}/complete`, { token: applicant.token, body: { data: { decision: 'approve' } } })).status,
    ).toBe(404);

    const completed = await call('POST', `/tasks/${task!.taskId}/complete`, {
      token: reviewer.token,
      body: { data: { decision: 'approve' } },
    });
    expect(completed.status).toBe(200);
    const outcome = completed.json as { status: { code: string }; variables: { licence: { data: { creditCode: string } } } };
    expect(outcome.status.code).toBe('APPROVED');
    const code = outcome.variables.licence.data.creditCode;
    expect(validateCreditCode(code)).toMatchObject({ valid: true });

    const register = await withClient(test.databaseUrl, async (db) => ({
      enterprise: (await db.query<{ credit_code: string }>('SELECT credit_code FROM enterprise WHERE application_id = $1', [file.fileId]))
        .rows,
      licences: (await db.query<{ id: string }>('SELECT id FROM licence WHERE application_id = $1', [file.fileId])).rows,
      outbox: (
        await db.query<{ department: string }>('SELECT department FROM outbox_event WHERE credit_code = $1 ORDER BY department', [code])
      ).rows,
    }));
    expect(register.enterprise).toEqual([{ credit_code: code }]);
    expect(register.licences).toHaveLength(1);
    expect(register.outbox.map((o) => o.department)).toEqual(['quality_supervision', 'social_insurance', 'statistics', 'tax']);
    expect(await audit('application.submitted', file.fileId)).toEqual([anything({ actor_id: applicant.id })]);
    expect(await audit('application.approved', file.fileId)).toEqual([anything({ actor_id: reviewer.id })]);
    expect(await audit('licence.issued', code)).toHaveLength(1);
    expect(await audit('application.document_uploaded', file.fileId)).toHaveLength(3);

    expect((await call('GET', `/applications/${file.fileId}`, { token: applicant.token })).json).toMatchObject({
      status: { code: 'APPROVED' },
      ended: true,
    });
    expect((await call('GET', `/tasks/${task!.taskId}`, { token: reviewer.token })).status).toBe(404);

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const stats = await call('GET', `/data/statistics?timeframe=day&startDate=${today}&endDate=${today}`, { token: reviewer.token });
    expect(stats.status).toBe(200);
    expect(stats.json).toEqual([
      anything({
        processed: 1,
        approved: 1,
        sentBack: 0,
        rejected: 0,
        references: anything({ startDate: today, timeframeDay: true }),
      }),
    ]);
    const byService = await call('GET', `/data/statistics?registrationName=company-registration&timeframe=year`, { token: reviewer.token });
    expect(byService.json).toEqual([anything({ approved: 1 })]);
  });

  it('sends back with field comments, and the applicant resubmits through its task', async () => {
    const created = await call('POST', `/services/${COMPANY_SERVICE}/applications`, {
      token: applicant.token,
      body: { applicantId: applicant.id, formData: { data: { ...completeAnswers('退回通'), declaration: true } } },
    });
    const fileId = (created.json as { fileId: string }).fileId;
    for (const [kind, content] of [
      ['articles', PDF],
      ['identity', PNG],
      ['domicile_proof', JPEG],
    ] as const) {
      const upload = new FormData();
      upload.append('file', new Blob([new Uint8Array(content)]), `${kind}.bin`);
      upload.append('fileId', fileId);
      upload.append('kind', kind);
      expect((await call('POST', '/documents', { token: applicant.token, form: upload })).status).toBe(200);
    }
    await call('PUT', `/applications/${fileId}`, {
      token: applicant.token,
      body: { applicantId: applicant.id, formData: { data: { declaration: true } } },
    });
    // A decision that is a name of Object's members is no decision (it once found Object's constructor and
    // rejected without a reason).
    for (const decision of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const odd = await call('POST', `/tasks/${fileId}/complete`, { token: reviewer.token, body: { data: { decision } } });
      expect([decision, odd.status]).toEqual([decision, 400]);
    }
    // A comment over its length is refused before anything changes: the application is not even claimed.
    const tooLong = await call('POST', `/tasks/${fileId}/complete`, {
      token: reviewer.token,
      body: { data: { decision: 'sendBack', comments: { domicile: '号'.repeat(1001) } } },
    });
    expect(tooLong.status).toBe(400);
    expect(await audit('application.claimed', fileId)).toHaveLength(0);
    const sentBack = await call('POST', `/tasks/${fileId}/complete`, {
      token: reviewer.token,
      body: { data: { decision: 'sendBack', comments: { domicile: 'Give the room number' } } },
    });
    expect(sentBack.json).toMatchObject({ status: { code: 'SENDBACK' } });
    const applicantTasks = (await call('GET', '/tasks', { token: applicant.token })).json as { taskId: string }[];
    expect(applicantTasks.map((t) => t.taskId)).toEqual([fileId]);
    const fixed = await call('PUT', `/applications/${fileId}`, {
      token: applicant.token,
      body: { applicantId: applicant.id, formData: { data: { domicile: { district: '210242', address: '保税区海天路8号3号楼202室' } } } },
    });
    expect(fixed.json).toMatchObject({ status: { code: 'SENDBACK' } });
    const resubmitted = await call('POST', `/tasks/${fileId}/complete`, { token: applicant.token, body: { data: { declaration: true } } });
    expect(resubmitted.json).toMatchObject({ status: { code: 'PENDING' } });
    expect(await audit('application.returned', fileId)).toHaveLength(1);
    expect(await audit('application.resubmitted', fileId)).toHaveLength(1);
    const stats = (await call('GET', '/data/statistics', { token: reviewer.token })).json as { sentBack: number }[];
    expect(stats[0].sentBack).toBeGreaterThanOrEqual(1);
  });

  it('answers unknown ids with 404, unknown filter values with 200 [], malformed requests with 400 systemError', async () => {
    const unknown = '11111111-2222-4333-8444-555555555555';
    for (const path of [
      `/services/${unknown}`,
      '/services/not-a-uuid',
      `/services/${unknown}/eForms`,
      '/eForms/nope',
      `/applications/${unknown}`,
      `/tasks/${unknown}`,
    ]) {
      const res = await call('GET', path, { token: reviewer.token });
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.json).toMatchObject({
        code: expect.any(String) as string,
        message: expect.any(String) as string,
        traceId: expect.any(String) as string,
      });
    }
    expect(
      (await call('POST', `/services/${unknown}/applications`, { token: applicant.token, body: { applicantId: applicant.id } })).status,
    ).toBe(404);
    expect(
      (await call('POST', `/tasks/${unknown}/complete`, { token: reviewer.token, body: { data: { decision: 'approve' } } })).status,
    ).toBe(404);

    for (const path of [
      `/applications?serviceId=${unknown}`,
      '/applications?serviceId=nonsense',
      `/applications?applicantId=${unknown}`,
      `/tasks?fileId=${unknown}`,
      '/tasks?assigneeId=nobody',
      '/services?name=No%20such%20service',
      '/data/statistics?registrationName=Unknown',
      '/data/statistics?operator=Nobody',
      '/data/statistics?role=Handler',
    ]) {
      const res = await call('GET', path, { token: reviewer.token });
      expect([path, res.status, res.json]).toEqual([path, 200, []]);
    }

    for (const path of ['/applications?maxResult=0', '/tasks?maxResult=0']) {
      const res = await call('GET', path, { token: reviewer.token });
      expect([path, res.status, res.json]).toEqual([path, 200, []]);
    }
    for (const path of ['/applications?sortBy=constructor', '/tasks?sortBy=toString', '/applications?sortBy=__proto__']) {
      const res = await call('GET', path, { token: reviewer.token });
      expect([path, res.status]).toEqual([path, 400]);
    }

    for (const [method, path, body] of [
      ['POST', `/services/${COMPANY_SERVICE}/applications`, { formData: {} }],
      ['POST', `/services/${COMPANY_SERVICE}/applications`, { applicantId: applicant.id, formData: 'x' }],
      [
        'POST',
        `/services/${COMPANY_SERVICE}/applications`,
        { applicantId: applicant.id, formData: { data: { capital: { amount: 'lots' } } } },
      ],
      ['POST', `/services/${COMPANY_SERVICE}/applications`, { applicantId: applicant.id, formData: { data: { colour: 'red' } } }],
    ] as const) {
      const res = await call(method, path, { token: applicant.token, body });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({
        traceId: expect.any(String) as string,
        code: 'request.invalid',
        message: expect.any(String) as string,
        localizedMessage: expect.any(String) as string,
      });
    }
    // A body that is not JSON at all fails before routing, and still answers with a systemError.
    const notJson = await fetch(`${test.baseUrl}${PREFIX}/services/${COMPANY_SERVICE}/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${applicant.token}`, 'content-type': 'application/json' },
      body: '{"formData": ',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({
      traceId: expect.any(String) as string,
      code: expect.any(String) as string,
      message: expect.any(String) as string,
    });
    const capital = await call('POST', `/services/${COMPANY_SERVICE}/applications`, {
      token: applicant.token,
      body: { applicantId: applicant.id, formData: { data: { entityType: 'limited_liability_company', capital: { amount: 'lots' } } } },
    });
    expect((capital.json as { message: string }).message).toMatch(/^formData\.data\.capital\.amount: /);
    for (const path of [
      '/data/statistics?startDate=2024-02-30',
      '/data/statistics?timeframe=fortnight',
      '/tasks?sortOrder=sideways',
      '/applications?firstResult=-1',
    ]) {
      const res = await call('GET', path, { token: reviewer.token });
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.json).toMatchObject({ code: 'request.invalid' });
    }
    expect((await call('POST', `/tasks/${unknown}/complete`, { token: reviewer.token, body: { data: 'approve' } })).status).toBe(400);
    // Nothing was created by the refused requests.
    const drafts = await withClient(
      test.databaseUrl,
      async (db) => (await db.query<{ id: string }>('SELECT id FROM application WHERE applicant_id = $1', [applicant.id])).rows,
    );
    expect(drafts).toHaveLength(2);
  });

  it('refuses calls without credentials (401) and from untrusted gateways (403), and audits both', async () => {
    const anonymous = await call('GET', '/services');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ code: 'auth.not_signed_in' });
    const raw = await fetch(`${test.baseUrl}${PREFIX}/services`);
    expect(raw.headers.get('www-authenticate')).toBe('Bearer');
    expect((await call('GET', '/applications', { token: 'gst_wrong' })).status).toBe(401);
    const untrusted = await call('GET', '/applications', {
      headers: { 'Information-Mediator-Client': MEMBER, 'x-forwarded-for': '10.9.9.9' },
    });
    expect(untrusted.status).toBe(403);
    expect(untrusted.json).toMatchObject({ code: 'auth.forbidden' });
    const direct = await call('GET', '/applications', { headers: { 'Information-Mediator-Client': MEMBER } });
    expect(direct.status).toBe(403);
    const denied = await audit('access.denied');
    expect(denied.map((d) => d.details['reason'])).toEqual(expect.arrayContaining(['no_credentials', 'api_token', 'untrusted_gateway']));
    expect(denied.find((d) => d.details['reason'] === 'untrusted_gateway')).toMatchObject({ subject_id: `GET ${PREFIX}/applications` });

    // From the configured gateway, a configured member acts as its account.
    const member = await createAccount(test, 'reviewer', MEMBER_EMAIL);
    const viaGateway = await call('GET', '/tasks', { headers: { 'Information-Mediator-Client': MEMBER, 'x-forwarded-for': GATEWAY } });
    expect(viaGateway.status).toBe(200);
    const unknownMember = await call('GET', '/tasks', {
      headers: { 'Information-Mediator-Client': 'eGovStack/GOV/1/other', 'x-forwarded-for': GATEWAY },
    });
    expect(unknownMember.status).toBe(403);
    expect(member.id).toBeDefined();

    // A reviewer may not change an applicant's answers: the service refuses, and the refusal is audited.
    const edit = await call('PUT', `/applications/${(await audit('application.created'))[0].subject_id!}`, {
      token: reviewer.token,
      body: { applicantId: reviewer.id, formData: { data: {} } },
    });
    expect(edit.status).toBe(403);
    const refused = await audit('access.denied');
    expect(refused[refused.length - 1]).toMatchObject({ actor_id: reviewer.id, details: anything({ reason: 'service_refused' }) });

    // Roles: applicants see no statistics; the refusal is audited.
    expect((await call('GET', '/data/statistics', { token: applicant.token })).status).toBe(403);
    const last = await audit('access.denied');
    expect(last[last.length - 1]).toMatchObject({ actor_id: applicant.id, details: anything({ reason: 'role' }) });

    const tokens = await withClient(
      test.databaseUrl,
      async (db) =>
        (await db.query<{ token_hash: string; last_used_at: Date | null }>('SELECT token_hash, last_used_at FROM api_token')).rows,
    );
    expect(tokens.every((t) => /^[0-9a-f]{64}$/.test(t.token_hash) && t.last_used_at !== null)).toBe(true);
    expect(await audit('api_token.created')).toHaveLength(2);
  });

  it('lets administrators export, create, edit and import the catalogue of services, audited', async () => {
    const admin = await tokenFor('admin');
    expect((await call('GET', '/admin/services', { token: applicant.token })).status).toBe(403);
    const exported = (await call('GET', '/admin/services', { token: admin.token })).json as {
      id: string;
      key: string;
      entityTypes: string[];
    }[];
    expect(exported.map((s) => s.key).sort()).toEqual(['company-registration', 'farmers-cooperative', 'individual-household']);
    const created = await call('POST', '/admin/services', {
      token: admin.token,
      body: { key: 'partnership', name: 'Partnership registration', entityTypes: ['partnership'], version: '1' },
    });
    expect(created.status).toBe(200);
    const id = (created.json as { id: string }).id;
    const edited = await call('PUT', `/admin/services/${id}`, {
      token: admin.token,
      body: { key: 'partnership', name: 'Partnership registration', entityTypes: ['partnership'], version: '2', type: 'Private' },
    });
    expect(edited.json).toMatchObject({ id, version: '2', type: 'Private' });
    expect(
      (await call('PUT', '/admin/services/11111111-2222-4333-8444-555555555555', { token: admin.token, body: exported[0] })).status,
    ).toBe(404);
    expect(
      (await call('POST', '/admin/services', { token: admin.token, body: { key: 'x', name: 'X', entityTypes: ['ship'] } })).status,
    ).toBe(400);
    const imported = await call('POST', '/admin/services/import', { token: admin.token, body: exported });
    expect(imported.status).toBe(200);
    expect((await call('GET', '/services', { token: applicant.token })).json).toHaveLength(4);
    expect(await audit('govstack.service_created', id)).toHaveLength(1);
    expect(await audit('govstack.service_updated', id)).toHaveLength(1);
    expect(await audit('govstack.services_imported')).toHaveLength(1);
  });

  it('serves the two GovStack documents under the prefix, and the CLI refuses unknown accounts', async () => {
    const res = await fetch(`${test.baseUrl}${PREFIX}/openapi.json`);
    expect(res.status).toBe(200);
    const document = (await res.json()) as { servers: { url: string }[]; paths: Record<string, unknown> };
    expect(document.servers[0].url).toBe(PREFIX);
    expect(Object.keys(document.paths)).toContain('/tasks/{taskId}/complete');
    const stats = (await (await fetch(`${test.baseUrl}${PREFIX}/data/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(stats.paths)).toEqual(['/data/statistics']);
    const run = await runCli(['api-token:create', '--email', 'nobody@example.cn']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No account');
  });
});
