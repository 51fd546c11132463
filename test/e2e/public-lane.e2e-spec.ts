import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approvedApplication } from '../support/applications';
import { startChildPortal, type ChildPortal } from '../support/child-portal';
import { createDatabase, startTestPortal, type TestPortal } from '../support/test-portal';

/*
 * The public lane (src/common/http/public-lane.ts) answers anonymous GETs of the most-read public pages
 * ahead of Express. What it answers must be what the full pipeline answers, byte for byte and header for
 * header: each request below is sent twice, once as an anonymous visitor (the lane) and once carrying a
 * session cookie that names no session (which sends it the full way, to the same anonymous page).
 */

let test: TestPortal;
let code: string;
/** A valid code that this authority never issued. */
const FOREIGN_CODE = '91350100M000100Y43';

beforeAll(async () => {
  test = await startTestPortal({ LOGIN_ATTEMPTS_PER_MINUTE: '10000', TRUST_PROXY: 'true', PUBLIC_BASE_URL: 'https://portal.example.cn' });
  // Behind TRUST_PROXY the session cookie is Secure: the pages are reached as through the HTTPS proxy.
  ({ code } = await approvedApplication(test, '渡口', {
    'accept-language': 'en',
    'x-forwarded-proto': 'https',
    'x-forwarded-for': '203.0.113.9',
  }));
});

afterAll(async () => {
  await test.close();
});

let lastAddress = 0;
/** Every request from its own address, so the public allowance (120 a minute per address) stays out of the way. */
const newAddress = () => {
  lastAddress += 1;
  return `198.51.${lastAddress >> 8}.${lastAddress & 255}`;
};

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function get(path: string, headers: Record<string, string>, method = 'GET'): Promise<Answer> {
  const response = await fetch(`${test.baseUrl}${path}`, { method, headers, redirect: 'manual' });
  const received = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
  return { status: response.status, headers: received, body: await response.text() };
}

const NO_SESSION = 'portal.sid=s%3Anobody.0000';

/** The same request through the lane and through the full pipeline; and what the lane did with it. */
async function bothWays(path: string, headers: Record<string, string> = {}) {
  const before = test.portal.lane.stats;
  const lane = await get(path, { 'x-forwarded-for': newAddress(), ...headers });
  const after = test.portal.lane.stats;
  const cookie = [headers['cookie'], NO_SESSION].filter(Boolean).join('; ');
  const full = await get(path, { 'x-forwarded-for': newAddress(), ...headers, cookie });
  const unchanged = test.portal.lane.stats;
  expect(unchanged).toEqual(after);
  return { lane, full, served: after.served - before.served, handedOver: after.handedOver - before.handedOver };
}

describe('the public lane answers as the full pipeline does', () => {
  const languages: [string, Record<string, string>][] = [
    ['Chinese browser', { 'accept-language': 'zh-CN,zh;q=0.9' }],
    ['English browser', { 'accept-language': 'en-GB,en;q=0.8' }],
    ['language chosen with the switch', { 'accept-language': 'en', cookie: 'lang=zh-CN' }],
    ['no language at all', {}],
  ];
  const pages: [string, () => string, number][] = [
    ['verification page', () => `/verify/${code}`, 200],
    ['verification page, code typed in lower case', () => `/verify/${code.toLowerCase()}`, 200],
    ['verification page, code issued elsewhere', () => `/verify/${FOREIGN_CODE}`, 200],
    ['verification page, malformed code', () => '/verify/91350100M000100Y4X', 200],
    ['verification page, Chinese characters', () => `/verify/${encodeURIComponent('统一代码')}`, 200],
    ['register search', () => `/register?q=${encodeURIComponent('渡口')}`, 200],
    ['register search, by code', () => `/register?q=${code}`, 200],
    ['register search, nothing found', () => `/register?q=${encodeURIComponent('没有这个名字')}&page=3`, 200],
    ['register search form', () => '/register', 200],
    ['register search, empty words', () => '/register?q=', 200],
    ['register entry', () => `/register/${code}`, 200],
    ['register entry not found', () => `/register/${FOREIGN_CODE}`, 404],
    ['licence API', () => `/api/v1/licences/${code}`, 200],
    ['licence API, not issued here', () => `/api/v1/licences/${FOREIGN_CODE}`, 404],
    ['licence API, malformed code', () => '/api/v1/licences/123', 400],
    ['register API', () => `/api/v1/register?q=${encodeURIComponent('渡口')}&pageSize=5`, 200],
    ['register API, no words', () => '/api/v1/register?q=', 400],
    ['register API, page size not a whole number', () => '/api/v1/register?q=x&pageSize=1.5', 400],
  ];

  describe.each(languages)('%s', (_language, headers) => {
    it.each(pages)('%s', async (_page, path, status) => {
      const { lane, full, served, handedOver } = await bothWays(path(), headers);
      expect(lane.status).toBe(status);
      expect(lane).toEqual(full);
      // Answered by the lane itself, or begun there and its error answered by the pipeline's responder.
      expect({ served, handedOver }).toEqual(status === 200 ? { served: 1, handedOver: 0 } : { served: 0, handedOver: 1 });
    });
  });

  it('sends the pipeline’s security and caching headers', async () => {
    const { lane } = await bothWays(`/verify/${code}`);
    expect(lane.headers).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'self'") as string,
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-frame-options': 'SAMEORIGIN',
      'cache-control': 'no-store',
      'content-type': 'text/html; charset=utf-8',
    });
    expect(lane.headers['set-cookie']).toBeUndefined();
  });

  it('counts the allowance per client address, and answers its end (429, Retry-After) in the visitor’s language', async () => {
    const address = newAddress();
    const headers = { 'x-forwarded-for': address, 'accept-language': 'zh-CN' };
    const statuses: number[] = [];
    for (let i = 0; i < 120; i += 1) statuses.push((await get(`/verify/${code}`, headers)).status);
    expect(new Set(statuses)).toEqual(new Set([200]));
    const before = test.portal.lane.stats;
    const refused = await get(`/verify/${code}`, headers);
    expect(test.portal.lane.stats.handedOver).toBe(before.handedOver + 1);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain('<html lang="zh-CN"');
    const full = await get(`/verify/${code}`, { ...headers, cookie: NO_SESSION });
    expect(full.status).toBe(429);
    expect(refused.body).toEqual(full.body);
    // Another address is not held back by this one.
    expect((await get(`/verify/${code}`, { 'x-forwarded-for': newAddress() })).status).toBe(200);
  });
});

