import { BrowserClient, csrfFrom as csrfFromPage, decode, errorSummary, followPages } from '../support/browser-client';
import { createAccount, PASSWORD, signedIn, uniqueEmail } from '../support/accounts';
import { startTestPortal, withClient, type TestPortal } from '../support/test-portal';
import { AccountsRepository } from '../../src/auth/accounts.repository';

let test: TestPortal;

beforeAll(async () => {
  test = await startTestPortal({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15', LOGIN_ATTEMPTS_PER_MINUTE: '10000' });
});

afterAll(async () => {
  await test.close();
});

describe('health', () => {
  it('answers 200 JSON while the database answers', async () => {
    const response = await fetch(`${test.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    await expect(response.json()).resolves.toMatchObject({ status: 'ok', database: 'up' });
  });
});

describe('sign-up', () => {
  it('creates an applicant account that can then sign in', async () => {
    const client = new BrowserClient(test.baseUrl);
    const email = uniqueEmail('signup');
    const done = await client.submit('/signup', '/signup', { name: '王伟', email, password: PASSWORD });
    expect(done.status).toBe(200);
    expect(done.html).toContain('Your account is ready');
    const login = await client.submit('/login', '/login', { email, password: PASSWORD });
    expect(login.status).toBe(303);
    const account = await client.get('/account');
    expect(account.status).toBe(200);
    expect(account.html).toContain('王伟');
    expect(account.html).toContain('Applicant');
  });

  it('keeps the answers and explains each problem when the form is wrong', async () => {
    const client = new BrowserClient(test.baseUrl);
    const page = await client.submit('/signup', '/signup', { name: '', email: 'not-an-email', password: 'password1234' });
    expect(page.status).toBe(400);
    expect(page.html).toMatch(/<title>Error: Create an account/);
    expect(errorSummary(page.html)).toEqual([
      'Enter your full name',
      'Enter an email address in the correct format, like name@example.com',
      'This password is too common and easy to guess. Choose a different one, for example three unrelated words',
    ]);
    expect(page.html).toContain('value="not-an-email"');
    expect(page.html).not.toContain('password1234');
  });

  it('refuses a short password with the minimum length', async () => {
    const client = new BrowserClient(test.baseUrl);
    const page = await client.submit('/signup', '/signup', { name: 'Li Na', email: uniqueEmail(), password: 'short' });
    expect(errorSummary(page.html)).toEqual(['Password must be at least 12 characters long']);
  });

  it('answers a sign-up with an existing address exactly like a new one, without changing the account', async () => {
    const existing = await createAccount(test, 'applicant');
    const client = new BrowserClient(test.baseUrl);
    const taken = await client.submit('/signup', '/signup', {
      name: 'Intruder',
      email: existing.email.toUpperCase(),
      password: 'another long passphrase',
    });
    const fresh = await client.submit('/signup', '/signup', {
      name: 'Newcomer',
      email: uniqueEmail(),
      password: 'another long passphrase',
    });
    const strip = (html: string) => html.replace(/[\w.+-]+@example\.cn/gi, 'EMAIL').replace(/value="[^"]*"/g, '');
    expect(taken.status).toBe(fresh.status);
    expect(strip(taken.html)).toBe(strip(fresh.html));
    const login = await new BrowserClient(test.baseUrl).submit('/login', '/login', { email: existing.email, password: PASSWORD });
    expect(login.status).toBe(303);
  });
});

describe('sign-in and sign-out', () => {
  it('regenerates the session id at sign-in and ends the session at sign-out', async () => {
    const account = await createAccount(test, 'applicant');
    const client = new BrowserClient(test.baseUrl);
    const form = await client.get('/login');
    expect(form.status).toBe(200);
    const before = client.cookie('portal.sid');
    expect(before).toBeDefined();
    const login = await client.post('/login', { _csrf: client.lastCsrf, email: account.email, password: PASSWORD });
    expect(login.status).toBe(303);
    const after = client.cookie('portal.sid');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);

    const home = await client.get('/');
    const logout = await client.post('/logout', { _csrf: client.lastCsrf });
    expect(home.status).toBe(200);
    expect(logout.status).toBe(303);
    expect(logout.location).toBe('/signed-out');
    const account2 = await client.get('/account');
    expect(account2.status).toBe(303);
    expect(account2.location).toBe('/login?returnTo=%2Faccount');
  });

  it('moves a signed-in session on with activity, writing its row at most once a minute', async () => {
    const { client } = await signedIn(test, 'applicant');
    const sid = /^s:([^.]+)\./.exec(decodeURIComponent(client.cookie('portal.sid')!))![1];
    const row = () =>
      withClient(
        test.databaseUrl,
        async (db) =>
          (await db.query<{ expire: Date; sess: { seenAt?: number } }>('SELECT expire, sess FROM session WHERE sid = $1', [sid])).rows[0],
      );
    await client.get('/account');
    const first = await row();
    expect(first.sess.seenAt).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const within = await client.get('/account');
    expect(within.status).toBe(200);
    // Within the minute: the row is not rewritten (the store's per-request touch is off), nor the cookie.
    expect((await row()).expire).toEqual(first.expire);
    expect(within.headers.getSetCookie().filter((c) => c.startsWith('portal.sid='))).toEqual([]);
    // A minute later (the last refresh moved back in time): the next page view moves the expiry on.
    await withClient(test.databaseUrl, (db) =>
      db.query(`UPDATE session SET sess = jsonb_set(sess, '{seenAt}', to_jsonb($2::bigint)) WHERE sid = $1`, [sid, Date.now() - 61_000]),
    );
    const later = await client.get('/account');
    expect(later.status).toBe(200);
    const refreshed = await row();
    expect(refreshed.expire.getTime()).toBeGreaterThan(first.expire.getTime());
    // The cookie moves on with the row: sent again, expiring with it.
    const [cookie] = later.headers.getSetCookie().filter((c) => c.startsWith('portal.sid='));
    expect(new Date(/Expires=([^;]+)/i.exec(cookie ?? '')![1]).getTime()).toBeGreaterThan(first.expire.getTime() - 1000);
    expect(refreshed.sess.seenAt).toBeGreaterThan(Date.now() - 10_000);
  });

  it('sets HttpOnly, SameSite=Lax session cookies and strict security headers', async () => {
    const client = new BrowserClient(test.baseUrl);
    const response = await fetch(`${test.baseUrl}/login`);
    const cookies = response.headers.getSetCookie().join('\n');
    expect(cookies).toMatch(/portal\.sid=[^;]+;.*HttpOnly/i);
    expect(cookies).toMatch(/SameSite=Lax/i);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect((await client.get('/')).html).not.toMatch(/<script>|style="/);
  });

  it('sends the CSRF cookie when it issues a token, not again on every page with a form', async () => {
    const { client } = await signedIn(test, 'reviewer');
    const csrfCookie = (page: { headers: Headers }) => page.headers.getSetCookie().filter((c) => c.startsWith('portal.csrf='));
    const first = await client.get('/account');
    const token = csrfFromPage(first.html);
    const again = await client.get('/account');
    expect(csrfFromPage(again.html)).toBe(token);
    expect(csrfCookie(again)).toEqual([]);
    // The token still works, and a visitor who lost the cookie is given it again.
    expect((await client.post('/logout', { _csrf: token })).status).toBe(303);
    const visitor = new BrowserClient(test.baseUrl);
    expect(csrfCookie(await visitor.get('/login'))).toHaveLength(1);
  });

  it('keeps pages out of browser and proxy caches, but lets assets be cached', async () => {
    const { client } = await signedIn(test, 'applicant');
    for (const path of ['/applications', '/account', '/']) {
      const page = await client.get(path);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
    expect((await fetch(`${test.baseUrl}/api/openapi.json`)).headers.get('cache-control')).toBe('no-store');
    const notFound = await fetch(`${test.baseUrl}/no-such-page`);
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('cache-control')).toBe('no-store');
    const asset = await fetch(`${test.baseUrl}/assets/css/app.css`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const qr = await fetch(`${test.baseUrl}/verify/91350100M000100Y43/qr.svg`);
    expect(qr.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('returns to the page that asked for sign-in, but never to another site', async () => {
    const account = await createAccount(test, 'applicant');
    const client = new BrowserClient(test.baseUrl);
    const ok = await client.submit('/login?returnTo=%2Faccount', '/login', {
      email: account.email,
      password: PASSWORD,
      returnTo: '/account',
    });
    expect(ok.location).toBe('/account');
    const other = new BrowserClient(test.baseUrl);
    const evil = await other.submit('/login', '/login', { email: account.email, password: PASSWORD, returnTo: '//evil.example/' });
    expect(evil.location).toBe('/applications');
  });

  it('gives the same answer for an unknown address and a wrong password', async () => {
    const account = await createAccount(test, 'applicant');
    const client = new BrowserClient(test.baseUrl);
    const unknown = await client.submit('/login', '/login', { email: uniqueEmail('nobody'), password: PASSWORD });
    const wrong = await client.submit('/login', '/login', { email: account.email, password: 'not the password at all' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(errorSummary(unknown.html)).toEqual(errorSummary(wrong.html));
  });

  it('locks an account after repeated failures, even for the right password, and says nothing specific', async () => {
    const account = await createAccount(test, 'applicant');
    const client = new BrowserClient(test.baseUrl);
    for (let i = 0; i < 3; i += 1) {
      const page = await client.submit('/login', '/login', { email: account.email, password: `wrong password ${i}` });
      expect(page.status).toBe(401);
    }
    const locked = await client.submit('/login', '/login', { email: account.email, password: PASSWORD });
    expect(locked.status).toBe(401);
    const lockedUntil = await withClient(test.databaseUrl, async (db) => {
      const { rows } = await db.query<{ locked_until: Date | null }>('SELECT locked_until FROM user_account WHERE id = $1', [account.id]);
      return rows[0]?.locked_until;
    });
    expect(lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  });

  it('counts parallel wrong guesses exactly, so they cannot slip past the limit', async () => {
    const account = await createAccount(test, 'applicant');
    const guesses = Array.from({ length: 6 }, (_, i) =>
      new BrowserClient(test.baseUrl).submit('/login', '/login', { email: account.email, password: `parallel guess ${i}` }),
    );
    await Promise.all(guesses);
    const events = await withClient(test.databaseUrl, async (db) => {
      const { rows } = await db.query<{ action: string }>(
        `SELECT action FROM audit_event WHERE subject_id = $1 AND action IN ('account.locked', 'account.login_failed') ORDER BY seq`,
        [account.id],
      );
      return rows.map((r) => r.action);
    });
    expect(events.filter((a) => a === 'account.locked')).toHaveLength(1);
    expect(events.filter((a) => a === 'account.login_failed')).toHaveLength(6);
  });

  it('explains what is missing on an empty sign-in form', async () => {
    const page = await new BrowserClient(test.baseUrl).submit('/login', '/login', { email: '', password: '' });
    expect(page.status).toBe(400);
    expect(errorSummary(page.html)).toEqual(['Enter your email address', 'Enter your password']);
  });
});

describe('anonymous visitors', () => {
  it('get no session (no cookie, no row) while they only read, and one as soon as a page has a form', async () => {
    const sessions = () =>
      withClient(test.databaseUrl, async (db) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM session')).rows[0].n));
    const before = await sessions();
    for (const path of ['/', '/register?q=大连', '/verify/91210242MA0000000X', '/api/v1/register', '/no-such-page']) {
      const response = await fetch(`${test.baseUrl}${path}`);
      expect(response.headers.get('set-cookie') ?? '').not.toMatch(/portal\.sid/);
    }
    expect(await sessions()).toBe(before);
    // The sign-in page has a form: its CSRF token needs a session, created then, and the token works.
    const client = new BrowserClient(test.baseUrl);
    const account = await createAccount(test, 'applicant');
    await client.get('/login');
    expect(client.cookie('portal.sid')).toBeDefined();
    expect(await sessions()).toBe(before + 1);
    expect((await client.post('/login', { _csrf: client.lastCsrf, email: account.email, password: PASSWORD })).status).toBe(303);
    expect((await client.get('/account')).html).toContain(account.email);
  });
});

describe('CSRF', () => {
  it('refuses a POST without a token with 403', async () => {
    const client = new BrowserClient(test.baseUrl);
    await client.get('/login');
    const page = await client.post('/login', { email: 'a@example.cn', password: PASSWORD });
    expect(page.status).toBe(403);
    expect(page.html).toContain('This form has expired');
  });

  it('refuses a token from another session', async () => {
    const account = await createAccount(test, 'applicant');
    const attacker = new BrowserClient(test.baseUrl);
    await attacker.get('/login');
    const victim = new BrowserClient(test.baseUrl);
    await victim.get('/login');
    const page = await victim.post('/login', { _csrf: attacker.lastCsrf, email: account.email, password: PASSWORD });
    expect(page.status).toBe(403);
  });

  it('refuses a signed-in POST (sign-out) without a token', async () => {
    const { client } = await signedIn(test, 'applicant');
    const page = await client.post('/logout', {});
    expect(page.status).toBe(403);
    expect((await client.get('/account')).status).toBe(200);
  });
});

describe('roles', () => {
  it('refuses an applicant on an admin page with 403 and records the refusal', async () => {
    const { client, id } = await signedIn(test, 'applicant');
    const page = await client.get('/admin/accounts');
    expect(page.status).toBe(403);
    expect(page.html).toContain('You cannot open this page');
    const refused = await withClient(test.databaseUrl, async (db) => {
      const { rows } = await db.query<{ subject_id: string }>(
        `SELECT subject_id FROM audit_event WHERE action = 'access.denied' AND actor_id = $1`,
        [id],
      );
      return rows;
    });
    expect(refused).toEqual([{ subject_id: 'GET /admin/accounts' }]);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const page = await new BrowserClient(test.baseUrl).get('/admin/accounts');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/login?returnTo=%2Fadmin%2Faccounts');
  });

  it('lets an admin create a reviewer, who can then sign in', async () => {
    const { client } = await signedIn(test, 'admin');
    const email = uniqueEmail('reviewer');
    const created = await client.submit('/admin/accounts/new', '/admin/accounts', {
      name: 'Zhao Min',
      email,
      role: 'reviewer',
      password: PASSWORD,
    });
    expect(created.status).toBe(303);
    const list = await client.get('/admin/accounts');
    expect(list.html).toContain(email);
    expect(list.html).toContain('Account created');
    const reviewer = new BrowserClient(test.baseUrl);
    expect((await reviewer.submit('/login', '/login', { email, password: PASSWORD })).status).toBe(303);
    expect((await reviewer.get('/account')).html).toContain('Reviewer');
  });

  it('pages through every account that matches, newest first, keeping the filter', async () => {
    const { client } = await signedIn(test, 'admin');
    // 230 accounts, created microseconds apart, three quarters of them applicants.
    await withClient(test.databaseUrl, (db) =>
      db.query(
        `INSERT INTO user_account (email, name, password_hash, role, created_at)
         SELECT 'paging' || n || '@example.test', 'Paging ' || n, 'x', CASE WHEN n % 4 = 0 THEN 'reviewer' ELSE 'applicant' END, clock_timestamp()
           FROM generate_series(1, 230) n`,
      ),
    );
    const walk = async (first: string) =>
      (await followPages(client, first)).flatMap((page) =>
        [...page.html.matchAll(/<td class="app-table__cell--break">([^<]+)<\/td>/g)].map((m) => m[1]),
      );
    const expected = (role: string) =>
      withClient(test.databaseUrl, async (db) =>
        (
          await db.query<{ email: string }>(
            `SELECT email FROM user_account WHERE email LIKE 'paging%' AND role = $1 ORDER BY created_at DESC, id DESC`,
            [role],
          )
        ).rows.map((r) => r.email),
      );
    const applicants = await walk('/admin/accounts?role=applicant&q=paging');
    expect(applicants).toHaveLength(173);
    expect(applicants).toEqual(await expected('applicant'));
    expect(await walk('/admin/accounts?role=reviewer&q=paging')).toEqual(await expected('reviewer'));
    const everyone = await walk('/admin/accounts');
    expect(new Set(everyone).size).toBe(everyone.length);
    expect(everyone.filter((email) => email.startsWith('paging'))).toHaveLength(230);
  });

  it('tells the admin when a staff email is taken, keeping the answers', async () => {
    const { client, email } = await signedIn(test, 'admin');
    const page = await client.submit('/admin/accounts/new', '/admin/accounts', {
      name: 'Dup',
      email,
      role: 'reviewer',
      password: PASSWORD,
    });
    expect(page.status).toBe(400);
    expect(errorSummary(page.html)).toEqual(['An account with this email address already exists']);
    expect(page.html).toContain('value="Dup"');
  });

  it('ends every session of an account an admin disables', async () => {
    const { client: admin } = await signedIn(test, 'admin');
    const { client: user, id } = await signedIn(test, 'reviewer');
    expect((await user.get('/account')).status).toBe(200);
    await admin.get('/admin/accounts');
    const disabled = await admin.post(`/admin/accounts/${id}/disable`, { _csrf: admin.lastCsrf });
    expect(disabled.status).toBe(303);
    expect((await user.get('/account')).status).toBe(303);
    await admin.get('/admin/accounts');
    const again = await admin.post(`/admin/accounts/${id}/disable`, { _csrf: admin.lastCsrf });
    expect(again.status).toBe(409);
  });
});

describe('the signed-in person, read with the session', () => {
  it('comes from the session’s own statement: no second lookup on a signed-in page', async () => {
    const { client, email } = await signedIn(test, 'reviewer');
    const lookups = jest.spyOn(test.portal.app.get(AccountsRepository), 'findSessionUser');
    try {
      const page = await client.get('/account');
      expect(page.status).toBe(200);
      expect(page.html).toContain(email);
      expect((await client.get('/review')).status).toBe(200);
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }
  });

  it('follows the account on the very next request: a changed role, a disabled account', async () => {
    const { client, id } = await signedIn(test, 'reviewer');
    expect((await client.get('/review')).status).toBe(200);
    await withClient(test.databaseUrl, (db) => db.query(`UPDATE user_account SET role = 'applicant' WHERE id = $1`, [id]));
    expect((await client.get('/review')).status).toBe(403);
    expect((await client.get('/applications')).status).toBe(200);
    await withClient(test.databaseUrl, (db) => db.query(`UPDATE user_account SET status = 'disabled' WHERE id = $1`, [id]));
    const signedOut = await client.get('/applications');
    expect(signedOut.status).toBe(303);
    expect(signedOut.location).toMatch(/^\/login/);
  });

  it('is nobody for an anonymous session (a form’s CSRF token) and for a session naming no account', async () => {
    const visitor = new BrowserClient(test.baseUrl);
    expect((await visitor.get('/login')).status).toBe(200);
    expect((await visitor.get('/account')).status).toBe(303);
    for (const nobody of ['not-a-uuid', '-'.repeat(36)]) {
      const { client, id } = await signedIn(test, 'applicant');
      await withClient(test.databaseUrl, (db) =>
        db.query(
          `UPDATE session SET sess = jsonb_set(sess::jsonb, '{passport,user}', to_jsonb($1::text))::json WHERE sess #>> '{passport,user}' = $2`,
          [nobody, id],
        ),
      );
      expect((await client.get('/applications')).status).toBe(303);
    }
  });
});

