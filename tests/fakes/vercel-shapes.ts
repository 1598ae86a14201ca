/**
 * The fake Vercel API's store and the JSON it answers with. The shapes follow Vercel's REST API as
 * the @vercel/sdk 1.28 response schemas describe it (tests/unit/providers/vercel-fake.test.ts
 * parses every answer with the SDK's own schemas, so a drift shows up as a failing test).
 */
import crypto from "node:crypto";

export type FakeEnv = { id: string; key: string; value: string; type: string; target: string[]; createdAt: number; updatedAt: number };
export type FakeDomain = { name: string; apexName: string; projectId: string; verified: boolean; createdAt: number; updatedAt: number };
export type FakeProject = {
  id: string;
  name: string;
  accountId: string;
  framework: string | null;
  gitRepository?: { type: string; repo: string };
  paused: boolean;
  createdAt: number;
  updatedAt: number;
  env: FakeEnv[];
  domains: FakeDomain[];
};
export type FakeReadyState = "QUEUED" | "INITIALIZING" | "BUILDING" | "READY" | "ERROR" | "CANCELED";
export type FakeDeployment = {
  id: string;
  name: string;
  projectId: string;
  url: string;
  readyState: FakeReadyState;
  target: string | null;
  meta: Record<string, string>;
  gitSource: Record<string, unknown> | null;
  createdAt: number;
  /** GET /v13/deployments/{id} calls so far: the state moves one step per read. */
  reads: number;
  outcome: "READY" | "ERROR" | "CANCELED";
  errorMessage?: string;
};

export const randomId = (prefix: string, bytes = 12) => `${prefix}_${crypto.randomBytes(bytes).toString("base64url").replace(/[-_]/g, "x")}`;

export function apexOf(domain: string): string {
  return domain.split(".").slice(-2).join(".");
}

export function projectJson(p: FakeProject) {
  const [org, repo] = p.gitRepository?.repo.split("/") ?? [];
  return {
    id: p.id,
    name: p.name,
    accountId: p.accountId,
    framework: p.framework,
    paused: p.paused,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    alias: [],
    directoryListing: false,
    nodeVersion: "22.x",
    live: false,
    defaultResourceConfig: { functionDefaultRegions: ["iad1"], fluid: true },
    resourceConfig: { functionDefaultRegions: ["iad1"], fluid: true },
    deploymentExpiration: { expirationDays: 180 },
    latestDeployments: [],
    env: p.env.map((e) => envJson(e, p.id)),
    ...(p.gitRepository
      ? {
          link: {
            type: "github",
            org,
            repo,
            repoId: 1_000_001,
            productionBranch: "main",
            deployHooks: [],
            gitCredentialId: "",
            sourceless: true,
            createdAt: p.createdAt,
            updatedAt: p.updatedAt,
          },
        }
      : {}),
  };
}

/** Vercel never sends back the value of an encrypted variable in clear. */
export function envJson(e: FakeEnv, projectId: string) {
  const shown = e.type === "plain" ? e.value : crypto.createHash("sha256").update(e.value).digest("base64");
  return {
    id: e.id,
    key: e.key,
    value: shown,
    type: e.type,
    target: e.target,
    configurationId: null,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    createdBy: "usr_fake",
    updatedBy: null,
    decrypted: false,
    projectId,
  };
}

export function domainJson(d: FakeDomain) {
  return {
    name: d.name,
    apexName: d.apexName,
    projectId: d.projectId,
    verified: d.verified,
    verification: [],
    redirect: null,
    redirectStatusCode: null,
    gitBranch: null,
    customEnvironmentId: null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export function deploymentJson(d: FakeDeployment, accountId: string) {
  const done = d.readyState === "READY" || d.readyState === "ERROR" || d.readyState === "CANCELED";
  return {
    id: d.id,
    name: d.name,
    url: d.url,
    projectId: d.projectId,
    ownerId: accountId,
    readyState: d.readyState,
    status: d.readyState,
    target: d.target,
    type: "LAMBDAS",
    version: 2,
    public: false,
    plan: "pro",
    regions: ["iad1"],
    createdAt: d.createdAt,
    createdIn: "iad1",
    buildingAt: d.createdAt,
    bootedAt: d.createdAt,
    ...(d.readyState === "READY" ? { ready: d.createdAt + 1 } : {}),
    ...(d.readyState === "ERROR" ? { errorCode: "BUILD_FAILED", errorMessage: d.errorMessage ?? "Command \"npm run build\" exited with 1" } : {}),
    creator: { uid: "usr_fake", username: "afrikapharma-ci" },
    alias: [],
    aliasAssigned: done && d.readyState === "READY",
    build: { env: [] },
    buildSkipped: false,
    env: [],
    meta: d.meta,
    gitSource: d.gitSource,
    projectSettings: { framework: "nextjs" },
    routes: null,
    inspectorUrl: `https://vercel.com/afrikapharma/${d.name}/${d.id.replace(/^dpl_/, "")}`,
    isInConcurrentBuildsQueue: false,
    isInSystemBuildsQueue: false,
  };
}

export function deploymentListItem(d: FakeDeployment) {
  return {
    uid: d.id,
    name: d.name,
    url: d.url,
    created: d.createdAt,
    createdAt: d.createdAt,
    buildingAt: d.createdAt,
    creator: { uid: "usr_fake", username: "afrikapharma-ci" },
    inspectorUrl: `https://vercel.com/afrikapharma/${d.name}/${d.id.replace(/^dpl_/, "")}`,
    meta: d.meta,
    projectId: d.projectId,
    readyState: d.readyState,
    state: d.readyState,
    target: d.target,
    type: "LAMBDAS",
  };
}

export const vercelError = (code: string, message: string, extra: Record<string, unknown> = {}) => ({ error: { code, message, ...extra } });
