import { parseArgs } from 'node:util';
import { validateSync, IsEmail } from 'class-validator';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { CreateAccountService } from '../auth/create-account.service';
import { isRole, ROLES } from '../auth/domain/role';
import { DomainError } from '../common/errors/domain-error';
import { translate } from '../common/i18n/i18n';
import type { CliCommand } from './cli-command';

class EmailCheck {
  @IsEmail()
  email!: string;
}

export const usersCreateCommand: CliCommand = {
  name: 'users:create',
  summary: 'Create an account (any role).',
  usage: 'users:create --email E --password P --role applicant|reviewer|admin [--name N] [--json]',
  needsDatabase: true,
  async run(args, io, app) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
    });
    const problems: string[] = [];
    const email = values.email?.trim() ?? '';
    const check = Object.assign(new EmailCheck(), { email });
    if (!email) problems.push('--email is required');
    else if (validateSync(check).length > 0) problems.push(`--email "${email}" is not a valid email address`);
    if (!values.password) problems.push('--password is required');
    if (!isRole(values.role)) problems.push(`--role must be one of ${ROLES.join(', ')}`);
    if (problems.length > 0) {
      problems.forEach((p) => io.err(p));
      return 2;
    }
    try {
      const account = await app!.get(CreateAccountService).create(SYSTEM_ACTOR, {
        email,
        password: values.password!,
        role: values.role as (typeof ROLES)[number],
        name: values.name?.trim() || email.slice(0, email.indexOf('@')),
      });
      io.out(
        values.json
          ? JSON.stringify({ id: account.id, email: account.email, role: account.role, name: account.name })
          : `Created ${account.role} account ${account.email} (${account.id}).`,
      );
      return 0;
    } catch (error) {
      if (error instanceof DomainError) {
        const problem = error.params['problem'];
        io.err(
          problem !== undefined
            ? translate('en', `validation.password.${String(problem)}`, { min: 12 })
            : error.code === 'account.email_taken'
              ? `An account with the email ${email} already exists.`
              : error.code,
        );
        return 1;
      }
      throw error;
    }
  },
};
