import { Module } from '@nestjs/common';
import { AuditLogController } from '../audit/audit-log.controller';
import { AuthModule } from '../auth/auth.module';
import { GovstackModule } from '../govstack/govstack.module';
import { AdminAccountsController } from './admin-accounts.controller';
import { AdminDashboardController } from './admin-dashboard.controller';
import { AdminServicesController } from './admin-services.controller';

@Module({
  imports: [AuthModule, GovstackModule],
  controllers: [AdminDashboardController, AdminAccountsController, AuditLogController, AdminServicesController],
})
export class AdminModule {}
