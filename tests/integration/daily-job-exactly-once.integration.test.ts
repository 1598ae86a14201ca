import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as cron from "@/app/api/cron/manage-subscriptions/route";
import { addDays } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { runDailyJob } from "@/lib/services/jobs/daily-job";
import { projectRoot } from "../../scripts/lib/paths";
import { ensurePlans, makeInstance } from "../helpers/instances";
import { payByCard } from "../helpers/billing";
import { call } from "../helpers/http";

/** Everything the job may change, as one comparable value. */
async function fingerprint() {
  const [payments, invoices, notifications, subscriptions, instances, links] = await Promise.all([
    prisma.payment.groupBy({ by: ["status", "purpose"], _count: true, orderBy: [{ status: "asc" }, { purpose: "asc" }] }),
    prisma.invoice.count(),
    prisma.notification.groupBy({ by: ["templateKey", "channel"], _count: true, orderBy: [{ templateKey: "asc" }, { channel: "asc" }] }),
    prisma.subscription.groupBy({ by: ["status"], _count: true, orderBy: { status: "asc" } }),
    prisma.instance.groupBy({ by: ["status"], _count: true, orderBy: { status: "asc" } }),
    prisma.paymentLink.count(),
  ]);
  return JSON.stringify({ payments, invoices, notifications, subscriptions, instances, links });
}

