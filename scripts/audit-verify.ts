// npm run audit:verify — checks that no audit entry was changed, removed or slipped in.
import { runScript } from "./lib/runtime";

await runScript(async () => {
  const { verifyAuditChain } = await import("@/lib/services/audit-verify.service");
  const { entries, problems } = await verifyAuditChain();
  if (problems.length === 0) {
    console.log(`Audit chain intact: ${entries} entries verified.`);
    return;
  }
  console.error(`Audit chain BROKEN: ${problems.length} problem(s) among ${entries} entries.`);
  for (const p of problems) console.error(`  entry ${p.id}: ${p.problem === "content_changed" ? "its content no longer matches its hash (edited)" : "it does not follow the entry before it (an entry was removed or inserted)"}`);
  process.exitCode = 1;
});