describe('language', () => {
  it('follows Accept-Language and then the switch, which is remembered', async () => {
    const client = new BrowserClient(test.baseUrl, { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect((await client.get('/login')).html).toContain('<html lang="zh-CN"');
    const switched = await client.get('/language?locale=en&returnTo=%2Flogin');
    expect(switched.status).toBe(303);
    expect(switched.location).toBe('/login');
    const page = await client.get('/login');
    expect(page.html).toContain('<html lang="en"');
    expect(page.html).toContain('<title>Sign in – ');
  });

  it('switches language on a form shown again with its mistakes, back to the page the form was on', async () => {
    const client = new BrowserClient(test.baseUrl);
    await client.get('/login');
    const host = new URL(test.baseUrl).host;
    const wrong = await client.post(
      '/login',
      { _csrf: client.lastCsrf, email: '', password: '' },
      { referer: `http://${host}/login?returnTo=%2Fapplications` },
    );
    expect(wrong.status).toBe(400);
    const switchTo = decode(/href="(\/language\?locale=zh-CN[^"]*)"/.exec(wrong.html)![1]);
    expect(switchTo).toBe('/language?locale=zh-CN&returnTo=%2Flogin%3FreturnTo%3D%252Fapplications');
    expect((await client.get(switchTo)).location).toBe('/login?returnTo=%2Fapplications');
    // Without a Referer from this site: the home page, never the POST's address.
    const elsewhere = await client.post(
      '/login',
      { _csrf: client.lastCsrf, email: '', password: '' },
      { referer: 'https://evil.example/login' },
    );
    expect(decode(/href="(\/language\?locale=zh-CN[^"]*)"/.exec(elsewhere.html)![1])).toBe('/language?locale=zh-CN&returnTo=%2F');
  });

  it('shows errors in Chinese to a Chinese reader', async () => {
    const client = new BrowserClient(test.baseUrl, { 'accept-language': 'zh-CN' });
    const page = await client.submit('/login', '/login', { email: '', password: '' });
    expect(errorSummary(page.html)).toEqual(['请输入电子邮箱', '请输入密码']);
  });
});

describe('errors', () => {
  it('shows a friendly 404 page without a stack trace, and JSON under /api', async () => {
    const page = await new BrowserClient(test.baseUrl).get('/no/such/page');
    expect(page.status).toBe(404);
    expect(page.html).toContain('Page not found');
    expect(page.html).not.toMatch(/at \w+ \(/);
    const api = await fetch(`${test.baseUrl}/api/v1/nothing`);
    expect(api.status).toBe(404);
    await expect(api.json()).resolves.toMatchObject({ statusCode: 404 });
  });

  it('refuses deeply nested JSON with 400, not 500', async () => {
    const deep = `{"email":${'['.repeat(12_000)}${']'.repeat(12_000)}}`;
    for (const path of ['/login', '/api/v1/register']) {
      const response = await fetch(`${test.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: deep,
      });
      expect([path, response.status]).toEqual([path, 400]);
    }
  });

  it('ends a session past its absolute limit on the next page, which still works (forms too)', async () => {
    const { client } = await signedIn(test, 'applicant');
    const sid = /^s:([^.]+)\./.exec(decodeURIComponent(client.cookie('portal.sid')!))![1];
    await withClient(test.databaseUrl, (db) =>
      db.query(`UPDATE session SET sess = jsonb_set(sess, '{signedInAt}', to_jsonb($2::bigint)) WHERE sid = $1`, [
        sid,
        Date.now() - 13 * 3_600_000,
      ]),
    );
    const form = await client.get('/verify');
    expect(form.status).toBe(200);
    expect(form.html).toMatch(/_csrf=[0-9a-f]{20,}/);
    expect((await client.get('/applications')).location).toBe('/login?returnTo=%2Fapplications');
    const rows = await withClient(test.databaseUrl, async (db) => (await db.query('SELECT 1 FROM session WHERE sid = $1', [sid])).rowCount);
    expect(rows).toBe(0);
  });

  it('refuses an oversized form with 413, not 500', async () => {
    const client = new BrowserClient(test.baseUrl);
    await client.get('/login');
    const page = await client.post('/login', { _csrf: client.lastCsrf, email: 'x'.repeat(200_000), password: 'x' });
    expect(page.status).toBe(413);
  });
});
