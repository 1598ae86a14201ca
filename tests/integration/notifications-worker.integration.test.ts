import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { queueForInstance } from "@/lib/services/notifications/queue";
import { createOwnerInstance } from "../helpers/notifications";

const root = path.resolve(import.meta.dirname, "../..");

describe("npm run worker", () => {
  it("delivers what is queued while it runs and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/worker.ts", "--interval-ms", "200"], {
      cwd: root,
      env: { ...process.env, EMAIL_DRIVER: "dev-mailbox", WHATSAPP_DRIVER: "dev-mailbox", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const instance = await createOwnerInstance();
      await queueForInstance(prisma, { instanceId: instance.id, templateKey: "welcome", dedupeKey: `worker:${instance.id}`, now: new Date() });
      let sent = 0;
      for (let i = 0; i < 150 && sent < 2; i++) {
        await new Promise((r) => setTimeout(r, 200));
        sent = await prisma.notification.count({ where: { instanceId: instance.id, status: "SENT", driver: "dev-mailbox" } });
      }
      expect(sent, output).toBe(2);
      child.kill("SIGTERM");
      const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 15_000))]);
      expect(code, output).toBe(0);
      expect(output).toContain("notification worker stopped");
      expect(output).not.toContain(instance.ownerEmail);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
