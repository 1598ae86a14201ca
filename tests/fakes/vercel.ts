/**
 * A loopback stand-in for the Vercel REST API, speaking the paths and JSON the @vercel/sdk calls
 * (`new Vercel({ serverURL: fake.url })`), with an in-memory store and a call log.
 *
 *   const fake = await startVercelFake({ token: "tok", teamId: "team_1" });
 *   fake.failNext("POST", "/v10/projects/*\/domains", { times: 1, status: 500 });
 *   fake.failNext("POST", "/v13/deployments", { hangMs: 2_000 });   // slower than the client timeout
 *   fake.callsTo("POST", "/v10/projects/*\/env")                     // what the driver sent
 *   fake.webhook("deployment.succeeded", deploymentId)              // a signed delivery
 *   await fake.close();
 *
 * Behaviour worth knowing:
 *  - every request needs `Authorization: Bearer <token>`, and `teamId=<teamId>` when one is set (403 otherwise);
 *  - a deployment answers QUEUED when created, then moves one step per GET /v13/deployments/{id}:
 *    BUILDING, …, then READY (or the outcome set by failNextBuild) after `buildSteps` reads;
 *  - re-adding a domain answers 400 `domain_already_in_use` when it is on the same project and
 *    409 when it is on another (Vercel's docs are not consistent here; the driver checks with a GET);
 *  - a fault with `hangMs` and no `status` delays the request, then carries it out: the client
 *    has given up but the change happens, as when an answer is lost. `idle()` waits for it.
 * Errors use Vercel's envelope `{ error: { code, message } }`. Only 127.0.0.1 is listened on.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { signVercelBody } from "@/lib/providers/deploy/vercel-webhook";
import { type FakeReadyState, randomId, vercelError } from "@/tests/fakes/vercel-shapes";
import { createVercelStore, type Reply, toPattern } from "@/tests/fakes/vercel-store";

export type { FakeDeployment, FakeDomain, FakeEnv, FakeProject } from "@/tests/fakes/vercel-shapes";

export type VercelFakeCall = { method: string; path: string; query: Record<string, string>; body: unknown; status?: number };
export type VercelFakeFault = { times?: number; status?: number; body?: unknown; hangMs?: number };
export type VercelFakeOptions = { token?: string; teamId?: string; webhookSecret?: string; buildSteps?: number };
export type VercelWebhookDelivery = { rawBody: string; headers: Headers; body: Record<string, unknown> };

type Fault = Required<Pick<VercelFakeFault, "times">> & VercelFakeFault & { method: string; pattern: RegExp };

const MAX_HANG_MS = 30_000;
const MAX_BODY = 1_000_000;
export function signVercelWebhook(secret: string, rawBody: string): string {
  return signVercelBody(secret, rawBody);
}

/** A delivery as Vercel would POST it: body, `x-vercel-signature`, content type. */
export function buildVercelWebhook(
  secret: string,
  event: { type: string; id?: string; deployment: Record<string, unknown> & { id: string }; projectId?: string; target?: string | null; teamId?: string },
): VercelWebhookDelivery {
  const body = {
    id: event.id ?? randomId("evt"),
    type: event.type,
    createdAt: Date.now(),
    region: "iad1",
    payload: {
      team: { id: event.teamId ?? null },
      user: { id: "usr_fake" },
      deployment: event.deployment,
      project: { id: event.projectId },
      target: event.target ?? "production",
      plan: "pro",
      regions: ["iad1"],
      links: { deployment: `https://vercel.com/deployments/${event.deployment.id}`, project: `https://vercel.com/projects/${event.projectId}` },
    },
  };
  const rawBody = JSON.stringify(body);
  const headers = new Headers({ "content-type": "application/json", "x-vercel-signature": signVercelWebhook(secret, rawBody) });
  return { rawBody, headers, body };
}

