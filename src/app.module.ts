import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { AdminModule } from './admin/admin.module';
import { ApplicationsModule } from './applications/applications.module';
import { ReviewModule } from './review/review.module';
import { LicencesModule } from './licences/licences.module';
import { RegisterModule } from './register/register.module';
import { ExchangeModule } from './exchange/exchange.module';
import { NotificationsModule } from './notifications/notifications.module';
import { StatisticsModule } from './statistics/statistics.module';
import { GovstackModule } from './govstack/govstack.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { AccessGuard } from './common/http/access.guard';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CreditCodesModule } from './credit-codes/credit-codes.module';
import { HealthController } from './health/health.controller';
import { HomeController } from './home/home.controller';
import { requestLogOptions } from './common/http/request-logging';

/**
 * The portal. Built around a DataSource that is already connected and migrated, so the web server, the
 * CLI and the tests share one start-up path and nothing serves before the schema is current.
 */
@Module({})
export class AppModule {
  static register(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        DiscoveryModule,
        LoggerModule.forRoot({
          pinoHttp: requestLogOptions(config),
          // With logging off, no per-request logger at all (it costs a few per cent of every request).
          ...(config.logLevel === 'silent' ? { forRoutes: [] } : {}),
        }),
        TypeOrmModule.forRootAsync({ useFactory: () => dataSource.options, dataSourceFactory: () => Promise.resolve(dataSource) }),
        AuditModule,
        AuthModule,
        AdminModule,
        CreditCodesModule,
        ApplicationsModule,
        ReviewModule,
        LicencesModule,
        RegisterModule,
        ExchangeModule,
        NotificationsModule,
        StatisticsModule,
        GovstackModule,
      ],
      controllers: [HomeController, HealthController],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
