/**
 * The fake Vercel API's semantics: an in-memory store of projects (with their environment variables
 * and domains) and deployments, and one handler per REST path the @vercel/sdk calls. Transport,
 * authentication, faults and the call log live in tests/fakes/vercel.ts.
 */
import {
  apexOf,
  deploymentJson,
  deploymentListItem,
  domainJson,
  envJson,
  type FakeDeployment,
  type FakeProject,
  projectJson,
  randomId,
  vercelError,
} from "@/tests/fakes/vercel-shapes";

export type Reply = { status: number; body?: unknown };

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV_TYPES = ["system", "encrypted", "plain", "sensitive"];
const ENV_TARGETS = ["production", "preview", "development"];
const PROJECT_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `*` stands for one path segment. */
export function toPattern(path: string): RegExp {
  const escaped = path.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join("[^/]+")}$`);
}

export function createVercelStore(options: { accountId: string; buildSteps: number }) {
  const { accountId, buildSteps } = options;
  const projects = new Map<string, FakeProject>();
  const deployments = new Map<string, FakeDeployment>();
  const nextOutcomes: Array<{ outcome: "ERROR" | "CANCELED"; message?: string }> = [];

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

  return { projects, deployments, nextOutcomes, findProject, addProject, route };
}
