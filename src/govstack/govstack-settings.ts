import { isIP } from 'node:net';
import { isRole, type Role } from '../auth/domain/role';

/** An Information-Mediator-Client member the gateway may speak for: the account its calls act as. */
export interface GovstackMember {
  email?: string;
  accountId?: string;
}

export interface GovstackSettings {
  /** Where the GovStack API is served; always under /api/ so that errors are JSON and CSRF does not apply. */
  prefix: string;
  /** Client addresses (after TRUST_PROXY) allowed to present an Information-Mediator-Client header. */
  trustedGateways: ReadonlySet<string>;
  /** INSTANCE/CLASS/MEMBER/SUBSYSTEM → account. */
  members: ReadonlyMap<string, GovstackMember>;
}

export class GovstackSettingsError extends Error {}

/**
 * Reads GOVSTACK_PREFIX, GOVSTACK_TRUSTED_GATEWAYS and GOVSTACK_MEMBERS once. A wrong value stops start-up
 * with a message naming the variable, like the portal's other settings.
 */
export function loadGovstackSettings(env: NodeJS.ProcessEnv = process.env): GovstackSettings {
  const prefix = (env['GOVSTACK_PREFIX'] ?? '/api/govstack/registration').trim().replace(/\/+$/, '');
  if (!/^\/api(\/[A-Za-z0-9._~-]+)+$/.test(prefix)) {
    throw new GovstackSettingsError(`GOVSTACK_PREFIX must be a path under /api/ (letters, digits, . _ ~ -), got "${prefix}"`);
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

/** Injection token of the settings, read (again) when the portal's module is created. */
export const GOVSTACK_SETTINGS = Symbol('GOVSTACK_SETTINGS');

export function asRole(value: unknown): Role | null {
  return isRole(value) ? value : null;
}
