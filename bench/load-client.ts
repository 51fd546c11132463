/**
 * The load generator of bench/load.ts, run as a child process so that it does not share an event loop with
 * the servers it measures. It takes one job at a time over IPC and answers with figures:
 *   - `autocannon`: N connections for S seconds; optional request list (cycled) and per-connection headers;
 *   - `lanes`: fixed lists of requests, one list per lane, the lanes concurrent (approve-and-issue).
 * Latencies are recorded per response (autocannon's histogram has no p95).
 */
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

export interface RequestSpec {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface AutocannonJob {
  kind: 'autocannon';
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  /** Cycled by every connection; absent: GET `url` itself. */
  requests?: RequestSpec[];
  /** Connection i sends these headers (cycled): a cookie per connection. */
  perConnectionHeaders?: Record<string, string>[];
}

export interface LanesJob {
  kind: 'lanes';
  url: string;
  lanes: { headers: Record<string, string>; requests: RequestSpec[] }[];
  /** Stop starting requests after this long (a slow path must not stretch the run without bound). */
  seconds?: number;
}

export type Job = AutocannonJob | LanesJob;

export interface LoadStats {
  requests: number;
  seconds: number;
  rps: number;
  latencyMs: { mean: number; p50: number; p90: number; p95: number; p99: number; max: number };
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** autocannon's own summary, for comparison (whole milliseconds). */
  autocannon?: { rpsAverage: number; p50: number; p99: number };
}

function summarise(
  latencies: number[],
  statuses: Record<string, number>,
  seconds: number,
  errors: number,
  timeouts: number,
): Omit<LoadStats, 'autocannon'> {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  const non2xx = Object.entries(statuses)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    requests: sorted.length,
    seconds,
    rps: sorted.length / seconds,
    latencyMs: {
      mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
      p50: at(0.5),
      p90: at(0.9),
      p95: at(0.95),
      p99: at(0.99),
      max: sorted.length ? sorted[sorted.length - 1] : 0,
    },
    statuses,
    non2xx,
    errors,
    timeouts,
  };
}

async function runAutocannon(job: AutocannonJob): Promise<LoadStats> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let connection = 0;
  const perConnection = job.perConnectionHeaders;
  const list = job.requests;
  let next = 0;
  const started = process.hrtime.bigint();
  const options: autocannon.Options = {
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    headers: job.headers,
    // One request whose setup takes the next entry of the list: the connections share one cursor, so
    // concurrent requests carry different entries (with `requests: list` every connection would walk the
    // list from its start, and 50 connections would send the same address at the same moment).
    ...(list
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => {
                const spec = list[next % list.length];
                next += 1;
                return {
                  ...request,
                  method: spec.method ?? 'GET',
                  path: spec.path,
                  headers: { ...request.headers, ...spec.headers },
                  ...(spec.body !== undefined ? { body: spec.body } : {}),
                };
              },
            },
          ],
        }
      : {}),
    ...(perConnection?.length
      ? {
          setupClient: (client: autocannon.Client) => {
            client.setHeaders({ ...job.headers, ...perConnection[connection % perConnection.length] });
            connection += 1;
          },
        }
      : {}),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done: autocannon.Result) => {
      if (error) reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }));
      else resolve(done);
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    ...summarise(latencies, statuses, seconds, result.errors, result.timeouts),
    autocannon: { rpsAverage: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 },
  };
}

async function runLanes(job: LanesJob): Promise<LoadStats> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const target = new URL(job.url);
  const started = process.hrtime.bigint();
  const deadline = Date.now() + (job.seconds ?? Infinity) * 1000;
  await Promise.all(
    job.lanes.map(async (lane) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (const spec of lane.requests) {
        if (Date.now() > deadline) break;
        const t = process.hrtime.bigint();
        try {
          const status = await new Promise<number>((resolve, reject) => {
            const body = spec.body ?? '';
            const req = request(
              {
                agent,
                host: target.hostname,
                port: target.port,
                method: spec.method ?? 'GET',
                path: spec.path,
                headers: { ...lane.headers, ...spec.headers, 'content-length': Buffer.byteLength(body) },
              },
              (res) => {
                res.resume();
                res.on('end', () => resolve(res.statusCode ?? 0));
                res.on('error', reject);
              },
            );
            req.on('error', reject);
            req.end(body);
          });
          statuses[status] = (statuses[status] ?? 0) + 1;
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch {
          errors += 1;
        }
      }
      agent.destroy();
    }),
  );
  return summarise(latencies, statuses, Number(process.hrtime.bigint() - started) / 1e9, errors, 0);
}

process.on('message', (job: Job) => {
  (job.kind === 'autocannon' ? runAutocannon(job) : runLanes(job)).then(
    (stats) => process.send?.({ ok: true, stats }),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
