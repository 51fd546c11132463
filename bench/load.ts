/**
 * End-to-end load test at scale: a throwaway embedded PostgreSQL, migrated, filled by the scale loader (by
 * default 1,000,000 enterprises, 1,000,000 further applications, 5,000,000 audit events), then the real
 * portal (production settings) and a bare Express + Handlebars + pg baseline page in this process, and
 * autocannon in a child process firing at them. Every scenario prints req/s, p50/p95/p99, errors and non-2xx,
 * its ratio to the baseline's req/s measured in the same run, and this process's RSS during the run; all of it
 * goes to bench/results/latest.json, with PASS/MISS against the issue's targets.
 *
 *   npm run bench                                   (full scale, several minutes)
 *   npm run bench:load -- --scale 0.05              (a smaller register)
 *   options: --scale S --seconds 10 --connections 50 --approvals N --submissions N --warmup 5 --workers 2 --verify-audit --profile
 *   (approvals run twice, N each: by 16 reviewers and by --connections reviewers)
 *   (--workers N: the public and signed-in pages again "as deployed", the portal as N workers on one port
 *   beside the baseline as N workers; 0 or 1 skips them)
 *
 * The public pages are rate-limited per client address (120/min). The portal runs with TRUST_PROXY=true, as
 * it would behind its reverse proxy, and every request of a public scenario carries its own X-Forwarded-For
 * (a list of 5,000 requests cycled by each connection; a fresh block of addresses per scenario), so the
 * limiter does its real work (one upsert per request) without refusing the benchmark. Signed-in scenarios
 * use one session per connection (50 reviewers, 50 applicants), as 50 people would; "one shared session"
 * shows what happens when 50 connections share one.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { createPortal, type Portal } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { validateCreditCode } from '../src/credit-codes/domain';
import { createDataSource, migrate } from '../src/database/data-source';
import { LicenceSigner } from '../src/licences/licence-signer';
import { applicantApplicationsPage } from '../src/applications/applications.repository';
import { registerSearch } from '../src/licences/licences.repository';
import { reviewQueuePage } from '../src/review/review-queue.repository';
import { startBaselineServer, type BaselineServer } from './baseline-server';
import { processAndChildren, procStat, residentBytes, startBaselineCluster, startPortalCluster, type ProcessCluster } from './clusters';
import type { Job, LoadStats, RequestSpec } from './load-client';
import {
  addApplications,
  applicantEmail,
  DEFAULT_PUBLIC_BASE_URL,
  enterpriseCode,
  loadScale,
  reviewerEmail,
  SCALE_PASSWORD,
  tradeNameAt,
  uuidFor,
  verifyAuditTail,
  type ScaleResult,
} from './scale-loader';
import { arg, benchDatabase, onInterrupt } from './support';

const RESULTS_DIR = join(__dirname, '..', '..', 'bench', 'results');
const LIST_LENGTH = 5000;
/** The verification page's ratio is measured again in this many pairs (baseline, page) of this many seconds. */
const RATIO_PAIRS = 3;
const RATIO_PAIR_SECONDS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The "as deployed" scenarios: the portal and the baseline each as N workers. */
interface DeployedResults {
  workers: number;
  baseline: ScenarioResult;
  verify: ScenarioResult;
  search: ScenarioResult;
  queue: ScenarioResult;
  dashboard: ScenarioResult;
}

interface ScenarioResult extends LoadStats {
  name: string;
  connections: number;
  /** The status every response should have (200; 303 for approvals) and how many had another. */
  expectedStatus: number;
  unexpected: number;
  ratioToBaseline: number | null;
  rssMb: { max: number; mean: number };
  /** CPU used during the run, in % of one core: this process (portal + baseline), PostgreSQL, the load generator. */
  cpuPercent: { node: number; postgres: number; loadGenerator: number };
  waits: Waits;
  /** Where this process spent its CPU (--profile): share of samples by package or portal module. */
  profile?: { byModule: [string, number][]; topFunctions: [string, number][] };
  note?: string;
}

interface TargetResult {
  target: string;
  measured: string;
  pass: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// The load generator (child process) and memory sampling

class LoadGenerator {
  private readonly child: ChildProcess;

