import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';

/**
 * The built portal (dist/src/main.js, as `npm start` runs it) in a process of its own, on a database the
 * test chose, so a test can SIGKILL it the way a crash or an OOM killer would, and start it again.
 */
export interface ChildPortal {
  url: string;
  port: number;
  process: ChildProcess;
  /** What the process wrote to stderr, for a failure message. */
  stderr(): string;
  /** What it wrote to stdout (the request log), when started with captureStdout. */
  stdout(): string;
  /** SIGKILL, then wait until the process is gone (its sockets closed). */
  kill(): Promise<void>;
}

export interface ChildPortalOptions {
  databaseUrl: string;
  dataDir: string;
  sessionSecret: string;
  /** A fixed port (to restart "the same" server); a free one otherwise. */
  port?: number;
  env?: Record<string, string>;
  /** Keep what the process writes to stdout (its log lines), up to 1 MB. */
  captureStdout?: boolean;
}

export const PORTAL_MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export async function startChildPortal(options: ChildPortalOptions): Promise<ChildPortal> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [PORTAL_MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SESSION_SECRET: options.sessionSecret,
      LOG_LEVEL: 'error',
      DATA_DIR: options.dataDir,
      ...options.env,
    },
    stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let stdout = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    stdout = (stdout + chunk).slice(-1_000_000);
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const url = `http://127.0.0.1:${port}`;
  const portal: ChildPortal = {
    url,
    port,
    process: child,
    stderr: () => stderr,
    stdout: () => stdout,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  try {
    await waitForHealth(url, () => child.exitCode !== null || child.signalCode !== null);
  } catch (error) {
    await portal.kill();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return portal;
}

export { freePort };

/** Waits until /health answers 200 (20 s at most), or the process has died. */
export async function waitForHealth(url: string, dead: () => boolean = () => false): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (dead()) throw new Error('the portal process exited before it was healthy');
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the portal at ${url} did not become healthy`);
}
