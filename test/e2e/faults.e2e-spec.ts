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
      DEFAULT_LOCALE: 'en',
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
