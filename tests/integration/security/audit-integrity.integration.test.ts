import path from "node:path";
import { spawnSync } from "node:child_process";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/actor";
import { prisma } from "@/lib/db";
import { recordAudit, recordAuditMany } from "@/lib/services/audit.service";
import { verifyAuditChain } from "@/lib/services/audit-verify.service";
import { projectRoot } from "../../../scripts/lib/paths";

const actor = systemActor("test");

async function asOwner(sql: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function verifyCli() {
  return spawnSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "scripts", "audit-verify.ts")], { cwd: projectRoot, env: process.env, encoding: "utf8" });
}

describe("the audit trail", () => {
  it("refuses updates and deletes, even from the table's owner", async () => {
    await recordAudit(prisma, actor, { action: "test.append_only", targetType: "test" });
    await expect(asOwner(`UPDATE audit_logs SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(asOwner(`DELETE FROM audit_logs`)).rejects.toThrow(/append-only/);
    await expect(asOwner(`TRUNCATE audit_logs`)).rejects.toThrow(/append-only/);
  });

  it("chains every entry, including set-based inserts and concurrent writers", async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        prisma.$transaction((tx) => recordAuditMany(tx, actor, Array.from({ length: 25 }, (_, k) => ({ action: `test.concurrent.${i}.${k}`, targetType: "test" })))),
      ),
    );
    expect((await verifyAuditChain()).problems).toEqual([]);
    const cli = verifyCli();
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/Audit chain intact: \d+ entries verified/);
  });

  it("npm run audit:verify detects a row tampered with by the database owner, and a removed row", async () => {
    await recordAuditMany(prisma, actor, [
      { action: "payment.refund", targetType: "payment", targetId: "pay_a", after: { amountMinor: 5_000 } },
      { action: "payment.refund", targetType: "payment", targetId: "pay_b", after: { amountMinor: 1_000 } },
      { action: "payment.refund", targetType: "payment", targetId: "pay_c", after: { amountMinor: 2_000 } },
    ]);
    const [a, , c] = await prisma.auditLog.findMany({ where: { targetId: { in: ["pay_a", "pay_b", "pay_c"] } }, orderBy: { id: "asc" } });
    await asOwner(`ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;
      UPDATE audit_logs SET after = '{"amountMinor": 1}' WHERE id = ${a!.id};
      DELETE FROM audit_logs WHERE target_id = 'pay_b';
      ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only;`);
    const { problems } = await verifyAuditChain();
    expect(problems).toEqual(expect.arrayContaining([{ id: a!.id.toString(), problem: "content_changed" }, { id: c!.id.toString(), problem: "chain_broken" }]));
    const cli = verifyCli();
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`entry ${a!.id}: its content no longer matches its hash`);
    expect(cli.stderr).toContain(`entry ${c!.id}: it does not follow the entry before it`);
  });
});
