/**
 * The portal process is SIGKILLed while applicants upload documents: many uploads in parallel, real PDF
 * and PNG files, some of several MB streamed slowly so the kill lands in the middle of their bodies.
 * Afterwards, in the database: every upload the portal acknowledged is there with exactly the bytes sent,
 * nothing is half-stored (no empty, short, mixed-up or unaudited document, no orphaned large object or
 * audit event), each application's version counts exactly its documents, and the audit chain is intact
 * (audit:verify). Then the portal starts again on the same database and port and uploads work, with the
 * same sessions.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PASSWORD } from '../support/accounts';
import { applicationIdFrom } from '../support/applications';
import { BrowserClient } from '../support/browser-client';
import { startChildPortal, type ChildPortal } from '../support/child-portal';
import { createDatabase, withClient } from '../support/test-portal';
import { multipartBody, pdfDocument, pngImage, sha256, streamUpload, type StreamedUpload } from '../support/uploads';

jest.setTimeout(180_000);

const APPLICANTS = 6;
const SMALL_PER_APPLICANT = 4;
/** Per applicant, one large file sent at once and one trickled. */
const LARGE_PER_APPLICANT = 2;
/** Trickled bodies go out 64 KiB every 40 ms: a 5 MB file takes about 3 s, so the kill finds them half-sent. */
const SLOW = { chunkBytes: 64 * 1024, delayMs: 40 };
const FAST = { chunkBytes: 0, delayMs: 0 };

interface Applicant {
  client: BrowserClient;
  email: string;
  applicationId: string;
}

interface Upload {
  applicant: Applicant;
  kind: 'articles' | 'identity';
  fileName: string;
  contentType: string;
  content: Buffer;
  sha256: string;
  large: boolean;
  streamed?: StreamedUpload;
  result?: { status: number; location: string | null } | { error: string };
  /** Bytes of the body that had left the test when the process was killed. */
  sentAtKill?: number;
}

let databaseUrl: string;
let dataDir: string;
const sessionSecret = randomBytes(32).toString('hex');
let portal: ChildPortal | undefined;
/** Every upload the first test sent, and the applications' versions before them, for the second test. */
const sentUploads: Upload[] = [];
let versionsBefore = new Map<string, number>();

beforeAll(async () => {
  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set: run the tests with npm test');
  databaseUrl = await createDatabase(serverUrl);
  dataDir = mkdtempSync(join(tmpdir(), 'portal-upload-faults-'));
});

afterAll(async () => {
  await portal?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

function start(port?: number): Promise<ChildPortal> {
  return startChildPortal({ databaseUrl, dataDir, sessionSecret, port, env: { LOGIN_ATTEMPTS_PER_MINUTE: '10000' } });
}

/** Signs up through the page, signs in, and starts an application. */
async function applicant(url: string, n: number): Promise<Applicant> {
  const client = new BrowserClient(url);
  const email = `uploader.${n}.${process.pid}.${Date.now()}@example.cn`;
  const signup = await client.submit('/signup', '/signup', { name: `上传人${n}`, email, password: PASSWORD });
  if (signup.status !== 200) throw new Error(`sign-up answered ${signup.status}`);
  const login = await client.submit('/login', '/login', { email, password: PASSWORD });
  if (login.status !== 303) throw new Error(`sign-in answered ${login.status}`);
  await client.get('/applications');
  const applicationId = applicationIdFrom((await client.post('/applications', { _csrf: client.lastCsrf })).location);
  return { client, email, applicationId };
}

/** Starts one upload as the documents page's form sends it (the CSRF token in the action's query string). */
async function send(url: string, upload: Upload, pacing: { chunkBytes: number; delayMs: number }): Promise<StreamedUpload> {
  const { client, applicationId } = upload.applicant;
  await client.get(`/applications/${applicationId}/documents`);
  const { body, contentType } = multipartBody(
    { kind: upload.kind },
    { field: 'file', fileName: upload.fileName, contentType: upload.contentType, content: upload.content },
  );
  const cookie = ['portal.sid', 'portal.csrf']
    .map((name) => [name, client.cookie(name)])
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  return streamUpload(
    `${url}/applications/${applicationId}/documents?_csrf=${encodeURIComponent(client.lastCsrf)}`,
    { 'content-type': contentType, cookie, 'accept-language': 'en' },
    body,
    pacing,
  );
}

let made = 0;
function document(owner: Applicant, large: boolean, pdf: boolean): Upload {
  made += 1;
  const size = large ? 3_000_000 + Math.floor(Math.random() * 3_000_000) : 20_000 + Math.floor(Math.random() * 300_000);
  const content = pdf ? pdfDocument(randomBytes(size)) : pngImage(size);
  return {
    applicant: owner,
    kind: pdf ? 'articles' : 'identity',
    fileName: `${pdf ? '章程' : '身份证'}-${made}.${pdf ? 'pdf' : 'png'}`,
    contentType: pdf ? 'application/pdf' : 'image/png',
    content,
    sha256: sha256(content),
    large,
  };
}

const acknowledged = (u: Upload): boolean => u.result !== undefined && 'status' in u.result && u.result.status === 303;

interface StoredDocument {
  id: string;
  application_id: string;
  kind: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  actual_sha256: string;
  actual_bytes: number;
}

/** Everything the database holds about documents, read straight from the tables. */
async function databaseFacts() {
  return withClient(databaseUrl, async (db) => {
    const documents = (
      await db.query<StoredDocument>(
        `SELECT id, application_id, kind, file_name, content_type, size_bytes, sha256,
                encode(sha256(content), 'hex') AS actual_sha256, octet_length(content) AS actual_bytes
           FROM application_document`,
      )
    ).rows;
    const audited = (
      await db.query<{ subject_id: string; document_id: string; sha256: string; size: number }>(
        `SELECT subject_id, details->>'documentId' AS document_id, details->>'sha256' AS sha256, (details->>'sizeBytes')::int AS size
           FROM audit_event WHERE action = 'application.document_uploaded'`,
      )
    ).rows;
    const applications = (await db.query<{ id: string; status: string; version: number }>('SELECT id, status, version FROM application'))
      .rows;
    const largeObjects = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM pg_largeobject_metadata')).rows[0].n);
    const prepared = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM pg_prepared_xacts')).rows[0].n);
    return { documents, audited, applications, largeObjects, prepared };
  });
}

/** Other sessions on the test database (the portal's connections); the dead process's go when Postgres notices. */
async function waitForNoOtherBackends(): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const others = await withClient(databaseUrl, async (db) =>
      Number(
        (
          await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
          )
        ).rows[0].n,
      ),
    );
    if (others === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('connections of the killed portal are still open in PostgreSQL');
}

async function auditVerify(): Promise<{ intact: boolean; checked: number; headSeq: number }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(__dirname, '..', '..', 'dist', 'src', 'cli.js'), 'audit:verify', '--json'],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, SESSION_SECRET: sessionSecret, LOG_LEVEL: 'silent' },
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as { intact: boolean; checked: number; headSeq: number };
}

