import fs from "node:fs/promises";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { schemaPath } from "../../scripts/lib/paths";
import { applyMigrations, diffMigrationsToSchema } from "../../scripts/lib/schema-engine";

const url = () => process.env.DATABASE_URL!;

describe("migrations", () => {
  it("agree with schema.prisma (no drift)", async () => {
    const drift = await diffMigrationsToSchema(url());
    expect(drift, `schema.prisma has changes no migration creates. Run npm run db:migration -- --name <name>:\n${drift}`).toBe("");
  });

  it("report drift when a model field has no migration", async () => {
    const schema = await fs.readFile(schemaPath, "utf8");
    const changed = schema.replace(/model Instance \{\n/, "model Instance {\n  driftProbe String?\n");
    expect(changed).not.toBe(schema);
    const drift = await diffMigrationsToSchema(url(), changed);
    expect(drift).toContain('ADD COLUMN     "driftProbe"');
  });

  it("apply once: a second run applies nothing", async () => {
    expect(await applyMigrations(url())).toEqual([]);
  });

  it("keep CHECK constraints and the append-only audit trigger", async () => {
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    try {
      await expect(
        client.query(`INSERT INTO instances (name, subdomain, owner_email, updated_at) VALUES ('x', 'Bad_Sub', 'a@b.c', now())`),
      ).rejects.toThrow(/instances_subdomain_chk/);
      await client.query(`INSERT INTO audit_logs (actor_type, action, target_type) VALUES ('system', 'test.one', 'test'), ('system', 'test.two', 'test')`);
      const rows = await client.query<{ prev_hash: string | null; hash: string }>(`SELECT prev_hash, hash FROM audit_logs WHERE action LIKE 'test.%' ORDER BY id`);
      expect(rows.rows[1]!.prev_hash).toBe(rows.rows[0]!.hash);
      await expect(client.query(`UPDATE audit_logs SET action = 'tampered'`)).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM audit_logs`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });
});
