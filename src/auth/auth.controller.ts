import { Body, Controller, Get, HttpCode, Inject, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Public } from '../common/http/access.decorators';
import { actorOf } from '../common/http/actor';
import { fieldErrors, validateForm, type FieldError } from '../common/forms/form';
import { isLocale } from '../common/i18n/i18n';
import { LOCALE_COOKIE } from '../common/http/cookies';
import { RateLimiterService } from '../common/rate-limit/rate-limiter.service';
import { AccountsRepository } from './accounts.repository';
import { LoginForm, SignUpForm } from './auth.dto';
import { commonPasswords } from './common-passwords';
import { checkPassword, PASSWORD_MIN_LENGTH } from './domain/password-policy';
import { authenticateLocal, safeReturnPath, signIn, signOut } from './passport-session';
import { SignUpService } from './sign-up.service';
import { tokenRows } from '../govstack/api-tokens.controller';
import { ApiTokensService } from '../govstack/api-tokens.service';

@Controller()
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly signUpService: SignUpService,
    private readonly accounts: AccountsRepository,
    private readonly rateLimiter: RateLimiterService,
    private readonly audit: AuditService,
    private readonly moduleRef: ModuleRef,
  ) {}

  @Public()
  @Get('login')
  @Render('auth/login')
  loginPage(@Req() req: Request, @Query('returnTo') returnTo?: string) {
    return this.loginView(req, { email: '' }, [], safeReturnPath(returnTo, ''));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const returnTo = safeReturnPath((body as { returnTo?: unknown } | null)?.returnTo, '');
    const limit = await this.rateLimiter.hit(`login:${req.ip ?? ''}`, this.config.login.attemptsPerMinutePerIp, 60);
    const { value, errors } = await validateForm(LoginForm, body, req.t);
    if (!limit.allowed) {
      res.setHeader('Retry-After', String(limit.retryAfterSeconds));
      await this.audit.recordAlone(actorOf(req), { action: 'account.login_throttled', details: { email: value.email } });
      res
        .status(429)
        .render(
          'auth/login',
          this.loginView(
            req,
            value,
            [{ field: 'email', message: req.t('login.throttled', { seconds: limit.retryAfterSeconds }) }],
            returnTo,
          ),
        );
      return;
    }
    if (errors.length > 0) {
      res.status(400).render('auth/login', this.loginView(req, value, errors, returnTo));
      return;
    }
    const user = await authenticateLocal(req, res);
    if (!user) {
      const message = req.t('login.failed', { attempts: this.config.login.maxFailures, minutes: this.config.login.lockMinutes });
      res.status(401).render('auth/login', this.loginView(req, value, [{ field: 'email', message }], returnTo));
      return;
    }
    await signIn(req, user);
    req.session.signedInAt = Date.now();
    res.redirect(303, returnTo || homeOf(user.role));
  }

  private loginView(req: Request, value: Partial<LoginForm>, errors: FieldError[], returnTo: string) {
    return {
      pageTitle: req.t('login.title'),
      hasErrors: errors.length > 0,
      errors,
      fieldErrors: fieldErrors(errors),
      email: value.email ?? '',
      returnTo,
    };
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const actor = actorOf(req);
    await this.audit.recordAlone(actor, { action: 'account.logout', subjectType: 'account', subjectId: actor.id });
    await signOut(req);
    res.redirect(303, '/signed-out');
  }

  @Public()
  @Get('signed-out')
  @Render('auth/signed-out')
  signedOut(@Req() req: Request) {
    return { pageTitle: req.t('signedOut.title') };
  }

  @Public()
  @Get('signup')
  @Render('auth/signup')
  signUpPage(@Req() req: Request) {
    return this.signUpView(req, {}, []);
  }

  @Public()
  @Post('signup')
  @HttpCode(200)
  async signUp(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const limit = await this.rateLimiter.hit(`signup:${req.ip ?? ''}`, 20, 3600);
    const { value, errors } = await validateForm(SignUpForm, body, req.t);
    const passwordProblem = checkPassword(value.password ?? '', { email: value.email, commonPasswords: commonPasswords() });
    if (passwordProblem)
      errors.push({ field: 'password', message: req.t(`validation.password.${passwordProblem}`, { min: PASSWORD_MIN_LENGTH }) });
    if (!limit.allowed) {
      res.setHeader('Retry-After', String(limit.retryAfterSeconds));
      res.status(429).render('auth/signup', this.signUpView(req, value, [{ field: 'email', message: req.t('error.tooManyRequests') }]));
      return;
    }
    if (errors.length > 0) {
      res.status(400).render('auth/signup', this.signUpView(req, value, errors));
      return;
    }
    await this.signUpService.signUp(actorOf(req), { ...value, locale: req.locale });
    res.render('auth/signup-done', { pageTitle: req.t('signupDone.title'), email: value.email });
  }

  private signUpView(req: Request, value: Partial<SignUpForm>, errors: FieldError[]) {
    return {
      pageTitle: req.t('signup.title'),
      hasErrors: errors.length > 0,
      errors,
      fieldErrors: fieldErrors(errors),
      name: value.name ?? '',
      email: value.email ?? '',
      minLength: PASSWORD_MIN_LENGTH,
    };
  }

  @Get('account')
  @Render('auth/account')
  async account(@Req() req: Request) {
    const user = req.user!;
    // The tokens' service lives in GovstackModule, which imports this module: looked up, not injected.
    const tokens = await this.moduleRef.get(ApiTokensService, { strict: false }).list(user.id);
    return {
      pageTitle: req.t('account.title'),
      tokens: tokenRows(tokens, req),
      rows: [
        { key: req.t('field.fullName'), value: user.name },
        { key: req.t('field.email'), value: user.email },
        { key: req.t('account.role'), value: req.t(`role.${user.role}`) },
        { key: req.t('account.language'), value: req.t(`language.${req.locale}`) },
      ],
    };
  }

  /** A GET, as the switch is a plain link; it changes only the reader's own preference. */
  @Public()
  @Get('language')
  async language(
    @Req() req: Request,
    @Res() res: Response,
    @Query('locale') locale: unknown,
    @Query('returnTo') returnTo: unknown,
  ): Promise<void> {
    if (isLocale(locale)) {
      res.cookie(LOCALE_COOKIE, locale, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.trustProxy !== false,
        maxAge: 365 * 86_400_000,
      });
      if (req.user) await this.accounts.setLocale(req.user.id, locale);
    }
    res.redirect(303, safeReturnPath(returnTo));
  }
}

export function homeOf(role: string): string {
  return role === 'admin' ? '/admin' : role === 'applicant' ? '/applications' : '/review';
}
