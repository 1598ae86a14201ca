// npm run admin:token -- --email <admin> [--name <label>] [--expires-in-days N]
// Prints a new API token alone on its last line, for scripts and curl.
import { parseArgs } from "node:util";
import { runScript } from "./lib/runtime";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, "expires-in-days": { type: "string" } },
});

if (!values.email) {
  console.error("Usage: npm run admin:token -- --email <admin email> [--name <label>] [--expires-in-days N]");
  process.exit(2);
}

await runScript(async () => {
  const { prisma } = await import("@/lib/db");
  const { createApiToken } = await import("@/lib/auth/api-tokens");
  const { systemActor } = await import("@/lib/actor");
  const { addDays, now } = await import("@/lib/clock");
  const email = values.email!.trim().toLowerCase();
  const user = await prisma.adminUser.findUnique({ where: { email } });
  if (!user || user.disabledAt) throw new Error(`No active admin user with the email ${email}. Run npm run setup:multi-tenant first.`);
  const days = values["expires-in-days"] ? Number(values["expires-in-days"]) : undefined;
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw new Error("--expires-in-days must be a whole number of days, 1 or more.");
  const created = await createApiToken({
    adminUserId: user.id,
    name: values.name ?? `cli ${new Date().toISOString().slice(0, 10)}`,
    expiresAt: days ? addDays(now(), days) : undefined,
    actor: systemActor("admin:token", { id: user.id, label: `${user.email} (cli)` }),
  });
  console.error(`Token ${created.prefix}… for ${user.email} (${user.role}). It is shown once:`);
  console.log(created.token);
});
