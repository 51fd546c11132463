/**
 * Helpers for the security specs (authorisation matrix, hostile input): the routes the controllers declare,
 * applications put into each state over HTTP, a fingerprint of everything a refusal must leave alone, raw
 * requests with the cookies of a BrowserClient, and checks that a page shows no stack trace and no markup
 * that came from the input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Client } from 'pg';
import { PASSWORD } from './accounts';
import { applicationIdFrom, completeApplication, PDF } from './applications';
import { BrowserClient, type Page } from './browser-client';

export const SRC_DIR = join(__dirname, '..', '..', 'src');

// ---------------------------------------------------------------------------------------------------------
// Routes declared in the source
// ---------------------------------------------------------------------------------------------------------

const DECORATOR = /@(Controller|Get|Post|Put|Patch|Delete|All|Head|Options)\(/g;

/** The text between the parenthesis at `open` and its partner (one decorator's arguments). */
function argumentText(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i += 1) {
    const ch = source[i];
    if (ch === '(') depth += 1;
    else if (ch === ')') {
      depth -= 1;
      if (depth === 0) return source.slice(open + 1, i).trim();
    }
  }
  throw new Error(`Unbalanced parentheses at ${open}`);
}

function stringLiterals(text: string, file: string): string[] {
  const literals = [...text.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
  const rest = text.replace(/'[^']*'|"[^"]*"/g, '').replace(/[\s,]/g, '');
  if (rest !== '') throw new Error(`${file}: cannot read the route paths in [${text}]`);
  return literals;
}

/**
 * The value of a constant a decorator names: a string or string-array literal in the same file, else in the
 * module it is imported from, else (a value computed from settings, such as a configurable prefix) the
 * module's export as it is when loaded.
 */
function constantValue(name: string, source: string, path: string): string | string[] {
  const file = relative(join(SRC_DIR, '..'), path);
  const literal = new RegExp(`const\\s+${name}\\s*(?::[^=]+)?=\\s*('[^']*'|"[^"]*"|\\[[^\\]]*\\])`).exec(source);
  if (literal) {
    const text = literal[1];
    return text.startsWith('[') ? stringLiterals(text.slice(1, -1), file) : text.slice(1, -1);
  }
  const imported = new RegExp(`import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from\\s*'([^']+)'`).exec(source);
  if (imported && imported[1].startsWith('.')) {
    const modulePath = join(dirname(path), `${imported[1]}.ts`);
    const moduleSource = readFileSync(modulePath, 'utf8');
    if (new RegExp(`const\\s+${name}\\s*(?::[^=]+)?=\\s*['"[]`).test(moduleSource)) return constantValue(name, moduleSource, modulePath);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const value = (require(modulePath) as Record<string, unknown>)[name];
    if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) return value;
  }
  throw new Error(`${file}: cannot resolve ${name}, used in a route path`);
}

const single = (value: string | string[], name: string, file: string): string => {
  if (typeof value !== 'string') throw new Error(`${file}: ${name} is a list, used inside a template`);
  return value;
};

/** The paths one decorator argument stands for: '', 'a', ['a', 'b'], NAME, `${NAME}/x`, NAME.map((t) => `${t}.csv`). */
function pathsOf(argument: string, source: string, path: string): string[] {
  const file = relative(join(SRC_DIR, '..'), path);
  if (argument === '') return [''];
  const literal = /^'([^']*)'$|^"([^"]*)"$/.exec(argument);
  if (literal) return [literal[1] ?? literal[2] ?? ''];
  const template = /^`([^`]*)`$/.exec(argument);
  if (template) {
    return [template[1].replace(/\$\{([A-Za-z_]\w*)\}/g, (_m, name: string) => single(constantValue(name, source, path), name, file))];
  }
  const array = /^\[([\s\S]*)\]$/.exec(argument);
  if (array) return stringLiterals(array[1] ?? '', file);
  const identifier = /^([A-Za-z_]\w*)$/.exec(argument);
  if (identifier) {
    const value = constantValue(identifier[1], source, path);
    return typeof value === 'string' ? [value] : value;
  }
  const mapped = /^([A-Za-z_]\w*)\.map\(\(?(\w+)\)?\s*=>\s*`([^`]*)`\)$/.exec(argument);
  if (mapped) {
    const [, name, variable, body] = mapped;
    const values = constantValue(name, source, path);
    return (typeof values === 'string' ? [values] : values).map((value) => body.split(`\${${variable}}`).join(value));
  }
  throw new Error(`${file}: cannot read the route path argument (${argument}); teach test/support/security.ts this form`);
}

