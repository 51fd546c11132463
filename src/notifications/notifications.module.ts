import { Global, Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';

@Global()
@Module({ controllers: [NotificationsController], providers: [NotificationsRepository], exports: [NotificationsRepository] })
export class NotificationsModule {}