describe('what the lane leaves to the full pipeline', () => {
  const declined: [string, () => string, string, number][] = [
    ['HEAD', () => `/verify/${code}`, 'HEAD', 200],
    ['a trailing slash', () => `/verify/${code}/`, 'GET', 200],
    ['the path in capitals', () => `/VERIFY/${code}`, 'GET', 200],
    ['a repeated query parameter', () => '/register?q=a&q=b', 'GET', 200],
    ['a NUL character', () => '/register?q=a%00b', 'GET', 400],
    ['a parameter that is not valid percent-encoding', () => '/verify/%E4%B8', 'GET', 400],
    ['a path the lane does not serve', () => `/verify/${code}/qr.svg`, 'GET', 200],
    ['a POST', () => `/verify/${code}`, 'POST', 403],
  ];

  it.each(declined)('%s', async (_case, path, method, status) => {
    const before = test.portal.lane.stats;
    const answer = await get(path(), { 'x-forwarded-for': newAddress() }, method);
    expect(answer.status).toBe(status);
    expect(test.portal.lane.stats).toEqual(before);
  });

  it('a visitor with a session cookie, who may be signed in', async () => {
    const before = test.portal.lane.stats;
    expect((await get(`/verify/${code}`, { cookie: NO_SESSION })).status).toBe(200);
    expect(test.portal.lane.stats).toEqual(before);
  });

  it('serves the same page for the forms it does not take as for the canonical path', async () => {
    const canonical = await get(`/verify/${code}`, { 'x-forwarded-for': newAddress() });
    const slashed = await get(`/verify/${code}/`, { 'x-forwarded-for': newAddress() });
    expect(slashed.body.replaceAll(encodeURIComponent(`/verify/${code}/`), encodeURIComponent(`/verify/${code}`))).toEqual(canonical.body);
  });
});

describe('the request log', () => {
  let child: ChildPortal;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'portal-lane-log-'));
    const databaseUrl = await createDatabase(process.env['TEST_DATABASE_URL']!);
    child = await startChildPortal({
      databaseUrl,
      dataDir,
      sessionSecret: randomBytes(32).toString('hex'),
      env: { LOG_LEVEL: 'info' },
      captureStdout: true,
    });
  });

  afterAll(async () => {
    await child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has one line for every request, the lane’s as the pipeline’s, numbered from one counter and without cookies', async () => {
    const paths = [`/verify/${FOREIGN_CODE}`, `/register/${FOREIGN_CODE}`, '/register?q=x'];
    for (const path of paths) {
      await (await fetch(`${child.url}${path}`, { headers: { cookie: 'lang=en' } })).text();
      await (await fetch(`${child.url}${path}`, { headers: { cookie: `lang=en; ${NO_SESSION}` } })).text();
    }
    let lines: { req?: { id?: number; url?: string; headers?: Record<string, string> }; res?: { statusCode?: number } }[] = [];
    for (let wait = 0; wait < 50; wait += 1) {
      lines = child
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as (typeof lines)[number])
        .filter((line) => line.req?.url !== undefined && line.req.url !== '/health');
      if (lines.length >= paths.length * 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lines.map((line) => [line.req?.url, line.res?.statusCode])).toEqual(
      paths.flatMap((path) => {
        const status = path.startsWith('/register/') ? 404 : 200;
        return [
          [path, status],
          [path, status],
        ];
      }),
    );
    expect(new Set(lines.map((line) => line.req?.id)).size).toBe(lines.length);
    // The lane's line and the pipeline's for the same address say the same, but for their id and times.
    const comparable = (line: (typeof lines)[number]) => ({ ...line, time: 0, responseTime: 0, req: { ...line.req, id: 0 } });
    for (let i = 0; i < lines.length; i += 2) expect(comparable(lines[i])).toEqual(comparable(lines[i + 1]));
    expect(child.stdout()).not.toContain('portal.sid');
    expect(child.stdout()).not.toContain('lang=en');
  });
});
