/**
 * The Vercel deployment driver, on the real `@vercel/sdk`.
 *
 * Every step can be repeated after a failure halfway without creating anything twice:
 *  - ensureProject looks the project up by name first; a 409 on create (a concurrent create) reads it;
 *  - setEnvironment sends all variables in one call with `upsert=true`;
 *  - ensureDomain treats "already on this project" as done (checked, not assumed, on a conflict);
 *  - createDeployment reuses a production deployment of ours that is still queued or building
 *    (the answer of an earlier attempt may have been lost), else starts one;
 *  - removeProject treats 404 as done.
 * The SDK's own retries are off: the instance service decides when to retry, from DeployError.retryable.
 * Each request is bounded by `timeoutMs`. The token never appears in a message or a log line.
 */
import { z } from "zod";
import type { DeploymentState } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { DeployError, type DeployDriver, type DeploymentInfo, type ProjectRef } from "@/lib/providers/deploy/types";
import { toDeployError, vercelErrorBody } from "@/lib/providers/deploy/vercel-errors";
import { parseVercelWebhook } from "@/lib/providers/deploy/vercel-webhook";
import { loadVercelClient, type VercelClient } from "@/lib/providers/deploy/vercel-client";

export type VercelDriverConfig = {
  token: string;
  teamId?: string;
  /** The pharmacy-app template on GitHub: "owner/repo" (a github.com URL is accepted too). */
  templateRepo: string;
  webhookSecret: string;
  /** Another base URL for the API (the loopback fake in tests). */
  apiUrl?: string;
  /** Per-request bound, in milliseconds. */
  timeoutMs?: number;
  /** The branch production deployments are built from. */
  productionBranch?: string;
};

const DEFAULT_TIMEOUT_MS = 15_000;
const IN_FLIGHT = "QUEUED,INITIALIZING,BUILDING";
/** Deployment meta key that marks the deployments this console started, per instance. */
export const INSTANCE_META_KEY = "afpInstanceId";

/** Vercel's readyState → ours. An unknown state is taken as still in progress. */
export function mapVercelReadyState(readyState: string | undefined | null): DeploymentState {
  switch (readyState) {
    case "QUEUED":
      return "QUEUED";
    case "INITIALIZING":
    case "BUILDING":
      return "BUILDING";
    case "READY":
      return "READY";
    case "CANCELED":
      return "CANCELED";
    case "ERROR":
    case "BLOCKED":
      return "ERROR";
    default:
      return "BUILDING";
  }
}