/** What must hold after any crash: checked against the uploads that were sent. */
function expectConsistent(facts: Awaited<ReturnType<typeof databaseFacts>>, uploads: Upload[], baseVersions: Map<string, number>): void {
  const sent = new Map(uploads.map((u) => [u.sha256, u]));
  // No document is empty, short, altered, or anything but one of the files sent, to the right place.
  for (const d of facts.documents) {
    const upload = sent.get(d.actual_sha256);
    expect({ document: d.id, intact: d.actual_sha256 === d.sha256 && d.actual_bytes === d.size_bytes, sent: upload !== undefined }).toEqual(
      {
        document: d.id,
        intact: true,
        sent: true,
      },
    );
    expect({
      application: d.application_id,
      kind: d.kind,
      fileName: d.file_name,
      contentType: d.content_type,
      bytes: d.actual_bytes,
    }).toEqual({
      application: upload!.applicant.applicationId,
      kind: upload!.kind,
      fileName: upload!.fileName,
      contentType: upload!.contentType,
      bytes: upload!.content.length,
    });
  }
  // Each file at most once.
  expect(new Set(facts.documents.map((d) => d.actual_sha256)).size).toBe(facts.documents.length);
  // Every acknowledged upload is there.
  const stored = new Set(facts.documents.map((d) => d.actual_sha256));
  expect(
    uploads
      .filter(acknowledged)
      .filter((u) => !stored.has(u.sha256))
      .map((u) => u.fileName),
  ).toEqual([]);
  // Document rows and their audit events match one to one: no event without its document, or the reverse.
  expect(facts.audited.map((a) => `${a.subject_id}/${a.document_id}/${a.sha256}/${a.size}`).sort()).toEqual(
    facts.documents.map((d) => `${d.application_id}/${d.id}/${d.sha256}/${d.size_bytes}`).sort(),
  );
  // Each upload moved its application's version by one, in the same transaction as the document.
  for (const a of facts.applications) {
    const count = facts.documents.filter((d) => d.application_id === a.id).length;
    expect({ application: a.id, status: a.status, versionGain: a.version - (baseVersions.get(a.id) ?? 0) }).toEqual({
      application: a.id,
      status: 'draft',
      versionGain: count,
    });
  }
  expect(facts.largeObjects).toBe(0);
  expect(facts.prepared).toBe(0);
}

