/** Query of the audit log list and its CSV export (GET /api/admin/audit, /api/admin/audit/export). */
import { z } from "zod";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = (max: number) => z.preprocess(blank, z.string().trim().max(max).optional());
const day = z.preprocess(blank, z.iso.date({ error: "must be a date (YYYY-MM-DD)" }).optional());

export const ZAuditQuery = z.object({
  actorId: optional(64),
  action: optional(80),
  instanceId: optional(64),
  targetType: optional(40),
  targetId: optional(64),
  /** Inclusive UTC days. */
  from: day,
  to: day,
  cursor: z.preprocess(blank, z.string().regex(/^\d{1,19}$/, "must be the nextCursor of a previous page").optional()),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(200).default(50)),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

/** The service's filters from a parsed query: `to` is inclusive, so it ends at the next midnight. */
export function auditFilters(query: TAuditQuery) {
  return {
    actorId: query.actorId,
    action: query.action,
    instanceId: query.instanceId,
    targetType: query.targetType,
    targetId: query.targetId,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    to: query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
  };
}
