/**
 * Every page of the portal, each in the state that shows all its parts (empty, filled in, with validation
 * errors, returned, decided), signed in as the role that sees it: one catalogue that the markup check
 * (test/e2e/markup.e2e-spec.ts, html-validate) and the accessibility check (test/browser/every-page.browser-spec.ts,
 * axe in Chromium) both walk, so a page added here is checked both ways.
 */
import { PASSWORD, signedIn, uniqueEmail } from './accounts';
import { applicationIdFrom, completeApplication } from './applications';
import { BrowserClient, type Page } from './browser-client';
import { withClient, type TestPortal } from './test-portal';

export type Locale = 'en' | 'zh-CN';
export const LOCALES: Locale[] = ['en', 'zh-CN'];

/** The simple one-form section pages (src/applications/application-sections.ts). */
const SIMPLE_SECTIONS = ['entity-type', 'name', 'domicile', 'capital', 'legal-representative', 'operations', 'contacts'];

export interface World {
  test: TestPortal;
  visitor: BrowserClient;
  applicant: BrowserClient;
  reviewer: BrowserClient;
  admin: BrowserClient;
  adminId: string;
  /** Applications in each state the pages distinguish. */
  blank: string;
  draft: string;
  returned: string;
  waiting: string;
  claimed: string;
  approved: string;
  rejected: string;
  code: string;
  tradeName: string;
  licencePdf: Buffer;
}

export interface PageCheck {
  name: string;
  status: number;
  load(w: World): Promise<Page>;
}

const get =
  (who: 'visitor' | 'applicant' | 'reviewer' | 'admin', path: (w: World) => string) =>
  (w: World): Promise<Page> =>
    w[who].get(path(w));

/** Posts a form as its page would (CSRF token from the page), with the fields given. */
const submit =
  (who: 'visitor' | 'applicant' | 'reviewer' | 'admin', formPath: (w: World) => string, action: (w: World) => string, fields = {}) =>
  (w: World): Promise<Page> =>
    w[who].submit(formPath(w), action(w), fields);

