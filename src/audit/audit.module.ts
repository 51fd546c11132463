import { Global, Module } from '@nestjs/common';
import { AuditQueryRepository } from './audit-query.repository';
import { AuditVerificationService } from './audit-verification.service';
import { AuditService } from './audit.service';

/** Global: every module records its events through AuditService in its own transactions. */
@Global()
@Module({
  providers: [AuditService, AuditQueryRepository, AuditVerificationService],
  exports: [AuditService, AuditQueryRepository, AuditVerificationService],
})
export class AuditModule {}
