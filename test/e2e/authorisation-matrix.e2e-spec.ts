/**
 * Who may do what: every route the controllers declare × every kind of visitor × (for an application's
 * routes) every state of an application owned by applicant A → the answer. A route without a row here
 * fails the first test, so a new route cannot ship without a decision about who may use it.
 *
 * Columns, in this order: anonymous, applicant A (the owner), applicant B (someone else), reviewer (who
 * claims A's applications in review), a second reviewer, an administrator. Outcomes: a status code, or
 * LOGIN (303 to /login?returnTo=…, a signed-out visitor on a page). POSTs carry a valid CSRF token of the
 * acting session. Every refusal must leave the database as it was; every 403 must be audited as
 * access.denied, and so must applicant B's 404s on A's application (the access service audits them).
 *
 * Staff see an application only once it has been submitted: the "withdrawn" application here is withdrawn
 * from its draft, never submitted, so to staff it does not exist (404), like a draft.
 *
 * The GovStack API (under GOVSTACK_PREFIX) has no sessions: there each signed-in person presents
 * their own personal API token, and "anonymous" presents none.
 */
import { createAccount, PASSWORD, signedIn, uniqueEmail } from '../support/accounts';
import { PDF } from '../support/applications';
import { BrowserClient, type Page } from '../support/browser-client';
import {
  APPLICATION_STATES,
  ApplicationFactory,
  Database,
  freshCsrf,
  inParallel,
  scanControllerRoutes,
  signInAs,
  tradeNames,
  type ApplicationFixture,
  type ApplicationState,
} from '../support/security';
import { startTestPortal, type TestPortal } from '../support/test-portal';
import { ExchangeService } from '../../src/exchange/exchange.service';
import { SYSTEM_ACTOR } from '../../src/audit/audit.service';
import { AccountStatusService } from '../../src/auth/account-status.service';
import { ApiTokensService } from '../../src/govstack/api-tokens.service';
import { GOVSTACK_PREFIX } from '../../src/govstack/govstack-settings';
import { SegmentedExpressAdapter } from '../../src/common/http/segmented-express-adapter';

jest.setTimeout(120_000);

const ACTORS = ['anonymous', 'applicantA', 'applicantB', 'reviewer', 'reviewer2', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];

const LOGIN = 'login';
type Outcome = number | typeof LOGIN;
/** One outcome per actor, in the order of ACTORS. */
type Row = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

interface Context {
  app?: ApplicationFixture;
  actor: ActorName;
  email: string;
  /** The acting account's id ('' for anonymous). */
  id: string;
}

interface Entry {
  /** `METHOD /path` exactly as the controllers declare it. */
  route: string;
  /** The address to request, when it is not the route's path with its parameters filled in. */
  path?: string;
  /** One row for the route, or one per state of A's application for routes about an application. */
  expect: Row | Partial<Record<ApplicationState, Row>>;
  fields?: (context: Context) => Record<string, string>;
  /** A multipart form (a file upload, or pasted services JSON); the token travels in the query string. */
  upload?: 'document' | 'licence' | 'services';
  /** The request changes the session itself (sign in, sign out): run it in a session of its own. */
  ownSession?: true;
  /** Whose account `:id` names, for the administrators' account pages. */
  account?: 'other' | 'active' | 'disabled';
  /**
   * `:tokenId` is a personal API token made afresh for each case: applicant A's (the account page) or that
   * of the account `:id` names (the administrators' account page).
   */
  token?: 'applicantA' | 'account';
  /** A GovStack API route: bearer tokens instead of sessions, JSON in and out. */
  govstack?: true;
  /** The JSON body of a GovStack request. */
  json?: (context: Context) => unknown;
  /** About one of A's applications although the path does not name it (the upload names it in its metadata). */
  perApplication?: true;
  /**
   * Someone else's application answers 404 without an access.denied event: the GovStack task list is
   * scoped to the caller, so another person's task is not refused, it does not exist for them.
   */
  scopedNotFound?: true;
}

