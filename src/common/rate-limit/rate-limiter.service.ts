import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BufferedWindowCounts, type PendingCount } from './buffered-window-counts';

const FLUSH_INTERVAL_MS = 1000;
/** The window of the buffered (public) allowances, a minute. */
const PUBLIC_WINDOW_SECONDS = 60;

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in PostgreSQL, so the limit holds across every instance of the portal and
 * across restarts (an in-memory counter would give each instance its own allowance): exact on every hit
 * (`hit`, sign-in), or with write-behind for the public pages' generous allowance (`hitBuffered`).
 */
@Injectable()
export class RateLimiterService implements OnApplicationShutdown {
  private lastPrune = 0;
  private readonly buffered = new BufferedWindowCounts();
  private flushing: Promise<void> | undefined;
  private readonly flushTimer: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {
    this.flushTimer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.flushTimer.unref();
  }

  onApplicationShutdown(): void {
    // Unwritten hits of public pages are dropped: at worst an address gets a few more requests next minute.
    clearInterval(this.flushTimer);
  }

  /**
   * For generous allowances (public pages): counted in this instance and written once a second while the
   * address is under half its allowance, exactly in the database from there on (BufferedWindowCounts).
   * Saves a database write on almost every public request.
   */
  async hitBuffered(key: string, limit: number): Promise<RateLimitResult> {
    const windowSeconds = PUBLIC_WINDOW_SECONDS;
    const decision = this.buffered.hit(key, limit, windowSeconds, Date.now());
    if (decision.kind === 'counted') return { allowed: true, retryAfterSeconds: 0 };
    const hits = 1 + this.buffered.takePendingOf(decision.key);
    const [row] = await this.write([{ ...decision.key, hits }]);
    if (!row) return { allowed: true, retryAfterSeconds: 0 };
    this.buffered.learn([row]);
    return { allowed: row.hits <= limit, retryAfterSeconds: Math.max(1, row.windowStart + windowSeconds - Math.floor(Date.now() / 1000)) };
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    const pending = this.buffered.takePending();
    this.buffered.forgetBefore(Date.now(), PUBLIC_WINDOW_SECONDS);
    if (pending.length === 0) return;
    this.flushing = this.write(pending)
      .then((totals) => this.buffered.learn(totals))
      .catch(() => this.buffered.restore(pending))
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }

  /** Adds hits to their windows' shared counts, in one statement; returns the new totals. */
  private async write(counts: readonly PendingCount[]): Promise<PendingCount[]> {
    const rows = await this.dataSource.query<{ key: string; window_start: number; hits: number }[]>(
      `INSERT INTO rate_limit_bucket AS b (key, window_start, hits)
       SELECT key, to_timestamp(window_start), hits FROM unnest($1::text[], $2::bigint[], $3::integer[]) AS c(key, window_start, hits)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = b.hits + excluded.hits
       RETURNING key, extract(epoch FROM window_start)::bigint::float8 AS window_start, hits`,
      [counts.map((c) => c.key), counts.map((c) => c.windowStart), counts.map((c) => c.hits)],
    );
    this.pruneNowAndThen();
    return rows.map((r) => ({ key: r.key, windowStart: Number(r.window_start), hits: r.hits }));
  }

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
