/**
 * Hostile input, generated: every form and every public address gets long strings, unicode, NUL bytes,
 * SQL and HTML injection, fields that are arrays or objects (`a=1&a=2`, `a[]=`, `a[b]=`), JSON bodies with
 * the wrong types, random bytes as files. Whatever arrives, the answer is never a 5xx and never a stack
 * trace; input the page shows again is escaped (no tag, attribute or script of the input's making); input
 * that is refused changes nothing; input that is accepted is stored clean. Then the attacks that are not
 * about content: session fixation, a signed-out session replayed, workflow steps skipped, a CSRF token
 * from another session, bodies that are too large.
 *
 * Run counts are bounded so the file stays under a minute; fast-check prints the seed of a failure, and
 * `FC_SEED=… FC_RUNS=…` replay or widen a run.
 */
import fc from 'fast-check';
import { createAccount, PASSWORD, signedIn } from '../support/accounts';
import { JPEG, PDF, PNG } from '../support/applications';
import { BrowserClient, errorSummary, type Page } from '../support/browser-client';
import {
  ApplicationFactory,
  Database,
  formBody,
  injectedMarkup,
  looksLikeStackTrace,
  rawRequest,
  startApplication,
  tradeNames,
  uploadDocument,
  type ApplicationFixture,
} from '../support/security';
import { startTestPortal, type TestPortal } from '../support/test-portal';
import { SYSTEM_ACTOR } from '../../src/audit/audit.service';
import { ApiTokensService } from '../../src/govstack/api-tokens.service';
import { DOCUMENT_KINDS, DOCUMENT_TYPES, ENTITY_TYPE_KEYS, OFFICER_ROLES } from '../../src/applications/domain/answers';
import { DISTRICTS } from '../../src/applications/domain/districts';
import { ROLES } from '../../src/auth/domain/role';
import { REJECTION_REASONS } from '../../src/review/review-decisions.service';
import { GOVSTACK_PREFIX } from '../../src/govstack/govstack-settings';
import { translate } from '../../src/common/i18n/i18n';

const seed = process.env['FC_SEED'] ? Number(process.env['FC_SEED']) : undefined;
const scale = process.env['FC_RUNS'] ? Number(process.env['FC_RUNS']) : 1;
jest.setTimeout(60_000 * Math.max(1, scale));
/**
 * A bounded run; FC_RUNS multiplies it, FC_SEED replays one. `examples` run first, every time: the inputs
 * that once found a bug, so a regression is caught whatever the seed.
 */
const runs = <T>(numRuns: number, examples: T[] = []): fc.Parameters<T> => ({
  numRuns: Math.max(1, Math.round(numRuns * scale)),
  examples,
  // No shrinking: it would repeat a failing request hundreds of times and the file must stay under a
  // minute. The examples above are minimal already; a random failure prints its seed and path to replay.
  endOnFailure: true,
  ...(seed ? { seed } : {}),
});

// ---------------------------------------------------------------------------------------------------------
// What to send
// ---------------------------------------------------------------------------------------------------------

/** Every payload that carries markup carries this inside its tags: found outside an attribute value, it was injected. */
const MARK = 'XSSMARK';

const PAYLOADS = [
  `<script>alert("${MARK}")</script>`,
  `<script id=${MARK}>alert(1)</script>`,
  `"><img src=x onerror=${MARK}>`,
  `'><svg/onload=${MARK}>`,
  `" ${MARK}="`,
  `' ${MARK}='`,
  `</textarea><b ${MARK}>`,
  `</title><i ${MARK}>`,
  `<a href=javascript:${MARK}>x</a>`,
  `{{${MARK}}}{{{${MARK}}}}`,
  `' OR '1'='1`,
  `'; DROP TABLE application; --`,
  `%' OR 1=1 --`,
  `\\'); SELECT pg_sleep(0); --`,
  '\u0000',
  'a\u0000b',
  '%00',
  '\uFEFF\u202E\u200B',
  '𠮷野家😀',
  'e\u0301\u0301\u0301',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '\r\nSet-Cookie: injected=1',
  '__proto__',
  'constructor',
  '[object Object]',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  '９９９',
  '1,000,000.001',
  ' ',
  '',
];

const payload = fc.constantFrom(...PAYLOADS);

/** A hostile value: a known payload, random code points, graphemes, a payload in random text, or a very long run. */
const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: payload },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ unit: 'binary', maxLength: 6 }), payload, fc.string({ unit: 'grapheme-ascii', maxLength: 6 }))
      .map((parts) => parts.join('')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', '中', '<', '\u0000', 'é', '%'), fc.integer({ min: 50, max: 6000 }))
      .map(([unit, count]) => unit.repeat(count)),
  },
);

/** A field's value: often one the field accepts (so the request gets past validation), otherwise hostile. */
const valueFor = (valid: readonly string[]): fc.Arbitrary<string> =>
  valid.length ? fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...valid) }, { weight: 2, arbitrary: hostile }) : hostile;

/** How a field travels: as itself, left out, repeated (an array), under a bracketed key (an object), or (JSON) a wrong type. */
type Shape =
  | { kind: 'plain'; value: string }
  | { kind: 'omit' }
  | { kind: 'repeat'; values: string[] }
  | { kind: 'bracket'; suffix: string; value: string }
  | { kind: 'typed'; value: unknown };

const shapeOf = (value: fc.Arbitrary<string>): fc.Arbitrary<Shape> =>
  fc.oneof(
    { weight: 8, arbitrary: value.map((v): Shape => ({ kind: 'plain', value: v })) },
    { weight: 1, arbitrary: fc.constant<Shape>({ kind: 'omit' }) },
    { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }).map((values): Shape => ({ kind: 'repeat', values })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('[]', '[a]', '[__proto__]', '[constructor][prototype]', '[0]', '[b][c]'), value)
        .map(([suffix, v]): Shape => ({ kind: 'bracket', suffix, value: v })),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.integer(),
          fc.double(),
          fc.boolean(),
          fc.constant(null),
          fc.array(fc.string(), { maxLength: 3 }),
          fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', 'toString'), fc.string(), { maxKeys: 2 }),
        )
        .map((v): Shape => ({ kind: 'typed', value: v })),
    },
  );

interface Form {
  fields: Record<string, Shape>;
  extras: [string, string][];
  json: boolean;
}

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'a[b][c]', '', 'id', 'status', 'version'];

