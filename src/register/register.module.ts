import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LicencesModule } from '../licences/licences.module';
import { PublicApiController } from './public-api.controller';
import { RegisterController } from './register.controller';

@Module({ imports: [LicencesModule, AuthModule], controllers: [RegisterController, PublicApiController] })
export class RegisterModule {}