// Rows used by many application routes, named for what they mean (columns as ACTORS).
/** The owner may open it; someone else's is not found; staff have no business on the applicant's pages. */
const OWNER_GET: Row = [LOGIN, 200, 404, 403, 403, 403];
/** As OWNER_GET, but the application has left the applicant: 409. */
const OWNER_GET_409: Row = [LOGIN, 409, 404, 403, 403, 403];
const OWNER_POST: Row = [401, 303, 404, 403, 403, 403];
const OWNER_POST_409: Row = [401, 409, 404, 403, 403, 403];
/** Editable (draft, returned) or not (everything else). */
const EDIT_GET: Partial<Record<ApplicationState, Row>> = {
  draft: OWNER_GET,
  submitted: OWNER_GET_409,
  inReview: OWNER_GET_409,
  returned: OWNER_GET,
  approved: OWNER_GET_409,
  rejected: OWNER_GET_409,
  withdrawn: OWNER_GET_409,
};
const EDIT_POST: Partial<Record<ApplicationState, Row>> = {
  draft: OWNER_POST,
  submitted: OWNER_POST_409,
  inReview: OWNER_POST_409,
  returned: OWNER_POST,
  approved: OWNER_POST_409,
  rejected: OWNER_POST_409,
  withdrawn: OWNER_POST_409,
};
const ANY_STATE_GET: Partial<Record<ApplicationState, Row>> = {
  draft: OWNER_GET,
  submitted: OWNER_GET,
  inReview: OWNER_GET,
  returned: OWNER_GET,
  approved: OWNER_GET,
  rejected: OWNER_GET,
  withdrawn: OWNER_GET,
};
/** The examination page and its documents: staff only, and not before the application is submitted. */
const STAFF_READ: Partial<Record<ApplicationState, Row>> = {
  draft: [LOGIN, 403, 403, 404, 404, 404],
  submitted: [LOGIN, 403, 403, 200, 200, 200],
  inReview: [LOGIN, 403, 403, 200, 200, 200],
  returned: [LOGIN, 403, 403, 200, 200, 200],
  approved: [LOGIN, 403, 403, 200, 200, 200],
  rejected: [LOGIN, 403, 403, 200, 200, 200],
  withdrawn: [LOGIN, 403, 403, 404, 404, 404],
};
/** Approve, reject, return: only the reviewer holding the claim, only in review. */
const DECIDE: Partial<Record<ApplicationState, Row>> = {
  draft: [401, 403, 403, 404, 404, 403],
  submitted: [401, 403, 403, 409, 409, 403],
  inReview: [401, 403, 403, 303, 409, 403],
  returned: [401, 403, 403, 409, 409, 403],
  approved: [401, 403, 403, 409, 409, 403],
  rejected: [401, 403, 403, 409, 409, 403],
  withdrawn: [401, 403, 403, 404, 404, 403],
};

const ADMIN_PAGE: Row = [LOGIN, 403, 403, 403, 403, 200];
const ADMIN_POST: Row = [401, 403, 403, 403, 403, 303];
const STAFF_PAGE: Row = [LOGIN, 403, 403, 200, 200, 200];
const APPLICANT_PAGE: Row = [LOGIN, 200, 200, 403, 403, 403];
const SIGNED_IN_PAGE: Row = [LOGIN, 200, 200, 200, 200, 200];
const PUBLIC: Row = [200, 200, 200, 200, 200, 200];

const shareholder = { kind: 'natural', name: '赵六', documentType: 'passport', documentNumber: 'E7654321', contribution: '1' };
const officer = { role: 'manager', name: '钱七', documentType: 'passport', documentNumber: 'E7654322' };

// The GovStack API: columns as ACTORS, each signed-in person with their own API token.
const GS = GOVSTACK_PREFIX;
const TOKEN_ANY: Row = [401, 200, 200, 200, 200, 200];
const TOKEN_STAFF: Row = [401, 403, 403, 200, 200, 200];
const TOKEN_ADMIN: Row = [401, 403, 403, 403, 403, 200];
/** A file and its documents: the owner, and staff once it is submitted; someone else's is not found. */
const GS_READ_SUBMITTED: Row = [401, 200, 404, 200, 200, 200];
const GS_READ: Partial<Record<ApplicationState, Row>> = {
  draft: [401, 200, 404, 404, 404, 404],
  submitted: GS_READ_SUBMITTED,
  inReview: GS_READ_SUBMITTED,
  returned: GS_READ_SUBMITTED,
  approved: GS_READ_SUBMITTED,
  rejected: GS_READ_SUBMITTED,
  withdrawn: [401, 200, 404, 404, 404, 404],
};
/**
 * Changing a file: the owner while it is theirs (draft, returned), 409 after; staff are refused (403), and
 * do not even learn of a file never submitted (404).
 */
const GS_EDIT: Partial<Record<ApplicationState, Row>> = {
  draft: [401, 200, 404, 404, 404, 404],
  submitted: [401, 409, 404, 403, 403, 403],
  inReview: [401, 409, 404, 403, 403, 403],
  returned: [401, 200, 404, 403, 403, 403],
  approved: [401, 409, 404, 403, 403, 403],
  rejected: [401, 409, 404, 403, 403, 403],
  withdrawn: [401, 409, 404, 404, 404, 404],
};
const GS_NO_TASK: Row = [401, 404, 404, 404, 404, 404];

