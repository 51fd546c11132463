import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { Client } from 'pg';
import { AuditService, SYSTEM_ACTOR } from '../../src/audit/audit.service';
import { createDataSource, migrate } from '../../src/database/data-source';
import { createAccount, PASSWORD, signedIn, uniqueEmail } from '../support/accounts';
import { LOCALE_COOKIE } from '../../src/common/http/cookies';
import { BrowserClient, decode } from '../support/browser-client';
import { createDatabase, startTestPortal, withClient, type TestPortal } from '../support/test-portal';

let test: TestPortal;

beforeAll(async () => {
  test = await startTestPortal({ LOGIN_MAX_FAILURES: '2', LOGIN_ATTEMPTS_PER_MINUTE: '10000' });
});

afterAll(async () => {
  await test.close();
});

const headSeq = (): Promise<number> =>
  withClient(test.databaseUrl, async (db) => Number((await db.query<{ seq: string }>('SELECT seq FROM audit_chain_head')).rows[0].seq));

const eventsSince = (seq: number): Promise<{ action: string; actor_role: string | null; subject_type: string | null }[]> =>
  withClient(test.databaseUrl, async (db) => {
    const { rows } = await db.query<{ action: string; actor_role: string | null; subject_type: string | null }>(
      'SELECT action, actor_role, subject_type FROM audit_event WHERE seq > $1 ORDER BY seq',
      [seq],
    );
    return rows;
  });

describe('the trail of every state-changing route', () => {
  it('holds exactly one event per effect, in order', async () => {
    const admin = await createAccount(test, 'admin');
    const mark = await headSeq();
    const person = new BrowserClient(test.baseUrl);
    const email = uniqueEmail('trail');

    await person.submit('/signup', '/signup', { name: 'Trail Person', email, password: PASSWORD });
    await person.submit('/signup', '/signup', { name: 'Again', email, password: PASSWORD });
    await person.submit('/login', '/login', { email, password: 'wrong password one' });
    await person.submit('/login', '/login', { email, password: PASSWORD });
    await person.get('/admin/accounts');
    await person.post('/logout', { _csrf: person.lastCsrf });
    await person.submit('/login', '/login', { email, password: 'wrong password two' });
    await person.submit('/login', '/login', { email, password: 'wrong password three' });
    await person.submit('/login', '/login', { email, password: PASSWORD });

    const adminClient = new BrowserClient(test.baseUrl);
    await adminClient.submit('/login', '/login', { email: admin.email, password: PASSWORD });
    await adminClient.submit('/admin/accounts/new', '/admin/accounts', {
      name: 'R',
      email: uniqueEmail('r'),
      role: 'reviewer',
      password: PASSWORD,
    });
    const accountId = await withClient(
      test.databaseUrl,
      async (db) => (await db.query<{ id: string }>('SELECT id FROM user_account WHERE email = $1', [email])).rows[0].id,
    );
    await adminClient.get('/admin/accounts');
    await adminClient.post(`/admin/accounts/${accountId}/disable`, { _csrf: adminClient.lastCsrf });
    await adminClient.get('/admin/accounts');
    await adminClient.post(`/admin/accounts/${accountId}/enable`, { _csrf: adminClient.lastCsrf });

    expect((await eventsSince(mark)).map((e) => [e.action, e.actor_role])).toEqual([
      ['account.signed_up', 'applicant'],
      ['account.sign_up_refused', null],
      ['account.login_failed', null],
      ['account.login', 'applicant'],
      ['access.denied', 'applicant'],
      ['account.logout', 'applicant'],
      ['account.login_failed', null],
      ['account.login_failed', null],
      ['account.locked', null],
      ['account.login_failed', null],
      ['account.login', 'admin'],
      ['account.created', 'admin'],
      ['account.disabled', 'admin'],
      ['account.enabled', 'admin'],
    ]);
  });

  it('leaves an intact chain after 50 parallel actions', async () => {
    const account = await createAccount(test, 'applicant');
    const mark = await headSeq();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        new BrowserClient(test.baseUrl).submit('/login', '/login', {
          email: i % 2 ? account.email : uniqueEmail('nobody'),
          password: `guess ${i}`,
        }),
      ),
    );
    expect((await eventsSince(mark)).filter((e) => e.action === 'account.login_failed')).toHaveLength(50);
    const result = await test.portal.app.get(AuditService).verify();
    expect(result).toMatchObject({ intact: true });
    expect(result.checked).toBe(await headSeq());
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the log', async () => {
    await withClient(test.databaseUrl, async (db) => {
      await expect(db.query(`UPDATE audit_event SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM audit_event WHERE seq = 1`)).rejects.toThrow(/append-only/);
      await expect(db.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    });
  });
});