async function invariants() {
  const doubleRenewals = await prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM (SELECT subscription_id, renewal_key FROM payments WHERE renewal_key IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) x`;
  const paidWithoutInvoice = await prisma.payment.count({ where: { status: "SUCCEEDED", invoice: null } });
  const doubleMessages = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (SELECT dedupe_key FROM notifications GROUP BY 1 HAVING count(*) > 1) x`;
  const gaps = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (SELECT year, max(sequence) - count(*) AS gap FROM invoices GROUP BY year) x WHERE gap <> 0`;
  return { doubleRenewals: Number(doubleRenewals[0]!.n), paidWithoutInvoice, doubleMessages: Number(doubleMessages[0]!.n), invoiceGaps: Number(gaps[0]!.n) };
}

/** A month of business due on `day`: trials ending, renewals, expiries. */
async function seedDueWork(start: Date, count: number) {
  for (let i = 0; i < count; i += 1) {
    const trial = await makeInstance({ planType: "trial" }, start);
    void trial;
    const monthly = await makeInstance({ planType: "monthly" }, start);
    await payByCard(monthly.id, "monthly", i % 3 === 0 ? "4000000000000341" : "4242424242424242", start);
  }
}

const clean = { doubleRenewals: 0, paidWithoutInvoice: 0, doubleMessages: 0, invoiceGaps: 0 };

describe("the daily job runs exactly once per date", () => {
  beforeAll(async () => {
    await ensurePlans();
  });

  it("a second run the same day does nothing", async () => {
    const start = new Date("2031-03-01T00:00:00Z");
    await seedDueWork(start, 4);
    const day = addDays(start, 31);
    const first = await runDailyJob({ runDate: "2031-04-01", now: day, trigger: "test" });
    expect(first.status).toBe("SUCCEEDED");
    const after = await fingerprint();
    const second = await runDailyJob({ runDate: "2031-04-01", now: day, trigger: "test" });
    expect(second.status).toBe("already_done");
    expect(await fingerprint()).toBe(after);
    expect(await invariants()).toEqual(clean);
  });

  it("two concurrent runs never both work: one is refused, the state is that of one run", async () => {
    const start = new Date("2032-03-01T00:00:00Z");
    await seedDueWork(start, 4);
    const day = addDays(start, 31);
    const [a, b] = await Promise.all([
      runDailyJob({ runDate: "2032-04-01", now: day, trigger: "test" }),
      runDailyJob({ runDate: "2032-04-01", now: day, trigger: "test" }),
    ]);
    const statuses = [a.status, b.status];
    expect(statuses.filter((s) => s === "SUCCEEDED")).toHaveLength(1);
    expect(statuses.filter((s) => s === "already_running" || s === "already_done")).toHaveLength(1);
    const renewals = await prisma.payment.count({ where: { purpose: "RENEWAL", renewalKey: { endsWith: ":2032-04-01" } } });
    expect(renewals).toBe(4);
    expect(await invariants()).toEqual(clean);
  });

  it("a run stopped by its time budget reports partial and the next call completes it, as one run would", async () => {
    const start = new Date("2033-03-01T00:00:00Z");
    await seedDueWork(start, 6);
    const day = addDays(start, 31);
    let ticks = 0;
    const partial = await runDailyJob({ runDate: "2033-04-01", now: day, trigger: "test", batchSize: 2, budgetMs: 5, clock: () => (ticks += 1) });
    expect(partial.status).toBe("PARTIAL");
    const resumed = await runDailyJob({ runDate: "2033-04-01", now: day, trigger: "test", batchSize: 2 });
    expect(resumed).toMatchObject({ status: "SUCCEEDED", attempt: 2 });
    const renewals = await prisma.payment.findMany({ where: { purpose: "RENEWAL", renewalKey: { endsWith: ":2033-04-01" } } });
    expect(renewals).toHaveLength(6);
    expect(renewals.filter((p) => p.status === "FAILED")).toHaveLength(2);
    expect(await invariants()).toEqual(clean);
    const run = await prisma.jobRun.findFirstOrThrow({ where: { runDate: new Date("2033-04-01T00:00:00Z") } });
    expect(run).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
  });

  it("reports what it did, with several pages in flight at once", async () => {
    const start = new Date("2035-03-01T00:00:00Z");
    for (let i = 0; i < 6; i += 1) await makeInstance({ planType: "trial" }, start);
    // Trials end on 8 March: on the 6th they are in the two-day window. Pages of 2, two at a time.
    const day = new Date("2035-03-06T00:00:00Z");
    const run = await runDailyJob({ runDate: "2035-03-06", now: day, trigger: "test", batchSize: 2 });
    expect(run.status).toBe("SUCCEEDED");
    const reminders = (run as { report: { steps: { reminders: { subscriptions: number; queued: number } } } }).report.steps.reminders;
    const written = await prisma.notification.count({ where: { createdAt: day, dedupeKey: { startsWith: "reminder:" } } });
    expect(written).toBe(12);
    expect(reminders).toMatchObject({ subscriptions: 6, queued: written });
  });

  it("a run killed mid-way (SIGKILL) and run again leaves exactly the state of one run", async () => {
    const start = new Date("2034-03-01T00:00:00Z");
    await seedDueWork(start, 40);
    const date = "2034-04-01";
    // One process (node --import tsx), so the kill reaches the job itself.
    const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "scripts", "job-daily.ts"), "--date", date], {
      cwd: projectRoot,
      env: { ...process.env, LOG_LEVEL: "silent" },
      stdio: "ignore",
    });
    // Kill it as soon as it has started charging renewals.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const charged = await prisma.payment.count({ where: { renewalKey: { endsWith: `:${date}` } } });
      if (charged > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const between = await prisma.jobRun.findFirstOrThrow({ where: { runDate: new Date(`${date}T00:00:00Z`) } });
    expect(between.status).toBe("RUNNING");
    const rerun = await runDailyJob({ runDate: date, now: new Date(`${date}T00:00:00Z`), trigger: "test" });
    expect(rerun.status).toBe("SUCCEEDED");
    const renewals = await prisma.payment.findMany({ where: { renewalKey: { endsWith: `:${date}` } } });
    expect(renewals).toHaveLength(40);
    expect(renewals.filter((p) => p.status === "PENDING")).toHaveLength(0);
    expect(await invariants()).toEqual(clean);
  }, 120_000);
});

describe("the cron entry point", () => {
  it("answers 401 to a bad or missing secret and runs nothing", async () => {
    const runs = await prisma.jobRun.count();
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong-secret" }, { authorization: `Bearer ${process.env.CRON_SECRET}x` }];
    for (const headers of attempts) {
      const res = await call(cron.GET, "GET", "/api/cron/manage-subscriptions", { headers });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthenticated");
    }
    expect(await prisma.jobRun.count()).toBe(runs);
  });

  it("runs today's job with the right secret", async () => {
    const res = await call(cron.GET, "GET", "/api/cron/manage-subscriptions", { headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } });
    expect(res.status).toBe(200);
    expect(["SUCCEEDED", "already_done"]).toContain(res.json.status);
  });
});