function joinPath(prefix: string, path: string): string {
  return `/${[prefix, path]
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Every `METHOD /path` the controllers under src/ declare, read from their decorators: each route decorator
 * belongs to the @Controller above it (a file may hold several controllers).
 */
export function scanControllerRoutes(srcDir = SRC_DIR): { route: string; file: string }[] {
  const routes: { route: string; file: string }[] = [];
  for (const path of sourceFiles(srcDir)) {
    const source = readFileSync(path, 'utf8');
    if (!source.includes('@Controller(')) continue;
    const file = relative(join(srcDir, '..'), path);
    let prefixes: string[] | undefined;
    for (const match of source.matchAll(DECORATOR)) {
      const paths = pathsOf(argumentText(source, match.index + match[0].length - 1), source, path);
      if (match[1] === 'Controller') {
        prefixes = paths;
        continue;
      }
      if (!prefixes) throw new Error(`${file}: @${match[1]} before any @Controller`);
      for (const prefix of prefixes)
        for (const p of paths) routes.push({ route: `${match[1].toUpperCase()} ${joinPath(prefix, p)}`, file });
    }
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------------------
// The database, as a refusal must leave it
// ---------------------------------------------------------------------------------------------------------

/**
 * Tables a refusal may legitimately change: the audit log (refusals are audited), sessions (an anonymous
 * visitor's session is created, every session's expiry rolls), rate-limit counters, and an API token's
 * "last used" time (the token is checked before the role).
 */
const VOLATILE_TABLES = ['audit_event', 'audit_chain_head', 'session', 'rate_limit_bucket', 'api_token', 'migrations'];

export type Fingerprint = Record<string, string>;

/** One connection for the whole file: the specs look at the database hundreds of times. */
export class Database {
  private tables: string[] | undefined;

  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<Database> {
    const client = new Client({ connectionString: url });
    // The run's PostgreSQL stops after the last file: a connection left open must not take jest down.
    client.on('error', () => undefined);
    await client.connect();
    return new Database(client);
  }

  async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query<T>(sql, params)).rows;
  }

  /** A hash of every table's rows (but the volatile ones): equal fingerprints, an unchanged database. */
  async fingerprint(): Promise<Fingerprint> {
    this.tables ??= (
      await this.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
      )
    )
      .map((t) => t.name)
      .filter((name) => !VOLATILE_TABLES.includes(name));
    const sql = this.tables
      .map((name) => `SELECT '${name}' AS name, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS hash FROM "${name}" t`)
      .join(' UNION ALL ');
    const rows = await this.query<{ name: string; hash: string }>(sql);
    return Object.fromEntries(rows.map((r) => [r.name, r.hash]));
  }

  async auditHead(): Promise<number> {
    const [row] = await this.query<{ seq: string }>('SELECT seq FROM audit_chain_head');
    return Number(row?.seq ?? 0);
  }

  /** The access.denied events after `seq`. */
  async accessDeniedSince(seq: number): Promise<{ actor_id: string | null; subject_type: string | null; subject_id: string | null }[]> {
    return this.query(
      `SELECT actor_id, subject_type, subject_id FROM audit_event WHERE seq > $1 AND action = 'access.denied' ORDER BY seq`,
      [seq],
    );
  }

  async application(id: string): Promise<ApplicationRow> {
    const [row] = await this.query<ApplicationRow>(
      `SELECT status, version, answers, review_comments, assigned_reviewer_id, proposed_name FROM application WHERE id = $1`,
      [id],
    );
    if (!row) throw new Error(`No application ${id}`);
    return row;
  }

  /** Sessions and rate-limit counters: the hostile-input spec sends far more than a person would. */
  async forgetRateLimits(): Promise<void> {
    await this.client.query('DELETE FROM rate_limit_bucket');
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

export interface ApplicationRow {
  status: string;
  version: number;
  answers: Record<string, unknown>;
  review_comments: unknown[];
  assigned_reviewer_id: string | null;
  proposed_name: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// Sessions and requests
// ---------------------------------------------------------------------------------------------------------

const COOKIE_NAMES = ['portal.sid', 'portal.csrf', 'lang'];

/** A BrowserClient signed in with the given account (a session of its own). */
export async function signInAs(baseUrl: string, email: string, password = PASSWORD): Promise<BrowserClient> {
  const client = new BrowserClient(baseUrl);
  const page = await client.submit('/login', '/login', { email, password });
  if (page.status !== 303) throw new Error(`Sign-in of ${email} answered ${page.status}`);
  return client;
}

/**
 * A fresh CSRF token of the client's own session: a page with a form (the header's sign-out form when signed
 * in, the sign-in form when not) is fetched first, as a browser would.
 */
export async function freshCsrf(client: BrowserClient, signedIn: boolean): Promise<string> {
  const page = await client.get(signedIn ? '/account' : '/login');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1];
  if (!token) throw new Error(`No CSRF token on ${signedIn ? '/account' : '/login'} (${page.status})`);
  return token;
}

/**
 * A request with exactly the given body and headers, carrying the client's cookies and keeping the ones the
 * answer sets: for bodies a BrowserClient cannot send (repeated keys, JSON, raw bytes). An answer that does
 * not complete within the time limit (10 s by default) throws.
 */
export async function rawRequest(
  client: BrowserClient,
  method: string,
  path: string,
  options: { body?: string | Buffer | FormData; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Page> {
  const cookie = COOKIE_NAMES.flatMap((name) => {
    const value = client.cookie(name);
    return value === undefined ? [] : [`${name}=${value}`];
  }).join('; ');
  const body = Buffer.isBuffer(options.body) ? new Uint8Array(options.body) : options.body;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await fetch(new URL(path, client.baseUrl), {
    method,
    body,
    redirect: 'manual',
    signal,
    headers: { 'accept-language': 'en', ...(cookie ? { cookie } : {}), ...options.headers },
  }).catch((error: unknown) => {
    throw new Error(`${method} ${path.slice(0, 200)}: no answer within ${timeoutMs} ms (${String(error)})`);
  });
  for (const header of response.headers.getSetCookie()) {
    const [pair = ''] = header.split(';');
    const index = pair.indexOf('=');
    const name = pair.slice(0, index);
    if (COOKIE_NAMES.includes(name)) client.setCookie(name, pair.slice(index + 1));
  }
  // A response whose headers went out but whose body never ends (a stream that failed half-way) is a failure too.
  const html = await response.text().catch((error: unknown) => {
    throw new Error(
      `${method} ${path.slice(0, 200)}: the answer (${response.status}) never ended within ${timeoutMs} ms (${String(error)})`,
    );
  });
  return { status: response.status, html, location: response.headers.get('location'), headers: response.headers };
}

/** An urlencoded body with repeated keys and keys in any shape (`a[]`, `a[b]`), in the given order. */
export function formBody(pairs: readonly (readonly [string, string])[]): string {
  const params = new URLSearchParams();
  for (const [key, value] of pairs) params.append(key, value);
  return params.toString();
}

// ---------------------------------------------------------------------------------------------------------
// What a page must never show
// ---------------------------------------------------------------------------------------------------------

/** A Node stack frame, an error class name with its message, or a path into the code. */
export function looksLikeStackTrace(text: string): boolean {
  return (
    /\n\s+at [^\n]+:\d+:\d+\)?/.test(text) ||
    /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|QueryFailedError|EntityNotFoundError|DatabaseError)\b/.test(text) ||
    /node_modules\/|\/src\/[\w/-]+\.ts|\/dist\/src\//.test(text)
  );
}

/**
 * Markup in the page that came from the input rather than the templates: every tag is read (comments
 * skipped), its quoted attribute values are removed (escaped input inside them is harmless: it cannot
 * contain a quote), and what is left must not contain the marker that every hostile payload carries in its
 * tags. Every <script> must load a file from /assets/; none may carry inline code.
 */
export function injectedMarkup(html: string, marker: string): string[] {
  const found: string[] = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const match of withoutComments.matchAll(/<\/?[a-zA-Z][^>]*>?/g)) {
    const tag = match[0];
    const bare = tag.replace(/"[^"]*"|'[^']*'/g, '""');
    if (bare.includes(marker)) found.push(tag);
    if (/^<script\b/i.test(tag) && !/\ssrc="\/assets\/[^"]+"/.test(tag)) found.push(tag);
    if (/\son[a-z]+\s*=/i.test(bare)) found.push(tag);
  }
  for (const match of withoutComments.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    if ((match[1] ?? '').trim() !== '') found.push(match[0].slice(0, 200));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Applications in every state
// ---------------------------------------------------------------------------------------------------------

export const APPLICATION_STATES = ['draft', 'submitted', 'inReview', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export interface ApplicationFixture {
  state: ApplicationState;
  id: string;
  documentId: string;
  shareholderId: string;
  officerId: string;
  /** The credit code, once approved. */
  code?: string;
}

const DIGITS = '零一二三四五六七八九';

/** Trade names no other application in this database uses: a Chinese stem and a counter in Chinese numerals. */
export function tradeNames(stem: string): () => string {
  let count = 0;
  return () => {
    count += 1;
    return `${stem}${String(count)
      .split('')
      .map((d) => DIGITS[Number(d)])
      .join('')}`;
  };
}

/** Puts complete applications of one applicant into any state, signing in afresh for each (so they can run in parallel). */
export class ApplicationFactory {
  constructor(
    private readonly baseUrl: string,
    private readonly db: Database,
    private readonly applicantEmail: string,
    private readonly reviewerEmail: string,
    private readonly nextTradeName: () => string,
  ) {}

  async create(state: ApplicationState): Promise<ApplicationFixture> {
    const applicant = await signInAs(this.baseUrl, this.applicantEmail);
    const id = await startApplication(applicant);
    await completeApplication(applicant, id, this.nextTradeName());
    if (state === 'withdrawn') {
      await expectStatus(applicant, 'POST', `/applications/${id}/withdraw`, {}, 303);
    } else if (state !== 'draft') {
      await expectStatus(applicant, 'POST', `/applications/${id}/submit`, { declaration: 'yes' }, 303);
      if (state !== 'submitted') {
        const reviewer = await signInAs(this.baseUrl, this.reviewerEmail);
        await expectStatus(reviewer, 'POST', `/review/${id}/claim`, {}, 303);
        if (state === 'returned')
          await expectStatus(reviewer, 'POST', `/review/${id}/return`, { comment_capital: 'Check the capital' }, 303);
        if (state === 'approved') await expectStatus(reviewer, 'POST', `/review/${id}/approve`, {}, 303);
        if (state === 'rejected')
          await expectStatus(reviewer, 'POST', `/review/${id}/reject`, { reason: 'other', explanation: 'Not this time' }, 303);
      }
    }
    const [row] = await this.db.query<{ shareholder: string; officer: string; document: string; code: string | null }>(
      `SELECT a.answers -> 'shareholders' -> 0 ->> 'id' AS shareholder, a.answers -> 'officers' -> 0 ->> 'id' AS officer,
              (SELECT d.id FROM application_document d WHERE d.application_id = a.id ORDER BY d.uploaded_at LIMIT 1) AS document,
              (SELECT e.credit_code FROM enterprise e WHERE e.application_id = a.id) AS code
         FROM application a WHERE a.id = $1`,
      [id],
    );
    if (!row) throw new Error(`Application ${id} vanished`);
    const status = (await this.db.application(id)).status;
    const expected = state === 'inReview' ? 'in_review' : state;
    if (status !== expected) throw new Error(`Application ${id} is ${status}, not ${expected}`);
    return {
      state,
      id,
      documentId: row.document,
      shareholderId: row.shareholder,
      officerId: row.officer,
      ...(row.code ? { code: row.code } : {}),
    };
  }
}

export async function startApplication(client: BrowserClient): Promise<string> {
  const token = await freshCsrf(client, true);
  const started = await client.post('/applications', { _csrf: token });
  if (started.status !== 303) throw new Error(`Starting an application answered ${started.status}`);
  return applicationIdFrom(started.location);
}

async function expectStatus(
  client: BrowserClient,
  method: 'POST',
  path: string,
  fields: Record<string, string>,
  status: number,
): Promise<Page> {
  const token = await freshCsrf(client, true);
  const page = await client.post(path, { _csrf: token, ...fields });
  if (page.status !== status) throw new Error(`${method} ${path} answered ${page.status}, not ${status}: ${page.html.slice(0, 500)}`);
  return page;
}

/** A multipart upload of one document with the client's CSRF token in the query string, as the page sends it. */
export async function uploadDocument(
  client: BrowserClient,
  id: string,
  fields: { kind?: string; content?: Uint8Array; fileName?: string; type?: string } = {},
): Promise<Page> {
  await freshCsrf(client, true);
  const form = new FormData();
  form.append('kind', fields.kind ?? 'articles');
  form.append(
    'file',
    new Blob([fields.content ?? new Uint8Array(PDF)], { type: fields.type ?? 'application/pdf' }),
    fields.fileName ?? 'a.pdf',
  );
  return client.postMultipart(`/applications/${id}/documents`, form);
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the results. */
export async function inParallel<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next;
      next += 1;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
