/**
 * The yardstick of bench/load.ts: a bare Express + Handlebars (hbs) + pg page doing one indexed query — an
 * enterprise by primary key — and rendering it, with no middleware, no session, no layout and no logging.
 * Started in the benchmark's own process on a free port, beside the portal, so both get the same machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { Pool } from 'pg';

const TEMPLATE = `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{name}}</title></head>
<body>
<h1>{{name}}</h1>
<dl>
  <dt>统一社会信用代码</dt><dd>{{credit_code}}</dd>
  <dt>类型</dt><dd>{{entity_type}}</dd>
  <dt>法定代表人</dt><dd>{{legal_representative}}</dd>
  <dt>成立日期</dt><dd>{{established_on}}</dd>
  <dt>住所</dt><dd>{{domicile}}</dd>
  <dt>经营范围</dt><dd>{{business_scope}}</dd>
  <dt>登记状态</dt><dd>{{status}}</dd>
</dl>
</body>
</html>
`;

export interface BaselineServer {
  url: string;
  /** The page for one enterprise id. */
  path(enterpriseId: string): string;
  close(): Promise<void>;
}

export async function startBaselineServer(databaseUrl: string, poolSize = 10, listenPort = 0): Promise<BaselineServer> {
  const views = mkdtempSync(join(tmpdir(), 'portal-baseline-views-'));
  writeFileSync(join(views, 'enterprise.hbs'), TEMPLATE);
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize, application_name: 'bench-baseline' });
  pool.on('error', () => undefined);
  const app = express();
  app.set('views', views);
  app.set('view engine', 'hbs');
  app.set('view cache', true);
  app.disable('x-powered-by');
  app.disable('etag');
  app.get('/enterprise/:id', (req, res, next) => {
    pool
      .query<Record<string, string>>(
        `SELECT credit_code, name, entity_type, legal_representative, to_char(established_on, 'YYYY-MM-DD') AS established_on, domicile, business_scope, status
           FROM enterprise WHERE id = $1`,
        [req.params.id],
      )
      .then(({ rows }) => {
        if (!rows[0]) {
          res.status(404).send('not found');
          return;
        }
        res.render('enterprise', { ...rows[0], layout: false });
      })
      .catch(next);
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(listenPort, '127.0.0.1', () => resolve(listening));
  });
  server.keepAliveTimeout = 60_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    path: (id) => `/enterprise/${id}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
      rmSync(views, { recursive: true, force: true });
    },
  };
}