export const PAGES: PageCheck[] = [
  // Public pages
  { name: 'home', status: 200, load: get('visitor', () => '/') },
  { name: 'sign in', status: 200, load: get('visitor', () => '/login') },
  {
    name: 'sign in with errors',
    status: 400,
    load: submit(
      'visitor',
      () => '/login',
      () => '/login',
      { email: '', password: '' },
    ),
  },
  {
    name: 'sign in refused',
    status: 401,
    load: submit(
      'visitor',
      () => '/login',
      () => '/login',
      { email: 'nobody@example.cn', password: 'wrong password 1' },
    ),
  },
  { name: 'sign up', status: 200, load: get('visitor', () => '/signup') },
  {
    name: 'sign up with errors',
    status: 400,
    load: submit(
      'visitor',
      () => '/signup',
      () => '/signup',
      { name: '', email: 'not-an-email', password: 'short' },
    ),
  },
  {
    name: 'sign up done',
    status: 200,
    load: (w) => w.visitor.submit('/signup', '/signup', { name: '王伟', email: uniqueEmail('markup'), password: PASSWORD }),
  },
  { name: 'signed out', status: 200, load: get('visitor', () => '/signed-out') },
  { name: 'accessibility statement', status: 200, load: get('visitor', () => '/accessibility') },
  { name: 'privacy notice', status: 200, load: get('visitor', () => '/privacy') },
  { name: 'contact', status: 200, load: get('visitor', () => '/contact') },
  { name: 'register search', status: 200, load: get('visitor', () => '/register') },
  { name: 'register results', status: 200, load: get('visitor', (w) => `/register?q=${encodeURIComponent(w.tradeName)}`) },
  { name: 'register no results', status: 200, load: get('visitor', () => `/register?q=${encodeURIComponent('无此企业')}`) },
  { name: 'register entry', status: 200, load: get('visitor', (w) => `/register/${w.code}`) },
  { name: 'verify form', status: 200, load: get('visitor', () => '/verify') },
  { name: 'verify form, no code typed', status: 400, load: get('visitor', () => '/verify?code=') },
  { name: 'verify code', status: 200, load: get('visitor', (w) => `/verify/${w.code}`) },
  { name: 'verify invalid code', status: 200, load: get('visitor', () => '/verify/91350100M000100Y44') },
  {
    name: 'verify PDF missing',
    status: 400,
    load: async (w) => {
      await w.visitor.get('/verify');
      return w.visitor.postMultipart('/verify/pdf', new FormData());
    },
  },
  {
    name: 'verify PDF valid',
    status: 200,
    load: async (w) => {
      await w.visitor.get('/verify');
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(w.licencePdf)], { type: 'application/pdf' }), 'licence.pdf');
      return w.visitor.postMultipart('/verify/pdf', form);
    },
  },
  { name: 'credit code check', status: 200, load: get('visitor', () => '/credit-codes/check') },
  { name: 'credit code check empty', status: 200, load: get('visitor', () => '/credit-codes/check?code=') },
  { name: 'credit code check valid', status: 200, load: get('visitor', (w) => `/credit-codes/check?code=${w.code}`) },
  { name: 'credit code check invalid', status: 200, load: get('visitor', () => '/credit-codes/check?code=91350100M000100Y44') },
  { name: 'not found', status: 404, load: get('visitor', () => '/no-such-page') },

  // The applicant's pages
  { name: 'home signed in', status: 200, load: get('applicant', () => '/') },
  { name: 'dashboard', status: 200, load: get('applicant', () => '/applications') },
  // A later page (everything changed before the year 9999) and one past the oldest application.
  {
    name: 'dashboard later page',
    status: 200,
    load: get('applicant', () => '/applications?afterAt=9999-01-01T00%3A00%3A00Z&afterId=00000000-0000-4000-8000-000000000000'),
  },
  {
    name: 'dashboard past the oldest',
    status: 200,
    load: get('applicant', () => '/applications?afterAt=2000-01-01T00%3A00%3A00Z&afterId=00000000-0000-4000-8000-000000000000'),
  },
  { name: 'task list new', status: 200, load: get('applicant', (w) => `/applications/${w.blank}`) },
  { name: 'task list', status: 200, load: get('applicant', (w) => `/applications/${w.draft}`) },
  ...SIMPLE_SECTIONS.flatMap((slug): PageCheck[] => [
    { name: `section ${slug}`, status: 200, load: get('applicant', (w) => `/applications/${w.draft}/${slug}`) },
    { name: `section ${slug} new`, status: 200, load: get('applicant', (w) => `/applications/${w.blank}/${slug}`) },
    {
      name: `section ${slug} with errors`,
      status: 400,
      load: submit(
        'applicant',
        (w) => `/applications/${w.blank}/${slug}`,
        (w) => `/applications/${w.blank}/${slug}`,
      ),
    },
  ]),
  ...['industry', 'shareholders', 'officers', 'documents'].flatMap((slug): PageCheck[] => [
    { name: `section ${slug}`, status: 200, load: get('applicant', (w) => `/applications/${w.draft}/${slug}`) },
    { name: `section ${slug} new`, status: 200, load: get('applicant', (w) => `/applications/${w.blank}/${slug}`) },
  ]),
  {
    name: 'section industry search',
    status: 200,
    load: get('applicant', (w) => `/applications/${w.draft}/industry?q=${encodeURIComponent('软件')}`),
  },
  {
    name: 'section industry with errors',
    status: 400,
    load: submit(
      'applicant',
      (w) => `/applications/${w.draft}/industry`,
      (w) => `/applications/${w.draft}/industry`,
      { classCode: '', scope: '' },
    ),
  },
  {
    name: 'section shareholders with errors',
    status: 400,
    load: submit(
      'applicant',
      (w) => `/applications/${w.draft}/shareholders`,
      (w) => `/applications/${w.draft}/shareholders`,
      { kind: 'natural' },
    ),
  },
  {
    name: 'section officers with errors',
    status: 400,
    load: submit(
      'applicant',
      (w) => `/applications/${w.draft}/officers`,
      (w) => `/applications/${w.draft}/officers`,
    ),
  },
  {
    name: 'section documents with errors',
    status: 400,
    load: async (w) => {
      await w.applicant.get(`/applications/${w.draft}/documents`);
      return w.applicant.postMultipart(`/applications/${w.draft}/documents`, new FormData());
    },
  },
  { name: 'check answers', status: 200, load: get('applicant', (w) => `/applications/${w.draft}/check-answers`) },
  { name: 'check answers incomplete', status: 200, load: get('applicant', (w) => `/applications/${w.blank}/check-answers`) },
  {
    name: 'check answers with errors',
    status: 400,
    load: submit(
      'applicant',
      (w) => `/applications/${w.draft}/check-answers`,
      (w) => `/applications/${w.draft}/submit`,
    ),
  },
  { name: 'task list returned', status: 200, load: get('applicant', (w) => `/applications/${w.returned}`) },
  { name: 'section returned with comment', status: 200, load: get('applicant', (w) => `/applications/${w.returned}/domicile`) },
  { name: 'status submitted', status: 200, load: get('applicant', (w) => `/applications/${w.waiting}`) },
  { name: 'status in review', status: 200, load: get('applicant', (w) => `/applications/${w.claimed}`) },
  { name: 'status approved', status: 200, load: get('applicant', (w) => `/applications/${w.approved}`) },
  { name: 'status rejected', status: 200, load: get('applicant', (w) => `/applications/${w.rejected}`) },
  { name: 'submitted', status: 200, load: get('applicant', (w) => `/applications/${w.waiting}/submitted`) },
  { name: 'withdraw', status: 200, load: get('applicant', (w) => `/applications/${w.waiting}/withdraw`) },
  { name: 'notifications', status: 200, load: get('applicant', () => '/notifications') },
  { name: 'account', status: 200, load: get('applicant', () => '/account') },
  { name: 'licence', status: 200, load: get('applicant', (w) => `/licences/${w.code}`) },
  { name: 'forbidden', status: 403, load: get('applicant', () => '/admin') },
  { name: 'bad request', status: 400, load: get('applicant', () => '/applications/not-an-id') },
  { name: 'application not found', status: 404, load: get('applicant', () => '/applications/00000000-0000-4000-8000-000000000000') },

  // The reviewer's pages
  { name: 'review queue', status: 200, load: get('reviewer', () => '/review') },
  { name: 'review queue filtered', status: 200, load: get('reviewer', () => '/review?status=submitted&sector=trade&assignee=unassigned') },
  { name: 'review mine', status: 200, load: get('reviewer', () => '/review/mine') },
  { name: 'examination unclaimed', status: 200, load: get('reviewer', (w) => `/review/${w.waiting}`) },
  { name: 'examination with return and reject forms', status: 200, load: get('reviewer', (w) => `/review/${w.claimed}`) },
  {
    name: 'examination reject with errors',
    status: 400,
    load: submit(
      'reviewer',
      (w) => `/review/${w.claimed}`,
      (w) => `/review/${w.claimed}/reject`,
      { explanation: '' },
    ),
  },
  { name: 'examination decided', status: 200, load: get('reviewer', (w) => `/review/${w.approved}`) },

  // The administrator's pages
  { name: 'admin dashboard', status: 200, load: get('admin', () => '/admin') },
  { name: 'admin accounts', status: 200, load: get('admin', () => '/admin/accounts') },
  {
    name: 'admin accounts later page',
    status: 200,
    load: get(
      'admin',
      () => '/admin/accounts?role=applicant&afterAt=9999-01-01T00%3A00%3A00Z&afterId=00000000-0000-4000-8000-000000000000',
    ),
  },
  { name: 'admin account', status: 200, load: get('admin', (w) => `/admin/accounts/${w.adminId}`) },
  { name: 'admin new account', status: 200, load: get('admin', () => '/admin/accounts/new') },
  {
    name: 'admin new account with errors',
    status: 400,
    load: submit(
      'admin',
      () => '/admin/accounts/new',
      () => '/admin/accounts',
      { name: '', email: 'x', password: '', role: '' },
    ),
  },
  { name: 'audit log', status: 200, load: get('admin', () => '/admin/audit') },
  {
    name: 'audit log filtered',
    status: 200,
    load: get('admin', (w) => `/admin/audit?subjectType=application&subjectId=${w.approved}`),
  },
  { name: 'exchange', status: 200, load: get('admin', () => '/admin/exchange') },
  { name: 'statistics dashboard', status: 200, load: get('admin', () => '/statistics') },
  { name: 'statistics directory', status: 200, load: get('admin', () => '/statistics/directory') },
  { name: 'examination as admin', status: 200, load: get('admin', (w) => `/review/${w.claimed}`) },
  { name: 'admin account page', status: 200, load: get('admin', () => '/account') },
  // GovStack service catalogue and personal API tokens
  { name: 'admin services', status: 200, load: get('admin', () => '/admin/services') },
  { name: 'admin new service', status: 200, load: get('admin', () => '/admin/services/new') },
  {
    name: 'admin new service with errors',
    status: 400,
    load: submit(
      'admin',
      () => '/admin/services/new',
      () => '/admin/services',
    ),
  },
  {
    name: 'admin edit service',
    status: 200,
    load: async (w) => {
      const list = await w.admin.get('/admin/services');
      const href = /href="(\/admin\/services\/[0-9a-f-]{36})"/.exec(list.html)?.[1];
      if (!href) throw new Error('The service catalogue lists no service to edit');
      return w.admin.get(href);
    },
  },
  { name: 'admin import services', status: 200, load: get('admin', () => '/admin/services/import') },
  {
    name: 'admin import services with errors',
    status: 400,
    load: async (w) => {
      await w.admin.get('/admin/services/import');
      const form = new FormData();
      form.append('json', '{ not json');
      return w.admin.postMultipart('/admin/services/import', form);
    },
  },
  { name: 'new API token', status: 200, load: get('admin', () => '/account/api-tokens/new') },
  {
    name: 'new API token with errors',
    status: 400,
    load: submit(
      'admin',
      () => '/account/api-tokens/new',
      () => '/account/api-tokens',
      { name: '', expiry: '' },
    ),
  },
  {
    name: 'API token created',
    status: 200,
    load: submit(
      'admin',
      () => '/account/api-tokens/new',
      () => '/account/api-tokens',
      { name: 'Markup check', expiry: '90' },
    ),
  },
  { name: 'account with API tokens', status: 200, load: get('admin', () => '/account') },
];

