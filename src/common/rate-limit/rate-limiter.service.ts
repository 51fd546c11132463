import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in PostgreSQL, so the limit holds across every instance of the portal and
 * across restarts (an in-memory counter would give each instance its own allowance).
 */
@Injectable()
export class RateLimiterService {
  private lastPrune = 0;

  constructor(private readonly dataSource: DataSource) {}

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const rows = await this.dataSource.query<{ hits: number; retry_after: number }[]>(
      `INSERT INTO rate_limit_bucket AS b (key, window_start, hits)
       VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = b.hits + 1
       RETURNING hits, ceil(extract(epoch FROM (b.window_start + make_interval(secs => $2) - now())))::int AS retry_after`,
      [key, windowSeconds],
    );
    this.pruneNowAndThen();
    const row = rows[0] ?? { hits: 1, retry_after: windowSeconds };
    return { allowed: row.hits <= limit, retryAfterSeconds: Math.max(1, row.retry_after) };
  }

  private pruneNowAndThen(): void {
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    void this.dataSource.query(`DELETE FROM rate_limit_bucket WHERE window_start < now() - interval '1 day'`).catch(() => undefined);
  }
}