describe('SIGKILL during uploads', () => {
  it('keeps every acknowledged upload byte for byte, leaves nothing half-done, and uploads work after a restart', async () => {
    portal = await start();
    const url = portal.url;
    const applicants: Applicant[] = [];
    for (let i = 0; i < APPLICANTS; i += 1) applicants.push(await applicant(url, i));
    const baseVersions = new Map((await databaseFacts()).applications.map((a) => [a.id, a.version] as const));

    const uploads: Upload[] = applicants.flatMap((owner) => [
      ...Array.from({ length: LARGE_PER_APPLICANT }, (_, i) => document(owner, true, i % 2 === 0)),
      ...Array.from({ length: SMALL_PER_APPLICANT }, (_, i) => document(owner, false, i % 2 === 0)),
    ]);
    const large = uploads.filter((u) => u.large);
    const small = uploads.filter((u) => !u.large);

    // The large ones start together and trickle; the small ones follow one another over about 1.5 s.
    const run = async (u: Upload, pacing: typeof SLOW, after: number): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, after));
      try {
        u.streamed = await send(url, u, pacing);
        u.result = await u.streamed.done;
      } catch (error) {
        // The documents page (for the form's token) could not be fetched: the process was already gone.
        u.result = { error: String(error) };
      }
    };
    const trickled = large.filter((_, i) => i % 2 === 0);
    const started = [...large.map((u) => run(u, trickled.includes(u) ? SLOW : FAST, 0)), ...small.map((u, i) => run(u, FAST, i * 60))];

    // Kill once uploads, large ones among them, are acknowledged and several large bodies are only partly sent.
    const midBody = () => trickled.filter((u) => u.streamed && u.streamed.sent() > 0 && u.streamed.sent() < u.streamed.total).length;
    const ready = () => uploads.filter(acknowledged).length >= 8 && large.filter(acknowledged).length >= 2 && midBody() >= 3;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !ready()) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const u of uploads) u.sentAtKill = u.streamed?.sent() ?? 0;
    await portal.kill();
    await Promise.all(started);

    const acked = uploads.filter(acknowledged);
    const cutMidBody = uploads.filter((u) => u.streamed && u.sentAtKill! > 0 && u.sentAtKill! < u.streamed.total);
    // Before the kill every upload that got an answer was accepted; after it, requests failed on the wire.
    expect(uploads.filter((u) => u.result && 'status' in u.result && u.result.status !== 303)).toEqual([]);
    expect(acked.length).toBeGreaterThanOrEqual(8);
    expect(acked.filter((u) => u.large).length).toBeGreaterThanOrEqual(2);
    expect(uploads.length - acked.length).toBeGreaterThan(0);
    expect(cutMidBody.filter((u) => u.large).length).toBeGreaterThanOrEqual(3);
    for (const u of acked) {
      expect(u.result).toEqual({ status: 303, location: `/applications/${u.applicant.applicationId}/documents` });
    }

    await waitForNoOtherBackends();
    const facts = await databaseFacts();
    expectConsistent(facts, uploads, baseVersions);
    const committedUnacknowledged = facts.documents.length - acked.length;
    const verified = await auditVerify();
    expect(verified).toMatchObject({ intact: true });
    process.stdout.write(
      `upload faults: ${uploads.length} uploads, ${acked.length} acknowledged, ${committedUnacknowledged} stored but not acknowledged, ` +
        `${cutMidBody.length} cut mid-body (${cutMidBody.filter((u) => u.large).length} large); ${verified.checked} audit events verified\n`,
    );

    // The portal starts again on the same database and port; the same sessions upload again.
    portal = await start(portal.port);
    const again: Upload[] = applicants.slice(0, 3).flatMap((owner) => [document(owner, false, true), document(owner, true, false)]);
    for (const u of again) {
      u.streamed = await send(portal.url, u, FAST);
      u.result = await u.streamed.done;
    }
    expect(again.map((u) => u.result)).toEqual(
      again.map((u) => ({ status: 303, location: `/applications/${u.applicant.applicationId}/documents` })),
    );
    const page = await applicants[0].client.get(`/applications/${applicants[0].applicationId}/documents`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(again[0].fileName);
    await portal.kill();
    await waitForNoOtherBackends();
    sentUploads.push(...uploads, ...again);
    versionsBefore = baseVersions;
    expectConsistent(await databaseFacts(), sentUploads, baseVersions);
    const stored = new Set((await databaseFacts()).documents.map((d) => d.actual_sha256));
    expect(again.every((u) => stored.has(u.sha256))).toBe(true);
    expect(await auditVerify()).toMatchObject({ intact: true });
  });

  it('would notice an upload stored in part (the checks above can fail)', async () => {
    const victim = sentUploads.find((u) => u.large && acknowledged(u));
    expect(victim).toBeDefined();
    const half = victim!.content.subarray(0, Math.floor(victim!.content.length / 2));
    // What a store without one transaction could leave: a row whose bytes stop part-way.
    await withClient(databaseUrl, (db) =>
      db.query(`UPDATE application_document SET content = $2 WHERE application_id = $1 AND sha256 = $3`, [
        victim!.applicant.applicationId,
        half,
        victim!.sha256,
      ]),
    );
    const facts = await databaseFacts();
    expect(() => expectConsistent(facts, sentUploads, versionsBefore)).toThrow();
  });
});