  constructor() {
    this.child = fork(join(__dirname, 'load-client.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }

  run(job: Job): Promise<LoadStats> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (message: { ok: boolean; stats?: LoadStats; error?: string }) => {
        if (message.ok && message.stats) resolve(message.stats);
        else reject(new Error(message.error ?? 'load generator failed'));
      });
      this.child.send(job);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  close(): void {
    this.child.kill();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Who used the CPU: this process (portal and baseline), PostgreSQL's processes, the load generator.

const CLOCK_TICKS = 100;

function processCpuSeconds(pid: number): number {
  try {
    const fields = procStat(pid);
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

class CpuMeter {
  private constructor(
    private readonly postmaster: number,
    private readonly generatorPid: number | undefined,
  ) {}

  static async create(dataSource: DataSource, generatorPid: number | undefined): Promise<CpuMeter> {
    const [row] = await dataSource.query<{ pid: number }[]>(`SELECT pg_backend_pid() AS pid`);
    return new CpuMeter(Number(procStat(row?.pid ?? 0)[1]), generatorPid);
  }

  /** CPU of PostgreSQL's processes by pid; a process started meanwhile counts from zero. */
  private postgresCpu(): Map<number, number> {
    return new Map(processAndChildren(this.postmaster).map((pid) => [pid, processCpuSeconds(pid)]));
  }

  /** From now to the call of what it returns; the portal is this process, or the processes of `portalPid`'s cluster. */
  start(portalPid?: number): () => { node: number; postgres: number; loadGenerator: number } {
    const wall = process.hrtime.bigint();
    const node = process.cpuUsage();
    const portalProcesses = portalPid === undefined ? [] : processAndChildren(portalPid);
    const portalCpu = () => portalProcesses.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
    const portalAtStart = portalCpu();
    const pg = this.postgresCpu();
    const generator = this.generatorPid ? processCpuSeconds(this.generatorPid) : 0;
    return () => {
      const seconds = Number(process.hrtime.bigint() - wall) / 1e9;
      const used = process.cpuUsage(node);
      let postgres = 0;
      for (const [pid, cpu] of this.postgresCpu()) postgres += Math.max(0, cpu - (pg.get(pid) ?? 0));
      return {
        node: ((portalPid === undefined ? (used.user + used.system) / 1e6 : portalCpu() - portalAtStart) / seconds) * 100,
        postgres: (postgres / seconds) * 100,
        loadGenerator: this.generatorPid ? ((processCpuSeconds(this.generatorPid) - generator) / seconds) * 100 : 0,
      };
    };
  }
}

// ---------------------------------------------------------------------------------------------------------
// A CPU profile of this process during a scenario, summarised by package / portal module.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

async function profiled<T>(enabled: boolean, run: () => Promise<T>): Promise<{ value: T; profile?: ScenarioResult['profile'] }> {
  if (!enabled) return { value: await run() };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  const outcome = await run().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  if (!outcome.ok) throw outcome.error;
  const value = outcome.value;
  const nodes = profile.nodes as ProfileNode[];
  const total = nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0) || 1;
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    const module = moduleOf(url, functionName);
    byModule.set(module, (byModule.get(module) ?? 0) + hits);
    const name =
      `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
  }
  const top = (map: Map<string, number>, n: number): [string, number][] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, Math.round((v / total) * 1000) / 10]);
  return { value, profile: { byModule: top(byModule, 12), topFunctions: top(byFunction, 12) } };
}

function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  const portal = /\/dist\/src\/([^/]+(?:\/[^/]+)?)\//.exec(url) ?? /\/dist\/src\/([^/]+)/.exec(url);
  if (portal) return `portal:${portal[1].replace(/\.js$/, '')}`;
  if (url.includes('/dist/bench/')) return 'bench';
  if (url.startsWith('node:')) return 'node core';
  return url;
}

/** Waits until the portal's and the baseline's queries are done (a slow scenario can leave a queue behind). */
async function settle(dataSource: DataSource): Promise<void> {
  const started = Date.now();
  let quiet = 0;
  while (Date.now() - started < 900_000) {
    const [row] = await dataSource.query<{ active: string }[]>(
      `SELECT count(*) AS active FROM pg_stat_activity WHERE state <> 'idle' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    // Two quiet looks in a row: a request queued in the portal's pool would have reached PostgreSQL meanwhile.
    quiet = Number(row?.active) === 0 ? quiet + 1 : 0;
    if (quiet === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const waited = (Date.now() - started) / 1000;
  if (waited > 5) console.log(`      (waited ${waited.toFixed(0)} s for the previous scenario's requests to drain)`);
}

interface Waits {
  /** Mean number of the portal's requests waiting for a connection of its pool (size `poolSize`). */
  poolWaiting: { mean: number; max: number };
  /** Mean number of active PostgreSQL backends by what they were doing (CPU = not waiting), portal and baseline together. */
  postgres: [string, number][];
  /** The 1-minute load average at the end of the scenario (other work on the machine shows here). */
  loadAverage: number;
}

/** Samples this process's RSS, the portal pool's queue and PostgreSQL's wait events while `run` runs. */
async function sampled<T>(
  dataSource: DataSource,
  portalPool: { waitingCount: number } | undefined,
  run: () => Promise<T>,
  portalPid?: number,
): Promise<{ value: T; rssMb: { max: number; mean: number }; waits: Waits }> {
  // This process's memory (portal and baseline), or the whole portal cluster's.
  const resident = () =>
    portalPid === undefined ? process.memoryUsage().rss : processAndChildren(portalPid).reduce((sum, pid) => sum + residentBytes(pid), 0);
  const rss: number[] = [resident()];
  const waiting: number[] = [];
  const waits = new Map<string, number>();
  let looks = 0;
  let looking = false;
  const timer = setInterval(() => {
    rss.push(resident());
    if (portalPool) waiting.push(portalPool.waitingCount);
    if (looking) return;
    looking = true;
    dataSource
      .query<{ wait: string; n: string }[]>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait, count(*) AS n FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1`,
      )
      .then((rows) => {
        looks += 1;
        for (const row of rows) waits.set(row.wait, (waits.get(row.wait) ?? 0) + Number(row.n));
      })
      .catch(() => undefined)
      .finally(() => {
        looking = false;
      });
  }, 100);
  try {
    const value = await run();
    const mean = (list: number[]) => (list.length ? list.reduce((a, b) => a + b, 0) / list.length : 0);
    return {
      value,
      rssMb: { max: Math.max(...rss) / 2 ** 20, mean: mean(rss) / 2 ** 20 },
      waits: {
        poolWaiting: { mean: mean(waiting), max: waiting.length ? Math.max(...waiting) : 0 },
        postgres: [...waits]
          .map(([wait, n]): [string, number] => [wait, Math.round((n / Math.max(1, looks)) * 10) / 10])
          .filter(([, n]) => n >= 0.1)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5),
        loadAverage: loadavg()[0] ?? 0,
      },
    };
  } finally {
    clearInterval(timer);
  }
}

// ---------------------------------------------------------------------------------------------------------
// A signed-in visitor, as test/support/browser-client.ts signs in: GET the form for a CSRF token, POST it.

class Visitor {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    private readonly baseUrl: string,
    readonly ip: string,
  ) {}

  get headers(): Record<string, string> {
    return { ...commonHeaders(this.ip), cookie: this.cookieHeader() };
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<{ status: number; html: string }> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      redirect: 'manual',
      headers: { ...this.headers, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const index = pair.indexOf('=');
      const value = pair.slice(index + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '') this.cookies.delete(pair.slice(0, index));
      else this.cookies.set(pair.slice(0, index), value);
    }
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, html };
  }

  /** Signs in, then opens `home` (which carries the sign-out form, so a token bound to the new session). */
  static async signIn(baseUrl: string, email: string, ip: string, home: string): Promise<Visitor> {
    const visitor = new Visitor(baseUrl, ip);
    await visitor.request('GET', '/login');
    const login = await visitor.request('POST', '/login', { _csrf: visitor.csrf, email, password: SCALE_PASSWORD });
    if (login.status !== 303) throw new Error(`sign-in of ${email} answered ${login.status}`);
    const page = await visitor.request('GET', home);
    if (page.status !== 200) throw new Error(`${home} for ${email} answered ${page.status}`);
    return visitor;
  }
}

/** What the reverse proxy would add, and a browser's language. */
function commonHeaders(ip: string): Record<string, string> {
  return { 'accept-language': 'zh-CN,zh;q=0.9', 'x-forwarded-proto': 'https', 'x-forwarded-for': ip };
}

const ipOf = (block: number, i: number) => `10.${block}.${(i >> 8) & 255}.${i & 255}`;

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const scale = arg('scale', 1);
  const seconds = arg('seconds', 10);
  const connections = arg('connections', 50);
  const warmup = arg('warmup', 5);
  const approvals = Math.max(16, arg('approvals', scale >= 0.5 ? 3000 : Math.max(500, Math.round(3000 * scale))));
  const submissions = Math.max(16, arg('submissions', 160));
  // Approving and submitting work through fixed lists; they stop starting requests after this long.
  const laneSeconds = arg('lane-seconds', Math.max(20, 4 * seconds));
  const counts = {
    enterprises: Math.round(1_000_000 * scale),
    applications: Math.round(1_000_000 * scale),
    auditEvents: Math.round(5_000_000 * scale),
  };
  const startedAt = new Date();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    memoryGb: totalmem() / 2 ** 30,
    node: process.version,
    loadAverageAtStart: loadavg(),
  };
  console.log(
    `load test at scale ${scale}: ${machine.cpus} cores, load average ${machine.loadAverageAtStart.map((l) => l.toFixed(1)).join(' ')}, node ${machine.node}`,
  );

  const db = await benchDatabase();
  const dataDir = mkdtempSync('/tmp/portal-bench-app-');
  const forgetDataDir = onInterrupt(() => rmSync(dataDir, { recursive: true, force: true }));
  const signingKey = LicenceSigner.generatePrivateKeyPem();
  // The portal's settings; the cluster of the "as deployed" scenarios gets the same (one session secret,
  // so the visitors signed in here are signed in there too).
  const portalEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOGIN_ATTEMPTS_PER_MINUTE: '10000',
    TRUST_PROXY: 'true',
    LICENCE_SIGNING_KEY: signingKey,
    PUBLIC_BASE_URL: DEFAULT_PUBLIC_BASE_URL,
  };
  const config = loadConfig(portalEnv);
  const dataSource = createDataSource(db.url, 4);
  await dataSource.initialize();
  let portal: Portal | undefined;
  let baseline: BaselineServer | undefined;
  const generator = new LoadGenerator();
  try {
    await migrate(dataSource);
    const scaleResult = await loadScale(dataSource, counts, {
      signingKeyPem: signingKey,
      publicBaseUrl: config.publicBaseUrl,
      authority: config.authority,
      prefix: config.creditCodePrefix,
    });
    const codeSettings = { prefix: config.creditCodePrefix, divisionCode: config.authority.divisionCode };

    // Accounts for the signed-in scenarios and the applications they need.
    const reviewerIds = scaleResult.reviewers.map((r) => r.id);
    const dashboardApplicants = await createApplicants(dataSource, 50);
    let tradeNameIndex = scaleResult.nextTradeNameIndex;
    const dashboard = await addApplications(dataSource, {
      statuses: ['draft', 'submitted', 'in_review', 'returned', 'rejected'],
      applicantIds: dashboardApplicants.map((a) => a.id),
      reviewerIds,
      tradeNameIndex,
    });
    tradeNameIndex = dashboard.nextTradeNameIndex;
    const lanes = 16;
    // Approvals twice: by 16 reviewers, and by as many as the other scenarios' connections (the issuing
    // capacity: approvals that arrive together share a transaction, so more at once means more per commit).
    const approveLaneCounts = [...new Set([lanes, connections])];
    const approvalRounds: { lanes: number; ids: string[] }[] = [];
    for (const laneCount of approveLaneCounts) {
      const apps = await addApplications(dataSource, {
        statuses: Array.from({ length: Math.ceil(approvals / lanes) }, () => 'in_review' as const),
        applicantIds: Array.from({ length: lanes }, (_, i) => uuidFor('acct-a', i + 1)),
        reviewerIds: reviewerIds.slice(0, laneCount),
        tradeNameIndex,
      });
      tradeNameIndex = apps.nextTradeNameIndex;
      approvalRounds.push({ lanes: laneCount, ids: apps.ids });
    }
    const approvalIds = approvalRounds.flatMap((r) => r.ids);
    // Drafts ready to submit (every section, three documents), for 16 applicants of the loaded register.
    const submitApplicants = Array.from({ length: lanes }, (_, i) => ({ id: uuidFor('acct-a', 21 + i), email: applicantEmail(21 + i) }));
    const submitApps = await addApplications(dataSource, {
      statuses: Array.from({ length: Math.ceil(submissions / lanes) }, () => 'draft' as const),
      applicantIds: submitApplicants.map((a) => a.id),
      tradeNameIndex,
      readyDrafts: true,
    });
    await dataSource.query('ANALYZE application');
    (globalThis as { gc?: () => void }).gc?.();

    // The servers.
    portal = await createPortal(config, db.url);
    await portal.app.listen(0, '127.0.0.1');
    const portalUrl = `http://127.0.0.1:${(portal.app.getHttpServer().address() as AddressInfo).port}`;
    const bare = await startBaselineServer(db.url);
    baseline = bare;
    const rssIdleMb = process.memoryUsage().rss / 2 ** 20;
    console.log(`\nportal on ${portalUrl}, baseline on ${bare.url}; RSS of this process at rest ${rssIdleMb.toFixed(0)} MB`);

    console.log('signing in 50 reviewers, 50 applicants with 5 applications each, 10 applicants with hundreds…');
    const reviewers: Visitor[] = [];
    for (const [i, r] of scaleResult.reviewers.entries()) reviewers.push(await Visitor.signIn(portalUrl, r.email, ipOf(200, i), '/review'));
    const applicants: Visitor[] = [];
    for (const [i, a] of dashboardApplicants.entries())
      applicants.push(await Visitor.signIn(portalUrl, a.email, ipOf(201, i), '/applications'));
    const heavyApplicants: Visitor[] = [];
    for (let i = 0; i < 10; i += 1)
      heavyApplicants.push(await Visitor.signIn(portalUrl, applicantEmail(50 + i), ipOf(202, i), '/applications'));
    const submitters: Visitor[] = [];
    for (const [i, a] of submitApplicants.entries())
      submitters.push(await Visitor.signIn(portalUrl, a.email, ipOf(203, i), '/applications'));
    const [heavyCount] = await dataSource.query<{ count: string }[]>(`SELECT count(*) AS count FROM application WHERE applicant_id = $1`, [
      uuidFor('acct-a', 50),
    ]);

    // Request lists: random enterprises, each request from its own address.
    const E = counts.enterprises;
    const randomG = () => 1 + Math.floor(Math.random() * E);
    const list = (block: number, path: (g: number) => string): RequestSpec[] =>
      Array.from({ length: LIST_LENGTH }, (_, i) => ({ path: path(randomG()), headers: { 'x-forwarded-for': ipOf(block, i) } }));
    const base = { 'accept-language': 'zh-CN,zh;q=0.9', 'x-forwarded-proto': 'https' };
    let block = 10;
    const publicJob = (url: string, path: (g: number) => string, conns: number, secs: number): Job => ({
      kind: 'autocannon',
      url,
      connections: conns,
      seconds: secs,
      headers: base,
      requests: list((block += 1), path),
    });
    const signedInJob = (visitors: Visitor[], path: string, conns: number, secs: number, url = portalUrl): Job => ({
      kind: 'autocannon',
      url: `${url}${path}`,
      connections: conns,
      seconds: secs,
      headers: base,
      perConnectionHeaders: visitors.map((v) => ({ cookie: v.cookieHeader(), 'x-forwarded-for': v.ip })),
    });

    const scenarios: ScenarioResult[] = [];
    const profile = process.argv.includes('--profile');
    const cpu = await CpuMeter.create(dataSource, generator.pid);
    // The portal's pg pool (TypeORM's driver keeps it as `master`): requests queue here when it is too small.
    const portalPool = (portal.dataSource.driver as unknown as { master?: { waitingCount: number } }).master;
    let baselineRps = 0;
    // The portal under test: this process, or (for the "as deployed" scenarios) a cluster's processes.
    let clusterPid: number | undefined;
    const measure = async (name: string, conns: number, job: Job, expectedStatus: number, note?: string): Promise<ScenarioResult> => {
      await settle(dataSource);
      const stop = cpu.start(clusterPid);
      const { value, rssMb, waits } = await sampled(
        dataSource,
        clusterPid === undefined ? portalPool : undefined,
        () => profiled(profile && clusterPid === undefined, () => generator.run(job)),
        clusterPid,
      );
      const cpuPercent = stop();
      const stats = value.value;
      if (name.startsWith('baseline')) baselineRps = stats.rps;
      const result: ScenarioResult = {
        name,
        connections: conns,
        ...stats,
        expectedStatus,
        unexpected: stats.requests - (stats.statuses[String(expectedStatus)] ?? 0) + stats.errors + stats.timeouts,
        ratioToBaseline: baselineRps > 0 ? stats.rps / baselineRps : null,
        rssMb,
        cpuPercent,
        waits,
        ...(value.profile ? { profile: value.profile } : {}),
        ...(note ? { note } : {}),
      };
      scenarios.push(result);
      printRow(result);
      return result;
    };
    const scenario = async (name: string, job: (conns: number, secs: number) => Job, conns = connections, secs = seconds) => {
      if (warmup > 0) {
        await settle(dataSource);
        await generator.run(job(conns, warmup));
      }
      return measure(name, conns, job(conns, secs), 200);
    };

    console.log(`\nscenarios: ${seconds} s each after a ${warmup} s warm-up; latencies in ms; RSS of this process (portal + baseline)`);
    printHeader();
    const baselineJob = (c: number, s: number) => publicJob(bare.url, (g) => bare.path(uuidFor('ent', g)), c, s);
    const verifyJob = (c: number, s: number) => publicJob(portalUrl, (g) => `/verify/${enterpriseCode(g, codeSettings)}`, c, s);
    await scenario('baseline: Express+hbs+pg, 1 PK query', baselineJob);
    const verify = await scenario('GET /verify/{code}', verifyJob);
    // The ratio again in pairs measured back to back, baseline then page: the load of a shared machine
    // drifts between two scenarios, and one pair moved the ratio by up to a quarter from run to run. The
    // target is judged on the median of the scenario's ratio and the pairs', and so is the page's p99 (one
    // 10 s measurement of it moved from 33 to 51 ms between two full runs of the same code).
    const ratioPairs: { baseline: number; verify: number; ratio: number; verifyP99: number; failed: number }[] = [];
    for (let pair = 0; pair < RATIO_PAIRS; pair += 1) {
      await settle(dataSource);
      const pairBaseline = await generator.run(baselineJob(connections, RATIO_PAIR_SECONDS));
      await settle(dataSource);
      const pairVerify = await generator.run(verifyJob(connections, RATIO_PAIR_SECONDS));
      ratioPairs.push({
        baseline: pairBaseline.rps,
        verify: pairVerify.rps,
        ratio: pairVerify.rps / pairBaseline.rps,
        verifyP99: pairVerify.latencyMs.p99,
        failed: pairVerify.requests - (pairVerify.statuses['200'] ?? 0) + pairVerify.errors + pairVerify.timeouts,
      });
    }
    const verifyRatios = [verify.ratioToBaseline ?? 0, ...ratioPairs.map((p) => p.ratio)];
    const verifyRatio = median(verifyRatios);
    const verifyP99s = [verify.latencyMs.p99, ...ratioPairs.map((p) => p.verifyP99)];
    const verifyP99 = median(verifyP99s);
    // Both verification targets count only if every measurement behind their medians was answered in full.
    const verifyAllAnswered = verify.unexpected === 0 && ratioPairs.every((p) => p.failed === 0);
    console.log(
      `  verification page / baseline in ${RATIO_PAIRS} more pairs of ${RATIO_PAIR_SECONDS} s: ${ratioPairs
        .map((p) => `${p.verify.toFixed(0)}/${p.baseline.toFixed(0)} = ${p.ratio.toFixed(2)}`)
        .join(', ')}; median with the scenario's ${verifyRatio.toFixed(2)}; p99 ${verifyP99s
        .map((p) => p.toFixed(1))
        .join(', ')} ms, median ${verifyP99.toFixed(1)} ms`,
    );
    await scenario('GET /api/v1/licences/{code}', (c, s) =>
      publicJob(portalUrl, (g) => `/api/v1/licences/${enterpriseCode(g, codeSettings)}`, c, s),
    );
    const search = await scenario('GET /register?q={trade name}', (c, s) =>
      publicJob(portalUrl, (g) => `/register?q=${encodeURIComponent(tradeNameAt(g - 1))}`, c, s),
    );
    // The public pages above are served by the public lane (anonymous GETs, ahead of Express): say how many.
    const laneStats = portal.lane.stats;
    console.log(`  public lane: ${laneStats.served} requests served, ${laneStats.handedOver} handed to the full pipeline`);
    const queue = await scenario('GET /review (50 reviewers)', (c, s) => signedInJob(reviewers, '/review', c, s));
    await scenario('GET /review (1 shared session)', (c, s) => signedInJob(reviewers.slice(0, 1), '/review', c, s));
    const dashboardResult = await scenario('GET /applications (5 applications)', (c, s) => signedInJob(applicants, '/applications', c, s));
    await scenario(`GET /applications (${Number(heavyCount?.count)} applications)`, (c, s) =>
      signedInJob(heavyApplicants, '/applications', c, s),
    );
    const search1 = await scenario(
      'GET /register?q=… , 1 connection',
      (c, s) => publicJob(portalUrl, (g) => `/register?q=${encodeURIComponent(tradeNameAt(g - 1))}`, c, s),
      1,
      5,
    );
    const queue1 = await scenario('GET /review, 1 connection', (c, s) => signedInJob(reviewers, '/review', c, s), 1, 5);
    // The queue and the search again with as many at once as the approval rounds' reviewers: at 50
    // connections on two cores their latency is mostly waiting in line, and these show where it holds.
    const queueLanes = await scenario(`GET /review, ${lanes} reviewers`, (c, s) => signedInJob(reviewers, '/review', c, s), lanes, 5);
    const searchLanes = await scenario(
      `GET /register?q=… , ${lanes} connections`,
      (c, s) => publicJob(portalUrl, (g) => `/register?q=${encodeURIComponent(tradeNameAt(g - 1))}`, c, s),
      lanes,
      5,
    );
    const dashboard1 = await scenario('GET /applications, 1 connection', (c, s) => signedInJob(applicants, '/applications', c, s), 1, 5);

    // Approve and issue: reviewers each approving the applications assigned to them, one at a time.
    const approveRounds: { lanes: number; result: ScenarioResult; issued: number; licencesPerSecond: number; queued: number }[] = [];
    for (const round of approvalRounds) {
      const [before] = await dataSource.query<{ count: string }[]>(`SELECT count(*) AS count FROM enterprise`);
      const approveLanes = reviewers.slice(0, round.lanes).map((visitor, lane) => ({
        headers: { ...visitor.headers, 'content-type': 'application/x-www-form-urlencoded' },
        requests: round.ids
          .filter((_, i) => i % round.lanes === lane)
          .map((id) => ({
            method: 'POST' as const,
            path: `/review/${id}/approve`,
            body: new URLSearchParams({ _csrf: visitor.csrf }).toString(),
          })),
      }));
      const result = await measure(
        `POST /review/{id}/approve (${round.lanes} reviewers)`,
        round.lanes,
        { kind: 'lanes', url: portalUrl, lanes: approveLanes, seconds: laneSeconds },
        303,
      );
      const [after] = await dataSource.query<{ count: string }[]>(`SELECT count(*) AS count FROM enterprise`);
      const issued = Number(after?.count) - Number(before?.count);
      const licencesPerSecond = issued / result.seconds;
      result.note = `${issued} licences issued in ${result.seconds.toFixed(1)} s = ${licencesPerSecond.toFixed(0)} licences/s`;
      console.log(`  ${result.note}`);
      approveRounds.push({ lanes: round.lanes, result, issued, licencesPerSecond, queued: round.ids.length });
    }
    const issued = approveRounds.reduce((sum, r) => sum + r.issued, 0);
    const capacity = approveRounds[approveRounds.length - 1];

    // Submit: 16 applicants, each submitting their ready drafts one at a time (name check, transition, audit).
    const [submittedBefore] = await dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM application WHERE status = 'submitted'`,
    );
    const submitResult = await measure(
      `POST /applications/{id}/submit (${lanes} applicants)`,
      lanes,
      {
        kind: 'lanes',
        url: portalUrl,
        seconds: laneSeconds,
        lanes: submitters.map((visitor, lane) => ({
          headers: { ...visitor.headers, 'content-type': 'application/x-www-form-urlencoded' },
          requests: (submitApps.byApplicant.get(submitApplicants[lane].id) ?? []).map((id) => ({
            method: 'POST' as const,
            path: `/applications/${id}/submit`,
            body: new URLSearchParams({ _csrf: visitor.csrf, declaration: 'yes' }).toString(),
          })),
        })),
      },
      303,
    );
    const [submittedAfter] = await dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM application WHERE status = 'submitted'`,
    );
    const submitted = Number(submittedAfter?.count) - Number(submittedBefore?.count);
    submitResult.note = `${submitted} applications submitted in ${submitResult.seconds.toFixed(1)} s = ${(submitted / submitResult.seconds).toFixed(1)}/s`;
    console.log(`  ${submitResult.note}`);

    // Starting an application (the reference comes from a sequence, formatted by the portal).
    const [sequence] = await dataSource.query<{ last_value: string }[]>(`SELECT last_value FROM application_reference_seq`);
    const starter = applicants[0];
    const startResult = await measure(
      'POST /applications (start, 1 applicant × 20)',
      1,
      {
        kind: 'lanes',
        url: portalUrl,
        lanes: [
          {
            headers: { ...starter.headers, 'content-type': 'application/x-www-form-urlencoded' },
            requests: Array.from({ length: 20 }, () => ({
              method: 'POST' as const,
              path: '/applications',
              body: new URLSearchParams({ _csrf: starter.csrf }).toString(),
            })),
          },
        ],
      },
      303,
    );
    startResult.note = `reference sequence at ${Number(sequence?.last_value).toLocaleString('en')}: ${startResult.statuses['303'] ?? 0}/20 started`;
    console.log(`  ${startResult.note}`);

    // As deployed: the portal as N workers on one port (what `npm run start:cluster` runs), and the
    // baseline as N workers too, so that the ratio compares like with like. Same database, same visitors.
    const workers = arg('workers', 2);
    let deployed: DeployedResults | undefined;
    if (workers > 1) {
      console.log(
        `\nas deployed: the portal as ${workers} workers (npm run start:cluster), the baseline as ${workers} workers; CPU% node = all workers`,
      );
      const singleBaselineRps = baselineRps;
      const portalCluster = await startPortalCluster({ ...portalEnv, DATABASE_URL: db.url }, workers);
      const forgetPortalCluster = onInterrupt(() => portalCluster.stop());
      let bareCluster: ProcessCluster | undefined;
      try {
        bareCluster = await startBaselineCluster(db.url, workers);
        const bareUrl = bareCluster.url;
        clusterPid = bareCluster.pid;
        const baselineN = await scenario(`baseline × ${workers} workers`, (c, s) =>
          publicJob(bareUrl, (g) => bare.path(uuidFor('ent', g)), c, s),
        );
        clusterPid = portalCluster.pid;
        const on = portalCluster.url;
        deployed = {
          workers,
          baseline: baselineN,
          verify: await scenario(`GET /verify/{code} × ${workers} workers`, (c, s) =>
            publicJob(on, (g) => `/verify/${enterpriseCode(g, codeSettings)}`, c, s),
          ),
          search: await scenario(`GET /register?q=… × ${workers} workers`, (c, s) =>
            publicJob(on, (g) => `/register?q=${encodeURIComponent(tradeNameAt(g - 1))}`, c, s),
          ),
          queue: await scenario(`GET /review × ${workers} workers`, (c, s) => signedInJob(reviewers, '/review', c, s, on)),
          dashboard: await scenario(`GET /applications × ${workers} workers`, (c, s) => signedInJob(applicants, '/applications', c, s, on)),
        };
      } finally {
        clusterPid = undefined;
        baselineRps = singleBaselineRps;
        await bareCluster?.stop();
        await portalCluster.stop();
        forgetPortalCluster();
      }
    }

    // Integrity after the run: gapless valid codes, the audit chain continues the loaded one.
    const [ledger] = await dataSource.query<{ count: string; max: string }[]>(
      `SELECT count(*) AS count, max(sequence) AS max FROM issued_credit_code WHERE prefix = $1`,
      [config.creditCodePrefix],
    );
    const newCodes = await dataSource.query<{ credit_code: string }[]>(
      `SELECT credit_code FROM enterprise WHERE application_id = ANY($1)`,
      [approvalIds],
    );
    const integrity = {
      codesGapless: Number(ledger?.max) + 1 === Number(ledger?.count),
      issuedCodesValid: newCodes.every((c) => validateCreditCode(c.credit_code).valid),
      auditChainTail: await verifyAuditTail(dataSource, issued * 2 + submitted + 2000),
      auditChainFull: process.argv.includes('--verify-audit') ? await verifyFullChain(portal) : 'not checked (--verify-audit)',
    };
    console.log(
      `  codes gapless: ${integrity.codesGapless}, new codes valid: ${integrity.issuedCodesValid}, audit chain tail: ${integrity.auditChainTail}, full chain: ${integrity.auditChainFull}`,
    );

    // Plans of the queries behind the slowest pages, at this scale.
    const sampleG = randomG();
    const plans = await explainPlans(dataSource, {
      code: enterpriseCode(sampleG, codeSettings),
      enterpriseId: uuidFor('ent', sampleG),
      tradeName: tradeNameAt(randomG() - 1),
      applicantId: uuidFor('acct-a', 50),
    });
    console.log('\nquery plans (EXPLAIN ANALYZE, first lines):');
    for (const plan of plans) console.log(`  ${plan.name}: ${plan.summary}`);

    // A latency target holds only when every request was answered as expected: timeouts and errors count against it.
    const latency = (r: ScenarioResult, q: 'p95' | 'p99', limit: number, context = ''): Omit<TargetResult, 'target'> => {
      const failed = r.unexpected > 0 ? `; ${r.unexpected} of ${r.requests + r.errors + r.timeouts} failed or timed out` : '';
      const measured =
        r.requests === 0 ? `no answer within ${seconds} s${failed}` : `${r.latencyMs[q].toFixed(1)} ms (${r.requests} answered${failed})`;
      return { measured: `${measured}${context}`, pass: r.requests > 0 && r.unexpected === 0 && r.latencyMs[q] < limit };
    };
    const at = (r: ScenarioResult) =>
      `${r.connections} connection${r.connections === 1 ? '' : 's'}: ${r.requests > 0 ? `${r.latencyMs.p95.toFixed(1)} ms` : 'no answer'}`;
    const alsoAt = (...fewer: ScenarioResult[]) => `; ${fewer.map(at).join('; ')}`;
    const targets: TargetResult[] = [
      {
        target: 'verification page ≥ 70% of baseline req/s',
        measured: `${(verifyRatio * 100).toFixed(0)}% (median of ${verifyRatios.map((r) => r.toFixed(2)).join(', ')}; scenario: ${verify.rps.toFixed(0)} vs ${baselineRps.toFixed(0)} req/s)`,
        pass: verifyRatio >= 0.7 && verifyAllAnswered,
      },
      {
        target: `verification page p99 < 50 ms at ${connections} connections`,
        measured: `${verifyP99.toFixed(1)} ms (median of ${verifyP99s.map((p) => p.toFixed(1)).join(', ')}; the scenario: ${verify.requests} answered)`,
        pass: verifyP99 < 50 && verifyAllAnswered,
      },
      { target: `review queue p95 < 50 ms (${connections} connections)`, ...latency(queue, 'p95', 50, alsoAt(queueLanes, queue1)) },
      { target: `register search p95 < 30 ms (${connections} connections)`, ...latency(search, 'p95', 30, alsoAt(searchLanes, search1)) },
      {
        target: `applicant dashboard p95 < 300 ms (${connections} connections)`,
        ...latency(dashboardResult, 'p95', 300, alsoAt(dashboard1)),
      },
      {
        target: `approve-and-issue ≥ 300 licences/s (${capacity.lanes} reviewers)`,
        measured: approveRounds
          .map(
            (r) =>
              `${r.lanes} reviewers: ${r.licencesPerSecond.toFixed(0)}/s (${r.issued} issued, ${r.result.requests} answered of ${r.queued})`,
          )
          .join('; '),
        pass:
          capacity.licencesPerSecond >= 300 &&
          approveRounds.every((r) => r.result.unexpected === 0 && r.issued === (r.result.statuses['303'] ?? 0)),
      },
    ];
    const deployedTargets: TargetResult[] = deployed
      ? [
          {
            target: `verification page ≥ 70% of baseline req/s`,
            measured: `${((deployed.verify.ratioToBaseline ?? 0) * 100).toFixed(0)}% (${deployed.verify.rps.toFixed(0)} vs ${deployed.baseline.rps.toFixed(0)} req/s)`,
            pass: (deployed.verify.ratioToBaseline ?? 0) >= 0.7 && deployed.verify.unexpected === 0,
          },
          { target: `verification page p99 < 50 ms at ${connections} connections`, ...latency(deployed.verify, 'p99', 50) },
          { target: `review queue p95 < 50 ms (${connections} connections)`, ...latency(deployed.queue, 'p95', 50) },
          { target: `register search p95 < 30 ms (${connections} connections)`, ...latency(deployed.search, 'p95', 30) },
          { target: `applicant dashboard p95 < 300 ms (${connections} connections)`, ...latency(deployed.dashboard, 'p95', 300) },
        ]
      : [];
    console.log(`\ntargets (scale ${scale}: ${E.toLocaleString('en')} enterprises), one portal process against the one-process baseline:`);
    for (const t of targets) console.log(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.target.padEnd(52)} ${t.measured}`);
    if (deployed) {
      console.log(
        `as deployed: ${deployed.workers} portal workers (npm run start:cluster) against the baseline as ${deployed.workers} workers:`,
      );
      for (const t of deployedTargets) console.log(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.target.padEnd(52)} ${t.measured}`);
    }
    // The cluster's rows measure the workers' memory, not this process's.
    const clusterRows = new Set(deployed ? [deployed.baseline, deployed.verify, deployed.search, deployed.queue, deployed.dashboard] : []);
    const rssMaxMb = Math.max(...scenarios.filter((s) => !clusterRows.has(s)).map((s) => s.rssMb.max));
    console.log(`memory: RSS of the portal's process ${rssIdleMb.toFixed(0)} MB at rest, at most ${rssMaxMb.toFixed(0)} MB under load`);
    if (deployed) {
      const clusterMax = Math.max(...[...clusterRows].filter((s) => s !== deployed.baseline).map((s) => s.rssMb.max));
      console.log(`        ${deployed.workers} portal workers and their primary together: at most ${clusterMax.toFixed(0)} MB under load`);
    }

    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, 'latest.json');
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          startedAt,
          finishedAt: new Date(),
          machine: { ...machine, loadAverageAtEnd: loadavg() },
          settings: {
            scale,
            seconds,
            connections,
            warmup,
            approvals: approvalIds.length,
            submissions: submitApps.ids.length,
            requestListLength: LIST_LENGTH,
          },
          scale: summariseScale(scaleResult),
          memory: { rssIdleMb, rssMaxMb },
          scenarios,
          publicLane: laneStats,
          verificationRatio: { median: verifyRatio, scenario: verify.ratioToBaseline, pairs: ratioPairs, pairSeconds: RATIO_PAIR_SECONDS },
          verificationP99: { median: verifyP99, measurements: verifyP99s },
          approve: approveRounds.map((r) => ({
            reviewers: r.lanes,
            issued: r.issued,
            seconds: r.result.seconds,
            licencesPerSecond: r.licencesPerSecond,
          })),
          submit: { submitted, seconds: submitResult.seconds },
          integrity,
          targets,
          deployed: deployed ? { workers: deployed.workers, targets: deployedTargets } : undefined,
          plans,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`results written to ${file}`);
  } finally {
    generator.close();
    await baseline?.close();
    await portal?.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
    forgetDataDir();
  }
}

async function createApplicants(dataSource: DataSource, count: number): Promise<{ id: string; email: string }[]> {
  const rows = await dataSource.query<{ id: string; email: string }[]>(
    `INSERT INTO user_account (id, email, name, password_hash, role)
     SELECT md5('acct-d' || n)::uuid, 'dashboard' || n || '@bench.example.cn', '申请人D' || n, password_hash, 'applicant'
       FROM generate_series(1, $1::int) n, (SELECT password_hash FROM user_account WHERE email = $2) h
     RETURNING id, email`,
    [count, reviewerEmail(1)],
  );
  return rows;
}

async function verifyFullChain(portal: Portal): Promise<string> {
  const started = Date.now();
  const result = await portal.app.get(AuditService).verify();
  return `${result.intact ? 'intact' : 'BROKEN'} (${result.checked.toLocaleString('en')} events in ${((Date.now() - started) / 1000).toFixed(0)} s)`;
}

function summariseScale(result: ScaleResult) {
  return {
    counts: result.counts,
    applicants: result.applicants,
    reviewers: result.reviewers.length,
    triggersOffWhileLoading: result.triggersOff,
    phases: result.phases,
    totalRows: result.totalRows,
    totalSeconds: result.totalSeconds,
    checks: result.checks,
  };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements behind the scenarios, as their repositories send them
 * (copied here; a change there needs a change here).
 */
async function explainPlans(
  dataSource: DataSource,
  sample: { code: string; enterpriseId: string; tradeName: string; applicantId: string },
): Promise<{ name: string; summary: string; plan: string[] }[]> {
  const search = registerSearch(sample.tradeName, 20, 0);
  const queue = reviewQueuePage({ statuses: ['submitted', 'in_review'] }, undefined, 25);
  const dashboard = applicantApplicationsPage(sample.applicantId, undefined, 50);
  const statements: [string, string, unknown[]][] = [
    [
      'verify: enterprise with current licence',
      `SELECT e.*, (SELECT to_json(l) FROM (SELECT * FROM licence WHERE enterprise_id = e.id ORDER BY version DESC LIMIT 1) l) AS licence
         FROM (SELECT * FROM enterprise WHERE credit_code = $1) e`,
      [sample.code],
    ],
    [
      'rate limiter upsert',
      `INSERT INTO rate_limit_bucket AS b (key, window_start, hits) VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / 60) * 60), 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = b.hits + 1 RETURNING hits`,
      ['public:explain'],
    ],
    ['search: page with its count', search.text, search.values],
    ['review queue: first page', queue.text, queue.values],
    [
      'submit/examine: similar trade names',
      `SELECT proposed_name, trade_name_key FROM application
        WHERE status IN ('submitted', 'in_review', 'returned', 'approved') AND trade_name_key IS NOT NULL
          AND name_bigrams(trade_name_key) && name_bigrams($1) AND id <> $2
        ORDER BY 2.0 * cardinality(ARRAY(SELECT unnest(name_bigrams(trade_name_key)) INTERSECT SELECT unnest(name_bigrams($1))))
                 / (char_length(trade_name_key) + char_length($1) - 2) DESC, trade_name_key
        LIMIT $3`,
      [sample.tradeName, '00000000-0000-4000-8000-000000000000', 10],
    ],
    ['dashboard: applicant with hundreds', dashboard.text, dashboard.values],
  ];
  const plans: { name: string; summary: string; plan: string[] }[] = [];
  // The portal runs the page views' queries as prepared statements (src/database/prepared-statements.ts),
  // which PostgreSQL may switch to a generic plan (one made without the parameters' values): show both.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const explain = async (sql: string, params: unknown[], generic: boolean): Promise<string[]> => {
    if (!generic)
      return ((await runner.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']);
    await runner.query(`SET plan_cache_mode = force_generic_plan`);
    try {
      await runner.query(`PREPARE bench_generic AS ${sql}`);
      const literal = (v: unknown): string =>
        typeof v === 'number' ? String(v) : Array.isArray(v) ? `ARRAY[${v.map(literal).join(', ')}]` : `'${String(v).replace(/'/g, "''")}'`;
      const args = params.length ? `(${params.map(literal).join(', ')})` : '';
      const rows = (await runner.query(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_generic${args}`)) as { 'QUERY PLAN': string }[];
      return rows.map((r) => r['QUERY PLAN']);
    } finally {
      await runner.query(`DEALLOCATE ALL`);
      await runner.query(`RESET plan_cache_mode`);
    }
  };
  const cases = statements.flatMap(([name, sql, params]): [string, string, unknown[], boolean][] => {
    // The prepared ones (the search's words-in-a-name statement among them).
    const withGeneric = ['verify', 'review queue', 'dashboard', 'search'].some((prefix) => name.startsWith(prefix));
    return withGeneric
      ? [
          [name, sql, params, false],
          [`${name} (generic plan)`, sql, params, true],
        ]
      : [[name, sql, params, false]];
  });
  try {
    for (const [name, sql, params, generic] of cases) {
      const plan = await explain(sql, params, generic);
      const executionTime = plan.find((l) => l.startsWith('Execution Time')) ?? '';
      const nodes = plan
        .filter((l) => /(Scan|Sort|Limit|Aggregate|Gather|Join|Loop|Insert|Append)/.test(l) && !l.trim().startsWith('Sort Key'))
        .slice(0, 4)
        .map((l) =>
          l
            .trim()
            .replace(/\s*\(cost=[^)]*\)/, '')
            .replace(/ \(actual time=[\d.]+\.\.([\d.]+) rows=([\d.]+) loops=\d+\)/, ' [$1 ms, $2 rows]'),
        );
      plans.push({ name, summary: `${executionTime.replace('Execution Time: ', '')} — ${nodes.join(' ← ')}`, plan });
    }
  } finally {
    await runner.release();
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------------------

function printHeader(): void {
  console.log(
    `  ${'scenario'.padEnd(42)} ${'conn'.padStart(4)} ${'req/s'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'bad'.padStart(5)} ${'ratio'.padStart(5)} ${'RSS MB'.padStart(6)} ${'load'.padStart(4)}  CPU% node/pg/gen`,
  );
}

function printRow(r: ScenarioResult): void {
  const ms = (v: number) => (r.requests === 0 ? '—' : v.toFixed(1)).padStart(7);
  const cpu = `${r.cpuPercent.node.toFixed(0)}/${r.cpuPercent.postgres.toFixed(0)}/${r.cpuPercent.loadGenerator.toFixed(0)}`;
  console.log(
    `  ${r.name.padEnd(42)} ${String(r.connections).padStart(4)} ${r.rps.toFixed(0).padStart(7)} ${ms(r.latencyMs.p50)} ${ms(r.latencyMs.p95)} ${ms(r.latencyMs.p99)} ${String(r.unexpected).padStart(5)} ${(r.ratioToBaseline === null ? '—' : r.ratioToBaseline.toFixed(2)).padStart(5)} ${r.rssMb.max.toFixed(0).padStart(6)} ${r.waits.loadAverage.toFixed(1).padStart(4)}  ${cpu}`,
  );
  const pg = r.waits.postgres.map(([w, n]) => `${w} ${n}`).join(', ');
  console.log(
    `      waiting: portal pool queue ${r.waits.poolWaiting.mean.toFixed(1)} (max ${r.waits.poolWaiting.max}); PostgreSQL active: ${pg || 'none'}`,
  );
  if (r.profile) console.log(`      profile: ${r.profile.byModule.map(([m, p]) => `${m} ${p}%`).join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