describe('npm run cli -- audit:verify', () => {
  /** A database of its own per case, with a chain of 20 events written through the real service. */
  async function chain(): Promise<string> {
    const url = await createDatabase(process.env['TEST_DATABASE_URL']!);
    const dataSource = createDataSource(url, 2);
    await dataSource.initialize();
    await migrate(dataSource);
    const audit = new AuditService(dataSource);
    for (let i = 0; i < 20; i += 1)
      await audit.recordAlone(SYSTEM_ACTOR, {
        action: 'demo.seeded',
        subjectType: 'thing',
        subjectId: String(i),
        details: { i, note: '大连' },
      });
    await dataSource.destroy();
    return url;
  }

  const verify = (url: string): Promise<{ code: number; out: string }> =>
    new Promise((resolve) => {
      execFile(
        'node',
        [join(__dirname, '..', '..', 'dist', 'src', 'cli.js'), 'audit:verify'],
        { env: { ...process.env, DATABASE_URL: url } },
        (error, stdout, stderr) => resolve({ code: typeof error?.code === 'number' ? error.code : 0, out: stdout + stderr }),
      );
    });

  const tamper = (url: string, sql: (db: Client) => Promise<unknown>) =>
    withClient(url, async (db) => {
      await db.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
      await sql(db);
      await db.query('ALTER TABLE audit_event ENABLE TRIGGER USER');
    });

  it('passes an intact log', async () => {
    const url = await chain();
    const result = await verify(url);
    expect(result.code).toBe(0);
    expect(result.out).toContain('intact: 20 events');
  });

  it('names an edited event', async () => {
    const url = await chain();
    await tamper(url, (db) => db.query(`UPDATE audit_event SET details = '{"i": 7, "note": "edited"}' WHERE seq = 8`));
    const result = await verify(url);
    expect(result.code).toBe(1);
    expect(result.out).toContain('BROKEN at event 8');
  });

  it('names the event after a deleted one', async () => {
    const url = await chain();
    await tamper(url, (db) => db.query('DELETE FROM audit_event WHERE seq = 5'));
    const result = await verify(url);
    expect(result.code).toBe(1);
    expect(result.out).toContain('BROKEN at event 6');
  });

  it('names an inserted event', async () => {
    const url = await chain();
    await tamper(url, async (db) => {
      // Make room at 12 (in two steps, as the primary key is checked row by row).
      await db.query('UPDATE audit_event SET seq = seq + 1000 WHERE seq >= 12');
      await db.query('UPDATE audit_event SET seq = seq - 999 WHERE seq >= 1000');
      await db.query(
        `INSERT INTO audit_event (seq, occurred_at, action, details, prev_hash, hash)
         SELECT 12, now(), 'forged', '{}', hash, repeat('a', 64) FROM audit_event WHERE seq = 11`,
      );
    });
    const result = await verify(url);
    expect(result.code).toBe(1);
    expect(result.out).toContain('BROKEN at event 12');
  });

  it('notices events removed from the end', async () => {
    const url = await chain();
    await tamper(url, (db) => db.query('DELETE FROM audit_event WHERE seq > 17'));
    const result = await verify(url);
    expect(result.code).toBe(1);
    expect(result.out).toContain('BROKEN at event 17');
  });
});

