import { Module } from '@nestjs/common';
import { CheckCreditCodeService } from './check-credit-code.service';
import { CreditCodeIssuerService } from './credit-code-issuer.service';
import { CreditCodesController } from './credit-codes.controller';
import { CreditCodesRepository } from './credit-codes.repository';

@Module({
  controllers: [CreditCodesController],
  providers: [CreditCodesRepository, CreditCodeIssuerService, CheckCreditCodeService],
  exports: [CreditCodeIssuerService, CheckCreditCodeService],
})
export class CreditCodesModule {}
