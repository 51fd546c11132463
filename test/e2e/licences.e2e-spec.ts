import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { signedIn } from '../support/accounts';
import { approvedApplication } from '../support/applications';
import { BrowserClient, errorSummary } from '../support/browser-client';
import { startTestPortal, withClient, type TestPortal } from '../support/test-portal';
import { validateCreditCode } from '../../src/credit-codes/domain';
import { extractLicenceSignature } from '../../src/licences/licence-pdf';
import { verifyLicencePdf } from '../../src/licences/licence-verification';

let test: TestPortal;

beforeAll(async () => {
  test = await startTestPortal({
    LOGIN_ATTEMPTS_PER_MINUTE: '10000',
    AUTHORITY_DIVISION_CODE: '210242',
    PUBLIC_BASE_URL: 'https://portal.example.cn',
  });
});

afterAll(async () => {
  await test.close();
});

let counter = 0;
const tradeName = () => {
  counter += 1;
  return `照码${String(counter)
    .split('')
    .map((d) => '零一二三四五六七八九'[Number(d)])
    .join('')}`;
};

const approved = () => approvedApplication(test, tradeName());

/** Changes one byte of the signed data where the PDF carries it (the payload's base64 text). */
function flipPayloadByte(pdf: Buffer): Buffer {
  const payload = extractLicenceSignature(pdf)!.payload.toString('base64');
  const at = pdf.indexOf(payload);
  expect(at).toBeGreaterThan(0);
  const copy = Buffer.from(pdf);
  const middle = at + Math.floor(payload.length / 2);
  copy[middle] = copy[middle] === 0x41 ? 0x42 : 0x41;
  return copy;
}

