/**
 * The audit log as CSV, produced in pages of `batchSize` rows on the id index (newest first), so
 * an export of the whole log streams with constant memory. Cells that a spreadsheet would read as
 * a formula (= + - @ at the start) are prefixed with an apostrophe.
 */
import { prisma } from "@/lib/db";
import { auditWhere, type AuditFilters } from "@/lib/services/audit.service";

export const AUDIT_CSV_COLUMNS = ["id", "at", "actor_type", "actor_label", "actor_id", "action", "target_type", "target_id", "instance_id", "request_id", "ip", "before", "after"] as const;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function* auditCsv(filters: AuditFilters, options: { batchSize?: number; maxRows?: number } = {}): AsyncGenerator<string> {
  const batchSize = options.batchSize ?? 1000;
  let remaining = options.maxRows ?? 1_000_000;
  yield `${AUDIT_CSV_COLUMNS.join(",")}\n`;
  let cursor: bigint | undefined;
  while (remaining > 0) {
    const rows = await prisma.auditLog.findMany({
      where: { ...auditWhere(filters), ...(cursor !== undefined ? { id: { lt: cursor } } : {}) },
      orderBy: { id: "desc" },
      take: Math.min(batchSize, remaining),
    });
    if (rows.length === 0) return;
    yield rows
      .map((r) => [r.id.toString(), r.at, r.actorType, r.actorLabel, r.actorId, r.action, r.targetType, r.targetId, r.instanceId, r.requestId, r.ip, r.before, r.after].map(csvCell).join(","))
      .join("\n")
      .concat("\n");
    remaining -= rows.length;
    cursor = rows[rows.length - 1]!.id;
    if (rows.length < batchSize) return;
  }
}
