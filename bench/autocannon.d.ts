// The few parts of autocannon (a devDependency without bundled types) that the benchmarks use.
declare module "autocannon" {
  type Options = { url: string; connections?: number; duration?: number; amount?: number; headers?: Record<string, string>; method?: string; body?: string };
  type Result = { errors: number; timeouts: number; non2xx: number; requests: { average: number; total: number }; latency: Record<string, number> };
  type Instance = PromiseLike<Result> & { on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void; stop(): void };
  function autocannon(options: Options): Instance;
  export default autocannon;
}
