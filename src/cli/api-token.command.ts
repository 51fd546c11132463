import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { ApiTokensService } from '../govstack/api-tokens.service';
import type { CliCommand } from './cli-command';

export const apiTokenCreateCommand: CliCommand = {
  name: 'api-token:create',
  summary: "Create a personal API token for an account (GovStack API, Bearer); it acts with the account's role and is printed once.",
  usage: 'api-token:create --email E [--label L] [--json]',
  needsDatabase: true,
  async run(args, io, app) {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (!values.email) {
      io.err('--email is required');
      return 2;
    }
    try {
      const created = await app!.get(ApiTokensService).create(SYSTEM_ACTOR, values.email, values.label ?? null);
      io.out(
        values.json
          ? JSON.stringify({
              email: values.email,
              accountId: created.accountId,
              role: created.role,
              tokenId: created.tokenId,
              token: created.token,
            })
          : `API token for ${values.email} (${created.role}; shown once, keep it secret):\n${created.token}`,
      );
      return 0;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'account.not_found') {
        io.err(`No account with the email ${values.email}`);
        return 1;
      }
      if (error instanceof DomainError && error.code === 'account.already_disabled') {
        io.err(`The account ${values.email} is disabled`);
        return 1;
      }
      throw error;
    }
  },
};