let counter = 0;
/** Trade names the name rules accept and no other application holds. */
function tradeName(): string {
  counter += 1;
  return `标记${String(counter)
    .split('')
    .map((d) => '零一二三四五六七八九'[Number(d)])
    .join('')}`;
}

async function application(applicant: BrowserClient, complete: boolean): Promise<string> {
  await applicant.get('/applications');
  const id = applicationIdFrom((await applicant.post('/applications', { _csrf: applicant.lastCsrf })).location);
  if (complete) await completeApplication(applicant, id, tradeName());
  return id;
}

async function submitted(applicant: BrowserClient): Promise<string> {
  const id = await application(applicant, true);
  await applicant.get(`/applications/${id}/check-answers`);
  const page = await applicant.post(`/applications/${id}/submit`, { _csrf: applicant.lastCsrf, declaration: 'yes' });
  if (page.status !== 303) throw new Error(`submit answered ${page.status}`);
  return id;
}

async function review(reviewer: BrowserClient, id: string, action: string, fields: Record<string, string> = {}): Promise<void> {
  await reviewer.get(`/review/${id}`);
  const page = await reviewer.post(`/review/${id}/${action}`, { _csrf: reviewer.lastCsrf, ...fields });
  if (page.status !== 303) throw new Error(`${action} answered ${page.status}`);
}

