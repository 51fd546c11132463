import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { AccountsRepository } from './accounts.repository';
import { PasswordHasher } from './password-hasher';

export interface SignUpInput {
  email: string;
  name: string;
  password: string;
  locale: string;
}

/**
 * An entrepreneur creates their own applicant account. The caller shows the same confirmation whether or
 * not the address was already registered, so sign-up cannot be used to find out who has an account; the
 * attempt on an existing address is recorded for the administrators instead.
 */
@Injectable()
export class SignUpService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  async signUp(actor: Actor, input: SignUpInput): Promise<void> {
    // Hash first in both cases, so an existing address answers no faster than a new one.
    const passwordHash = await this.hasher.hash(input.password);
    await this.dataSource.transaction(async (manager) => {
      const account = await this.accounts.insertIfAbsent(manager, { ...input, passwordHash, role: 'applicant' });
      if (account) {
        await this.audit.record(
          manager,
          { ...actor, id: account.id, role: 'applicant' },
          {
            action: 'account.signed_up',
            subjectType: 'account',
            subjectId: account.id,
            details: { email: account.email },
          },
        );
      } else {
        await this.audit.record(manager, actor, {
          action: 'account.sign_up_refused',
          subjectType: 'account',
          details: { email: input.email, reason: 'email_taken' },
        });
      }
    });
  }
}
