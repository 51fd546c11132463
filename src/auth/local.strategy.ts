import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { actorOf } from '../common/http/actor';
import type { SessionUser } from '../common/http/request-context';
import { LoginService } from './login.service';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly login: LoginService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: Request, email: string, password: string): Promise<SessionUser | false> {
    const outcome = await this.login.verify(actorOf(req), email.trim(), password);
    if (!outcome.ok) return false;
    const { id, name, role, locale } = outcome.account;
    return { id, email: outcome.account.email, name, role, locale };
  }
}
