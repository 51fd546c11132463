import { Module } from '@nestjs/common';
import { ExchangeController } from './exchange.controller';
import { ExchangeRepository } from './exchange.repository';
import { ExchangeService } from './exchange.service';

@Module({ controllers: [ExchangeController], providers: [ExchangeRepository, ExchangeService], exports: [ExchangeService] })
export class ExchangeModule {}