const MATRIX: Entry[] = [
  // Home and information pages
  { route: 'GET /', expect: PUBLIC },
  { route: 'GET /favicon.ico', expect: [301, 301, 301, 301, 301, 301] },
  { route: 'GET /accessibility', expect: PUBLIC },
  { route: 'GET /privacy', expect: PUBLIC },
  { route: 'GET /contact', expect: PUBLIC },
  { route: 'GET /health', expect: PUBLIC },

  // Accounts and sessions
  { route: 'GET /login', expect: PUBLIC },
  {
    route: 'POST /login',
    ownSession: true,
    fields: ({ email }) => ({ email, password: PASSWORD }),
    expect: [303, 303, 303, 303, 303, 303],
  },
  { route: 'POST /logout', ownSession: true, expect: [401, 303, 303, 303, 303, 303] },
  { route: 'GET /signed-out', expect: PUBLIC },
  { route: 'GET /signup', expect: PUBLIC },
  {
    route: 'POST /signup',
    fields: () => ({ name: 'Matrix Person', email: uniqueEmail('signup'), password: PASSWORD }),
    expect: PUBLIC,
  },
  { route: 'GET /account', expect: SIGNED_IN_PAGE },
  { route: 'GET /language', path: '/language?locale=en&returnTo=%2F', expect: [303, 303, 303, 303, 303, 303] },
  // Personal API tokens: each person their own; someone else's token does not exist for them.
  { route: 'GET /account/api-tokens/new', expect: SIGNED_IN_PAGE },
  { route: 'POST /account/api-tokens', fields: () => ({ name: 'Matrix token', expiry: '30' }), expect: [401, 200, 200, 200, 200, 200] },
  { route: 'POST /account/api-tokens/:tokenId/revoke', token: 'applicantA', expect: [401, 303, 404, 404, 404, 404] },

  // Administrators
  { route: 'GET /admin', expect: ADMIN_PAGE },
  { route: 'GET /admin/accounts', expect: ADMIN_PAGE },
  { route: 'GET /admin/accounts/new', expect: ADMIN_PAGE },
  {
    route: 'POST /admin/accounts',
    fields: () => ({ name: 'Matrix Staff', email: uniqueEmail('staff'), role: 'reviewer', password: PASSWORD }),
    expect: ADMIN_POST,
  },
  { route: 'GET /admin/accounts/:id', account: 'other', expect: ADMIN_PAGE },
  { route: 'POST /admin/accounts/:id/disable', account: 'active', expect: ADMIN_POST },
  { route: 'POST /admin/accounts/:id/enable', account: 'disabled', expect: ADMIN_POST },
  { route: 'GET /admin/audit', expect: ADMIN_PAGE },
  { route: 'GET /admin/audit/export.csv', expect: ADMIN_PAGE },
  { route: 'POST /admin/audit/verify', expect: ADMIN_POST },
  { route: 'GET /admin/exchange', expect: ADMIN_PAGE },
  { route: 'POST /admin/accounts/:id/api-tokens/:tokenId/revoke', account: 'other', token: 'account', expect: ADMIN_POST },
  { route: 'GET /admin/services', expect: ADMIN_PAGE },
  { route: 'GET /admin/services/new', expect: ADMIN_PAGE },
  { route: 'GET /admin/services/import', expect: ADMIN_PAGE },
  { route: 'GET /admin/services/export', expect: ADMIN_PAGE },
  { route: 'GET /admin/services/:id', path: '/admin/services/:serviceId', expect: ADMIN_PAGE },
  {
    route: 'POST /admin/services',
    fields: () => ({
      name: 'Matrix page service',
      key: `matrix-page-${++serviceCount}`,
      version: '1',
      type: 'Public',
      entityTypes: 'farmers_cooperative',
      isExecutable: 'no',
    }),
    expect: ADMIN_POST,
  },
  {
    route: 'POST /admin/services/:id',
    path: '/admin/services/:serviceId',
    fields: () => ({
      name: String(companyService['name']),
      key: String(companyService['key']),
      version: String(companyService['version']),
      type: String(companyService['type']),
      entityTypes: (companyService['entityTypes'] as string[])[0],
      isExecutable: companyService['isExecutable'] ? 'yes' : 'no',
    }),
    expect: ADMIN_POST,
  },
  { route: 'POST /admin/services/import', upload: 'services', expect: ADMIN_POST },

  // Statistics: administrators and reviewers
  { route: 'GET /statistics', expect: STAFF_PAGE },
  { route: 'GET /statistics/summary.csv', expect: STAFF_PAGE },
  { route: 'GET /statistics/sectors.csv', expect: STAFF_PAGE },
  { route: 'GET /statistics/months.csv', expect: STAFF_PAGE },
  { route: 'GET /statistics/statuses.csv', expect: STAFF_PAGE },
  { route: 'GET /statistics/directory', expect: STAFF_PAGE },
  { route: 'GET /statistics/directory.csv', expect: STAFF_PAGE },

  // The applicant's own pages
  { route: 'GET /applications', expect: APPLICANT_PAGE },
  { route: 'POST /applications', expect: [401, 303, 303, 403, 403, 403] },
  { route: 'GET /notifications', expect: APPLICANT_PAGE },
  { route: 'GET /applications/:id', expect: ANY_STATE_GET },
  { route: 'GET /applications/:id/industry', expect: EDIT_GET },
  {
    route: 'POST /applications/:id/industry',
    fields: () => ({ classCode: 'F5176', scope: '计算机、软件及辅助设备批发。' }),
    expect: EDIT_POST,
  },
  { route: 'GET /applications/:id/shareholders', expect: EDIT_GET },
  { route: 'POST /applications/:id/shareholders', fields: () => shareholder, expect: EDIT_POST },
  { route: 'POST /applications/:id/shareholders/:itemId/remove', expect: EDIT_POST },
  { route: 'GET /applications/:id/officers', expect: EDIT_GET },
  { route: 'POST /applications/:id/officers', fields: () => officer, expect: EDIT_POST },
  { route: 'POST /applications/:id/officers/:itemId/remove', expect: EDIT_POST },
  { route: 'GET /applications/:id/documents', expect: EDIT_GET },
  { route: 'POST /applications/:id/documents', upload: 'document', expect: EDIT_POST },
  { route: 'POST /applications/:id/documents/:documentId/remove', expect: EDIT_POST },
  { route: 'GET /applications/:id/check-answers', expect: EDIT_GET },
  { route: 'POST /applications/:id/submit', fields: () => ({ declaration: 'yes' }), expect: EDIT_POST },
  { route: 'GET /applications/:id/submitted', expect: ANY_STATE_GET },
  { route: 'GET /applications/:id/withdraw', expect: ANY_STATE_GET },
  {
    route: 'POST /applications/:id/withdraw',
    expect: {
      draft: OWNER_POST,
      submitted: OWNER_POST,
      inReview: OWNER_POST_409,
      returned: OWNER_POST,
      approved: OWNER_POST_409,
      rejected: OWNER_POST_409,
      withdrawn: OWNER_POST_409,
    },
  },
  { route: 'GET /applications/:id/documents/:documentId', expect: ANY_STATE_GET },
  { route: 'GET /applications/:id/:section', path: '/applications/:id/capital', expect: EDIT_GET },
  {
    route: 'POST /applications/:id/:section',
    path: '/applications/:id/capital',
    fields: () => ({ amount: '1,000,000' }),
    expect: EDIT_POST,
  },

  // Review
  { route: 'GET /review', expect: STAFF_PAGE },
  { route: 'GET /review/mine', expect: STAFF_PAGE },
  { route: 'GET /review/:id', expect: STAFF_READ },
  { route: 'GET /review/:id/documents/:documentId', expect: STAFF_READ },
  {
    route: 'POST /review/:id/claim',
    expect: {
      draft: [401, 403, 403, 404, 404, 403],
      submitted: [401, 403, 403, 303, 303, 403],
      inReview: [401, 403, 403, 409, 409, 403],
      returned: [401, 403, 403, 409, 409, 403],
      approved: [401, 403, 403, 409, 409, 403],
      rejected: [401, 403, 403, 409, 409, 403],
      withdrawn: [401, 403, 403, 404, 404, 403],
    },
  },
  {
    route: 'POST /review/:id/release',
    expect: {
      draft: [401, 403, 403, 404, 404, 404],
      submitted: [401, 403, 403, 409, 409, 409],
      inReview: [401, 403, 403, 303, 409, 303],
      returned: [401, 403, 403, 409, 409, 409],
      approved: [401, 403, 403, 409, 409, 409],
      rejected: [401, 403, 403, 409, 409, 409],
      withdrawn: [401, 403, 403, 404, 404, 404],
    },
  },
  {
    route: 'POST /review/:id/reassign',
    fields: () => ({ reviewerId: ids.reviewer2 }),
    expect: {
      draft: [401, 403, 403, 403, 403, 404],
      submitted: [401, 403, 403, 403, 403, 409],
      inReview: [401, 403, 403, 403, 403, 303],
      returned: [401, 403, 403, 403, 403, 409],
      approved: [401, 403, 403, 403, 403, 409],
      rejected: [401, 403, 403, 403, 403, 409],
      withdrawn: [401, 403, 403, 403, 403, 404],
    },
  },
  { route: 'POST /review/:id/approve', expect: DECIDE },
  { route: 'POST /review/:id/reject', fields: () => ({ reason: 'other', explanation: 'Matrix' }), expect: DECIDE },
  { route: 'POST /review/:id/return', fields: () => ({ comment_capital: 'Matrix' }), expect: DECIDE },

  // Licences: the holder and staff; someone else's is not found
  { route: 'GET /licences/:code', expect: { approved: [LOGIN, 200, 404, 200, 200, 200] } },
  { route: 'GET /licences/:code/pdf', expect: { approved: [LOGIN, 200, 404, 200, 200, 200] } },

  // The public
  { route: 'GET /verify', expect: PUBLIC },
  { route: 'POST /verify/pdf', upload: 'licence', expect: PUBLIC },
  { route: 'GET /verify/:code', expect: PUBLIC },
  { route: 'GET /verify/:code/qr.svg', expect: PUBLIC },
  { route: 'GET /register', path: '/register?q=%E7%9F%A9%E9%98%B5', expect: PUBLIC },
  { route: 'GET /register/:code', expect: PUBLIC },
  { route: 'GET /credit-codes/check', path: '/credit-codes/check?code=:code', expect: PUBLIC },
  { route: 'GET /api/v1/credit-codes/:code', expect: PUBLIC },
  { route: 'GET /api/v1/credit-codes', expect: PUBLIC },
  { route: 'GET /api/v1/register', path: '/api/v1/register?q=%E7%9F%A9%E9%98%B5', expect: PUBLIC },
  { route: 'GET /api/v1/licences/:code', expect: PUBLIC },
  { route: 'GET /api/openapi.json', expect: PUBLIC },
  { route: 'GET /.well-known/licence-key', expect: PUBLIC },
  // Departments: a bearer token, never a session (the token's own case is a test below).
  { route: 'GET /api/v1/exchange/:department/events', expect: [401, 401, 401, 401, 401, 401] },

  // GovStack Registration Building Block API
  { route: `GET ${GS}/openapi.json`, govstack: true, expect: PUBLIC },
  { route: `GET ${GS}/data/openapi.json`, govstack: true, expect: PUBLIC },
  { route: `GET ${GS}/services`, govstack: true, expect: TOKEN_ANY },
  { route: `GET ${GS}/services/:serviceId`, govstack: true, expect: TOKEN_ANY },
  { route: `GET ${GS}/services/:serviceId/eForms`, govstack: true, expect: TOKEN_ANY },
  { route: `GET ${GS}/eForms/:eFormId`, govstack: true, expect: TOKEN_ANY },
  {
    route: `POST ${GS}/services/:serviceId/applications`,
    govstack: true,
    json: ({ id }) => ({ applicantId: id, formData: { data: { entityType: 'limited_liability_company' } } }),
    expect: [401, 200, 200, 403, 403, 403],
  },
  { route: `GET ${GS}/applications`, govstack: true, expect: TOKEN_ANY },
  { route: `GET ${GS}/applications/:fileId`, govstack: true, expect: GS_READ },
  {
    route: `PUT ${GS}/applications/:fileId`,
    govstack: true,
    json: ({ id }) => ({ applicantId: id, formData: { data: { capital: { amount: '1,000,000' } } } }),
    expect: GS_EDIT,
  },
  { route: `GET ${GS}/applications/:fileId/documents/:documentId`, govstack: true, expect: GS_READ },
  { route: `POST ${GS}/documents`, govstack: true, upload: 'document', perApplication: true, expect: GS_EDIT },
  { route: `GET ${GS}/tasks`, govstack: true, expect: TOKEN_ANY },
  {
    route: `GET ${GS}/tasks/:taskId`,
    govstack: true,
    scopedNotFound: true,
    expect: {
      draft: GS_NO_TASK,
      submitted: [401, 404, 404, 200, 200, 200],
      inReview: [401, 404, 404, 200, 200, 200],
      returned: [401, 200, 404, 404, 404, 404],
      approved: GS_NO_TASK,
      rejected: GS_NO_TASK,
      withdrawn: GS_NO_TASK,
    },
  },
  {
    route: `POST ${GS}/tasks/:taskId/complete`,
    govstack: true,
    scopedNotFound: true,
    json: ({ actor }) => ({ data: actor.startsWith('applicant') ? { declaration: true } : { decision: 'approve' } }),
    expect: {
      draft: GS_NO_TASK,
      submitted: [401, 404, 404, 200, 200, 403],
      inReview: [401, 404, 404, 200, 409, 403],
      returned: [401, 200, 404, 404, 404, 404],
      approved: GS_NO_TASK,
      rejected: GS_NO_TASK,
      withdrawn: GS_NO_TASK,
    },
  },
  { route: `GET ${GS}/data/statistics`, govstack: true, expect: TOKEN_STAFF },
  { route: `GET ${GS}/admin/services`, govstack: true, expect: TOKEN_ADMIN },
  {
    route: `POST ${GS}/admin/services`,
    govstack: true,
    json: () => ({ key: `matrix-${++serviceCount}`, name: 'Matrix service', entityTypes: ['farmers_cooperative'], isExecutable: false }),
    expect: TOKEN_ADMIN,
  },
  { route: `POST ${GS}/admin/services/import`, govstack: true, json: () => [], expect: TOKEN_ADMIN },
  { route: `PUT ${GS}/admin/services/:serviceId`, govstack: true, json: () => companyService, expect: TOKEN_ADMIN },
];