export function parseTemplateRepo(value: string): { org: string; repo: string; full: string } {
  const match = /^(?:https?:\/\/)?(?:www\.)?(?:github\.com\/)?([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(value.trim());
  if (!match?.[1] || !match[2]) {
    throw new Error('VERCEL_TEMPLATE_REPO must name a GitHub repository as "owner/repo".');
  }
  return { org: match[1], repo: match[2], full: `${match[1]}/${match[2]}` };
}

// The few fields we rely on. Read from the SDK's parsed answer, or from the raw JSON when a newer
// API answer no longer matches the SDK's schema (the call did succeed).
const ZProject = z.object({ id: z.string().min(1), name: z.string().min(1) });
const ZEnvResult = z.object({
  failed: z.array(z.object({ error: z.object({ code: z.string().optional(), key: z.string().optional(), envVarKey: z.string().optional() }).loose() })).default([]),
});
const ZDomain = z.object({ name: z.string(), verified: z.boolean().optional() });
const ZDeployment = z.object({
  id: z.string().min(1),
  url: z.string().optional(),
  readyState: z.string().optional(),
  errorCode: z.string().nullish(),
  errorMessage: z.string().nullish(),
});
const ZDeploymentList = z.object({
  deployments: z.array(
    z.object({
      uid: z.string().min(1),
      url: z.string().optional(),
      readyState: z.string().optional(),
      state: z.string().optional(),
      meta: z.record(z.string(), z.unknown()).nullish(),
    }),
  ),
});

type Outcome = { ok: true; value: unknown } | { ok: false; status?: number; code?: string; error: unknown };

/** The SDK's ResponseValidationError, recognised without importing the SDK's error module eagerly. */
function isResponseValidationError(error: unknown): error is { statusCode: number; rawValue: unknown } {
  return error instanceof Error && error.name === "ResponseValidationError" && typeof (error as { statusCode?: unknown }).statusCode === "number";
}

export function createVercelDriver(config: VercelDriverConfig): DeployDriver {
  if (!config.token) throw new Error("The Vercel driver needs an API token (VERCEL_API_TOKEN).");
  if (!config.webhookSecret) throw new Error("The Vercel driver needs a webhook secret (VERCEL_WEBHOOK_SECRET).");
  const template = parseTemplateRepo(config.templateRepo);
  const branch = config.productionBranch ?? "main";
  let loaded: Promise<VercelClient> | undefined;
  const client = () => (loaded ??= loadVercelClient({ bearerToken: config.token, serverURL: config.apiUrl, timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS }));
  const team = config.teamId ? { teamId: config.teamId } : {};
  const secrets = [config.token, config.webhookSecret];
  const log = logger.child({ provider: "vercel" });

  async function attempt(step: string, call: (api: VercelClient) => Promise<unknown>): Promise<Outcome> {
    try {
      return { ok: true, value: await call(await client()) };
    } catch (error) {
      if (isResponseValidationError(error) && error.statusCode >= 200 && error.statusCode < 300) {
        log.warn({ step, status: error.statusCode }, "Vercel's answer no longer matches the SDK schema; reading the raw answer");
        return { ok: true, value: error.rawValue };
      }
      const http = vercelErrorBody(error);
      return { ok: false, status: http?.status, code: http?.code, error };
    }
  }

  function fail(step: string, outcome: Outcome & { ok: false }, extraSecrets: string[] = []): never {
    const error = toDeployError(step, outcome.error, [...secrets, ...extraSecrets]);
    log.warn({ step, status: outcome.status, code: outcome.code, retryable: error.retryable, reason: error.message }, "Vercel call failed");
    throw error;
  }

  function read<T>(step: string, schema: z.ZodType<T>, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new DeployError(step, `Vercel's answer to ${step} lacks the fields we need`, false);
    return parsed.data;
  }

  function deploymentInfo(id: string, url: string | undefined, readyState: string | undefined, error?: string | null): DeploymentInfo {
    const state = mapVercelReadyState(readyState);
    return {
      deploymentId: id,
      url: url ? (url.startsWith("http") ? url : `https://${url}`) : undefined,
      state,
      ...(state === "ERROR" || state === "CANCELED" ? { error: error ?? undefined } : {}),
    };
  }

  async function findProject(step: string, idOrName: string): Promise<ProjectRef | undefined> {
    const got = await attempt(step, (api) => api.projects.getProject({ idOrName, ...team }));
    if (got.ok) {
      const project = read(step, ZProject, got.value);
      return { projectId: project.id, name: project.name };
    }
    if (got.status === 404) return undefined;
    return fail(step, got);
  }

  return {
    name: "vercel",

    async ensureProject({ name, instanceId }) {
      const step = "ensureProject";
      const existing = await findProject(step, name);
      if (existing) return existing;
      const created = await attempt(step, (api) =>
        api.projects.createProject({
          ...team,
          requestBody: { name, framework: "nextjs", gitRepository: { type: "github", repo: template.full } },
        }),
      );
      if (created.ok) {
        const project = read(step, ZProject, created.value);
        log.info({ step, projectId: project.id, instanceId }, "Vercel project created");
        return { projectId: project.id, name: project.name };
      }
      if (created.status === 409) {
        // Created by a concurrent attempt between our lookup and our create.
        const raced = await findProject(step, name);
        if (raced) return raced;
      }
      return fail(step, created);
    },

    async setEnvironment({ projectId, variables }) {
      const step = "setEnvironment";
      const entries = Object.entries(variables);
      if (entries.length === 0) return;
      const values = entries.map(([, value]) => value);
      const got = await attempt(step, (api) =>
        api.projects.createProjectEnv({
          idOrName: projectId,
          upsert: "true",
          ...team,
          requestBody: entries.map(([key, value]) => ({ key, value, type: "encrypted", target: ["production", "preview"] })),
        }),
      );
      if (!got.ok) fail(step, got, values);
      const { failed } = read(step, ZEnvResult, got.value);
      if (failed.length > 0) {
        const which = failed.map((f) => `${f.error.key ?? f.error.envVarKey ?? "?"} (${f.error.code ?? "error"})`).join(", ");
        throw new DeployError(step, `Vercel refused ${failed.length} environment variable(s): ${which}`, false);
      }
      log.info({ step, projectId, keys: entries.map(([key]) => key) }, "Vercel environment set");
    },

    async ensureDomain({ projectId, domain }) {
      const step = "ensureDomain";
      const added = await attempt(step, (api) => api.projects.addProjectDomain({ idOrName: projectId, ...team, requestBody: { name: domain } }));
      if (added.ok) {
        const answer = read(step, ZDomain, added.value);
        if (answer.verified === false) log.warn({ step, projectId, domain }, "Vercel domain added but not verified yet");
        return;
      }
      const conflict = added.status === 409 || (added.status === 400 && /already/i.test(added.code ?? ""));
      if (!conflict) return fail(step, added);
      // Vercel says the name is taken: done if it is ours, a permanent error if it is another project's.
      const mine = await attempt(step, (api) => api.projects.getProjectDomain({ idOrName: projectId, domain, ...team }));
      if (mine.ok) return;
      if (mine.status === 404) throw new DeployError(step, `${domain} is already attached to another Vercel project`, false);
      return fail(step, mine);
    },

    async createDeployment({ projectId, name, instanceId }) {
      const step = "createDeployment";
      const listed = await attempt(step, (api) =>
        api.deployments.getDeployments({ projectId, target: "production", state: IN_FLIGHT, limit: 20, ...team }),
      );
      if (!listed.ok) return fail(step, listed);
      const ours = read(step, ZDeploymentList, listed.value).deployments.find(
        (d) => d.meta?.[INSTANCE_META_KEY] === instanceId && IN_FLIGHT.split(",").includes(d.readyState ?? d.state ?? ""),
      );
      if (ours) {
        log.info({ step, projectId, deploymentId: ours.uid, instanceId }, "Reusing the deployment already in progress");
        return deploymentInfo(ours.uid, ours.url, ours.readyState ?? ours.state);
      }
      const created = await attempt(step, (api) =>
        api.deployments.createDeployment({
          ...team,
          requestBody: {
            name,
            project: projectId,
            target: "production",
            gitSource: { type: "github", org: template.org, repo: template.repo, ref: branch },
            meta: { [INSTANCE_META_KEY]: instanceId },
          },
        }),
      );
      if (!created.ok) return fail(step, created);
      const deployment = read(step, ZDeployment, created.value);
      log.info({ step, projectId, deploymentId: deployment.id, instanceId }, "Vercel deployment created");
      return deploymentInfo(deployment.id, deployment.url, deployment.readyState, deployment.errorMessage ?? deployment.errorCode);
    },

    async getDeployment(deploymentId) {
      const step = "getDeployment";
      const got = await attempt(step, (api) => api.deployments.getDeployment({ idOrUrl: deploymentId, ...team }));
      if (!got.ok) {
        // Gone with its project (or never existed): nothing will ever run under this id.
        if (got.status === 404) return { deploymentId, state: "REMOVED" };
        return fail(step, got);
      }
      const deployment = read(step, ZDeployment, got.value);
      return deploymentInfo(deployment.id, deployment.url, deployment.readyState, deployment.errorMessage ?? deployment.errorCode);
    },

    async pauseProject(projectId) {
      const got = await attempt("pauseProject", (api) => api.projects.pauseProject({ projectId, ...team }));
      if (!got.ok) fail("pauseProject", got);
      log.info({ step: "pauseProject", projectId }, "Vercel project paused");
    },

    async unpauseProject(projectId) {
      const got = await attempt("unpauseProject", (api) => api.projects.unpauseProject({ projectId, ...team }));
      if (!got.ok) fail("unpauseProject", got);
      log.info({ step: "unpauseProject", projectId }, "Vercel project unpaused");
    },

    async removeProject(projectId) {
      const got = await attempt("removeProject", (api) => api.projects.deleteProject({ idOrName: projectId, ...team }));
      if (!got.ok && got.status !== 404) fail("removeProject", got);
      log.info({ step: "removeProject", projectId, alreadyGone: !got.ok }, "Vercel project removed");
    },

    parseWebhook(rawBody, headers) {
      return parseVercelWebhook(rawBody, headers, config.webhookSecret);
    },
  };
}
