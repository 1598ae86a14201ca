/** Dashboard figures, computed by SQL aggregates (never by loading rows). */
import { prisma } from "@/lib/db";
import type { InstanceStatus } from "@/lib/generated/prisma/enums";

export type InstanceCounts = Record<InstanceStatus, number> & { total: number; trialing: number };

export async function countInstancesByStatus(): Promise<InstanceCounts> {
  const rows = await prisma.$queryRaw<{ status: InstanceStatus; count: bigint; trialing: bigint }[]>`
    SELECT i.status, count(*) AS count, count(*) FILTER (WHERE s.status = 'TRIALING') AS trialing
    FROM instances i LEFT JOIN subscriptions s ON s.instance_id = i.id
    GROUP BY i.status`;
  const counts: InstanceCounts = { PROVISIONING: 0, PROVISIONING_FAILED: 0, ACTIVE: 0, SUSPENDED: 0, DELETED: 0, total: 0, trialing: 0 };
  for (const row of rows) {
    counts[row.status] = Number(row.count);
    if (row.status !== "DELETED") {
      counts.total += Number(row.count);
      counts.trialing += Number(row.trialing);
    }
  }
  return counts;
}
