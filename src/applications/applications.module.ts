import { Module } from '@nestjs/common';
import { ApplicationAccessService } from './application-access.service';
import { ApplicationDocumentsService } from './application-documents.service';
import { ApplicationView } from './application-view';
import { ApplicationsController } from './applications.controller';
import { ApplicationsRepository } from './applications.repository';
import { EditApplicationService } from './edit-application.service';
import { NameCheckService } from './name-check.service';
import { SubmitApplicationService } from './submit-application.service';
import { WithdrawApplicationService } from './withdraw-application.service';

@Module({
  controllers: [ApplicationsController],
  providers: [
    ApplicationsRepository,
    ApplicationAccessService,
    ApplicationView,
    EditApplicationService,
    ApplicationDocumentsService,
    SubmitApplicationService,
    WithdrawApplicationService,
    NameCheckService,
  ],
  exports: [ApplicationsRepository, ApplicationAccessService, ApplicationView, ApplicationDocumentsService, NameCheckService],
})
export class ApplicationsModule {}