let test: TestPortal;
let db: Database;
let factory: ApplicationFactory;
const clients = new Map<ActorName, BrowserClient>();
const emails = new Map<ActorName, string>();
const ids = { applicantA: '', applicantB: '', reviewer: '', reviewer2: '', admin: '' };
/** Shared fixtures: refusals must leave them exactly as they are. */
const shared = new Map<ApplicationState, ApplicationFixture>();
/** Fresh fixtures for the cases that are allowed to change them. */
const pool = new Map<ApplicationState, ApplicationFixture[]>();
let approvedCode = '';
const tokens = new Map<ActorName, string>();
/** The seeded service for limited liability companies, as the administrators' export gives it. */
let companyService: Record<string, unknown> = {};
let companyEFormId = '';
let serviceCount = 0;
let otherAccountId = '';
let activeTargetId = '';
let disabledTargetId = '';

const perState = (entry: Entry): Partial<Record<ApplicationState, Row>> | undefined => (isRow(entry.expect) ? undefined : entry.expect);

function isRow(value: Entry['expect']): value is Row {
  return Array.isArray(value);
}

const allowed = (outcome: Outcome): boolean => outcome !== LOGIN && outcome < 400;
const method = (entry: Entry): string => entry.route.split(' ')[0];
/** An allowed POST changes what it acts on, so it gets a fixture of its own. */
const needsFresh = (entry: Entry, outcome: Outcome): boolean => method(entry) !== 'GET' && allowed(outcome);

