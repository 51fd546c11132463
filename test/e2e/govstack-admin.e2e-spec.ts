/**
 * The GovStack API's prefix, form-encoded bodies, drafts kept from staff, personal API tokens (account page,
 * administrators, CLI) and the administrators' pages for the catalogue of services.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createAccount, signedIn } from '../support/accounts';
import { JPEG, PDF, PNG } from '../support/applications';
import { BrowserClient, errorSummary } from '../support/browser-client';
import { describeProblem, markupProblems } from '../support/html-validate';
import { startTestPortal, withClient, type TestPortal } from '../support/test-portal';
import { SYSTEM_ACTOR } from '../../src/audit/audit.service';
import { ApiTokensService } from '../../src/govstack/api-tokens.service';
import { expandForm } from '../../src/govstack/form-body';
import { DEFAULT_GOVSTACK_PREFIX, GOVSTACK_PREFIX, loadGovstackSettings } from '../../src/govstack/govstack-settings';
import { completeAnswers } from '../support/govstack';

jest.setTimeout(120_000);

const PREFIX = GOVSTACK_PREFIX;
const COMPANY_SERVICE = '6f1c2a3e-0b1d-4c5e-9a7f-1b2c3d4e5f60';
let test: TestPortal;

const anything = (value: Record<string, unknown>): Record<string, unknown> => expect.objectContaining(value) as Record<string, unknown>;

async function tokenOf(email: string, label = 'test'): Promise<string> {
  return (await test.portal.app.get(ApiTokensService).create(SYSTEM_ACTOR, email, label)).token;
}

/** A GovStack call; `form` sends the pairs as application/x-www-form-urlencoded, in order, repeats allowed. */
async function call(
  method: string,
  path: string,
  options: { token?: string; json?: unknown; form?: [string, string][]; raw?: { type: string; body: string }; cookie?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> & unknown[]; type: string | null }> {
  const headers: Record<string, string> = {};
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.cookie) headers['cookie'] = options.cookie;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.raw) {
    headers['content-type'] = options.raw.type;
    body = options.raw.body;
  }
  const res = await fetch(`${test.baseUrl}${PREFIX}${path}`, { method, headers, body });
  const text = await res.text();
  return {
    status: res.status,
    json: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & unknown[],
    type: res.headers.get('content-type'),
  };
}

const audit = (action: string) =>
  withClient(
    test.databaseUrl,
    async (db) =>
      (
        await db.query<{ actor_id: string | null; subject_id: string | null; details: Record<string, unknown> }>(
          `SELECT actor_id, subject_id, details FROM audit_event WHERE action = $1 ORDER BY seq`,
          [action],
        )
      ).rows,
  );

/** Bracket-notation pairs of a nested object, as jQuery.param or qs.stringify write them. */
function brackets(value: unknown, prefix = ''): [string, string][] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => brackets(v, prefix === '' ? k : `${prefix}[${k}]`));
  }
  return [[prefix, String(value)]];
}

