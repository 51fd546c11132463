import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { AuthModule } from '../auth/auth.module';
import { CreditCodesModule } from '../credit-codes/credit-codes.module';
import { IssueLicenceService } from './issue-licence.service';
import { LicencePagesController } from './licence-pages.controller';
import { licenceSignerProvider, LICENCE_SIGNER } from './licence-signer.provider';
import { LicencesRepository } from './licences.repository';
import { VerifyController } from './verify.controller';

@Module({
  imports: [CreditCodesModule, ApplicationsModule, AuthModule],
  controllers: [LicencePagesController, VerifyController],
  providers: [licenceSignerProvider, LicencesRepository, IssueLicenceService],
  exports: [LICENCE_SIGNER, LicencesRepository, IssueLicenceService],
})
export class LicencesModule {}