beforeAll(async () => {
  test = await startTestPortal({ LOGIN_ATTEMPTS_PER_MINUTE: '10000' });
  db = await Database.connect(test.databaseUrl);
  const people = await Promise.all([
    signedIn(test, 'applicant'),
    signedIn(test, 'applicant'),
    signedIn(test, 'reviewer'),
    signedIn(test, 'reviewer'),
    signedIn(test, 'admin'),
  ]);
  (['applicantA', 'applicantB', 'reviewer', 'reviewer2', 'admin'] as const).forEach((name, i) => {
    clients.set(name, people[i].client);
    emails.set(name, people[i].email);
    ids[name] = people[i].id;
  });
  clients.set('anonymous', new BrowserClient(test.baseUrl));
  emails.set('anonymous', (await createAccount(test, 'applicant')).email);
  const apiTokens = test.portal.app.get(ApiTokensService);
  for (const name of ['applicantA', 'applicantB', 'reviewer', 'reviewer2', 'admin'] as const) {
    tokens.set(name, (await apiTokens.create(SYSTEM_ACTOR, emails.get(name)!, 'matrix')).token);
  }
  const exported = (await (await govstack('GET', `${GS}/admin/services`, 'admin')).json()) as Record<string, unknown>[];
  companyService = exported.find((s) => (s['entityTypes'] as string[]).includes('limited_liability_company'))!;
  const forms = (await (await govstack('GET', `${GS}/services/${String(companyService['id'])}/eForms`, 'admin')).json()) as {
    eFormId: string;
  }[];
  companyEFormId = forms[0].eFormId;
  otherAccountId = ids.applicantB;
  activeTargetId = (await createAccount(test, 'reviewer')).id;
  disabledTargetId = await disabledAccount();

  factory = new ApplicationFactory(test.baseUrl, db, emails.get('applicantA')!, emails.get('reviewer')!, tradeNames('矩阵'));
  const wanted: ApplicationState[] = [...APPLICATION_STATES];
  for (const entry of MATRIX) {
    for (const [state, row] of Object.entries(perState(entry) ?? {}) as [ApplicationState, Row][]) {
      for (const outcome of row) if (needsFresh(entry, outcome)) wanted.push(state);
    }
  }
  const built = await inParallel(
    6,
    wanted.map((state) => () => factory.create(state)),
  );
  for (const fixture of built) {
    if (!shared.has(fixture.state)) shared.set(fixture.state, fixture);
    else pool.set(fixture.state, [...(pool.get(fixture.state) ?? []), fixture]);
  }
  approvedCode = shared.get('approved')!.code!;
}, 300_000);