export async function startVercelFake(options: VercelFakeOptions = {}) {
  const token = options.token ?? "vercel-fake-token";
  const teamId = options.teamId;
  const webhookSecret = options.webhookSecret ?? "vercel-fake-webhook-secret";
  const buildSteps = Math.max(1, options.buildSteps ?? 2);
  const accountId = teamId ?? "team_fake";

  const store = createVercelStore({ accountId, buildSteps });
  const { projects, deployments, nextOutcomes } = store;
  const calls: VercelFakeCall[] = [];
  const faults: Fault[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let pending = 0;
  let idleWaiters: Array<() => void> = [];

  function send(res: http.ServerResponse, reply: Reply): void {
    if (res.destroyed || res.writableEnded) return;
    if (reply.body === undefined) {
      res.writeHead(reply.status).end();
      return;
    }
    res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(reply.body));
  }

  function takeFault(method: string, path: string): Fault | undefined {
    const fault = faults.find((f) => f.method === method && f.pattern.test(path) && f.times > 0);
    if (fault) fault.times -= 1;
    return fault;
  }

  function settleOnce(): () => void {
    let settled = false;
    return () => {
      if (settled) return;
      settled = true;
      settle();
    };
  }

  function settle(): void {
    pending -= 1;
    if (pending === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string, done: () => void): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const query = Object.fromEntries(url.searchParams.entries());
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const call: VercelFakeCall = { method, path: url.pathname, query, body };
    calls.push(call);
    const reply = (r: Reply) => {
      call.status = r.status;
      send(res, r);
    };
    const run = (): Reply => {
      if (req.headers.authorization !== `Bearer ${token}`) return { status: 403, body: vercelError("forbidden", "Not authorized", { invalidToken: true }) };
      if (teamId && query.teamId !== teamId) return { status: 403, body: vercelError("forbidden", "You don't have permission to access the resource on this team.") };
      if (typeof body === "string") return { status: 400, body: vercelError("invalid_json", "Invalid JSON body.") };
      return store.route(method, url.pathname, query, body);
    };
    const fault = takeFault(method, url.pathname);
    const faulted = (): Reply => ({ status: fault!.status!, body: fault!.body ?? vercelError("internal_server_error", "An unexpected internal error occurred.") });
    if (fault?.hangMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        reply(fault.status ? faulted() : run());
        done();
      }, Math.min(fault.hangMs, MAX_HANG_MS));
      timers.add(timer);
      // A hung error answer has nothing to carry out: stop waiting once the client gives up.
      if (fault.status) {
        res.on("close", () => {
          clearTimeout(timer);
          timers.delete(timer);
          done();
        });
      }
      return;
    }
    reply(fault ? faulted() : run());
    done();
  }

  const server = http.createServer((req, res) => {
    pending += 1;
    const done = settleOnce();
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      ended = true;
      handle(req, res, Buffer.concat(chunks).toString("utf8"), done);
    });
    // A request cut off before its body arrived never reaches handle().
    req.on("close", () => {
      if (!ended) done();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    teamId,
    webhookSecret,
    calls,
    /** Calls by method and path (`*` = one segment), in order. */
    callsTo(method: string, path: string): VercelFakeCall[] {
      const pattern = toPattern(path);
      return calls.filter((c) => c.method === method && pattern.test(c.path));
    },
    /** The next `times` (default 1) matching calls answer `status` (default 500) or hang for `hangMs`. */
    failNext(method: string, path: string, fault: VercelFakeFault = {}): void {
      const status = fault.status ?? (fault.hangMs ? undefined : 500);
      faults.push({ ...fault, status, times: fault.times ?? 1, method, pattern: toPattern(path) });
    },
    /** The next deployment created ends in ERROR (or CANCELED) instead of READY. */
    failNextBuild(outcome: "ERROR" | "CANCELED" = "ERROR", message?: string): void {
      nextOutcomes.push({ outcome, message });
    },
    project: (idOrName: string) => store.findProject(idOrName),
    projects: () => [...projects.values()],
    deployment: (id: string) => deployments.get(id),
    deployments: (projectId?: string) => [...deployments.values()].filter((d) => !projectId || d.projectId === projectId),
    /** Seeds a project directly (e.g. another project that already owns a domain). */
    addProject: store.addProject,
    setDeploymentState(id: string, readyState: FakeReadyState): void {
      const deployment = deployments.get(id);
      if (!deployment) throw new Error(`No fake deployment ${id}`);
      deployment.readyState = readyState;
    },
    /** A signed delivery for a deployment in the store (or any id, with `projectId` given). */
    webhook(type: string, deploymentId: string, extra: { id?: string; projectId?: string; secret?: string } = {}): VercelWebhookDelivery {
      const d = deployments.get(deploymentId);
      return buildVercelWebhook(extra.secret ?? webhookSecret, {
        type,
        id: extra.id,
        deployment: { id: deploymentId, url: d?.url, name: d?.name, meta: d?.meta ?? {} },
        projectId: extra.projectId ?? d?.projectId,
        target: d?.target,
        teamId,
      });
    },
    /** Resolves once no request is in progress (hung requests included). */
    idle(): Promise<void> {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },
    reset(): void {
      projects.clear();
      deployments.clear();
      calls.length = 0;
      faults.length = 0;
      nextOutcomes.length = 0;
    },
    async close(): Promise<void> {
      timers.forEach(clearTimeout);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      idleWaiters.forEach((resolve) => resolve());
      idleWaiters = [];
    },
  };
}

export type VercelFake = Awaited<ReturnType<typeof startVercelFake>>;
