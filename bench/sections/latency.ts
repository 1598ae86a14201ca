/**
 * Latency under concurrency, measured per request: autocannon for HTTP (its 'response' events give
 * each request's time, so p95 is exact rather than read off its fixed percentiles), and the same
 * loop over a pg pool for the bare SQL an endpoint needs, so the two can be compared in one run.
 */
import autocannon from "autocannon";
import pg from "pg";

export type LatencyStats = { requests: number; errors: number; non2xx: number; p50: number; p95: number; p99: number; max: number; mean: number; rps: number; seconds: number };

export function summarise(samples: number[], seconds: number, extra: { errors?: number; non2xx?: number } = {}): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : 0);
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    requests: sorted.length,
    errors: extra.errors ?? 0,
    non2xx: extra.non2xx ?? 0,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    mean: round(sorted.reduce((s, v) => s + v, 0) / Math.max(sorted.length, 1)),
    rps: round(sorted.length / seconds),
    seconds,
  };
}

export async function httpLatency(options: { url: string; token: string; connections: number; seconds: number; headers?: Record<string, string> }): Promise<LatencyStats> {
  const samples: number[] = [];
  let non2xx = 0;
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    headers: { authorization: `Bearer ${options.token}`, accept: "application/json", ...options.headers },
  });
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    samples.push(responseTime);
    if (statusCode < 200 || statusCode >= 300) non2xx += 1;
  });
  const result = await instance;
  return summarise(samples, options.seconds, { errors: result.errors + result.timeouts, non2xx });
}

/** `connections` clients each running `statements` back to back for `seconds`; one sample per round. */
export async function sqlLatency(options: { databaseUrl: string; statements: Array<{ text: string; values: unknown[] }>; connections: number; seconds: number }): Promise<LatencyStats> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.connections });
  const samples: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        const client = await pool.connect();
        try {
          while (performance.now() < deadline) {
            const t0 = performance.now();
            try {
              for (const s of options.statements) await client.query(s.text, s.values);
              samples.push(performance.now() - t0);
            } catch {
              errors += 1;
            }
          }
        } finally {
          client.release();
        }
      }),
    );
  } finally {
    await pool.end();
  }
  return summarise(samples, options.seconds, { errors });
}
