/**
 * The HTTP harness the provider fakes share: a node:http server on 127.0.0.1 (port 0), a log of
 * every request, and fault injection, so each fake only implements its provider's wire format.
 *
 *   fake.injectFault({ method: "POST", path: "/v1/payment_intents" }, "500", 2)   // next 2 answer 500
 *   fake.injectFault({ path: /^\/v1\/refunds/ }, "hang")                          // next one never answers
 *   fake.injectFault({ path: "/v1/payments" }, "reset")                           // next one: TCP reset
 *
 * A faulted request is not processed (the provider never saw it), except with
 * `{ kind: "hang", afterProcessing: true }`, which processes it and then never answers (the
 * "did it go through?" case that idempotency keys exist for).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "status"; status: number; body?: unknown }
  | { kind: "hang"; afterProcessing?: boolean }
  | { kind: "reset" };
export type FaultSpec = Fault | "500" | "503" | "hang" | "reset";
export type RouteMatch = { method?: string; path: string | RegExp };

export type FakeRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
};
export type FakeResponse = { status: number; body?: unknown; headers?: Record<string, string> };

export type RecordedRequest = FakeRequest & {
  /** The body as the fake parsed it (form-decoded for Stripe, JSON for the others). */
  body: unknown;
  /** The status answered, or the fault that replaced the answer. */
  outcome: number | "hang" | "reset";
  at: Date;
};

/** A webhook delivery, signed as the provider would: POST `payload` with `headers`. */
export type SignedDelivery = { payload: string; headers: Record<string, string> };

type Handler = (req: FakeRequest, body: unknown) => FakeResponse | Promise<FakeResponse>;

export type Loopback = {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests to one route, oldest first. */
  requestsTo(match: RouteMatch): RecordedRequest[];
  injectFault(match: RouteMatch, fault: FaultSpec, times?: number): void;
  clearFaults(): void;
  /** Forgets the request log and the faults (the fake's own store is reset by the fake). */
  resetLog(): void;
  close(): Promise<void>;
};

const MAX_BODY = 1_000_000;

function matches(match: RouteMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  return typeof match.path === "string" ? match.path === path : match.path.test(path);
}

function toFault(spec: FaultSpec): Fault {
  if (spec === "500" || spec === "503") return { kind: "status", status: Number(spec) };
  if (spec === "hang") return { kind: "hang" };
  if (spec === "reset") return { kind: "reset" };
  return spec;
}

export async function startLoopback(options: {
  parseBody: (req: FakeRequest) => unknown;
  handle: Handler;
  /** A hung request is cut after this long at the latest (ms, default 15 000), so nothing waits forever. */
  maxHangMs?: number;
}): Promise<Loopback> {
  const requests: RecordedRequest[] = [];
  let faults: Array<{ match: RouteMatch; fault: Fault; remaining: number }> = [];
  const maxHangMs = options.maxHangMs ?? 15_000;
  const hangTimers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const fakeReq: FakeRequest = {
          method: (req.method ?? "GET").toUpperCase(),
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          rawBody: Buffer.concat(chunks).toString("utf8"),
        };
        let body: unknown;
        try {
          body = options.parseBody(fakeReq);
        } catch {
          body = undefined;
        }
        const record: RecordedRequest = { ...fakeReq, body, outcome: 0, at: new Date() };
        requests.push(record);

        const armed = faults.find((f) => f.remaining > 0 && matches(f.match, fakeReq.method, fakeReq.path));
        if (armed) armed.remaining -= 1;
        const fault = armed?.fault;

        if (fault?.kind === "reset") {
          record.outcome = "reset";
          req.socket.resetAndDestroy();
          return;
        }
        if (fault?.kind === "status") {
          record.outcome = fault.status;
          send(res, { status: fault.status, body: fault.body ?? { error: { type: "api_error", message: "Injected fault." } } });
          return;
        }
        if (fault?.kind === "hang") {
          if (fault.afterProcessing) await Promise.resolve(options.handle(fakeReq, body)).catch(() => undefined);
          record.outcome = "hang";
          const timer = setTimeout(() => {
            hangTimers.delete(timer);
            req.socket.destroy();
          }, maxHangMs);
          hangTimers.add(timer);
          return;
        }
        let response: FakeResponse;
        try {
          response = await options.handle(fakeReq, body);
        } catch (error) {
          response = { status: 500, body: { error: { type: "api_error", message: `Fake crashed: ${(error as Error).message}` } } };
        }
        record.outcome = response.status;
        send(res, response);
      })();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (match) => requests.filter((r) => matches(match, r.method, r.path)),
    injectFault(match, spec, times = 1) {
      faults.push({ match, fault: toFault(spec), remaining: times });
    },
    clearFaults() {
      faults = [];
    },
    resetLog() {
      requests.length = 0;
      faults = [];
    },
    async close() {
      for (const timer of hangTimers) clearTimeout(timer);
      hangTimers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: http.ServerResponse, response: FakeResponse): void {
  const payload = response.body === undefined ? "" : JSON.stringify(response.body);
  res.writeHead(response.status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...response.headers });
  res.end(payload);
}

/** POSTs a signed delivery to a webhook URL (e.g. the console's /api/webhooks/<provider>). */
export async function deliver(url: string, delivery: SignedDelivery, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { method: "POST", body: delivery.payload, headers: delivery.headers, signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.text() };
}

/** A random id with a provider's prefix: pi_3Px…, avp_tx_… */
export function fakeId(prefix: string, length = 24): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `${prefix}${out}`;
}
