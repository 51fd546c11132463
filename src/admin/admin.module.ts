import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdminAccountsController } from './admin-accounts.controller';

@Module({ imports: [AuthModule], controllers: [AdminAccountsController] })
export class AdminModule {}