describe('administrators reading the log', () => {
  it('filters by actor, pages with keyset links, exports CSV and shows an account timeline', async () => {
    const { client: admin } = await signedIn(test, 'admin');
    const target = await createAccount(test, 'applicant');
    for (let i = 0; i < 3; i += 1)
      await new BrowserClient(test.baseUrl).submit('/login', '/login', { email: target.email, password: `bad ${i}` });

    const bySubject = await admin.get(`/admin/audit?subjectType=account&subjectId=${target.id}&action=account.login_failed`);
    expect(bySubject.status).toBe(200);
    // Each event by its name, with its code beside it, by whom: nobody was signed in.
    expect(bySubject.html.match(/Sign-in failed<br><span class="app-hint app-code">account\.login_failed<\/span><\/td>/g)).toHaveLength(3);
    expect(bySubject.html.match(/<td>Not signed in<\/td>/g)).toHaveLength(3);
    expect(bySubject.html).toContain('<option value="account.login_failed" selected>Sign-in failed (account.login_failed)</option>');
    admin.setCookie(LOCALE_COOKIE, 'zh-CN');
    const inChinese = await admin.get(`/admin/audit?subjectType=account&subjectId=${target.id}&action=account.login_failed`);
    admin.setCookie(LOCALE_COOKIE, 'en');
    expect(inChinese.html.match(/登录失败<br><span class="app-hint app-code">account\.login_failed<\/span>/g)).toHaveLength(3);
    expect(inChinese.html.match(/<td>未登录访客<\/td>/g)).toHaveLength(3);
    expect(inChinese.html).toContain('<option value="account.login_failed" selected>登录失败（account.login_failed）</option>');

    const all = await admin.get('/admin/audit');
    expect(all.html).toContain('Older events');
    const older = decode(/href="([^"]+)" rel="next"/.exec(all.html)![1]);
    expect(older).toMatch(/^\/admin\/audit\?before=\d+$/);
    const page2 = await admin.get(older);
    expect(page2.status).toBe(200);
    expect(page2.html).toContain('Newer events');

    const csv = await admin.get(`/admin/audit/export.csv?subjectType=account&subjectId=${target.id}`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.html
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('seq,occurred_at,actor_id,actor_email,actor_role,action,subject_type,subject_id,ip,details,hash');
    expect(lines.filter((l) => l.includes('account.login_failed'))).toHaveLength(3);
    expect(lines.some((l) => l.includes('account.locked'))).toBe(true);

    const timeline = await admin.get(`/admin/accounts/${target.id}`);
    expect(timeline.html).toContain('Account created<br><span class="app-hint app-code">account.created</span>');
    expect(timeline.html).toContain('Account locked after failed sign-ins<br><span class="app-hint app-code">account.locked</span>');

    const badDate = await admin.get('/admin/audit?from=2026-02-30');
    expect(badDate.status).toBe(200);
    expect(badDate.html).toMatch(/<title>Error: /);
    expect(badDate.html).toContain('From date must be a real date');
  });

  it('verifies the chain from the dashboard and shows the result', async () => {
    const { client: admin } = await signedIn(test, 'admin');
    const page = await admin.get('/admin');
    expect(page.status).toBe(200);
    const verified = await admin.post('/admin/audit/verify', { _csrf: admin.lastCsrf });
    expect(verified.status).toBe(303);
    const after = await admin.get('/admin');
    expect(after.html).toContain('Intact');
    expect(after.html).toMatch(/The audit trail is intact: \d+ events checked/);
  });

  it('keeps the log to administrators', async () => {
    const { client: reviewer } = await signedIn(test, 'reviewer');
    expect((await reviewer.get('/admin/audit')).status).toBe(403);
    expect((await reviewer.get('/admin/audit/export.csv')).status).toBe(403);
  });
});