async function pdfOf(client: BrowserClient, code: string): Promise<Buffer> {
  await client.get(`/licences/${code}`);
  const response = await fetch(`${test.baseUrl}/licences/${code}/pdf?lang=zh-CN`, {
    headers: { cookie: `portal.sid=${client.cookie('portal.sid')}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  return Buffer.from(await response.arrayBuffer());
}

describe('one licence, one code', () => {
  it('issues the licence with a valid code on approval, shown to the applicant as page and signed PDF', async () => {
    const { id, applicant, code } = await approved();
    expect(validateCreditCode(code)).toMatchObject({ valid: true, warnings: [] });
    expect(code.slice(0, 8)).toBe('91210242');

    const status = await applicant.get(`/applications/${id}`);
    expect(status.html).toContain(code);
    const page = await applicant.get(`/licences/${code}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('营 业 执 照');
    expect(page.html).toContain('人民币壹佰万元整');
    expect(page.html).toContain(`https://portal.example.cn/verify/${code}`);

    const pdf = await pdfOf(applicant, code);
    const key = (await (await fetch(`${test.baseUrl}/.well-known/licence-key`)).json()) as { publicKeyPem: string };
    expect(verifyLicencePdf(pdf, key.publicKeyPem)).toMatchObject({ valid: true, data: { code } });
    expect(verifyLicencePdf(flipPayloadByte(pdf), key.publicKeyPem)).toEqual({ valid: false, reason: 'bad_signature' });

    const cli = await new Promise<string>((resolve) =>
      execFile('node', [join(__dirname, '..', '..', 'dist', 'src', 'cli.js'), 'credit-code:validate', code], (_e, stdout) =>
        resolve(stdout),
      ),
    );
    expect(JSON.parse(cli)).toMatchObject({ code, valid: true });

    const other = await signedIn(test, 'applicant');
    expect((await other.client.get(`/licences/${code}`)).status).toBe(404);
  });

  it('verifies publicly by code and by uploaded PDF, and serves the register and the JSON API', async () => {
    const { applicant, code } = await approved();
    const verify = await fetch(`${test.baseUrl}/verify/${code}`);
    const html = await verify.text();
    expect(verify.status).toBe(200);
    expect(html).toContain('Registered here');
    // Dates as people write them (UI.md), not as the database keeps them.
    const today = new Date().toLocaleDateString('en-GB', { timeZone: 'Asia/Shanghai', day: 'numeric', month: 'long', year: 'numeric' });
    expect(html).toContain(today);
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const zh = await (await fetch(`${test.baseUrl}/verify/${code}`, { headers: { 'accept-language': 'zh-CN' } })).text();
    expect(zh).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    // What the licence certifies, capital and business scope among it.
    expect(zh).toMatch(/<dt class="app-summary-list__key">\s*注册资本\s*<\/dt>\s*<dd class="app-summary-list__value">\s*人民币[\d,.]+万元/);
    expect(zh).toContain('经营范围');
    expect(zh).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(html).not.toContain('11010519491231002X');
    expect(html).not.toContain('13812345678');
    expect((await fetch(`${test.baseUrl}/verify/${code}/qr.svg`)).headers.get('content-type')).toContain('image/svg+xml');
    // The form's by-code check: typed as on paper (spaces, lower case), it opens the code's page.
    const typed = `${code.slice(0, 6)} ${code.slice(6).toLowerCase()}`;
    const byCode = await fetch(`${test.baseUrl}/verify?code=${encodeURIComponent(typed)}`, { redirect: 'manual' });
    expect([byCode.status, byCode.headers.get('location')]).toEqual([303, `/verify/${code}`]);
    const blank = await fetch(`${test.baseUrl}/verify?code=+`);
    expect(blank.status).toBe(400);
    expect(errorSummary(await blank.text())).toEqual(['Enter the unified social credit code printed on the licence']);

    const pdf = await pdfOf(applicant, code);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'licence.pdf');
    const visitor = new BrowserClient(test.baseUrl);
    await visitor.get('/verify');
    const checked = await visitor.postMultipart('/verify/pdf', form);
    expect(checked.status).toBe(200);
    expect(checked.html).toContain('The signature is valid');
    const bad = flipPayloadByte(pdf);
    const badForm = new FormData();
    badForm.append('file', new Blob([new Uint8Array(bad)], { type: 'application/pdf' }), 'licence.pdf');
    await visitor.get('/verify');
    expect((await visitor.postMultipart('/verify/pdf', badForm)).html).toContain('The signature does not match');

    const search = await visitor.get(`/register?q=${encodeURIComponent('照码')}`);
    expect(search.html).toContain(code);
    const api = (await (await fetch(`${test.baseUrl}/api/v1/register?q=${code.slice(0, 12)}`)).json()) as {
      total: number;
      items: Record<string, unknown>[];
    };
    expect(api.items.some((i) => i['code'] === code)).toBe(true);
    expect(JSON.stringify(api)).not.toMatch(/11010519491231002X|13812345678|contacts/);
    for (const paging of ['pageSize=1.5', 'page=1.0001', 'page=0', 'pageSize=101', 'page=-1']) {
      const refused = await fetch(`${test.baseUrl}/api/v1/register?q=${code.slice(0, 12)}&${paging}`);
      expect([paging, refused.status]).toEqual([paging, 400]);
      expect(((await refused.json()) as { message: string }).message).toMatch(/^(page|pageSize) must be a whole number from 1 to/);
    }

    const licence = await fetch(`${test.baseUrl}/api/v1/licences/${code}`);
    expect(licence.status).toBe(200);
    const unknown = await fetch(`${test.baseUrl}/api/v1/licences/91350100M000100Y43`);
    expect(unknown.status).toBe(404);
    const malformed = await fetch(`${test.baseUrl}/api/v1/licences/91350100M000100Y44`);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string }).message).toContain('should be 3');
    const openapi = (await (await fetch(`${test.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/v1/licences/{code}', '/api/v1/credit-codes/{code}', '/api/v1/register']),
    );
    // The GovStack operations keep their bearer-token requirement in the merged document.
    expect(openapi.paths['/govstack/registration/applications']['get'].security).toEqual([{ GovStackapiToken: [] }]);
    expect(openapi.paths['/api/v1/register']['get'].security).toBeUndefined();
  });

  it('delivers each registration once and in order to each department that holds a token', async () => {
    const runCli = (args: string[]) =>
      new Promise<string>((resolve) =>
        execFile(
          'node',
          [join(__dirname, '..', '..', 'dist', 'src', 'cli.js'), ...args],
          { env: { ...process.env, DATABASE_URL: test.databaseUrl } },
          (_e, stdout) => resolve(stdout),
        ),
      );
    const { token } = JSON.parse(await runCli(['exchange:token', '--department', 'tax', '--json'])) as { token: string };
    const first = await approved();
    const second = await approved();
    const get = (after: number, auth = `Bearer ${token}`) =>
      fetch(`${test.baseUrl}/api/v1/exchange/tax/events?after=${after}&limit=500`, { headers: { authorization: auth } });
    const wrong = await get(0, 'Bearer wrong');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(`${test.baseUrl}/api/v1/exchange/tax/events`)).status).toBe(401);
    const page = (await (await get(0)).json()) as { events: { id: number; code: string; data: Record<string, unknown> }[]; next: number };
    const codes = page.events.map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining([first.code, second.code]));
    expect(codes.indexOf(first.code)).toBeLessThan(codes.indexOf(second.code));
    expect(page.events.find((e) => e.code === first.code)!.data).toMatchObject({ taxContact: { name: '张敏' } });
    const again = (await (await get(page.next)).json()) as { events: unknown[]; next: number };
    expect(again.events).toEqual([]);
    expect(again.next).toBe(page.next);
    // A cursor beyond what was given, or not a whole number, is refused and acknowledges nothing.
    const acknowledged = () =>
      withClient(
        test.databaseUrl,
        async (db) =>
          (await db.query<{ id: string }>(`SELECT acknowledged_id AS id FROM exchange_department WHERE key = 'tax'`)).rows[0].id,
      );
    const before = await acknowledged();
    const ahead = await get(page.next + 1);
    expect(ahead.status).toBe(400);
    expect(((await ahead.json()) as { message: string }).message).toContain(`last event given to this department (${page.next})`);
    for (const query of ['after=abc', 'after=-1', 'after=1.5', 'limit=2.5', 'limit=0', 'limit=501']) {
      const refused = await fetch(`${test.baseUrl}/api/v1/exchange/tax/events?${query}`, { headers: { authorization: `Bearer ${token}` } });
      expect([query, refused.status]).toEqual([query, 400]);
    }
    expect(await acknowledged()).toBe(before);
    const outbox = await withClient(
      test.databaseUrl,
      async (db) =>
        (
          await db.query<{ department: string }>('SELECT department FROM outbox_event WHERE credit_code = $1 ORDER BY department', [
            first.code,
          ])
        ).rows,
    );
    expect(outbox.map((o) => o.department)).toEqual(['quality_supervision', 'social_insurance', 'statistics', 'tax']);
  });
});