export async function switchLanguage(client: BrowserClient, locale: Locale): Promise<void> {
  const page = await client.get(`/language?locale=${locale}&returnTo=%2F`);
  if (page.status !== 303) throw new Error(`the language switch answered ${page.status}`);
}

/** Signs in one person per role and puts applications into every state the pages distinguish. */
export async function buildWorld(test: TestPortal): Promise<World> {
  const { client: applicant } = await signedIn(test, 'applicant');
  const { client: reviewer } = await signedIn(test, 'reviewer');
  const { client: admin, id: adminId } = await signedIn(test, 'admin');

  const blank = await application(applicant, false);
  const draft = await application(applicant, true);
  const waiting = await submitted(applicant);
  const claimed = await submitted(applicant);
  await review(reviewer, claimed, 'claim');
  const returned = await submitted(applicant);
  await review(reviewer, returned, 'claim');
  await review(reviewer, returned, 'return', { comment_domicile: 'Give the room number', comment_capital: 'Match the articles' });
  const rejected = await submitted(applicant);
  await review(reviewer, rejected, 'claim');
  await review(reviewer, rejected, 'reject', { reason: 'other', explanation: 'The business scope needs a licence first.' });
  const approved = await submitted(applicant);
  await review(reviewer, approved, 'claim');
  await review(reviewer, approved, 'approve');
  const { code, name } = await withClient(
    test.databaseUrl,
    async (db) =>
      (
        await db.query<{ code: string; name: string }>('SELECT credit_code AS code, name FROM enterprise WHERE application_id = $1', [
          approved,
        ])
      ).rows[0],
  );
  const pdf = await fetch(`${test.baseUrl}/licences/${code}/pdf`, { headers: { cookie: `portal.sid=${applicant.cookie('portal.sid')}` } });
  if (pdf.status !== 200) throw new Error(`the licence PDF answered ${pdf.status}`);

  return {
    test,
    visitor: new BrowserClient(test.baseUrl),
    applicant,
    reviewer,
    admin,
    adminId,
    blank,
    draft,
    returned,
    waiting,
    claimed,
    approved,
    rejected,
    code,
    tradeName: name,
    licencePdf: Buffer.from(await pdf.arrayBuffer()),
  };
}

/** Every page of the catalogue, fetched in each language (after the real language switch), by "<locale> <name>". */
export async function fetchAllPages(world: World): Promise<Map<string, Page>> {
  const fetched = new Map<string, Page>();
  for (const locale of LOCALES) {
    for (const who of ['visitor', 'applicant', 'reviewer', 'admin'] as const) await switchLanguage(world[who], locale);
    for (const page of PAGES) fetched.set(`${locale} ${page.name}`, await page.load(world));
  }
  return fetched;
}
