import { isIP } from 'node:net';
import { isRole, type Role } from '../auth/domain/role';

/** An Information-Mediator-Client member the gateway may speak for: the account its calls act as. */
export interface GovstackMember {
  email?: string;
  accountId?: string;
}

export interface GovstackSettings {
  /** Where the GovStack API is served: errors under it are JSON, and CSRF does not apply (no sessions there). */
  prefix: string;
  /** Client addresses (after TRUST_PROXY) allowed to present an Information-Mediator-Client header. */
  trustedGateways: ReadonlySet<string>;
  /** INSTANCE/CLASS/MEMBER/SUBSYSTEM → account. */
  members: ReadonlyMap<string, GovstackMember>;
}

export class GovstackSettingsError extends Error {}

export const DEFAULT_GOVSTACK_PREFIX = '/govstack/registration';

/** Static files are served before any route; GovstackModule checks the controllers' routes at start-up. */
const RESERVED_FIRST_SEGMENTS = ['assets'];

/**
 * Reads GOVSTACK_PREFIX, GOVSTACK_TRUSTED_GATEWAYS and GOVSTACK_MEMBERS once. A wrong value stops start-up
 * with a message naming the variable, like the portal's other settings.
 */
export function loadGovstackSettings(env: NodeJS.ProcessEnv = process.env): GovstackSettings {
  const prefix = (env['GOVSTACK_PREFIX'] ?? DEFAULT_GOVSTACK_PREFIX).trim().replace(/\/+$/, '');
  if (!/^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/.test(prefix)) {
    throw new GovstackSettingsError(
      `GOVSTACK_PREFIX must be a path such as /govstack/registration (segments of letters, digits, . _ ~ -), got "${prefix}"`,
    );
  }
  // Requests under the prefix skip CSRF and get JSON errors: the prefix must not cover the portal's files.
  const first = prefix.split('/')[1];
  if (RESERVED_FIRST_SEGMENTS.includes(first.toLowerCase())) {
    throw new GovstackSettingsError(`GOVSTACK_PREFIX must not begin with /${first}: the portal's static files are there`);
  }
  const trustedGateways = new Set(
    (env['GOVSTACK_TRUSTED_GATEWAYS'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
  for (const address of trustedGateways) {
    if (isIP(address) === 0) throw new GovstackSettingsError(`GOVSTACK_TRUSTED_GATEWAYS must list IP addresses, got "${address}"`);
  }
  return { prefix, trustedGateways, members: parseMembers(env['GOVSTACK_MEMBERS']) };
}

function parseMembers(text: string | undefined): Map<string, GovstackMember> {
  const members = new Map<string, GovstackMember>();
  if (text === undefined || text.trim() === '') return members;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GovstackSettingsError('GOVSTACK_MEMBERS must be JSON: {"INSTANCE/CLASS/MEMBER/SUBSYSTEM": {"email": "…"}}');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GovstackSettingsError('GOVSTACK_MEMBERS must be a JSON object keyed by INSTANCE/CLASS/MEMBER/SUBSYSTEM');
  }
  for (const [client, value] of Object.entries(parsed as Record<string, unknown>)) {
    const v = (value ?? {}) as Record<string, unknown>;
    const email = typeof v['email'] === 'string' ? v['email'] : undefined;
    const accountId = typeof v['accountId'] === 'string' ? v['accountId'] : undefined;
    if (client.split('/').length !== 4 || (email === undefined && accountId === undefined)) {
      throw new GovstackSettingsError(
        `GOVSTACK_MEMBERS: "${client}" must be INSTANCE/CLASS/MEMBER/SUBSYSTEM mapped to {"email"} or {"accountId"}`,
      );
    }
    members.set(client, { ...(email !== undefined ? { email } : {}), ...(accountId !== undefined ? { accountId } : {}) });
  }
  return members;
}

/** The prefix is read once, when the module is loaded: the routes' paths are fixed when the controllers are declared. */
export const GOVSTACK_PREFIX: string = loadGovstackSettings().prefix;

const PREFIX_LOWER = GOVSTACK_PREFIX.toLowerCase();

/**
 * Whether a request path is the GovStack API's: JSON errors, no CSRF (it has no sessions: only bearer tokens
 * and trusted gateways authenticate there). Case-insensitive, as Express routes are.
 */
export function isGovstackPath(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === PREFIX_LOWER || lower.startsWith(`${PREFIX_LOWER}/`);
}

/** Injection token of the settings, read (again) when the portal's module is created. */
export const GOVSTACK_SETTINGS = Symbol('GOVSTACK_SETTINGS');

export function asRole(value: unknown): Role | null {
  return isRole(value) ? value : null;
}
