/**
 * Bulk actions on selected instances (the dashboard's table, POST /api/admin/instances/bulk): the
 * same set-based status changes the daily job uses (instance-state.ts), so each instance changed
 * gets its own audit entry in one transaction, and the deployments follow after commit. Instances
 * that cannot take the action are reported with the reason, not changed.
 */
import { z } from "zod";
import type { Actor } from "@/lib/actor";
import { prisma } from "@/lib/db";
import { reactivateInstances, suspendInstances } from "@/lib/services/instance-state";
import { isRunning } from "@/lib/services/subscription.service";
import { syncDeployments } from "@/lib/services/vercel.service";

export const BULK_MAX = 200;

export const ZBulkInstancesRequest = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("suspend"),
    ids: z.array(z.string().min(1).max(64)).min(1, "select at least one instance").max(BULK_MAX, `at most ${BULK_MAX} instances at once`),
    reason: z.string({ error: "is required" }).trim().min(3, "must say why (at least 3 characters)").max(500),
  }),
  z.object({
    action: z.literal("reactivate"),
    ids: z.array(z.string().min(1).max(64)).min(1, "select at least one instance").max(BULK_MAX, `at most ${BULK_MAX} instances at once`),
  }),
]);
export type TBulkInstancesRequest = z.infer<typeof ZBulkInstancesRequest>;

export type BulkSkip = { id: string; reason: "not_found" | "not_active" | "not_suspended" | "subscription_ended" };
export type BulkResult = { action: "suspend" | "reactivate"; changed: string[]; skipped: BulkSkip[] };

export async function bulkInstances(options: { request: TBulkInstancesRequest; actor: Actor; now: Date }): Promise<BulkResult> {
  const { request, actor, now } = options;
  const ids = [...new Set(request.ids)];
  const rows = await prisma.instance.findMany({
    where: { id: { in: ids }, status: { not: "DELETED" } },
    select: { id: true, status: true, subscription: { select: { status: true, currentPeriodEnd: true } } },
  });
  const found = new Map(rows.map((r) => [r.id, r]));
  const skipped: BulkSkip[] = ids.filter((id) => !found.has(id)).map((id) => ({ id, reason: "not_found" as const }));
  let changed: string[];
  if (request.action === "suspend") {
    const eligible = rows.filter((r) => r.status === "ACTIVE").map((r) => r.id);
    changed = await prisma.$transaction((tx) => suspendInstances(tx, { instanceIds: eligible, reason: "manual", note: request.reason, actor, now }));
    for (const row of rows) if (!changed.includes(row.id)) skipped.push({ id: row.id, reason: "not_active" });
  } else {
    const eligible = rows.filter((r) => r.status === "SUSPENDED" && r.subscription && isRunning(r.subscription, now)).map((r) => r.id);
    changed = await prisma.$transaction((tx) => reactivateInstances(tx, { instanceIds: eligible, actor, now }));
    for (const row of rows) {
      if (changed.includes(row.id)) continue;
      skipped.push({ id: row.id, reason: row.status !== "SUSPENDED" ? "not_suspended" : "subscription_ended" });
    }
  }
  if (changed.length) await syncDeployments(changed, now);
  return { action: request.action, changed, skipped };
}