afterAll(async () => {
  await db?.close();
  await test?.close();
});

async function disabledAccount(): Promise<string> {
  const account = await createAccount(test, 'reviewer');
  await test.portal.app.get(AccountStatusService).disable(SYSTEM_ACTOR, account.id);
  return account.id;
}

function fill(
  template: string,
  entry: Entry,
  app: ApplicationFixture | undefined,
  accountId: string | undefined,
  tokenId?: string,
): string {
  const value = (name: string): string => {
    switch (name) {
      case 'id':
        if (entry.account) return accountId!;
        return app!.id;
      case 'documentId':
        return app!.documentId;
      case 'itemId':
        return template.includes('/officers/') ? app!.officerId : app!.shareholderId;
      case 'code':
        return app?.code ?? approvedCode;
      case 'department':
        return 'tax';
      case 'fileId':
      case 'taskId':
        return app!.id;
      case 'serviceId':
        return String(companyService['id']);
      case 'eFormId':
        return companyEFormId;
      case 'tokenId':
        return tokenId!;
      default:
        throw new Error(`No value for :${name} in ${template}`);
    }
  };
  return template.replace(/:([a-zA-Z]+)/g, (_m, name: string) => value(name));
}

async function accountFor(entry: Entry, fresh: boolean): Promise<string | undefined> {
  switch (entry.account) {
    case undefined:
      return undefined;
    case 'other':
      return otherAccountId;
    case 'active':
      return fresh ? (await createAccount(test, 'reviewer')).id : activeTargetId;
    case 'disabled':
      return fresh ? disabledAccount() : disabledTargetId;
  }
}