async function uploadDocuments(token: string, fileId: string): Promise<void> {
  for (const [kind, content] of [
    ['articles', PDF],
    ['identity', PNG],
    ['domicile_proof', JPEG],
  ] as const) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)]), `${kind}.bin`);
    form.append('fileId', fileId);
    form.append('kind', kind);
    const res = await fetch(`${test.baseUrl}${PREFIX}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(res.status).toBe(200);
  }
}

async function pageProblems(html: string, name: string): Promise<string[]> {
  return (await markupProblems(html, name)).map((p) => describeProblem(name, p));
}

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

beforeAll(async () => {
  test = await startTestPortal({ LOGIN_ATTEMPTS_PER_MINUTE: '10000' });
}, 120_000);

afterAll(async () => {
  await test.close();
});

describe('the prefix', () => {
  it('is /govstack/registration by default; a prefix must be a clean path outside the static files', () => {
    expect(DEFAULT_GOVSTACK_PREFIX).toBe('/govstack/registration');
    expect(loadGovstackSettings({}).prefix).toBe('/govstack/registration');
    expect(loadGovstackSettings({ GOVSTACK_PREFIX: '/bb/registration/' }).prefix).toBe('/bb/registration');
    expect(loadGovstackSettings({ GOVSTACK_PREFIX: '/api/govstack/registration' }).prefix).toBe('/api/govstack/registration');
    for (const bad of ['/', '', 'govstack', '/a/../b', '/a//b', '/a b', '/assets/gs', '/gs?x=1']) {
      expect(() => loadGovstackSettings({ GOVSTACK_PREFIX: bad })).toThrow(/GOVSTACK_PREFIX/);
    }
  });

  it('answers JSON under the prefix (unknown paths, NUL characters), needs no CSRF token, and no session authorises a call', async () => {
    const unknown = await call('GET', '/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toBe('application/json; charset=utf-8');
    const nul = await call('GET', '/services?name=a%00b');
    expect(nul.status).toBe(400);
    expect(nul.json).toMatchObject({ code: 'request.invalid', traceId: expect.any(String) as string });

    // Signed in on the pages: the session cookie is sent, but the API ignores it (so skipping CSRF opens nothing).
    const { client, id } = await signedIn(test, 'applicant');
    const cookie = `portal.sid=${client.cookie('portal.sid')!}`;
    const withSession = await call('POST', `/services/${COMPANY_SERVICE}/applications`, {
      cookie,
      json: { applicantId: id, formData: { data: { entityType: 'limited_liability_company' } } },
    });
    expect(withSession.status).toBe(401);
    expect(withSession.json).toMatchObject({ code: 'auth.not_signed_in' });
    expect((await call('GET', '/applications', { cookie })).status).toBe(401);
    const created = await withClient(
      test.databaseUrl,
      async (db) => (await db.query('SELECT 1 FROM application WHERE applicant_id = $1', [id])).rowCount,
    );
    expect(created).toBe(0);
    // Pages elsewhere keep their CSRF protection.
    expect((await client.post('/account/api-tokens', { name: 'x', expiry: '30' })).status).toBe(403);
  });
});

describe('form-encoded bodies', () => {
  it('expands bracket notation, and refuses what cannot be one object', () => {
    expect(
      expandForm({
        applicantId: 'a',
        'formData[data][name][tradeName]': '接口通',
        'formData[data][shareholders][1][name]': 'B',
        'formData[data][shareholders][0][name]': 'A',
        'entityTypes[]': ['x', 'y'],
      }),
    ).toEqual({
      applicantId: 'a',
      formData: { data: { name: { tradeName: '接口通' }, shareholders: [{ name: 'A' }, { name: 'B' }] } },
      entityTypes: ['x', 'y'],
    });
    for (const bad of [
      { a: '1', 'a[b]': '2' },
      { 'a[b]': '2', a: '1' },
      { a: ['1', '2'] },
      { '__proto__[x]': '1' },
      { 'a[constructor][x]': '1' },
      { 'a[0]': '1', 'a[b]': '2' },
      { 'a[100]': '1' },
      { 'a[b': '1' },
      { 'a[][b]': '1' },
      { 'a[b][c][d][e][f][g][h][i]': '1' },
    ]) {
      expect(() => expandForm(bad)).toThrow();
    }
  });

  it('drives a registration through the API with form-encoded bodies, checked exactly as JSON', async () => {
    const applicant = await createAccount(test, 'applicant');
    const reviewer = await createAccount(test, 'reviewer');
    const applicantToken = await tokenOf(applicant.email);
    const reviewerToken = await tokenOf(reviewer.email);

    // The same mistake, as JSON and as a form: the same 400 and the same message.
    const wrong = {
      applicantId: applicant.id,
      formData: { data: { entityType: 'limited_liability_company', capital: { amount: 'lots' } } },
    };
    const asJson = await call('POST', `/services/${COMPANY_SERVICE}/applications`, { token: applicantToken, json: wrong });
    const asForm = await call('POST', `/services/${COMPANY_SERVICE}/applications`, { token: applicantToken, form: brackets(wrong) });
    expect(asJson.status).toBe(400);
    expect(asForm.status).toBe(400);
    expect(asForm.json['message']).toBe(asJson.json['message']);
    expect(asForm.json['message']).toMatch(/^formData\.data\.capital\.amount: /);

    const created = await call('POST', `/services/${COMPANY_SERVICE}/applications`, {
      token: applicantToken,
      form: brackets({ applicantId: applicant.id, formData: { data: completeAnswers('表单通') } }),
    });
    expect(created.status).toBe(200);
    expect(created.type).toBe('application/json; charset=utf-8');
    const fileId = created.json['fileId'] as string;
    expect(created.json).toMatchObject({
      status: { title: 'Draft' },
      applicationData: anything({ formData: anything({ data: anything({ capital: { amount: '1,000,000' } }) }) }),
    });
    expect(
      (created.json['applicationData'] as { formData: { data: { shareholders: unknown[] } } }).formData.data.shareholders,
    ).toHaveLength(2);
    await uploadDocuments(applicantToken, fileId);
    // "true" is the boolean of a form-encoded body.
    const submitted = await call('PUT', `/applications/${fileId}`, {
      token: applicantToken,
      form: [
        ['applicantId', applicant.id],
        ['formData[data][declaration]', 'true'],
      ],
    });
    expect(submitted.status).toBe(200);
    expect(submitted.json).toMatchObject({ status: { title: 'Submitted' } });

    const sentBack = await call('POST', `/tasks/${fileId}/complete`, {
      token: reviewerToken,
      form: [
        ['data[decision]', 'sendBack'],
        ['data[comments][domicile]', 'Give the room number'],
      ],
    });
    expect(sentBack.status).toBe(200);
    expect(sentBack.json).toMatchObject({ status: { code: 'SENDBACK' } });
    const resubmitted = await call('POST', `/tasks/${fileId}/complete`, { token: applicantToken, form: [['data[declaration]', 'true']] });
    expect(resubmitted.json).toMatchObject({ status: { code: 'PENDING' } });
    const approved = await call('POST', `/tasks/${fileId}/complete`, { token: reviewerToken, form: [['data[decision]', 'approve']] });
    expect(approved.json).toMatchObject({ status: { code: 'APPROVED' } });

    // Malformed form bodies: 400 with a systemError, and nothing changes.
    for (const form of [
      [
        ['applicantId', applicant.id],
        ['applicantId', applicant.id],
      ],
      [
        ['applicantId', applicant.id],
        ['formData[data]', 'x'],
        ['formData[data][capital][amount]', '1'],
      ],
      [['__proto__[polluted]', 'yes']],
      [
        ['applicantId', applicant.id],
        ['formData[data][declaration]', 'yes'],
      ],
      [
        ['applicantId', applicant.id],
        ['formData[data][shareholders][x][name]', 'A'],
        ['formData[data][shareholders][0][name]', 'B'],
      ],
    ] as [string, string][][]) {
      const res = await call('POST', `/services/${COMPANY_SERVICE}/applications`, { token: applicantToken, form });
      expect([form, res.status]).toEqual([form, 400]);
      expect(res.json).toMatchObject({
        traceId: expect.any(String) as string,
        code: 'request.invalid',
        message: expect.any(String) as string,
        localizedMessage: expect.any(String) as string,
      });
    }
    const plain = await call('POST', `/services/${COMPANY_SERVICE}/applications`, {
      token: applicantToken,
      raw: { type: 'text/plain', body: 'applicantId=x' },
    });
    expect(plain.status).toBe(400);
    expect(plain.json['message']).toMatch(/application\/json or application\/x-www-form-urlencoded/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const applications = await withClient(
      test.databaseUrl,
      async (db) => (await db.query('SELECT id FROM application WHERE applicant_id = $1', [applicant.id])).rowCount,
    );
    expect(applications).toBe(1);
  });

  it('lets an administrator create, edit and import services with form-encoded bodies', async () => {
    const admin = await createAccount(test, 'admin');
    const token = await tokenOf(admin.email);
    const created = await call('POST', '/admin/services', {
      token,
      form: [
        ['key', 'form-partnership'],
        ['name', 'Partnership (form)'],
        ['entityTypes[]', 'partnership'],
        ['entityTypes[]', 'sole_proprietorship'],
        ['isExecutable', 'false'],
      ],
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      isExecutable: false,
      serviceBody: expect.arrayContaining([{ code: 'entityTypes', value: 'partnership,sole_proprietorship' }]) as unknown[],
    });
    const id = created.json['id'] as string;
    const edited = await call('PUT', `/admin/services/${id}`, {
      token,
      form: [
        ['key', 'form-partnership'],
        ['name', 'Partnership (form)'],
        ['version', '2'],
        ['entityTypes[0]', 'partnership'],
        ['isExecutable', 'true'],
      ],
    });
    expect(edited.json).toMatchObject({ id, version: '2', isExecutable: true });
    const imported = await call('POST', '/admin/services/import', {
      token,
      form: [
        ['services[0][id]', id],
        ['services[0][key]', 'form-partnership'],
        ['services[0][name]', 'Partnership (imported)'],
        ['services[0][entityTypes][]', 'partnership'],
        ['services[0][isExecutable]', 'false'],
      ],
    });
    expect(imported.status).toBe(200);
    expect(imported.json).toEqual([anything({ id, name: 'Partnership (imported)', isExecutable: false })]);
    const refused = await call('POST', '/admin/services', {
      token,
      form: [
        ['key', 'Bad Key'],
        ['name', ''],
        ['entityTypes', 'partnership'],
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.json['message']).toMatch(/"key": .*lower-case/);
    expect(refused.json['message']).toMatch(/"name": Enter the service's name/);
    expect(refused.json['message']).toMatch(/"entityTypes": /);
  });
});

describe('drafts', () => {
  it('are the applicant’s alone: staff get 404 for a draft and its documents, and never list one', async () => {
    const applicant = await createAccount(test, 'applicant');
    const reviewer = await createAccount(test, 'reviewer');
    const admin = await createAccount(test, 'admin');
    const applicantToken = await tokenOf(applicant.email);
    const created = await call('POST', `/services/${COMPANY_SERVICE}/applications`, {
      token: applicantToken,
      json: { applicantId: applicant.id, formData: { data: completeAnswers('草稿通') } },
    });
    const fileId = created.json['fileId'] as string;
    await uploadDocuments(applicantToken, fileId);
    const own = await call('GET', `/applications/${fileId}`, { token: applicantToken });
    expect(own.status).toBe(200);
    const documentUrl = (own.json as unknown as { applicationData: { documentUrls: string[] } }).applicationData.documentUrls[0];
    const documentPath = documentUrl.slice(PREFIX.length);
    const ownDocument = await fetch(`${test.baseUrl}${documentUrl}`, { headers: { authorization: `Bearer ${applicantToken}` } });
    expect(ownDocument.status).toBe(200);
    expect((await call('GET', '/applications', { token: applicantToken })).json.map((f) => (f as { fileId: string }).fileId)).toEqual([
      fileId,
    ]);

    for (const staff of [reviewer, admin]) {
      const token = await tokenOf(staff.email);
      expect((await call('GET', `/applications/${fileId}`, { token })).status).toBe(404);
      expect((await call('GET', documentPath, { token })).status).toBe(404);
      expect((await call('GET', `/applications?applicantId=${applicant.id}`, { token })).json).toEqual([]);
      const all = (await call('GET', '/applications?maxResult=200', { token })).json as { fileId: string }[];
      expect(all.map((f) => f.fileId)).not.toContain(fileId);
    }
    // Once submitted, staff read it.
    await call('PUT', `/applications/${fileId}`, {
      token: applicantToken,
      json: { applicantId: applicant.id, formData: { data: { declaration: true } } },
    });
    expect((await call('GET', `/applications/${fileId}`, { token: await tokenOf(reviewer.email) })).status).toBe(200);
  });
});

describe('personal API tokens', () => {
  it('are created on the account page (shown once), listed, used, and revoked by their owner; a revoked one is refused and audited', async () => {
    const { client, id, email } = await signedIn(test, 'applicant');
    const account = await client.get('/account');
    expect(account.html).toContain('href="/account/api-tokens/new"');
    expect(await pageProblems(account.html, 'account')).toEqual([]);

    const form = await client.get('/account/api-tokens/new');
    expect(form.status).toBe(200);
    expect(await pageProblems(form.html, 'new token')).toEqual([]);
    const invalid = await client.submit('/account/api-tokens/new', '/account/api-tokens', { name: '  ', expiry: 'forever' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('<title>Error: Create an API token');
    expect(errorSummary(invalid.html)).toEqual(['Enter a name for the token', 'Choose when the token should stop working']);
    expect(invalid.html).toContain('href="#name"');
    expect(invalid.html).toContain('href="#expiry"');
    const kept = await client.submit('/account/api-tokens/new', '/account/api-tokens', { name: 'Accounting system', expiry: '' });
    expect(kept.html).toContain('value="Accounting system"');

    const created = await client.submit('/account/api-tokens/new', '/account/api-tokens', { name: 'Accounting system', expiry: '30' });
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(await pageProblems(created.html, 'token created')).toEqual([]);
    const token = /id="api-token">(gst_[A-Za-z0-9_-]+)</.exec(created.html)?.[1];
    expect(token).toBeDefined();
    const listed = await call('GET', '/applications', { token });
    expect(listed.status).toBe(200);

    const page = await client.get('/account');
    expect(page.html).toContain('Accounting system');
    expect(page.html).not.toContain(token!);
    const row = await withClient(
      test.databaseUrl,
      async (db) =>
        (
          await db.query<{ id: string; expires_at: Date; last_used_at: Date | null }>(
            'SELECT id, expires_at, last_used_at FROM api_token WHERE account_id = $1',
            [id],
          )
        ).rows,
    );
    expect(row).toHaveLength(1);
    expect(row[0].last_used_at).not.toBeNull();
    expect(Math.abs(row[0].expires_at.getTime() - Date.now() - 30 * 86_400_000)).toBeLessThan(60_000);
    expect(await audit('api_token.created')).toEqual(expect.arrayContaining([anything({ actor_id: id, subject_id: id })]));

    // Someone else cannot revoke it: 404, audited, and the token still works.
    const other = await signedIn(test, 'applicant');
    await other.client.get('/account');
    const refused = await other.client.post(`/account/api-tokens/${row[0].id}/revoke`, { _csrf: other.client.lastCsrf });
    expect(refused.status).toBe(404);
    expect((await audit('access.denied')).filter((e) => e.subject_id === row[0].id)).toEqual([
      anything({ actor_id: other.id, details: anything({ reason: 'not_owner' }) }),
    ]);
    expect((await call('GET', '/applications', { token })).status).toBe(200);
    // Without the CSRF token, the owner's own revocation is refused too.
    expect((await client.post(`/account/api-tokens/${row[0].id}/revoke`, {})).status).toBe(403);

    await client.get('/account');
    const revoked = await client.post(`/account/api-tokens/${row[0].id}/revoke`, { _csrf: client.lastCsrf });
    expect(revoked.status).toBe(303);
    expect(revoked.location).toBe('/account');
    expect((await client.get('/account')).html).toContain('API token “Accounting system” revoked');
    const afterwards = await call('GET', '/applications', { token });
    expect(afterwards.status).toBe(401);
    expect(afterwards.json).toMatchObject({ code: 'auth.not_signed_in' });
    expect(await audit('api_token.revoked')).toEqual(expect.arrayContaining([anything({ actor_id: id, subject_id: id })]));
    expect((await audit('access.denied')).at(-1)).toMatchObject({
      actor_id: null,
      details: anything({ reason: 'api_token_revoked', tokenId: row[0].id }),
    });
    expect(email).toBeDefined();
  });

  it('expire: an expired token is refused (401) and audited', async () => {
    const account = await createAccount(test, 'reviewer');
    const created = await test.portal.app
      .get(ApiTokensService)
      .create(SYSTEM_ACTOR, account.email, 'short', new Date(Date.now() + 3_600_000));
    expect((await call('GET', '/tasks', { token: created.token })).status).toBe(200);
    await withClient(test.databaseUrl, (db) =>
      db.query(`UPDATE api_token SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = $1`, [
        created.tokenId,
      ]),
    );
    const refused = await call('GET', '/tasks', { token: created.token });
    expect(refused.status).toBe(401);
    expect((await audit('access.denied')).at(-1)).toMatchObject({
      details: anything({ reason: 'api_token_expired', tokenId: created.tokenId }),
    });
  });

  it('can be revoked by an administrator from the account’s page, and listed and revoked with the CLI', async () => {
    const owner = await createAccount(test, 'applicant');
    const tokens = test.portal.app.get(ApiTokensService);
    const first = await tokens.create(SYSTEM_ACTOR, owner.email, 'first');
    const admin = await signedIn(test, 'admin');
    const page = await admin.client.get(`/admin/accounts/${owner.id}`);
    expect(page.html).toContain(`/admin/accounts/${owner.id}/api-tokens/${first.tokenId}/revoke`);
    expect(await pageProblems(page.html, 'admin account')).toEqual([]);
    // The token must be this account's.
    const stranger = await createAccount(test, 'applicant');
    expect(
      (await admin.client.post(`/admin/accounts/${stranger.id}/api-tokens/${first.tokenId}/revoke`, { _csrf: admin.client.lastCsrf }))
        .status,
    ).toBe(404);
    const revoked = await admin.client.post(`/admin/accounts/${owner.id}/api-tokens/${first.tokenId}/revoke`, {
      _csrf: admin.client.lastCsrf,
    });
    expect(revoked.status).toBe(303);
    expect((await call('GET', '/applications', { token: first.token })).status).toBe(401);
    expect(await audit('api_token.revoked')).toEqual(expect.arrayContaining([anything({ actor_id: admin.id, subject_id: owner.id })]));
    // Non-administrators cannot use the administrators' route.
    const reviewer = await signedIn(test, 'reviewer');
    await reviewer.client.get('/account');
    expect(
      (await reviewer.client.post(`/admin/accounts/${owner.id}/api-tokens/${first.tokenId}/revoke`, { _csrf: reviewer.client.lastCsrf }))
        .status,
    ).toBe(403);

    const made = await runCli(['api-token:create', '--email', owner.email, '--label', 'cli', '--expires', '7d', '--json']);
    expect(made.code).toBe(0);
    const second = JSON.parse(made.stdout) as { tokenId: string; token: string; expiresAt: string };
    expect(new Date(second.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect((await runCli(['api-token:create', '--email', owner.email, '--expires', 'soon'])).code).toBe(2);
    const list = await runCli(['api-token:list', '--email', owner.email, '--json']);
    expect(list.code).toBe(0);
    const lines = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { tokenId: string; state: string; label: string });
    expect(lines.map((l) => [l.label, l.state]).sort()).toEqual([
      ['cli', 'active'],
      ['first', 'revoked'],
    ]);
    expect(list.stdout).not.toContain(second.token);
    const cliRevoke = await runCli(['api-token:revoke', '--id', second.tokenId]);
    expect(cliRevoke.code).toBe(0);
    expect(cliRevoke.stdout).toContain('Revoked');
    expect((await call('GET', '/applications', { token: second.token })).status).toBe(401);
    expect((await runCli(['api-token:revoke', '--id', second.tokenId])).stdout).toContain('already revoked');
    expect((await runCli(['api-token:revoke', '--id', '11111111-2222-4333-8444-555555555555'])).code).toBe(1);
    expect((await runCli(['api-token:list', '--email', 'nobody@example.cn'])).code).toBe(1);
  });
});

describe('the administrators’ pages for services', () => {
  it('are for administrators only', async () => {
    for (const role of ['applicant', 'reviewer'] as const) {
      const { client } = await signedIn(test, role);
      for (const path of [
        '/admin/services',
        '/admin/services/new',
        '/admin/services/import',
        '/admin/services/export',
        `/admin/services/${COMPANY_SERVICE}`,
      ]) {
        expect([role, path, (await client.get(path)).status]).toEqual([role, path, 403]);
      }
      await client.get('/account');
      expect(
        (await client.post('/admin/services', { _csrf: client.lastCsrf, key: 'x', name: 'X', entityTypes: 'partnership' })).status,
      ).toBe(403);
    }
    const anonymous = new BrowserClient(test.baseUrl);
    expect((await anonymous.get('/admin/services')).status).toBe(303);
  });

  it('list, add (errors in both languages, answers kept), change, export and import services, audited', async () => {
    const { client, id } = await signedIn(test, 'admin');
    const list = await client.get('/admin/services');
    expect(list.status).toBe(200);
    expect(list.html).toContain('Company registration (three certificates in one)');
    expect(list.html).toContain('href="/admin/services"');
    expect(await pageProblems(list.html, 'services')).toEqual([]);
    expect((await client.get('/admin')).html).toContain('href="/admin/services"');

    const form = await client.get('/admin/services/new');
    expect(await pageProblems(form.html, 'new service')).toEqual([]);
    const invalid = await client.submit('/admin/services/new', '/admin/services', {
      name: 'Partnerships',
      key: 'Partner Ships',
      version: '',
      type: 'Public',
      isExecutable: 'yes',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('<title>Error: Add a service');
    expect(errorSummary(invalid.html)).toEqual([
      'The key must be lower-case letters, digits and hyphens, starting with a letter or digit',
      'Enter a version, for example 1',
      'Select at least one entity type',
    ]);
    for (const field of ['key', 'version', 'entityTypes']) expect(invalid.html).toContain(`href="#${field}"`);
    expect(invalid.html).toContain('value="Partner Ships"');
    expect(invalid.html).toContain('value="Partnerships"');
    expect(await pageProblems(invalid.html, 'new service with errors')).toEqual([]);

    const chinese = new BrowserClient(test.baseUrl, { 'accept-language': 'zh-CN' });
    chinese.setCookie('portal.sid', client.cookie('portal.sid')!);
    chinese.setCookie('lang', 'zh-CN');
    const zh = await chinese.submit('/admin/services/new', '/admin/services', {
      name: '',
      key: 'ok',
      version: '1',
      type: 'Public',
      isExecutable: 'yes',
      entityTypes: 'partnership',
    });
    expect(zh.status).toBe(400);
    expect(errorSummary(zh.html)).toEqual(['请输入服务名称']);
    expect(zh.html).toContain('lang="zh-CN"');

    const taken = await client.submit('/admin/services/new', '/admin/services', {
      name: 'Another company service',
      key: 'company-registration',
      version: '1',
      type: 'Public',
      isExecutable: 'yes',
      entityTypes: 'partnership',
    });
    expect(errorSummary(taken.html)).toEqual(['Another service already has the key company-registration']);

    const created = await client.submit('/admin/services/new', '/admin/services', {
      name: 'Partnership registration',
      key: 'partnership',
      version: '1',
      type: 'Private',
      description: 'Partnerships',
      isExecutable: 'no',
      entityTypes: 'partnership',
    });
    expect(created.status).toBe(303);
    expect(created.location).toBe('/admin/services');
    expect((await client.get('/admin/services')).html).toContain('Service “Partnership registration” added');
    const events = (await audit('govstack.service_created')).filter((e) => e.actor_id === id);
    expect(events).toEqual([anything({ details: anything({ key: 'partnership', version: '1' }) })]);
    const serviceId = events[0].subject_id!;

    const edit = await client.get(`/admin/services/${serviceId}`);
    expect(edit.status).toBe(200);
    expect(edit.html).toContain('value="partnership"');
    expect(await pageProblems(edit.html, 'edit service')).toEqual([]);
    const changed = await client.submit(`/admin/services/${serviceId}`, `/admin/services/${serviceId}`, {
      name: 'Partnership registration',
      key: 'partnership',
      version: '2',
      type: 'Public',
      description: '',
      isExecutable: 'yes',
      entityTypes: 'partnership',
    });
    expect(changed.status).toBe(303);
    expect((await audit('govstack.service_updated')).filter((e) => e.actor_id === id)).toEqual([anything({ subject_id: serviceId })]);
    expect((await client.get('/admin/services/11111111-2222-4333-8444-555555555555')).status).toBe(404);

    const exported = await client.get('/admin/services/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="govstack-services-\d{4}-\d{2}-\d{2}\.json"$/);
    const services = JSON.parse(exported.html) as { id: string; key: string; version: string; name: string }[];
    expect(services.find((s) => s.id === serviceId)).toMatchObject({ key: 'partnership', version: '2' });

    const importPage = await client.get('/admin/services/import');
    expect(await pageProblems(importPage.html, 'import')).toEqual([]);
    const post = async (fields: { json?: string; file?: string }) => {
      await client.get('/admin/services/import');
      const body = new FormData();
      if (fields.file !== undefined) body.append('file', new Blob([fields.file], { type: 'application/json' }), 'services.json');
      body.append('json', fields.json ?? '');
      return client.postMultipart('/admin/services/import', body);
    };
    const empty = await post({});
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.html)).toEqual(["Choose a JSON file or paste the services' JSON"]);
    const notJson = await post({ json: '[{"key": ' });
    expect(notJson.status).toBe(400);
    expect(errorSummary(notJson.html)[0]).toMatch(/^The pasted text is not valid JSON: /);
    expect(notJson.html).toContain('href="#json"');
    expect(notJson.html).toContain('[{&quot;key&quot;: ');
    const notList = await post({ file: '{"key": "x"}' });
    expect(errorSummary(notList.html)).toEqual(['The JSON must be a list of services, as the export gives it']);
    expect(notList.html).toContain('href="#file"');
    const badItems = await post({
      json: JSON.stringify([
        services[0],
        { ...services[1], entityTypes: ['ship'] },
        { key: 'x y', name: 'X', entityTypes: ['partnership'] },
      ]),
    });
    expect(badItems.status).toBe(400);
    expect(errorSummary(badItems.html)).toEqual([
      `Service 2 (${services[1].key}): "entityTypes": Select at least one entity type (limited_liability_company, joint_stock_company, sole_proprietorship, partnership, individual_household, farmers_cooperative)`,
      'Service 3 (x y): "key": The key must be lower-case letters, digits and hyphens, starting with a letter or digit',
    ]);
    expect(await pageProblems(badItems.html, 'import with errors')).toEqual([]);
    const before = await audit('govstack.services_imported');

    const renamed = services.map((s) => (s.id === serviceId ? { ...s, name: 'Partnership registration (imported)' } : s));
    const ok = await post({ file: JSON.stringify(renamed) });
    expect(ok.status).toBe(303);
    expect((await client.get('/admin/services')).html).toContain(`${services.length} services imported`);
    expect((await client.get('/admin/services')).html).toContain('Partnership registration (imported)');
    expect(await audit('govstack.services_imported')).toHaveLength(before.length + 1);
  });
});

describe('the OpenAPI document', () => {
  it('includes the GovStack paths under the prefix at /api/openapi.json', async () => {
    const document = (await (await fetch(`${test.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const path of ['/services', '/applications/{fileId}', '/tasks/{taskId}/complete', '/documents', '/data/statistics']) {
      expect(Object.keys(document.paths)).toContain(`${PREFIX}${path}`);
    }
  });
});
