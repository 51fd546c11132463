import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createPortal, type Portal } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { CreateAccountService } from '../../src/auth/create-account.service';
import { SYSTEM_ACTOR } from '../../src/audit/audit.service';
import { BrowserClient } from '../support/browser-client';
import { PASSWORD } from '../support/accounts';
import { LOCALE_COOKIE, SESSION_COOKIE } from '../../src/common/http/cookies';

jest.setTimeout(120_000);

/** A database server of its own, so this file can stop and restart it without touching the others. */
describe('PostgreSQL restarting under load', () => {
  let dataDir: string;
  let server: EmbeddedPostgres;
  let portal: Portal;
  let baseUrl: string;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync('/tmp/portal-fault-');
    chmodSync(dataDir, 0o755);
    server = await startEmbeddedPostgres({ dataDir, unsafeFast: true, log: () => undefined });
    port = Number(new URL(server.url).port);
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      // The authority's own default: a visitor who asks for English must still get English pages (the
      // error page of a request the session store failed used to be in the default language).
      DEFAULT_LOCALE: 'zh-CN',
    });
    portal = await createPortal(config, server.url);
    await portal.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(portal.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await portal.close().catch(() => undefined);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 while the database is down, and recovers by itself with sessions and data intact', async () => {
    await portal.app
      .get(CreateAccountService)
      .create(SYSTEM_ACTOR, { email: 'fault@example.cn', name: 'Fault', password: PASSWORD, role: 'applicant' });
    const client = new BrowserClient(baseUrl);
    expect((await client.submit('/login', '/login', { email: 'fault@example.cn', password: PASSWORD })).status).toBe(303);
    expect((await client.get('/account')).status).toBe(200);

    // Load while the server goes away.
    const load = Array.from({ length: 40 }, (_, i) =>
      new Promise((resolve) => setTimeout(resolve, i * 25)).then(() => fetch(`${baseUrl}/health`).then((r) => r.status)),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await server.stop();
    expect((await fetch(`${baseUrl}/health`)).status).toBe(503);
    const down = await client.get('/account');
    expect(down.status).toBe(503);
    expect(down.html).not.toMatch(/at \w+ \(|Error:/);
    expectWholePage(down.html, 'en', 'The service is restarting');
    // The session store fails before the pipeline knows the visitor's language: it is still theirs, from
    // the language switch's cookie or else the browser's Accept-Language.
    const sameSession = (headers: Record<string, string>, cookies: Record<string, string> = {}) => {
      const other = new BrowserClient(baseUrl, headers);
      for (const [name, value] of Object.entries({ [SESSION_COOKIE]: client.cookie(SESSION_COOKIE)!, ...cookies }))
        other.setCookie(name, value);
      return other;
    };
    const chinese = await sameSession({ 'accept-language': 'zh-CN,zh;q=0.9' }).get('/account');
    expect(chinese.status).toBe(503);
    expectWholePage(chinese.html, 'zh-CN', '服务正在重启');
    const switched = await sameSession({ 'accept-language': 'zh-CN' }, { [LOCALE_COOKIE]: 'en' }).get('/account');
    expect(switched.status).toBe(503);
    expectWholePage(switched.html, 'en', 'The service is restarting');
    const api = await fetch(`${baseUrl}/api/v1/register?q=x`);
    expect(api.status).toBe(503);

    server = await startEmbeddedPostgres({ dataDir, port, unsafeFast: true, log: () => undefined });
    const statuses = await Promise.all(load);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    let healthy = false;
    for (let i = 0; i < 50 && !healthy; i += 1) {
      healthy = (await fetch(`${baseUrl}/health`)).status === 200;
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(healthy).toBe(true);
    const after = await client.get('/account');
    expect(after.status).toBe(200);
    expect(after.html).toContain('fault@example.cn');
  });
});

/** A page wholly in one language, with the layout's every value in place (no `{placeholder}` left). */
function expectWholePage(html: string, locale: 'en' | 'zh-CN', message: string): void {
  expect(html).toContain(`<html lang="${locale}"`);
  expect(html).toContain(message);
  expect(html).toContain(locale === 'en' ? 'Version ' : '版本 ');
  expect(html).not.toMatch(/\{[a-zA-Z]+\}/);
}
