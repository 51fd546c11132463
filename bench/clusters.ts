/**
 * The portal and the baseline as several processes on one port, for bench/load.ts's "as deployed"
 * scenarios: the portal through `dist/src/cluster.js` (what `npm run start:cluster` runs), the baseline
 * through this file run as a program (`node dist/bench/clusters.js baseline`), N workers each.
 */
import cluster from 'node:cluster';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../src/database/embedded-postgres';
import { startBaselineServer } from './baseline-server';

export interface ProcessCluster {
  url: string;
  /** The primary's pid; its workers are its children. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts `node <script>` with the environment given, waits until `workers` lines match `ready`. */
async function startCluster(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  workers: number,
  ready: RegExp,
): Promise<ProcessCluster> {
  const port = await freePort();
  // With the flags of `npm run start:cluster` (and the same for the baseline's cluster).
  const child = spawn(process.execPath, ['--max-semi-space-size=32', script, ...args], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      seen = output.split('\n').filter((line) => ready.test(line)).length;
      if (seen >= workers) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) while starting:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function startPortalCluster(env: NodeJS.ProcessEnv, workers: number): Promise<ProcessCluster> {
  return startCluster(
    join(__dirname, '..', 'src', 'cluster.js'),
    [],
    { ...env, WEB_CONCURRENCY: String(workers) },
    workers,
    /^Portal listening/,
  );
}

export function startBaselineCluster(databaseUrl: string, workers: number): Promise<ProcessCluster> {
  return startCluster(
    __filename,
    ['baseline'],
    { DATABASE_URL: databaseUrl, WORKERS: String(workers) },
    workers,
    /^baseline worker listening/,
  );
}

/** The process and its direct children (a cluster's primary and workers; the postmaster and its backends). */
export function processAndChildren(parent: number): number[] {
  const pids = [parent];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(procStat(Number(entry))[1]) === parent) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * The fields of /proc/<pid>/stat after the command name (which is in parentheses and may contain spaces):
 * [0] state, [1] parent pid, … [11] utime, [12] stime. Throws when the process is gone.
 */
export function procStat(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Resident memory of a process, in bytes (0 when it is gone). */
export function residentBytes(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

// Run as a program: the baseline's cluster (primary forks WORKERS workers; each serves PORT).
if (require.main === module && process.argv[2] === 'baseline') {
  if (cluster.isPrimary) {
    const workers = Number(process.env['WORKERS'] ?? 2);
    for (let i = 0; i < workers; i += 1) cluster.fork();
    process.on('SIGTERM', () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
      setTimeout(() => process.exit(0), 200);
    });
  } else {
    startBaselineServer(process.env['DATABASE_URL']!, 10, Number(process.env['PORT']))
      .then((server) => {
        process.stdout.write(`baseline worker listening on ${server.url}\n`);
        process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
      })
      .catch((error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      });
  }
}
