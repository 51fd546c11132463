import { Module } from '@nestjs/common';
import { AuditLogController } from '../audit/audit-log.controller';
import { AuthModule } from '../auth/auth.module';
import { AdminAccountsController } from './admin-accounts.controller';
import { AdminDashboardController } from './admin-dashboard.controller';

@Module({ imports: [AuthModule], controllers: [AdminDashboardController, AdminAccountsController, AuditLogController] })
export class AdminModule {}
