import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { AuthModule } from '../auth/auth.module';
import { LicencesModule } from '../licences/licences.module';
import { DemoSeedService } from './demo-seed.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [ApplicationsModule, LicencesModule, AuthModule],
  controllers: [StatisticsController],
  providers: [StatisticsRepository, StatisticsService, DemoSeedService],
  exports: [StatisticsService, DemoSeedService],
})
export class StatisticsModule {}
