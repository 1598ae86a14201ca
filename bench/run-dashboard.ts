/**
 * Measures the dashboard against a running production build (`npm run build && npm start`):
 *   npx tsx bench/run-dashboard.ts --base-url http://localhost:3001 [--seconds 10] [--seed 100000] [--skip-page]
 * It reaches the console's database the way the scripts do (DATABASE_URL or the embedded one, see
 * AFP_DATA_DIR), seeds N bench instances first when asked and none exist, makes a short-lived
 * API token and a session for the first super-admin, then runs benchDashboard and
 * measureDashboardPage and merges the results under "dashboard" in bench/results.json.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { encode } from "next-auth/jwt";
import { prepareRuntime } from "../scripts/lib/runtime";
import { projectRoot } from "../scripts/lib/paths";

const { values } = parseArgs({ options: { "base-url": { type: "string" }, seconds: { type: "string" }, seed: { type: "string" }, "skip-page": { type: "boolean" }, runs: { type: "string" } } });
const baseUrl = values["base-url"] ?? "http://localhost:3001";
const runtime = await prepareRuntime({ quiet: true });
const log = (s: string) => console.log(s);
try {
  const { prisma, disconnectDb } = await import("@/lib/db");
  const { systemActor } = await import("@/lib/actor");
  const { createApiToken, revokeApiToken } = await import("@/lib/auth/api-tokens");
  const { env } = await import("@/lib/env");
  const { benchDashboard } = await import("./sections/dashboard");
  const { measureDashboardPage } = await import("./sections/dashboard-page");
  if (values.seed) {
    const bench = await prisma.instance.count({ where: { subdomain: { startsWith: "bench-" } } });
    if (bench === 0) {
      const { seedDashboard } = await import("./seed-dashboard");
      log(JSON.stringify(await seedDashboard(runtime.databaseUrl, { instances: Number(values.seed), log })));
    }
  }
  const admin = await prisma.adminUser.findFirstOrThrow({ where: { role: "SUPER_ADMIN", disabledAt: null }, orderBy: { createdAt: "asc" } });
  const actor = systemActor("bench", { type: "system", label: "bench/run-dashboard.ts" });
  const { token, id } = await createApiToken({ adminUserId: admin.id, name: "bench dashboard", expiresAt: new Date(Date.now() + 3_600_000), actor });
  const instances = await prisma.instance.count();
  const payments = await prisma.payment.count();
  try {
    const api = await benchDashboard({ baseUrl, token, log, databaseUrl: runtime.databaseUrl, seconds: Number(values.seconds ?? 10) });
    let page: Record<string, unknown> | undefined;
    if (!values["skip-page"]) {
      const value = await encode({ token: { uid: admin.id, role: admin.role, sv: admin.sessionVersion, email: admin.email, name: admin.name } as never, secret: env().JWT_SECRET, maxAge: 3600 });
      page = await measureDashboardPage({ baseUrl, sessionCookie: { name: "next-auth.session-token", value }, log, runs: Number(values.runs ?? 5) });
    }
    const file = path.join(projectRoot, "bench", "results.json");
    const results = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
    results.dashboard = { measuredAt: new Date().toISOString(), data: { instances, payments }, api, page };
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    log(`written to ${path.relative(process.cwd(), file)}`);
  } finally {
    await revokeApiToken({ id, actor, now: new Date() });
    await disconnectDb();
  }
} finally {
  await runtime.release();
}