/** A form with these fields (name → values it accepts), random extra fields, sent urlencoded or as JSON. */
const formOf = (fields: Record<string, readonly string[]>): fc.Arbitrary<Form> =>
  fc.record({
    fields: fc.record(Object.fromEntries(Object.entries(fields).map(([name, valid]) => [name, shapeOf(valueFor(valid))]))),
    extras: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...EXTRA_KEYS), hostile), hostile), { maxLength: 2 }),
    json: fc.boolean(),
  });

function encode(form: Form, csrf: string): { body: string; headers: Record<string, string> } {
  if (form.json) {
    const object: Record<string, unknown> = { _csrf: csrf };
    for (const [name, shape] of Object.entries(form.fields)) {
      if (shape.kind === 'plain') object[name] = shape.value;
      else if (shape.kind === 'repeat') object[name] = shape.values;
      else if (shape.kind === 'bracket')
        object[name] = shape.suffix === '[]' ? [shape.value] : { [shape.suffix.slice(1, -1)]: shape.value };
      else if (shape.kind === 'typed') object[name] = shape.value;
    }
    // Extras go in with defineProperty so "__proto__" is an own key, as JSON.parse makes it on the server.
    for (const [key, value] of form.extras)
      if (key !== '_csrf') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    return { body: JSON.stringify(object), headers: { 'content-type': 'application/json' } };
  }
  const pairs: [string, string][] = [['_csrf', csrf]];
  for (const [name, shape] of Object.entries(form.fields)) {
    if (shape.kind === 'plain') pairs.push([name, shape.value]);
    else if (shape.kind === 'repeat') for (const v of shape.values) pairs.push([name, v]);
    else if (shape.kind === 'bracket') pairs.push([`${name}${shape.suffix}`, shape.value]);
    else if (shape.kind === 'typed') pairs.push([name, JSON.stringify(shape.value) ?? '']);
  }
  for (const [key, value] of form.extras) if (key !== '_csrf') pairs.push([key, value]);
  return { body: formBody(pairs), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

async function postForm(client: BrowserClient, path: string, form: Form, csrf: string): Promise<Page> {
  const { body, headers } = encode(form, csrf);
  return rawRequest(client, 'POST', path, { body, headers });
}

/** For the examples every run tries first: a field as typed, and a form of such fields. */
const plain = (value: string): Shape => ({ kind: 'plain', value });
const typed = (value: unknown): Shape => ({ kind: 'typed', value });
const formWith = (fields: Record<string, Shape>, json = false): Form => ({ fields, extras: [], json });

// ---------------------------------------------------------------------------------------------------------
// What must hold
// ---------------------------------------------------------------------------------------------------------

/** Problems with a response: a 5xx, a stack trace, markup of the input's making. */
function problemsOf(page: Page): string[] {
  const problems: string[] = [];
  if (page.status >= 500) problems.push(`status ${page.status}`);
  if (looksLikeStackTrace(page.html)) problems.push(`a stack trace: ${page.html.slice(0, 300)}`);
  if ((page.headers.get('content-type') ?? '').includes('text/html')) {
    const injected = injectedMarkup(page.html, MARK);
    if (injected.length) problems.push(`markup from the input: ${injected.slice(0, 3).join(' ')}`);
    // A refusal answered before the pipeline set the page's language and the layout's values (the NUL
    // check) came out with an empty lang and "Version {version}" in the footer.
    if (page.html.startsWith('<!DOCTYPE html>')) {
      if (!/<html lang="(en|zh-CN)"/.test(page.html)) problems.push('a page without its language');
      if (/class="app-footer__version">[^<]*\{/.test(page.html)) problems.push('a layout without its values');
    }
  }
  return problems;
}

function expectSafe(page: Page, what: string): void {
  expect({ what, problems: problemsOf(page) }).toEqual({ what, problems: [] });
}

/** JSON under /api, whatever happened (Node itself answers 431 without a body to a request line that is too long). */
function expectJson(page: Page, what: string): void {
  expectSafe(page, what);
  if (page.status === 431 || page.status === 414) return;
  expect({ what, type: page.headers.get('content-type') ?? '' }).toEqual({
    what,
    type: expect.stringContaining('application/json') as string,
  });
  expect(() => JSON.parse(page.html) as unknown).not.toThrow();
}

/** C0 and C1 control characters, NUL among them (tab, line feed and carriage return allowed unless `strict`). */
function hasControl(text: string, strict = false): boolean {
  return [...text].some((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    if (!strict && (code === 0x09 || code === 0x0a || code === 0x0d)) return false;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

/** Every string inside a stored value that contains a control character, with its path. */
function dirtyStrings(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return hasControl(value) ? [`${path || '.'}=${JSON.stringify(value)}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => dirtyStrings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => dirtyStrings(v, `${path}.${k}`));
  return [];
}

const seg = (text: string): string => encodeURIComponent(text);

// ---------------------------------------------------------------------------------------------------------
// The portal and the people in it
// ---------------------------------------------------------------------------------------------------------

let test: TestPortal;
let db: Database;
let applicant: BrowserClient;
let reviewer: BrowserClient;
let applicantId: string;
let applicantEmail: string;
let reviewerEmail: string;
let adminEmail: string;
let reviewerId: string;
let admin: BrowserClient;
let draft: ApplicationFixture;
let inReview: ApplicationFixture;
let approved: ApplicationFixture;
let factory: ApplicationFactory;
let loginTarget: string;

beforeAll(async () => {
  test = await startTestPortal({ LOGIN_ATTEMPTS_PER_MINUTE: '10000', LOGIN_MAX_FAILURES: '100' });
  db = await Database.connect(test.databaseUrl);
  const [a, r, ad] = await Promise.all([signedIn(test, 'applicant'), signedIn(test, 'reviewer'), signedIn(test, 'admin')]);
  applicant = a.client;
  applicantId = a.id;
  applicantEmail = a.email;
  reviewerEmail = r.email;
  adminEmail = ad.email;
  reviewer = r.client;
  reviewerId = r.id;
  admin = ad.client;
  loginTarget = (await createAccount(test, 'applicant')).email;
  factory = new ApplicationFactory(test.baseUrl, db, a.email, r.email, tradeNames('恶意'));
  [draft, inReview, approved] = await Promise.all([factory.create('draft'), factory.create('inReview'), factory.create('approved')]);
}, 60_000);

afterAll(async () => {
  await db?.close();
  await test?.close();
});

// ---------------------------------------------------------------------------------------------------------
// Forms
// ---------------------------------------------------------------------------------------------------------

const person = (prefix: string) => ({ [`${prefix}Name`]: ['张敏'], [`${prefix}Phone`]: ['0411-88888888', '13812345678'] });

/** Each section page of the application and the values its fields accept. */
const SECTIONS: Record<string, Record<string, readonly string[]>> = {
  'entity-type': { entityType: ENTITY_TYPE_KEYS },
  name: {
    division: ['大连', '大连市'],
    tradeName: ['海韵', '星河'],
    industryPhrase: ['贸易', '科技'],
    organisationalForm: ['有限公司', '有限责任公司'],
  },
  domicile: { district: DISTRICTS.map((d) => d.code), address: ['保税区海天路8号3号楼201室'] },
  industry: { classCode: ['F5176', 'I6510'], scope: ['计算机、软件及辅助设备批发；技术服务。'] },
  capital: { amount: ['1,000,000', '5', '0.01'] },
  'legal-representative': {
    name: ['王伟'],
    documentType: DOCUMENT_TYPES,
    documentNumber: ['11010519491231002X', 'E12345678'],
    phone: ['13812345678'],
  },
  shareholders: {
    kind: ['natural', 'corporate'],
    name: ['王伟'],
    documentType: DOCUMENT_TYPES,
    documentNumber: ['11010519491231002X', 'E12345678'],
    creditCode: ['91350100M000100Y43'],
    contribution: ['1,000'],
  },
  officers: { role: OFFICER_ROLES, name: ['李娜'], documentType: DOCUMENT_TYPES, documentNumber: ['11010519491231002X', 'E12345678'] },
  operations: { employees: ['8', '0'], revenue: ['3,000,000'], assets: ['1,200,000'] },
  contacts: { ...person('financialOfficer'), ...person('taxContact'), ...person('socialInsuranceContact'), ...person('statisticsContact') },
};

describe('the checks themselves', () => {
  it('see injected markup and stack traces, and pass escaped input and the portal’s own pages', async () => {
    expect(injectedMarkup(`<p>x<b ${MARK}>y</b></p>`, MARK)).not.toEqual([]);
    expect(injectedMarkup(`<input value="" ${MARK}="">`, MARK)).not.toEqual([]);
    expect(injectedMarkup('<script>alert(1)</script>', MARK)).not.toEqual([]);
    expect(injectedMarkup('<img src=x onerror=alert(1)>', MARK)).not.toEqual([]);
    expect(injectedMarkup(`<input value="&quot;&gt;&lt;svg onload=${MARK}&gt;"><p>&lt;b ${MARK}&gt;</p>`, MARK)).toEqual([]);
    expect(looksLikeStackTrace('TypeError: x\n    at Object.<anonymous> (/work/main/src/a.ts:1:2)')).toBe(true);
    for (const path of ['/', '/login', '/signup', `/applications/${draft.id}`, `/applications/${draft.id}/check-answers`]) {
      const page = await applicant.get(path);
      expect({ path, problems: problemsOf(page) }).toEqual({ path, problems: [] });
    }
  });
});

describe('generated input to the forms', () => {
  it('every application section: no 5xx, escaped when shown again, unchanged when refused, clean when saved', async () => {
    const section = fc.constantFrom(...Object.keys(SECTIONS)).chain((name) => fc.tuple(fc.constant(name), formOf(SECTIONS[name])));
    await fc.assert(
      fc.asyncProperty(section, async ([name, form]) => {
        const path = `/applications/${draft.id}/${name}`;
        const page = await applicant.get(path);
        expectSafe(page, `GET ${path}`);
        const before = await db.application(draft.id);
        const answer = await postForm(applicant, path, form, applicant.lastCsrf);
        expectSafe(answer, `POST ${path}`);
        const after = await db.application(draft.id);
        if (answer.status >= 400) {
          expect({ refused: answer.status, row: after }).toEqual({ refused: answer.status, row: before });
        } else {
          expect({ saved: answer.status, version: after.version }).toEqual({ saved: 303, version: before.version + 1 });
          expect(dirtyStrings(after.answers)).toEqual([]);
          for (const shown of [path, `/applications/${draft.id}/check-answers`, `/applications/${draft.id}`]) {
            expectSafe(await applicant.get(shown), `GET ${shown} after saving`);
          }
        }
      }),
      runs<[[string, Form]]>(120, [
        [['domicile', formWith({ district: plain('210242'), address: plain('a\u0000b') })]],
        [
          [
            'legal-representative',
            formWith({
              name: plain('a\u0007b'),
              documentType: plain('passport'),
              documentNumber: plain('E1'),
              phone: plain('13812345678'),
            }),
          ],
        ],
        [
          [
            'officers',
            formWith(
              { role: plain('manager'), name: plain('X'), documentType: typed({ constructor: ' ' }), documentNumber: plain('E1') },
              true,
            ),
          ],
        ],
        [['industry', formWith({ scope: plain('x') })]],
        [['industry', formWith({ classCode: { kind: 'bracket', suffix: '[]', value: 'F5176' }, scope: plain('x') })]],
      ]),
    );
  });

  it('document uploads with random bytes, names and kinds: no 5xx, nothing stored when refused, a safe name when stored', async () => {
    const magic = fc.constantFrom(
      new Uint8Array(0),
      new Uint8Array(PDF.subarray(0, 8)),
      new Uint8Array(PNG.subarray(0, 8)),
      new Uint8Array(JPEG.subarray(0, 3)),
    );
    const upload = fc.record({
      prefix: magic,
      bytes: fc.uint8Array({ maxLength: 4096 }),
      fileName: fc.oneof(
        hostile,
        fc.constantFrom('../../etc/passwd.pdf', 'C:\\evil\\a.pdf', 'a"b<c>.pdf', '.htaccess', 'CON.pdf', '\u202Efdp.exe'),
      ),
      kind: valueFor(DOCUMENT_KINDS),
      type: fc.constantFrom('application/pdf', 'image/png', 'text/html', 'application/x-msdownload', ''),
    });
    await fc.assert(
      fc.asyncProperty(upload, async ({ prefix, bytes, fileName, kind, type }) => {
        const count = async () =>
          (await db.query<{ n: string }>('SELECT count(*) AS n FROM application_document WHERE application_id = $1', [draft.id]))[0].n;
        const before = await count();
        const content = new Uint8Array(prefix.length + bytes.length);
        content.set(prefix);
        content.set(bytes, prefix.length);
        const page = await uploadDocument(applicant, draft.id, { kind, content, fileName, type });
        expectSafe(page, 'POST documents');
        if (page.status >= 400) {
          expect(await count()).toBe(before);
          return;
        }
        expect(page.status).toBe(303);
        const [stored] = await db.query<{ file_name: string; content_type: string; size_bytes: number }>(
          'SELECT file_name, content_type, size_bytes FROM application_document WHERE application_id = $1 ORDER BY uploaded_at DESC LIMIT 1',
          [draft.id],
        );
        expect({ name: stored.file_name, unsafe: /[/\\"<>:|?*]/.test(stored.file_name) || hasControl(stored.file_name, true) }).toEqual({
          name: stored.file_name,
          unsafe: false,
        });
        expect([...stored.file_name].length).toBeLessThanOrEqual(120);
        expect(['application/pdf', 'image/png', 'image/jpeg']).toContain(stored.content_type);
        expect(stored.size_bytes).toBe(content.length);
        expectSafe(await applicant.get(`/applications/${draft.id}/documents`), 'GET documents after upload');
      }),
      runs(40),
    );
  });

  it('review decisions with random comment fields: no 5xx, unchanged when refused, escaped wherever the comment is shown', async () => {
    const sectionKeys = ['entityType', 'name', 'domicile', 'industry', 'capital', 'legalRepresentative', 'shareholders', 'officers'];
    const returnForm = fc.record({
      fields: fc.dictionary(
        fc.oneof(
          fc.constantFrom(...sectionKeys).map((k) => `comment_${k}`),
          hostile.map((k) => `comment_${k}`),
        ),
        shapeOf(hostile),
        { maxKeys: 4 },
      ),
      extras: fc.constant<[string, string][]>([]),
      json: fc.boolean(),
    });
    const rejectForm = formOf({ reason: REJECTION_REASONS, explanation: [] });
    const decision = fc.oneof(
      returnForm.map((form) => ['return', form] as const),
      rejectForm.map((form) => ['reject', form] as const),
    );
    await fc.assert(
      fc.asyncProperty(decision, async ([action, form]) => {
        const id = inReview.id;
        const page = await reviewer.get(`/review/${id}`);
        expectSafe(page, 'GET examine');
        const before = await db.application(id);
        const answer = await postForm(reviewer, `/review/${id}/${action}`, form, reviewer.lastCsrf);
        expectSafe(answer, `POST ${action}`);
        const after = await db.application(id);
        if (answer.status >= 400) {
          expect({ refused: answer.status, row: after }).toEqual({ refused: answer.status, row: before });
          return;
        }
        expect(after.status).toBe(action === 'return' ? 'returned' : 'rejected');
        expect(dirtyStrings(after.review_comments)).toEqual([]);
        const history = await db.query<{ comment: string | null }>(
          'SELECT comment FROM application_history WHERE application_id = $1 ORDER BY id DESC LIMIT 1',
          [id],
        );
        expect(dirtyStrings(history)).toEqual([]);
        expectSafe(await applicant.get(`/applications/${id}`), 'the applicant reads the decision');
        if (action === 'return') expectSafe(await applicant.get(`/applications/${id}/capital`), 'the applicant reads a field comment');
        // Back into review (the tests may tamper): the next run decides on the same application.
        await db.query(
          `UPDATE application SET status = 'in_review', assigned_reviewer_id = $2, review_comments = '[]', decided_at = NULL WHERE id = $1`,
          [id, reviewerId],
        );
        expectSafe(await reviewer.get(`/review/${id}`), 'the examination page shows the history');
      }),
      runs<[readonly ['return' | 'reject', Form]]>(40, [
        [['return', formWith({ comment_capital: plain('a\u0000b') })]],
        [['reject', formWith({ reason: plain('other'), explanation: plain('a\u0007b') })]],
        [['reject', formWith({ reason: typed({ constructor: 1 }) }, true)]],
      ]),
    );
  });

  it('sign-up: no 5xx, escaped, no account from a refused form, clean accounts from accepted ones', async () => {
    const form = formOf({ name: ['Li Na', '王伟'], email: [], password: [PASSWORD, 'another long passphrase'] });
    const email = fc.oneof(
      fc.nat().map((n) => `signup.${n}.${Date.now()}@example.cn`),
      hostile,
      hostile.map((h) => `${h}@example.cn`),
    );
    await fc.assert(
      fc.asyncProperty(form, email, async (generated, address) => {
        await db.forgetRateLimits();
        const withEmail: Form = generated.fields['email']
          ? generated
          : { ...generated, fields: { ...generated.fields, email: { kind: 'plain', value: address } } };
        const client = new BrowserClient(test.baseUrl);
        await client.get('/signup');
        const count = async () => (await db.query<{ n: string }>('SELECT count(*) AS n FROM user_account'))[0].n;
        const before = await count();
        const page = await postForm(client, '/signup', withEmail, client.lastCsrf);
        expectSafe(page, 'POST /signup');
        if (page.status !== 200) expect(await count()).toBe(before);
        const accounts = await db.query<{ name: string; email: string }>(
          `SELECT name, email FROM user_account WHERE role = 'applicant' AND created_at > now() - interval '1 minute'`,
        );
        expect(dirtyStrings(accounts)).toEqual([]);
      }),
      runs<[Form, string]>(40, [
        [formWith({ name: plain('a\u0000b'), password: plain(PASSWORD) }), 'nul.name@example.cn'],
        [formWith({ name: plain('a\u0007b'), password: plain(PASSWORD) }), 'bell.name@example.cn'],
        [formWith({ name: plain('n'), email: plain('json.name@example.cn'), password: typed({ constructor: 1 }) }, true), ''],
      ]),
    );
  });

  it('sign-in: no 5xx, escaped, and a successful sign-in only ever goes to a local page', async () => {
    const form = fc.record({
      email: valueFor([loginTarget]),
      password: valueFor([PASSWORD, 'wrong password entirely']),
      returnTo: fc.oneof(
        hostile,
        fc.constantFrom('//evil.example/', '/\\evil.example', 'https://evil.example/', '/%0d%0aSet-Cookie:x=1', '/applications'),
      ),
      json: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(form, async ({ email, password, returnTo, json }) => {
        await db.query(`UPDATE user_account SET failed_login_count = 0, locked_until = NULL WHERE email = $1`, [loginTarget]);
        const client = new BrowserClient(test.baseUrl);
        await client.get('/login');
        const fields = {
          email: { kind: 'plain', value: email },
          password: { kind: 'plain', value: password },
          returnTo: { kind: 'plain', value: returnTo },
        } as const;
        const page = await postForm(client, '/login', { fields, extras: [], json }, client.lastCsrf);
        expectSafe(page, 'POST /login');
        if (page.status === 303) {
          expect(page.location).toMatch(/^\/(?![/\\])/);
          expect(page.location).not.toMatch(/[\r\n]/);
        }
      }),
      runs<[{ email: string; password: string; returnTo: string; json: boolean }]>(40, [
        [{ email: 'a@example.cn', password: 'x\u0000', returnTo: '/', json: false }],
      ]),
    );
  });

  it('administrators creating staff accounts: no 5xx, escaped, nothing from a refused form, clean accounts', async () => {
    const form = formOf({ name: ['Zhao Min'], email: [], role: ROLES, password: [PASSWORD] });
    const email = fc.oneof(
      fc.nat().map((n) => `staff.${n}.${Date.now()}@example.cn`),
      hostile,
    );
    await fc.assert(
      fc.asyncProperty(form, email, async (generated, address) => {
        const withEmail: Form = generated.fields['email']
          ? generated
          : { ...generated, fields: { ...generated.fields, email: { kind: 'plain', value: address } } };
        await admin.get('/admin/accounts/new');
        const count = async () => (await db.query<{ n: string }>('SELECT count(*) AS n FROM user_account'))[0].n;
        const before = await count();
        const page = await postForm(admin, '/admin/accounts', withEmail, admin.lastCsrf);
        expectSafe(page, 'POST /admin/accounts');
        if (page.status >= 400) expect(await count()).toBe(before);
        else {
          expect(dirtyStrings(await db.query(`SELECT name, email FROM user_account ORDER BY created_at DESC LIMIT 1`))).toEqual([]);
          expectSafe(await admin.get('/admin/accounts'), 'GET /admin/accounts after creating');
        }
      }),
      runs<[Form, string]>(30, [
        [formWith({ name: plain('a\u0000b'), role: plain('reviewer'), password: plain(PASSWORD) }), 'nul.staff@example.cn'],
        [
          formWith(
            { name: plain('Zhao'), email: plain('json.staff@example.cn'), role: typed({ constructor: ' ' }), password: plain(PASSWORD) },
            true,
          ),
          '',
        ],
      ]),
    );
  });
});

describe('a JSON body whose field is an object with its own "constructor" key', () => {
  const forms: [string, 'anonymous' | 'applicant' | 'admin', string, Record<string, string>][] = [
    ['/login', 'anonymous', '/login', { email: 'a@example.cn', password: 'x' }],
    ['/signup', 'anonymous', '/signup', { name: 'n', email: 'json.ctor@example.cn', password: PASSWORD }],
    [
      '/admin/accounts',
      'admin',
      '/admin/accounts/new',
      { name: 'n', email: 'json.ctor.staff@example.cn', role: 'reviewer', password: PASSWORD },
    ],
    ...Object.entries(SECTIONS).map(([name, fields]): [string, 'applicant', string, Record<string, string>] => [
      `/applications/:draft/${name}`,
      'applicant',
      `/applications/:draft/${name}`,
      Object.fromEntries(Object.entries(fields).map(([field, valid]) => [field, valid[0] ?? 'x'])),
    ]),
  ];
  it.each(forms)('POST %s answers below 500 and changes nothing', async (action, who, page, fields) => {
    const client = who === 'admin' ? admin : who === 'applicant' ? applicant : new BrowserClient(test.baseUrl);
    await db.forgetRateLimits();
    await client.get(page.replace(':draft', draft.id));
    const problems: string[] = [];
    for (const field of [...Object.keys(fields), 'returnTo']) {
      const before = await db.fingerprint();
      const body = JSON.stringify({ _csrf: client.lastCsrf, ...fields, [field]: { constructor: ' ' } });
      const answer = await rawRequest(client, 'POST', action.replace(':draft', draft.id), {
        body,
        headers: { 'content-type': 'application/json' },
      });
      if (answer.status >= 500) problems.push(`${field}: ${answer.status}`);
      if (answer.status >= 400 && JSON.stringify(await db.fingerprint()) !== JSON.stringify(before))
        problems.push(`${field}: changed the database`);
    }
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Query strings and addresses
// ---------------------------------------------------------------------------------------------------------

/** A query string with these keys (and random ones), values hostile, keys repeated or bracketed. */
const queryOf = (keys: readonly string[]): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: hostile }),
        fc.constantFrom('', '', '', '[]', '[a]', '[__proto__]'),
        hostile,
      ),
      { maxLength: 5 },
    )
    .map((pairs) => formBody(pairs.map(([key, suffix, value]) => [`${key}${suffix}`, value])));

describe('generated query strings and addresses', () => {
  it('audit log filters and the other filtered lists: no 5xx, escaped', async () => {
    type Target = { who: string; path: string; keys: string[] };
    const pages = fc.constantFrom<Target>(
      { who: 'admin', path: '/admin/audit', keys: ['actor', 'action', 'subjectType', 'subjectId', 'from', 'to', 'q', 'before', 'after'] },
      { who: 'admin', path: '/admin/audit/export.csv', keys: ['actor', 'action', 'subjectType', 'subjectId', 'from', 'to', 'q'] },
      { who: 'admin', path: '/admin/accounts', keys: ['role', 'q', 'afterAt', 'afterId'] },
      { who: 'admin', path: '/admin/accounts/:self', keys: ['before'] },
      { who: 'reviewer', path: '/review', keys: ['status', 'sector', 'district', 'assignee', 'afterAt', 'afterId'] },
      { who: 'reviewer', path: '/review/mine', keys: ['status', 'afterAt', 'afterId'] },
      { who: 'reviewer', path: '/statistics', keys: ['asOf'] },
      { who: 'reviewer', path: '/statistics/summary.csv', keys: ['asOf'] },
      { who: 'reviewer', path: '/statistics/directory', keys: ['sector', 'size', 'district', 'from', 'to', 'q', 'afterAt', 'afterId'] },
      { who: 'reviewer', path: '/statistics/directory.csv', keys: ['sector', 'size', 'district', 'from', 'to', 'q'] },
      { who: 'applicant', path: '/applications', keys: ['afterAt', 'afterId'] },
      { who: 'applicant', path: '/applications/:draft/industry', keys: ['q'] },
      { who: 'applicant', path: '/applications/:draft/capital', keys: ['return'] },
    );
    await fc.assert(
      fc.asyncProperty(
        pages.chain((target) => fc.tuple(fc.constant(target), queryOf(target.keys))),
        async ([target, query]) => {
          const client = target.who === 'admin' ? admin : target.who === 'reviewer' ? reviewer : applicant;
          const path = target.path.replace(':self', reviewerId).replace(':draft', draft.id);
          const page = await rawRequest(client, 'GET', `${path}?${query}`, { timeoutMs: 5_000 });
          expectSafe(page, `GET ${path}?${query}`);
        },
      ),
      runs<[[Target, string]]>(60, [
        [[{ who: 'admin', path: '/admin/accounts', keys: ['q'] }, 'q=&q=']],
        [[{ who: 'reviewer', path: '/review', keys: ['assignee'] }, `assignee=${'a'.repeat(36)}`]],
        [[{ who: 'reviewer', path: '/review', keys: ['assignee'] }, `assignee=${'-'.repeat(36)}`]],
        [[{ who: 'admin', path: '/admin/accounts', keys: ['q'] }, 'q=%00']],
        [[{ who: 'admin', path: '/admin/audit', keys: ['q'] }, 'q=a%00b']],
        [[{ who: 'admin', path: '/admin/audit/export.csv', keys: ['q'] }, 'q=a%00b']],
        [[{ who: 'reviewer', path: '/statistics/directory', keys: ['q'] }, 'q=a%00b']],
        [[{ who: 'reviewer', path: '/statistics/directory.csv', keys: ['q'] }, 'q=a%00b']],
      ]),
    );
  });

  it('register search, the code check and verification by code: no 5xx, escaped; the JSON API always answers JSON', async () => {
    const visitor = new BrowserClient(test.baseUrl);
    const request = fc.oneof(
      queryOf(['q', 'page']).map((q) => ({ path: `/register?${q}`, api: false })),
      queryOf(['q', 'page', 'pageSize']).map((q) => ({ path: `/api/v1/register?${q}`, api: true })),
      queryOf(['code']).map((q) => ({ path: `/credit-codes/check?${q}`, api: false })),
      hostile.map((s) => ({ path: `/verify/${seg(s)}`, api: false })),
      hostile.map((s) => ({ path: `/verify/${seg(s)}/qr.svg`, api: false })),
      hostile.map((s) => ({ path: `/register/${seg(s)}`, api: false })),
      hostile.map((s) => ({ path: `/api/v1/credit-codes/${seg(s)}`, api: true })),
      hostile.map((s) => ({ path: `/api/v1/licences/${seg(s)}`, api: true })),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ path, api }) => {
        await db.forgetRateLimits();
        const page = await rawRequest(visitor, 'GET', path, { timeoutMs: 5_000 });
        if (api) expectJson(page, `GET ${path}`);
        else expectSafe(page, `GET ${path}`);
      }),
      runs<[{ path: string; api: boolean }]>(80, [
        [{ path: '/register?q=a%00b', api: false }],
        [{ path: '/register/a%00b', api: false }],
        [{ path: '/api/v1/register?q=a%00b', api: true }],
        [{ path: '/api/v1/register?q=a&pageSize=1.5', api: true }],
        [{ path: `/verify/${seg(`A${'😀'.repeat(9)}`)}/qr.svg`, api: false }],
      ]),
    );
  });

  it('licence pages by code, signed in: no 5xx, escaped', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom('', '/pdf'), async (code, suffix) => {
        const page = await rawRequest(applicant, 'GET', `/licences/${seg(code)}${suffix}`, { timeoutMs: 5_000 });
        expectSafe(page, `GET /licences/…${suffix}`);
      }),
      runs<[string, string]>(20, [
        ['a\u0000b', ''],
        ['a\u0000b', '/pdf'],
      ]),
    );
    expect((await applicant.get(`/licences/${approved.code!}`)).status).toBe(200);
  });

  it('the verification of an uploaded PDF: random bytes and names never make a 5xx', async () => {
    const visitor = new BrowserClient(test.baseUrl);
    const upload = fc.record({
      pdfHeader: fc.boolean(),
      bytes: fc.uint8Array({ maxLength: 4096 }),
      fileName: hostile,
      field: fc.constantFrom('file', 'file', 'other', 'file[]'),
    });
    await fc.assert(
      fc.asyncProperty(upload, async ({ pdfHeader, bytes, fileName, field }) => {
        await db.forgetRateLimits();
        await visitor.get('/verify');
        const form = new FormData();
        const content = pdfHeader ? new Uint8Array([...new Uint8Array(PDF.subarray(0, 9)), ...bytes]) : bytes;
        form.append(field, new Blob([content], { type: 'application/pdf' }), fileName);
        expectSafe(await visitor.postMultipart('/verify/pdf', form), 'POST /verify/pdf');
      }),
      runs(30),
    );
  });

  it('/api/v1: random paths, methods, queries, tokens and JSON bodies always answer JSON below 500', async () => {
    const token = fc.oneof(
      fc.constant(undefined),
      fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((t) => `Bearer ${t}`),
    );
    const body = fc.oneof(
      fc.constant(undefined),
      fc.anything({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
      fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
    );
    const request = fc.record({
      method: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      path: fc.oneof(
        fc.array(hostile, { minLength: 1, maxLength: 4 }).map((parts) => `/api/v1/${parts.map(seg).join('/')}`),
        hostile.map((d) => `/api/v1/exchange/${seg(d)}/events`),
        fc.constantFrom('/api/v1/exchange/tax/events', '/api/v1/register', '/api/v1/credit-codes', '/api/openapi.json'),
      ),
      query: queryOf(['after', 'limit', 'q', 'page', 'pageSize', 'code']),
      token,
      body,
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, query, token: authorization, body: text }) => {
        await db.forgetRateLimits();
        const response = await fetch(`${test.baseUrl}${path}?${query}`, {
          method,
          redirect: 'manual',
          headers: {
            ...(authorization ? { authorization } : {}),
            ...(text !== undefined && method !== 'GET' ? { 'content-type': 'application/json' } : {}),
          },
          ...(text !== undefined && method !== 'GET' ? { body: text } : {}),
        });
        const page: Page = { status: response.status, html: await response.text(), location: null, headers: response.headers };
        expectJson(page, `${method} ${path}`);
      }),
      runs(80),
    );
  });

  it('the GovStack API: random JSON bodies, queries and ids answer JSON below 500; a refused change changes nothing', async () => {
    const GS = GOVSTACK_PREFIX;
    const tokens = test.portal.app.get(ApiTokensService);
    const applicantToken = (await tokens.create(SYSTEM_ACTOR, applicantEmail, 'hostile')).token;
    const reviewerToken = (await tokens.create(SYSTEM_ACTOR, reviewerEmail, 'hostile')).token;
    const adminToken = (await tokens.create(SYSTEM_ACTOR, adminEmail, 'hostile')).token;
    const [service] = (await (
      await fetch(`${test.baseUrl}${GS}/services`, { headers: { authorization: `Bearer ${adminToken}` } })
    ).json()) as { id: string }[];
    const scalar = fc.oneof(hostile, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const fieldNames = fc.constantFrom(
      'amount',
      'name',
      'address',
      'district',
      'classCode',
      'scope',
      'documentType',
      'documentNumber',
      'phone',
      'kind',
      'contribution',
      'role',
      'employees',
      '__proto__',
      'constructor',
    );
    const nested = fc.dictionary(fc.constantFrom('constructor', '__proto__', 'a'), scalar, { maxKeys: 2 });
    const section = fc.dictionary(fieldNames, fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), nested), { maxKeys: 4 });
    const data = fc.dictionary(
      fc.constantFrom(
        'entityType',
        'name',
        'domicile',
        'industry',
        'capital',
        'legalRepresentative',
        'shareholders',
        'officers',
        'operations',
        'contacts',
        'declaration',
        'x',
      ),
      fc.oneof(section, fc.array(section, { maxLength: 2 }), scalar),
      { maxKeys: 4 },
    );
    const body = fc.oneof(
      data.map((d) => ({ applicantId: ':me', formData: { data: d } })),
      fc.record({
        data: fc.dictionary(fc.constantFrom('decision', 'comments', 'reason', 'explanation', 'declaration'), fc.oneof(scalar, section), {
          maxKeys: 4,
        }),
      }),
      fc.anything({ maxDepth: 3 }),
    );
    const request = fc.record({
      route: fc.constantFrom('create', 'update', 'complete', 'list', 'tasks', 'service', 'adminCreate', 'adminUpdate', 'adminImport'),
      body,
      id: fc.oneof(fc.constant(':app'), hostile),
      query: queryOf(['firstResult', 'maxResult', 'sortBy', 'sortOrder', 'applicantId', 'serviceId', 'name', 'fileId', 'assigneeId']),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ route, body: generated, id, query }) => {
        const text = JSON.stringify(generated, (_key, value: unknown) => (value === ':me' ? applicantId : value)) ?? 'null';
        const target = id === ':app' ? draft.id : seg(id);
        const [method, path, token] = (
          {
            create: ['POST', `${GS}/services/${service.id}/applications`, applicantToken],
            update: ['PUT', `${GS}/applications/${target}`, applicantToken],
            complete: ['POST', `${GS}/tasks/${id === ':app' ? inReview.id : seg(id)}/complete`, reviewerToken],
            list: ['GET', `${GS}/applications?${query}`, applicantToken],
            tasks: ['GET', `${GS}/tasks?${query}`, reviewerToken],
            service: ['GET', `${GS}/services/${id === ':app' ? service.id : seg(id)}?${query}`, applicantToken],
            adminCreate: ['POST', `${GS}/admin/services`, adminToken],
            adminUpdate: ['PUT', `${GS}/admin/services/${id === ':app' ? service.id : seg(id)}`, adminToken],
            adminImport: ['POST', `${GS}/admin/services/import`, adminToken],
          } as const
        )[route];
        const before = await db.fingerprint();
        const response = await fetch(`${test.baseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(method !== 'GET' ? { 'content-type': 'application/json' } : {}) },
          ...(method !== 'GET' ? { body: text } : {}),
          signal: AbortSignal.timeout(10_000),
        });
        const page: Page = { status: response.status, html: await response.text(), location: null, headers: response.headers };
        expectJson(page, `${method} ${path.slice(0, 120)}`);
        if (page.status >= 400) expect(await db.fingerprint()).toEqual(before);
        if (route === 'complete' && page.status < 400) {
          expect(dirtyStrings(await db.application(inReview.id))).toEqual([]);
          await db.query(
            `UPDATE application SET status = 'in_review', assigned_reviewer_id = $2, review_comments = '[]', decided_at = NULL WHERE id = $1`,
            [inReview.id, reviewerId],
          );
        } else if (page.status < 400 && (route === 'update' || route === 'create')) {
          const { fileId } = JSON.parse(page.html) as { fileId: string };
          expect(dirtyStrings((await db.application(fileId)).answers)).toEqual([]);
        } else if (page.status < 400) {
          expect(dirtyStrings(await db.query('SELECT key, name, description, version FROM govstack_service'))).toEqual([]);
        }
      }),
      runs<[{ route: string; body: unknown; id: string; query: string }]>(60, [
        ...[
          { capital: { amount: { constructor: ' ' } } },
          { domicile: { district: '210242', address: 'a\u0000b' } },
          { domicile: { district: '210242', address: 'a\u0007b' } },
        ].flatMap((data) =>
          (['create', 'update'] as const).map((route): [{ route: string; body: unknown; id: string; query: string }] => [
            {
              route,
              body: { applicantId: ':me', formData: { data: { entityType: 'limited_liability_company', ...data } } },
              id: ':app',
              query: '',
            },
          ]),
        ),
      ]),
    );
  });

  it('malformed JSON and bodies of the wrong type on form routes answer below 500', async () => {
    const client = new BrowserClient(test.baseUrl);
    await client.get('/login');
    const contentType = fc.constantFrom(
      'application/json',
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/xml',
      'multipart/form-data',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 200 }),
        contentType,
        fc.constantFrom('/login', '/signup'),
        async (text, type, path) => {
          await db.forgetRateLimits();
          const page = await rawRequest(client, 'POST', path, {
            body: text,
            headers: { 'content-type': type, 'x-csrf-token': client.lastCsrf },
          });
          expectSafe(page, `POST ${path} as ${type}`);
        },
      ),
      runs(30),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Sessions, CSRF, workflow, size
// ---------------------------------------------------------------------------------------------------------

describe('sessions', () => {
  it('gives a new session id at sign-in, whatever id the browser had before, and the old one stays signed out', async () => {
    const account = await createAccount(test, 'applicant');
    const victim = new BrowserClient(test.baseUrl);
    await victim.get('/login');
    const planted = victim.cookie('portal.sid')!;
    expect(planted).toBeDefined();
    expect((await victim.post('/login', { _csrf: victim.lastCsrf, email: account.email, password: PASSWORD })).status).toBe(303);
    expect(victim.cookie('portal.sid')).not.toBe(planted);
    const attacker = new BrowserClient(test.baseUrl);
    attacker.setCookie('portal.sid', planted);
    const page = await attacker.get('/account');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/login/);

    // An id the attacker made up is never taken on.
    const chosen = new BrowserClient(test.baseUrl);
    chosen.setCookie('portal.sid', 's%3Aattacker-chosen-session-id.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await chosen.get('/login');
    const issued = chosen.cookie('portal.sid');
    expect(issued).not.toContain('attacker-chosen');
    expect((await chosen.post('/login', { _csrf: chosen.lastCsrf, email: account.email, password: PASSWORD })).status).toBe(303);
    expect(chosen.cookie('portal.sid')).not.toContain('attacker-chosen');
    expect(chosen.cookie('portal.sid')).not.toBe(issued);
  });

  it('refuses a signed-out session replayed, for pages and for changes', async () => {
    const { client, id } = await signedIn(test, 'applicant');
    await client.get('/applications');
    const stolen = { sid: client.cookie('portal.sid')!, csrf: client.cookie('portal.csrf')!, token: client.lastCsrf };
    expect((await client.post('/logout', { _csrf: stolen.token })).status).toBe(303);
    const replay = new BrowserClient(test.baseUrl);
    replay.setCookie('portal.sid', stolen.sid);
    replay.setCookie('portal.csrf', stolen.csrf);
    const page = await replay.get('/applications');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/login/);
    const count = async () => (await db.query<{ n: string }>('SELECT count(*) AS n FROM application WHERE applicant_id = $1', [id]))[0].n;
    const before = await count();
    const post = await rawRequest(replay, 'POST', '/applications', {
      body: formBody([['_csrf', stolen.token]]),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([401, 403]).toContain(post.status);
    expect(await count()).toBe(before);
    const rows = await db.query(`SELECT 1 FROM session WHERE sess -> 'passport' ->> 'user' = $1`, [id]);
    expect(rows).toEqual([]);
  });
});

describe('workflow steps skipped by posting directly', () => {
  it('refuses: submitting an incomplete application (400), approving without a claim (409), claiming a draft (404/409), uploading to a submitted application (409)', async () => {
    const incomplete = await startApplication(applicant);
    await applicant.get(`/applications/${incomplete}/check-answers`);
    const submit = await applicant.post(`/applications/${incomplete}/submit`, { _csrf: applicant.lastCsrf, declaration: 'yes' });
    expect(submit.status).toBe(400);
    expect((await db.application(incomplete)).status).toBe('draft');

    const submitted = await factory.create('submitted');
    const beforeApprove = await db.fingerprint();
    await reviewer.get(`/review/${submitted.id}`);
    expect((await reviewer.post(`/review/${submitted.id}/approve`, { _csrf: reviewer.lastCsrf })).status).toBe(409);
    expect(await db.fingerprint()).toEqual(beforeApprove);

    await reviewer.get('/review');
    const claim = await reviewer.post(`/review/${incomplete}/claim`, { _csrf: reviewer.lastCsrf });
    expect([404, 409]).toContain(claim.status);
    expect((await db.application(incomplete)).status).toBe('draft');

    const beforeUpload = await db.fingerprint();
    const upload = await uploadDocument(applicant, submitted.id);
    expect(upload.status).toBe(409);
    const edit = await applicant.submit('/applications', `/applications/${submitted.id}/capital`, { amount: '5' });
    expect(edit.status).toBe(409);
    expect(await db.fingerprint()).toEqual(beforeUpload);
  });
});

describe('CSRF', () => {
  it('refuses a token from another session, in the body and in the header, and changes nothing', async () => {
    const other = await signedIn(test, 'applicant');
    await other.client.get('/applications');
    const foreign = other.client.lastCsrf;
    const before = await db.fingerprint();
    const body = await rawRequest(applicant, 'POST', `/applications/${draft.id}/capital`, {
      body: formBody([
        ['_csrf', foreign],
        ['amount', '7'],
      ]),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(body.status).toBe(403);
    const header = await rawRequest(applicant, 'POST', '/applications', { headers: { 'x-csrf-token': foreign } });
    expect(header.status).toBe(403);
    const none = await rawRequest(applicant, 'POST', '/applications', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(none.status).toBe(403);
    // The refusal is a whole page in the person's language (it lacked the layout's values: empty lang).
    for (const [what, page] of Object.entries({ body, header, none })) expectSafe(page, `CSRF refusal (${what})`);
    expect(none.html).toContain(translate('en', 'error.csrf'));
    expect(await db.fingerprint()).toEqual(before);
  });
});

describe('sizes', () => {
  it('answers 413 to bodies over the limits, and changes nothing', async () => {
    const before = await db.fingerprint();
    await applicant.get(`/applications/${draft.id}/capital`);
    const token = applicant.lastCsrf;
    const urlencoded = await rawRequest(applicant, 'POST', `/applications/${draft.id}/domicile`, {
      body: formBody([
        ['_csrf', token],
        ['district', '210242'],
        ['address', '中'.repeat(40_000)],
      ]),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(urlencoded.status).toBe(413);
    const json = await rawRequest(applicant, 'POST', `/applications/${draft.id}/domicile`, {
      body: JSON.stringify({ _csrf: token, district: '210242', address: 'x'.repeat(200_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(413);
    const manyFields = await rawRequest(applicant, 'POST', `/applications/${draft.id}/domicile`, {
      body: formBody([['_csrf', token], ...Array.from({ length: 300 }, (_, i): [string, string] => [`f${i}`, 'x'])]),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(manyFields.status).toBe(413);
    const bigDocument = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 16, 0x20)]);
    // A file over a form's limit comes back to the form, which says what the limit is.
    const overDocument = await uploadDocument(applicant, draft.id, { content: new Uint8Array(bigDocument) });
    expect(overDocument.status).toBe(413);
    expect(errorSummary(overDocument.html)).toEqual(['The file must be smaller than 10 MB']);
    const visitor = new BrowserClient(test.baseUrl);
    await visitor.get('/verify');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024 + 16, 0x20)]))]), 'big.pdf');
    const overPdf = await visitor.postMultipart('/verify/pdf', form);
    expect(overPdf.status).toBe(413);
    expect(errorSummary(overPdf.html)).toEqual(['The file must be smaller than 5 MB']);
    // Past the hard limit for any upload, the request is cut off.
    const huge = new FormData();
    huge.append('file', new Blob([new Uint8Array(65 * 1024 * 1024)]), 'huge.pdf');
    const hugePage = await visitor.postMultipart('/verify/pdf', huge);
    expect(hugePage.status).toBe(413);
    for (const page of [urlencoded, json, manyFields, overDocument, overPdf, hugePage]) expectSafe(page, 'the 413 page');
    expect(await db.fingerprint()).toEqual(before);
  });
});
