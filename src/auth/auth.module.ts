import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { RateLimiterService } from '../common/rate-limit/rate-limiter.service';
import { AccountStatusService } from './account-status.service';
import { AccountsRepository } from './accounts.repository';
import { AuthController } from './auth.controller';
import { CreateAccountService } from './create-account.service';
import { LocalStrategy } from './local.strategy';
import { LoginService } from './login.service';
import { PasswordHasher } from './password-hasher';
import { SessionSerializer } from './session.serializer';
import { SignUpService } from './sign-up.service';

@Module({
  imports: [PassportModule.register({ session: true })],
  controllers: [AuthController],
  providers: [
    AccountsRepository,
    PasswordHasher,
    LoginService,
    SignUpService,
    CreateAccountService,
    AccountStatusService,
    LocalStrategy,
    SessionSerializer,
    RateLimiterService,
  ],
  exports: [AccountsRepository, CreateAccountService, AccountStatusService, PasswordHasher, RateLimiterService],
})
export class AuthModule {}