/** A GovStack API call with the actor's own token (none for anonymous). */
function govstack(method: string, path: string, actor: ActorName, body?: string | FormData, json = false): Promise<Response> {
  const token = tokens.get(actor);
  return fetch(`${test.baseUrl}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
}

/** A fresh personal API token of the account the entry names, for a route about one token. */
async function tokenFor(entry: Entry, accountId: string | undefined): Promise<string | undefined> {
  if (!entry.token) return undefined;
  const owner = entry.token === 'applicantA' ? ids.applicantA : accountId!;
  return (await test.portal.app.get(ApiTokensService).createFor(SYSTEM_ACTOR, owner, 'matrix')).tokenId;
}

async function performGovstack(entry: Entry, actor: ActorName, path: string, app: ApplicationFixture | undefined): Promise<Page> {
  let response: Response;
  if (entry.upload) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'matrix.pdf');
    const metadata = encodeURIComponent(JSON.stringify({ fileId: app!.id, kind: 'articles' }));
    response = await govstack(method(entry), `${path}?additionalMetadata=${metadata}`, actor, form);
  } else if (entry.json) {
    const body = JSON.stringify(entry.json({ app, actor, email: emails.get(actor)!, id: actor === 'anonymous' ? '' : ids[actor] }));
    response = await govstack(method(entry), path, actor, body, true);
  } else {
    response = await govstack(method(entry), path, actor);
  }
  return { status: response.status, html: await response.text(), location: response.headers.get('location'), headers: response.headers };
}

async function perform(
  entry: Entry,
  actor: ActorName,
  app: ApplicationFixture | undefined,
  accountId: string | undefined,
  tokenId: string | undefined,
): Promise<Page> {
  const signedInActor = actor !== 'anonymous';
  if (entry.govstack)
    return performGovstack(entry, actor, fill(entry.path ?? entry.route.slice(entry.route.indexOf(' ') + 1), entry, app, accountId), app);
  const email = emails.get(actor)!;
  const client = entry.ownSession
    ? signedInActor
      ? await signInAs(test.baseUrl, email)
      : new BrowserClient(test.baseUrl)
    : clients.get(actor)!;
  const path = fill(entry.path ?? entry.route.slice(entry.route.indexOf(' ') + 1), entry, app, accountId, tokenId);
  if (method(entry) === 'GET') return client.get(path);
  const token = await freshCsrf(client, signedInActor);
  if (entry.upload === 'services') {
    const form = new FormData();
    form.append('json', '[]');
    return client.postMultipart(path, form);
  }
  if (entry.upload) {
    const form = new FormData();
    if (entry.upload === 'document') form.append('kind', 'articles');
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'matrix.pdf');
    return client.postMultipart(path, form);
  }
  return client.post(path, { _csrf: token, ...(entry.fields?.({ app, actor, email, id: signedInActor ? ids[actor] : '' }) ?? {}) });
}

function describeOutcome(page: Page): string {
  if (page.status === 303 && page.location?.startsWith('/login?returnTo=')) return LOGIN;
  return String(page.status);
}

/** Runs one case; returns what went wrong, or nothing. */
async function check(entry: Entry, actor: ActorName, expected: Outcome, state: ApplicationState | undefined): Promise<string[]> {
  const label = `${entry.route}${state ? ` [${state}]` : ''} as ${actor}`;
  const fresh = needsFresh(entry, expected);
  let app: ApplicationFixture | undefined;
  if (state) {
    app = fresh ? pool.get(state)?.shift() : shared.get(state);
    if (!app) return [`${label}: no ${fresh ? 'fresh' : 'shared'} ${state} application was built`];
  } else if (entry.route.includes(':code')) {
    app = shared.get('approved');
  }
  const accountId = await accountFor(entry, fresh);
  const tokenId = await tokenFor(entry, accountId);
  const refusal = !allowed(expected);
  const before = refusal ? await db.fingerprint() : undefined;
  const mark = await db.auditHead();
  const page = await perform(entry, actor, app, accountId, tokenId);
  const problems: string[] = [];
  const got = describeOutcome(page);
  if (got !== String(expected)) {
    problems.push(`${label}: expected ${expected}, got ${got}${page.location ? ` → ${page.location}` : ''}`);
  }
  if (page.status >= 500 || /\n\s+at .+:\d+:\d+/.test(page.html)) problems.push(`${label}: server error or stack trace`);
  if (refusal) {
    const after = await db.fingerprint();
    const changed = Object.keys(before!).filter((k) => before![k] !== after[k]);
    if (changed.length > 0) problems.push(`${label}: a refusal changed ${changed.join(', ')}`);
  }
  const actorId = actor === 'anonymous' ? null : ids[actor];
  const denied = (await db.accessDeniedSince(mark)).filter((e) => e.actor_id === actorId);
  if (page.status === 403 && denied.length === 0) problems.push(`${label}: 403 not audited as access.denied`);
  if (page.status === 404 && actor === 'applicantB' && app && !entry.scopedNotFound && !denied.some((e) => e.subject_id === app.id)) {
    problems.push(`${label}: another applicant's attempt (404) not audited as access.denied`);
  }
  if (page.status === 401 && path401IsApi(entry) && !/application\/json/.test(page.headers.get('content-type') ?? '')) {
    problems.push(`${label}: 401 under /api is not JSON`);
  }
  return problems;
}

