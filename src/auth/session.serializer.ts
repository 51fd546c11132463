import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import passport from 'passport';
import { AccountsRepository } from './accounts.repository';
import { accountReadWithSession } from './session-store';

/**
 * The session stores only the account id; the account is read again on every request, so a disabled
 * account or a changed role takes effect at once. It is usually read with the session itself, in the same
 * statement (SessionStore); otherwise here.
 */
@Injectable()
export class SessionSerializer {
  constructor(private readonly accounts: AccountsRepository) {
    passport.serializeUser<string>((user, done) => done(null, user.id));
    passport.deserializeUser<string, Request>((req, id, done) => {
      const read = accountReadWithSession(req, id);
      if (read) return done(null, read.user ?? false);
      this.accounts.findSessionUser(id).then(
        (user) => done(null, user ?? false),
        (error: Error) => done(error),
      );
    });
  }
}
