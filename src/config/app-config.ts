import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

export type Locale = 'en' | 'zh-CN';
export const SUPPORTED_LOCALES: readonly Locale[] = ['en', 'zh-CN'];

export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** External PostgreSQL; when absent an embedded server is started in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly sessionSecret: string;
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  /** Express `trust proxy`: when set, cookies become Secure and client IPs come from X-Forwarded-For. */
  /** Express's `trust proxy`: 'loopback' for true, a hop count, or addresses and subnets. */
  readonly trustProxy: string | number | false;
  readonly defaultLocale: Locale;
  readonly logLevel: string;
  readonly review: {
    readonly slaWorkingDays: number;
    /** Public holidays (YYYY-MM-DD) and weekend days worked in exchange (调休), for the SLA clock. */
    readonly holidays: readonly string[];
    readonly makeUpWorkdays: readonly string[];
  };
  /** The address the public reaches the portal at: printed in the licence's QR code and verification line. */
  readonly publicBaseUrl: string;
  /** An Ed25519 PKCS#8 PEM; when absent a key is generated once and kept in DATA_DIR. */
  readonly licenceSigningKey: string | undefined;
  /** Two characters of the USCC alphabet that begin every body identifier this authority issues. */
  readonly creditCodePrefix: string;
  readonly authority: {
    readonly name: string;
    readonly nameZh: string;
    readonly divisionCode: string;
  };
  readonly login: {
    readonly maxFailures: number;
    readonly lockMinutes: number;
    readonly attemptsPerMinutePerIp: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates every setting once, at start-up. A wrong value stops the process with a message that
 * names the variable, so an operator never discovers a typo from a failure hours later.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  };

  const nodeEnv = read('NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }

  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        problems.push(`DATABASE_URL must start with postgres:// or postgresql:// (got "${url.protocol}")`);
      }
    } catch {
      problems.push('DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)');
    }
  }

  const defaultLocale = read('DEFAULT_LOCALE') ?? 'zh-CN';
  if (!SUPPORTED_LOCALES.includes(defaultLocale as Locale)) {
    problems.push(`DEFAULT_LOCALE must be one of ${SUPPORTED_LOCALES.join(', ')} (got "${defaultLocale}")`);
  }

  const divisionCode = read('AUTHORITY_DIVISION_CODE') ?? '210200';
  if (!/^\d{6}$/.test(divisionCode)) {
    problems.push(`AUTHORITY_DIVISION_CODE must be six digits (GB/T 2260), e.g. 210200 (got "${divisionCode}")`);
  }

  const creditCodePrefix = (read('CREDIT_CODE_PREFIX') ?? 'MA').toUpperCase();
  if (!/^[0-9ABCDEFGHJKLMNPQRTUWXY]{2}$/.test(creditCodePrefix)) {
    problems.push(`CREDIT_CODE_PREFIX must be two characters of 0-9 and A-Y without I, O, S, V, Z (got "${creditCodePrefix}")`);
  }

  const dates = (name: string): string[] => {
    const raw = read(name);
    if (raw === undefined) return [];
    const list = raw.split(/[\s,]+/).filter(Boolean);
    const wrong = list.filter(
      (d) =>
        !/^\d{4}-\d{2}-\d{2}$/.test(d) ||
        Number.isNaN(Date.parse(`${d}T00:00:00Z`)) ||
        new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d,
    );
    if (wrong.length > 0) problems.push(`${name} must be dates written YYYY-MM-DD separated by commas (not valid: ${wrong.join(', ')})`);
    return list;
  };

  const port = integer('PORT', 3000, 0, 65535);
  const publicBaseUrl = (read('PUBLIC_BASE_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicBaseUrl))
    problems.push(`PUBLIC_BASE_URL must be an http(s) address such as https://portal.example.cn (got "${publicBaseUrl}")`);
  const keyFile = read('LICENCE_SIGNING_KEY_FILE');
  let licenceSigningKey = read('LICENCE_SIGNING_KEY')?.replace(/\\n/g, '\n');
  if (keyFile !== undefined) {
    try {
      licenceSigningKey = readFileSync(keyFile, 'utf8');
    } catch {
      problems.push(`LICENCE_SIGNING_KEY_FILE cannot be read: ${keyFile}`);
    }
  }

  const sessionSecretFromEnv = read('SESSION_SECRET');
  if (sessionSecretFromEnv !== undefined && sessionSecretFromEnv.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long');
  }

  const trustProxyRaw = read('TRUST_PROXY');
  let trustProxy: string | number | false = false;
  if (trustProxyRaw !== undefined && !['false', '0', 'no'].includes(trustProxyRaw.toLowerCase())) {
    // Express reads a hop count only as a number: the string "1" would be taken for the address 0.0.0.1, and
    // every client would then share the proxy's address (one sign-in limit for all, wrong audit addresses).
    trustProxy = ['true', 'yes'].includes(trustProxyRaw.toLowerCase())
      ? 'loopback'
      : /^\d{1,3}$/.test(trustProxyRaw)
        ? Number(trustProxyRaw)
        : trustProxyRaw;
    if (typeof trustProxy === 'string' && !trustedProxyList(trustProxy)) {
      problems.push(`TRUST_PROXY must be true, false, a hop count or a list of addresses (got "${trustProxyRaw}")`);
    }
  }

  const logLevel = read('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }

  const config: Omit<AppConfig, 'sessionSecret'> = {
    env: nodeEnv as AppConfig['env'],
    port,
    publicBaseUrl,
    licenceSigningKey,
    host: read('HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir: resolve(read('DATA_DIR') ?? '.data'),
    sessionIdleMinutes: integer('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integer('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    trustProxy,
    defaultLocale: defaultLocale as Locale,
    logLevel,
    creditCodePrefix,
    review: {
      slaWorkingDays: integer('SLA_WORKING_DAYS', 3, 1, 60),
      holidays: dates('HOLIDAYS'),
      makeUpWorkdays: dates('MAKE_UP_WORKDAYS'),
    },
    authority: {
      name: read('AUTHORITY_NAME') ?? 'Dalian Bonded Area Market Supervision Administration',
      nameZh: read('AUTHORITY_NAME_ZH') ?? '大连保税区市场监督管理局',
      divisionCode,
    },
    login: {
      maxFailures: integer('LOGIN_MAX_FAILURES', 5, 1, 100),
      lockMinutes: integer('LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
      attemptsPerMinutePerIp: integer('LOGIN_ATTEMPTS_PER_MINUTE', 20, 1, 10000),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, sessionSecret: sessionSecretFromEnv ?? persistentSecret(config.dataDir, 'session-secret') };
}

/**
 * A secret generated on first start and kept in the data directory, so sessions survive restarts and
 * several instances sharing the data directory agree on it.
 */
export function persistentSecret(dataDir: string, name: string): string {
  ensureDataDir(dataDir);
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another instance starting at the same moment won the race; use its secret.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

export function ensureDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    // mkdir honours the umask; the embedded server's OS user must be able to traverse this folder.
    chmodSync(dataDir, 0o755);
  }
}

/**
 * Whether a TRUST_PROXY list is what Express can read (its proxy-addr would otherwise throw at start-up
 * with a stack trace): its names for ranges, addresses, and subnets as address/prefix or address/mask.
 */
function trustedProxyList(value: string): boolean {
  return value.split(',').every((part) => {
    const entry = part.trim();
    if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
    const [address = '', range, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    if (range === undefined) return true;
    if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
    return family === 4 && isIP(range) === 4;
  });
}