const path401IsApi = (entry: Entry): boolean => entry.route.includes(' /api/');

describe('the authorisation matrix', () => {
  it('has exactly one entry for every route the controllers declare, and the running app serves exactly those', () => {
    const scanned = scanControllerRoutes().map((r) => r.route);
    const inMatrix = MATRIX.map((e) => e.route);
    expect(new Set(scanned).size).toBe(scanned.length);
    expect(new Set(inMatrix).size).toBe(inMatrix.length);
    expect([...inMatrix].sort()).toEqual([...scanned].sort());
    // The routes Nest's router explorer actually registered, as `METHOD /path`.
    const adapter = test.portal.app.getHttpAdapter();
    expect(adapter).toBeInstanceOf(SegmentedExpressAdapter);
    const served = (adapter as SegmentedExpressAdapter).routes();
    expect([...new Set(served)].sort()).toEqual([...scanned].sort());
  });

  it('gives every entry a row per actor, and application routes a row per state', () => {
    for (const entry of MATRIX) {
      if (isRow(entry.expect)) expect(entry.expect).toHaveLength(ACTORS.length);
      else for (const row of Object.values(entry.expect)) expect(row).toHaveLength(ACTORS.length);
      if ((/\/:(id|fileId|taskId)\b/.test(entry.path ?? entry.route) && !entry.account) || entry.perApplication) {
        expect({ route: entry.route, states: Object.keys(perState(entry) ?? {}).sort() }).toEqual({
          route: entry.route,
          states: [...APPLICATION_STATES].sort(),
        });
      }
    }
  });

  it.each(MATRIX.map((entry) => [entry.route, entry] as const))('%s', async (_route, entry) => {
    await db.forgetRateLimits();
    const problems: string[] = [];
    const states = perState(entry);
    const cases: [ApplicationState | undefined, Row][] = states
      ? (Object.entries(states) as [ApplicationState, Row][])
      : [[undefined, entry.expect as Row]];
    for (const [state, row] of cases) {
      for (const [i, actor] of ACTORS.entries()) problems.push(...(await check(entry, actor, row[i], state)));
    }
    expect(problems).toEqual([]);
  });

  it('lets a department with its bearer token read its events, and no one else', async () => {
    const token = await test.portal.app.get(ExchangeService).issueToken(SYSTEM_ACTOR, 'tax');
    const ok = await fetch(`${test.baseUrl}/api/v1/exchange/tax/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    const otherDepartment = await fetch(`${test.baseUrl}/api/v1/exchange/statistics/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(otherDepartment.status).toBe(401);
    await expect(otherDepartment.json()).resolves.toMatchObject({ statusCode: 401 });
  });
});
