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
import {
  apexOf,
  deploymentJson,
  deploymentListItem,
  domainJson,
  envJson,
  type FakeDeployment,
  type FakeProject,
  type FakeReadyState,
  projectJson,
  randomId,
  vercelError,
} from "@/tests/fakes/vercel-shapes";

export type { FakeDeployment, FakeDomain, FakeEnv, FakeProject } from "@/tests/fakes/vercel-shapes";

export type VercelFakeCall = { method: string; path: string; query: Record<string, string>; body: unknown; status?: number };
export type VercelFakeFault = { times?: number; status?: number; body?: unknown; hangMs?: number };
export type VercelFakeOptions = { token?: string; teamId?: string; webhookSecret?: string; buildSteps?: number };
export type VercelWebhookDelivery = { rawBody: string; headers: Headers; body: Record<string, unknown> };

type Reply = { status: number; body?: unknown };
type Fault = Required<Pick<VercelFakeFault, "times">> & VercelFakeFault & { method: string; pattern: RegExp };

const MAX_HANG_MS = 30_000;
const MAX_BODY = 1_000_000;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV_TYPES = ["system", "encrypted", "plain", "sensitive"];
const ENV_TARGETS = ["production", "preview", "development"];
const PROJECT_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `*` stands for one path segment. */
function toPattern(path: string): RegExp {
  const escaped = path.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join("[^/]+")}$`);
}

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

  const projects = new Map<string, FakeProject>();
  const deployments = new Map<string, FakeDeployment>();
  const calls: VercelFakeCall[] = [];
  const faults: Fault[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const nextOutcomes: Array<{ outcome: "ERROR" | "CANCELED"; message?: string }> = [];
  let pending = 0;
  let idleWaiters: Array<() => void> = [];

  const findProject = (idOrName: string) => projects.get(idOrName) ?? [...projects.values()].find((p) => p.name === idOrName);
  const domainOwner = (name: string) => [...projects.values()].find((p) => p.domains.some((d) => d.name === name));
  const notFound = (what: string): Reply => ({ status: 404, body: vercelError("not_found", `${what} not found`) });
  const badRequest = (message: string, code = "bad_request"): Reply => ({ status: 400, body: vercelError(code, message) });

  function addProject(name: string, extra: Partial<FakeProject> = {}): FakeProject {
    const now = Date.now();
    const project: FakeProject = { id: randomId("prj"), name, accountId, framework: null, paused: false, createdAt: now, updatedAt: now, env: [], domains: [], ...extra };
    projects.set(project.id, project);
    return project;
  }

  function createProject(body: any): Reply {
    const name = body?.name;
    if (typeof name !== "string" || !PROJECT_NAME.test(name) || name.includes("---")) {
      return badRequest("Project names can be up to 100 characters long and must be lowercase. They can include letters, digits, and the following characters: '.', '_', '-'. However, they cannot contain the sequence '---'.", "invalid_name");
    }
    if (findProject(name)) return { status: 409, body: vercelError("conflict", `A project with the name ${name} already exists.`) };
    const git = body.gitRepository;
    if (git !== undefined && (git?.type !== "github" || typeof git.repo !== "string" || !/^[^/\s]+\/[^/\s]+$/.test(git.repo))) {
      return badRequest("The gitRepository is invalid.", "invalid_git_repository");
    }
    const project = addProject(name, { framework: typeof body.framework === "string" ? body.framework : null, gitRepository: git });
    return { status: 200, body: projectJson(project) };
  }

  function upsertEnv(project: FakeProject, body: unknown, upsert: boolean): Reply {
    const items = Array.isArray(body) ? body : [body];
    for (const item of items as any[]) {
      if (typeof item?.key !== "string" || !ENV_KEY.test(item.key)) return badRequest("The key of an environment variable is invalid.", "invalid_key");
      if (typeof item.value !== "string") return badRequest(`The value of ${item.key} must be a string.`, "invalid_value");
      if (!ENV_TYPES.includes(item.type)) return badRequest(`The type of ${item.key} is invalid.`, "invalid_type");
      if (!Array.isArray(item.target) || item.target.length === 0 || item.target.some((t: unknown) => !ENV_TARGETS.includes(t as string))) {
        return badRequest(`The target of ${item.key} is invalid.`, "invalid_target");
      }
    }
    const created: unknown[] = [];
    const failed: unknown[] = [];
    const now = Date.now();
    for (const item of items as Array<{ key: string; value: string; type: string; target: string[] }>) {
      const existing = project.env.find((e) => e.key === item.key && e.target.some((t) => item.target.includes(t)));
      if (existing && !upsert) {
        failed.push({ error: { code: "ENV_ALREADY_EXISTS", message: `A variable with the name \`${item.key}\` already exists for the target ${existing.target.join(",")}.`, key: item.key, envVarKey: item.key, target: existing.target } });
        continue;
      }
      if (existing) Object.assign(existing, { value: item.value, type: item.type, target: [...item.target], updatedAt: now });
      const env = existing ?? { id: randomId("env", 9), key: item.key, value: item.value, type: item.type, target: [...item.target], createdAt: now, updatedAt: now };
      if (!existing) project.env.push(env);
      created.push(envJson(env, project.id));
    }
    return { status: 201, body: { created: Array.isArray(body) ? created : created[0], failed } };
  }

  function addDomain(project: FakeProject, body: any): Reply {
    const name = typeof body?.name === "string" ? body.name.toLowerCase() : "";
    if (!DOMAIN.test(name)) return badRequest(`The domain "${String(body?.name)}" is invalid.`, "invalid_domain");
    const owner = domainOwner(name);
    if (owner?.id === project.id) return badRequest(`Cannot add ${name} since it's already in use by your project.`, "domain_already_in_use");
    if (owner) return { status: 409, body: vercelError("domain_already_in_use", `Cannot add ${name} since it's already assigned to another project.`) };
    const now = Date.now();
    const domain = { name, apexName: apexOf(name), projectId: project.id, verified: true, createdAt: now, updatedAt: now };
    project.domains.push(domain);
    return { status: 200, body: domainJson(domain) };
  }

  function createDeployment(body: any): Reply {
    if (typeof body?.name !== "string" || !body.name) return badRequest("The name of the deployment is required.", "missing_name");
    const project = typeof body.project === "string" ? findProject(body.project) : findProject(body.name);
    if (!project) return notFound("Project");
    const source = body.gitSource;
    if (!source) return badRequest("Missing files or gitSource.", "missing_files");
    const linked = project.gitRepository?.repo;
    if (source.type !== "github" || !source.ref || (linked && `${source.org}/${source.repo}` !== linked)) {
      return badRequest("The gitSource does not match the repository connected to the project.", "incorrect_git_source_info");
    }
    const planned = nextOutcomes.shift();
    const deployment: FakeDeployment = {
      id: randomId("dpl"),
      name: body.name,
      projectId: project.id,
      url: `${body.name}-${randomId("x", 6).slice(2).toLowerCase()}-afrikapharma.vercel.app`,
      readyState: "QUEUED",
      target: body.target === "production" || body.target === "staging" ? body.target : null,
      meta: typeof body.meta === "object" && body.meta ? body.meta : {},
      gitSource: source,
      createdAt: Date.now(),
      reads: 0,
      outcome: planned?.outcome ?? "READY",
      errorMessage: planned?.message,
    };
    deployments.set(deployment.id, deployment);
    return { status: 200, body: deploymentJson(deployment, accountId) };
  }

  function readDeployment(idOrUrl: string): Reply {
    const deployment = deployments.get(idOrUrl) ?? [...deployments.values()].find((d) => d.url === idOrUrl);
    if (!deployment || !projects.has(deployment.projectId)) return notFound("Deployment");
    const terminal = ["READY", "ERROR", "CANCELED"].includes(deployment.readyState);
    if (!terminal) {
      deployment.reads += 1;
      deployment.readyState = deployment.reads >= buildSteps ? deployment.outcome : "BUILDING";
    }
    return { status: 200, body: deploymentJson(deployment, accountId) };
  }

  function listDeployments(query: Record<string, string>): Reply {
    const states = query.state ? query.state.split(",").map((s) => s.trim().toUpperCase()) : undefined;
    const limit = Math.min(Math.max(Number(query.limit ?? 20) || 20, 1), 100);
    const found = [...deployments.values()]
      .filter((d) => projects.has(d.projectId))
      .filter((d) => !query.projectId || d.projectId === query.projectId || findProject(query.projectId)?.id === d.projectId)
      .filter((d) => !query.target || d.target === query.target)
      .filter((d) => !states || states.includes(d.readyState))
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit);
    return { status: 200, body: { deployments: found.map(deploymentListItem), pagination: { count: found.length, next: null, prev: null } } };
  }

  function route(method: string, path: string, query: Record<string, string>, body: unknown): Reply {
    const seg = path.split("/").filter(Boolean).map(decodeURIComponent);
    const at = (pattern: string) => toPattern(pattern).test(path);
    if (method === "POST" && path === "/v11/projects") return createProject(body);
    if (method === "POST" && path === "/v13/deployments") return createDeployment(body);
    if (method === "GET" && path === "/v7/deployments") return listDeployments(query);
    if (method === "GET" && at("/v13/deployments/*")) return readDeployment(seg[2]!);
    if (at("/v9/projects/*") && (method === "GET" || method === "DELETE")) {
      const project = findProject(seg[2]!);
      if (!project) return notFound("Project");
      if (method === "GET") return { status: 200, body: projectJson(project) };
      projects.delete(project.id);
      return { status: 204 };
    }
    if (method === "GET" && at("/v9/projects/*/domains/*")) {
      const project = findProject(seg[2]!);
      const domain = project?.domains.find((d) => d.name === seg[4]!.toLowerCase());
      return domain ? { status: 200, body: domainJson(domain) } : notFound("Domain");
    }
    if (method === "POST" && (at("/v10/projects/*/env") || at("/v10/projects/*/domains"))) {
      const project = findProject(seg[2]!);
      if (!project) return notFound("Project");
      return seg[3] === "env" ? upsertEnv(project, body, query.upsert === "true") : addDomain(project, body);
    }
    if (method === "POST" && (at("/v1/projects/*/pause") || at("/v1/projects/*/unpause"))) {
      const project = projects.get(seg[2]!);
      if (!project) return notFound("Project");
      project.paused = seg[3] === "pause";
      project.updatedAt = Date.now();
      return { status: 200 };
    }
    return { status: 404, body: vercelError("not_found", `The requested API endpoint ${method} ${path} was not found.`) };
  }

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
      if (typeof body === "string") return badRequest("Invalid JSON body.", "invalid_json");
      return route(method, url.pathname, query, body);
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
    project: (idOrName: string) => findProject(idOrName),
    projects: () => [...projects.values()],
    deployment: (id: string) => deployments.get(id),
    deployments: (projectId?: string) => [...deployments.values()].filter((d) => !projectId || d.projectId === projectId),
    /** Seeds a project directly (e.g. another project that already owns a domain). */
    addProject,
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
