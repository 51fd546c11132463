import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/http/access.decorators';
import { APP_VERSION } from '../common/project-root';

@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** 200 once the database answers within two seconds, 503 otherwise; load balancers poll this. */
  @Public()
  @Get()
  async health(@Res() res: Response): Promise<void> {
    const started = Date.now();
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      res.status(200).json({ status: 'ok', database: 'up', version: APP_VERSION, latencyMs: Date.now() - started });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'down', version: APP_VERSION });
    }
  }
}
