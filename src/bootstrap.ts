import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Application } from 'express';
import { Logger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { configureApp } from './common/http/configure-app';
import { PublicLane } from './common/http/public-lane';
import { SegmentedExpressAdapter } from './common/http/segmented-express-adapter';
import type { AppConfig } from './config/app-config';
import { createDataSource, migrate } from './database/data-source';

export interface Portal {
  app: NestExpressApplication;
  dataSource: DataSource;
  /** Serves anonymous GETs of the most-read public pages ahead of the full pipeline. */
  lane: PublicLane;
  close(): Promise<void>;
}

/** Connects, migrates and assembles the web application; the caller decides where it listens. */
export async function createPortal(config: AppConfig, databaseUrl: string): Promise<Portal> {
  const dataSource = createDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    await migrate(dataSource);
    const adapter = new SegmentedExpressAdapter();
    const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, dataSource), adapter, {
      bufferLogs: true,
      bodyParser: false,
    });
    app.useLogger(app.get(Logger));
    // Forms are small; a large body is refused before it is read into memory.
    app.useBodyParser('urlencoded', { extended: false, limit: '100kb', parameterLimit: 200 });
    app.useBodyParser('json', { limit: '100kb' });
    const web = configureApp(app, config, databaseUrl);
    // Routes are registered by init(); the lane reads them, and needs the views configured above.
    await app.init();
    const express = adapter.getInstance<Application>();
    const lane = new PublicLane(app, config, adapter.routes(), (req, res) => {
      express(req, res);
    });
    adapter.usePublicLane(lane);
    return {
      app,
      dataSource,
      lane,
      close: async () => {
        await app.close();
        await web.close();
        if (dataSource.isInitialized) await dataSource.destroy();
      },
    };
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    throw error;
  }
}
