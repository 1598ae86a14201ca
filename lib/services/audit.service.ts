/**
 * The audit trail. Every mutation writes one entry in the same transaction as the change.
 * The table is append-only and hash-chained by the database itself (see the first migration);
 * this module only says what happened.
 */
import type { Actor } from "@/lib/actor";
import { Prisma, prisma, type DbOrTx } from "@/lib/db";
import { bulkInsert, type BulkColumn } from "@/lib/db-bulk";
import { invalidateReads } from "@/lib/read-cache";

export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  instanceId?: string | null;
  before?: unknown;
  after?: unknown;
};

/** JSON text of a value, with what must never be stored in the audit trail replaced. */
function snapshotJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v) => {
    if (/password|secret|token(hash)?$|apiKey/i.test(key)) return v == null ? v : "[redacted]";
    if (typeof v === "bigint") return v.toString();
    return v;
  });
}

function snapshot(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  const json = snapshotJson(value);
  return json === null ? Prisma.DbNull : (JSON.parse(json) as Prisma.InputJsonValue);
}

function auditRow(actor: Actor, entry: AuditEntry) {
  return {
    actorType: actor.type,
    actorId: actor.id ?? null,
    actorLabel: actor.label ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    instanceId: entry.instanceId ?? null,
    before: snapshot(entry.before),
    after: snapshot(entry.after),
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent?.slice(0, 300) ?? null,
  };
}

export async function recordAudit(db: DbOrTx, actor: Actor, entry: AuditEntry): Promise<void> {
  invalidateReads();
  await db.auditLog.create({ data: auditRow(actor, entry) });
}

const AUDIT_COLUMNS: BulkColumn[] = [
  { name: "actor_type", type: "text" },
  { name: "actor_id", type: "text" },
  { name: "actor_label", type: "text" },
  { name: "action", type: "text" },
  { name: "target_type", type: "text" },
  { name: "target_id", type: "text" },
  { name: "instance_id", type: "text" },
  { name: "before", type: "jsontext" },
  { name: "after", type: "jsontext" },
  { name: "request_id", type: "text" },
  { name: "ip", type: "text" },
  { name: "user_agent", type: "text" },
];

/** One INSERT for many entries (set-based paths such as the daily job); the trigger chains each row. */
export async function recordAuditMany(db: DbOrTx, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  invalidateReads();
  const json = snapshotJson;
  await bulkInsert(db, {
    table: "audit_logs",
    columns: AUDIT_COLUMNS,
    rows: entries.map((e) => [actor.type, actor.id ?? null, actor.label ?? null, e.action, e.targetType, e.targetId ?? null, e.instanceId ?? null, json(e.before), json(e.after), actor.requestId ?? null, actor.ip ?? null, actor.userAgent?.slice(0, 300) ?? null]),
  });
}

export type AuditFilters = {
  actorId?: string;
  action?: string;
  instanceId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
};

export function auditWhere(filters: AuditFilters): Prisma.AuditLogWhereInput {
  return {
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.action ? { action: { startsWith: filters.action } } : {}),
    ...(filters.instanceId ? { instanceId: filters.instanceId } : {}),
    ...(filters.targetType ? { targetType: filters.targetType } : {}),
    ...(filters.targetId ? { targetId: filters.targetId } : {}),
    ...(filters.from || filters.to ? { at: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } } : {}),
  };
}

/** Newest first, keyset-paginated on the id (the chain order). */
export async function listAuditEntries(options: AuditFilters & { limit?: number; cursor?: string }) {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await prisma.auditLog.findMany({
    where: { ...auditWhere(options), ...(options.cursor ? { id: { lt: BigInt(options.cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    data: page.map((row) => ({ ...row, id: row.id.toString() })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id.toString() : null,
  };
}

/**
 * Audit entries gathered during a transaction and written by one INSERT at its end. Inserting
 * takes the chain's lock until commit; writing last keeps that lock short, so concurrent batches
 * (the daily job's lanes, webhook storms) do not queue behind each other's whole transaction.
 */
export class AuditBatch {
  private entries: Array<{ actor: Actor; entry: AuditEntry }> = [];

  add(actor: Actor, entries: AuditEntry[]): void {
    for (const entry of entries) this.entries.push({ actor, entry });
  }

  async flush(db: DbOrTx): Promise<void> {
    const pending = this.entries;
    this.entries = [];
    const byActor = new Map<Actor, AuditEntry[]>();
    for (const { actor, entry } of pending) byActor.set(actor, [...(byActor.get(actor) ?? []), entry]);
    for (const [actor, entries] of byActor) await recordAuditMany(db, actor, entries);
  }
}

/** Writes the entries now, or adds them to the transaction's batch when there is one. */
export async function audit(db: DbOrTx, actor: Actor, entries: AuditEntry[], batch?: AuditBatch): Promise<void> {
  if (batch) batch.add(actor, entries);
  else await recordAuditMany(db, actor, entries);
}
