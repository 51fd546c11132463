import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { ApiTokensService } from '../govstack/api-tokens.service';
import type { TokenRow } from '../govstack/govstack.repository';
import type { CliCommand, CliIo } from './cli-command';

/** The account errors every token command reports the same way (exit 1). */
function accountProblem(error: unknown, email: string, io: CliIo): number | undefined {
  if (error instanceof DomainError && error.code === 'account.not_found') {
    io.err(`No account with the email ${email}`);
    return 1;
  }
  if (error instanceof DomainError && error.code === 'account.already_disabled') {
    io.err(`The account ${email} is disabled`);
    return 1;
  }
  return undefined;
}

/** "30d", "12h" or an ISO date/time → when the token stops working. */
export function parseExpiry(text: string, now = new Date()): Date | undefined {
  const relative = /^(\d{1,4})([dh])$/.exec(text);
  if (relative) {
    const hours = Number(relative[1]) * (relative[2] === 'd' ? 24 : 1);
    return hours > 0 ? new Date(now.getTime() + hours * 3_600_000) : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00+08:00` : text);
  return Number.isNaN(date.getTime()) || date <= now ? undefined : date;
}

export const apiTokenCreateCommand: CliCommand = {
  name: 'api-token:create',
  summary: "Create a personal API token for an account (GovStack API, Bearer); it acts with the account's role and is printed once.",
  usage: 'api-token:create --email E [--label L] [--expires 30d|12h|YYYY-MM-DD] [--json]',
  needsDatabase: true,
  async run(args, io, app) {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, label: { type: 'string' }, expires: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (!values.email) {
      io.err('--email is required');
      return 2;
    }
    const expiresAt = values.expires === undefined ? null : parseExpiry(values.expires);
    if (expiresAt === undefined) {
      io.err('--expires must be a number of days or hours (30d, 12h) or a future date (YYYY-MM-DD, Beijing time)');
      return 2;
    }
    try {
      const created = await app!.get(ApiTokensService).create(SYSTEM_ACTOR, values.email, values.label ?? null, expiresAt);
      io.out(
        values.json
          ? JSON.stringify({
              email: values.email,
              accountId: created.accountId,
              role: created.role,
              tokenId: created.tokenId,
              token: created.token,
              expiresAt: created.expiresAt?.toISOString() ?? null,
            })
          : `API token for ${values.email} (${created.role}; ${
              created.expiresAt ? `expires ${created.expiresAt.toISOString()}` : 'no expiry'
            }; id ${created.tokenId}; shown once, keep it secret):\n${created.token}`,
      );
      return 0;
    } catch (error) {
      const code = accountProblem(error, values.email, io);
      if (code !== undefined) return code;
      throw error;
    }
  },
};

function tokenState(t: TokenRow): 'revoked' | 'expired' | 'active' {
  return t.revokedAt ? 'revoked' : t.expired ? 'expired' : 'active';
}

export const apiTokenListCommand: CliCommand = {
  name: 'api-token:list',
  summary: "List an account's personal API tokens (never the tokens themselves: only their ids, names and dates).",
  usage: 'api-token:list --email E [--json]',
  needsDatabase: true,
  async run(args, io, app) {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
    if (!values.email) {
      io.err('--email is required');
      return 2;
    }
    let tokens: TokenRow[];
    try {
      tokens = await app!.get(ApiTokensService).listByEmail(values.email);
    } catch (error) {
      const code = accountProblem(error, values.email, io);
      if (code !== undefined) return code;
      throw error;
    }
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    if (values.json) {
      for (const t of tokens) {
        io.out(
          JSON.stringify({
            tokenId: t.id,
            label: t.label,
            state: tokenState(t),
            createdAt: iso(t.createdAt),
            lastUsedAt: iso(t.lastUsedAt),
            expiresAt: iso(t.expiresAt),
            revokedAt: iso(t.revokedAt),
          }),
        );
      }
      return 0;
    }
    if (tokens.length === 0) io.out(`No API tokens for ${values.email}`);
    for (const t of tokens) {
      io.out(
        `${t.id}  ${tokenState(t).padEnd(7)}  ${t.label ?? '(no name)'}  created ${iso(t.createdAt)}` +
          `${t.expiresAt ? `  expires ${iso(t.expiresAt)}` : ''}${t.lastUsedAt ? `  last used ${iso(t.lastUsedAt)}` : ''}`,
      );
    }
    return 0;
  },
};

export const apiTokenRevokeCommand: CliCommand = {
  name: 'api-token:revoke',
  summary: 'Revoke a personal API token by its id (from api-token:list); calls with it are refused (401) from then on.',
  usage: 'api-token:revoke --id TOKEN_ID [--json]',
  needsDatabase: true,
  async run(args, io, app) {
    const { values } = parseArgs({ args, options: { id: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
    if (!values.id) {
      io.err('--id is required');
      return 2;
    }
    try {
      const { revoked, token } = await app!.get(ApiTokensService).revoke(SYSTEM_ACTOR, values.id);
      io.out(
        values.json
          ? JSON.stringify({ tokenId: token.id, accountId: token.accountId, revoked: true, alreadyRevoked: !revoked })
          : revoked
            ? `Revoked API token ${token.id}`
            : `API token ${token.id} was already revoked`,
      );
      return 0;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') {
        io.err(`No API token with the id ${values.id}`);
        return 1;
      }
      throw error;
    }
  },
};
