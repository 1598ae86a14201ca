/**
 * The Vercel API calls the driver makes, loaded on first use from @vercel/sdk's standalone
 * functions (`@vercel/sdk/funcs/*`) on a `VercelCore`. Importing the SDK's full client loads every
 * schema of the whole API (~3 s and ~470 MB measured); these twelve functions cost ~0.4 s and
 * ~120 MB, and nothing at all while the simulated driver is in use.
 * Each call unwraps the SDK's Result: errors are thrown, as the full client does.
 */
import type { VercelCore } from "@vercel/sdk/core.js";

type Fn<R, A> = (core: VercelCore, request: R, options?: never) => PromiseLike<{ ok: true; value: A } | { ok: false; error: unknown }>;
type Call<F> = F extends Fn<infer R, infer A> ? (request: R) => Promise<A> : never;

async function modules() {
  const [core, getProject, createProject, createProjectEnv, addProjectDomain, getProjectDomain, pauseProject, unpauseProject, deleteProject, getDeployments, createDeployment, getDeployment] =
    await Promise.all([
      import("@vercel/sdk/core.js"),
      import("@vercel/sdk/funcs/projectsGetProject.js"),
      import("@vercel/sdk/funcs/projectsCreateProject.js"),
      import("@vercel/sdk/funcs/projectsCreateProjectEnv.js"),
      import("@vercel/sdk/funcs/projectsAddProjectDomain.js"),
      import("@vercel/sdk/funcs/projectsGetProjectDomain.js"),
      import("@vercel/sdk/funcs/projectsPauseProject.js"),
      import("@vercel/sdk/funcs/projectsUnpauseProject.js"),
      import("@vercel/sdk/funcs/projectsDeleteProject.js"),
      import("@vercel/sdk/funcs/deploymentsGetDeployments.js"),
      import("@vercel/sdk/funcs/deploymentsCreateDeployment.js"),
      import("@vercel/sdk/funcs/deploymentsGetDeployment.js"),
    ]);
  return {
    VercelCore: core.VercelCore,
    projects: {
      getProject: getProject.projectsGetProject,
      createProject: createProject.projectsCreateProject,
      createProjectEnv: createProjectEnv.projectsCreateProjectEnv,
      addProjectDomain: addProjectDomain.projectsAddProjectDomain,
      getProjectDomain: getProjectDomain.projectsGetProjectDomain,
      pauseProject: pauseProject.projectsPauseProject,
      unpauseProject: unpauseProject.projectsUnpauseProject,
      deleteProject: deleteProject.projectsDeleteProject,
    },
    deployments: {
      getDeployments: getDeployments.deploymentsGetDeployments,
      createDeployment: createDeployment.deploymentsCreateDeployment,
      getDeployment: getDeployment.deploymentsGetDeployment,
    },
  };
}

type Modules = Awaited<ReturnType<typeof modules>>;
export type VercelClient = {
  projects: { [K in keyof Modules["projects"]]: Call<Modules["projects"][K]> };
  deployments: { [K in keyof Modules["deployments"]]: Call<Modules["deployments"][K]> };
};

function bind<T extends Record<string, Fn<never, unknown>>>(core: VercelCore, fns: T) {
  return Object.fromEntries(
    Object.entries(fns).map(([name, fn]) => [
      name,
      async (request: never) => {
        const result = await fn(core, request);
        if (!result.ok) throw result.error;
        return result.value;
      },
    ]),
  );
}

export async function loadVercelClient(options: { bearerToken: string; serverURL?: string; timeoutMs: number }): Promise<VercelClient> {
  const m = await modules();
  const core = new m.VercelCore({ bearerToken: options.bearerToken, serverURL: options.serverURL, timeoutMs: options.timeoutMs, retryConfig: { strategy: "none" } });
  return { projects: bind(core, m.projects), deployments: bind(core, m.deployments) } as unknown as VercelClient;
}
