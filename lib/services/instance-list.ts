/**
 * The instance list (dashboard table, GET /api/admin/instances): filters by status, plan, country,
 * a search over name / subdomain / owner email (trigram indexes), four sorts, keyset pages. One
 * SQL statement returns a page with each row's subscription and plan (instead of three queries), and
 * the total comes from the page itself when it holds every match, else from a count cached a few
 * seconds per filter (a count scans every match: the dominant cost at 100,000 instances).
 */
import { createSwrCache } from "@/lib/cache";
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { InstanceStatus, PlanCode, SubscriptionStatus } from "@/lib/generated/prisma/enums";
import type { TListInstancesQuery } from "@/types/instances";

export type InstanceListItem = {
  id: string;
  name: string;
  subdomain: string;
  ownerEmail: string;
  ownerName: string | null;
  country: string | null;
  status: InstanceStatus;
  suspendedReason: string | null;
  createdAt: Date;
  subscription: { status: SubscriptionStatus; currentPeriodEnd: Date | null; autoRenew: boolean; plan: { code: PlanCode } } | null;
};

type Row = Omit<InstanceListItem, "subscription"> & { sub_status: SubscriptionStatus | null; period_end: Date | null; auto_renew: boolean | null; plan_code: PlanCode | null };

type Cursor = { v: string; id: string };

function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Cursor;
    if (typeof parsed.v === "string" && typeof parsed.id === "string") return parsed;
  } catch {
    // fall through
  }
  throw new AppError("validation_failed", "cursor is invalid.", [{ path: "cursor", message: "invalid" }]);
}

/** `%` and `_` typed in the search box are searched for, not used as wildcards. */
const like = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function conditions(query: TListInstancesQuery): Prisma.Sql[] {
  const q = query.q?.trim();
  return [
    query.status ? Prisma.sql`i.status = ${query.status}::instance_status` : Prisma.sql`i.status <> 'DELETED'`,
    ...(query.plan ? [Prisma.sql`p.code = ${query.plan}::plan_code`] : []),
    ...(query.country ? [Prisma.sql`i.country = ${query.country}`] : []),
    ...(q ? [Prisma.sql`(i.name ILIKE ${like(q)} OR i.subdomain LIKE ${like(q.toLowerCase())} OR i.owner_email LIKE ${like(q.toLowerCase())})`] : []),
  ];
}

const joins = (query: TListInstancesQuery) =>
  query.plan ? Prisma.sql`JOIN subscriptions s ON s.instance_id = i.id JOIN plans p ON p.id = s.plan_id` : Prisma.sql`LEFT JOIN subscriptions s ON s.instance_id = i.id LEFT JOIN plans p ON p.id = s.plan_id`;

export const LIST_TOTAL_TTL_MS = 10_000;
const totals = createSwrCache<number>({ ttlMs: LIST_TOTAL_TTL_MS, maxStaleMs: 120_000, maxEntries: 500 });

function countMatches(query: TListInstancesQuery): Promise<number> {
  const where = Prisma.join(conditions(query), " AND ");
  const key = JSON.stringify([query.status, query.plan, query.country, query.q?.trim()]);
  return totals
    .get(key, async () => {
      const [row] = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM instances i ${query.plan ? joins(query) : Prisma.empty} WHERE ${where}`;
      return Number(row?.n ?? 0);
    })
    .then((c) => c.value);
}

export async function listInstances(query: TListInstancesQuery) {
  const byName = query.sort.startsWith("name");
  const asc = query.sort.endsWith("asc");
  const column = byName ? Prisma.sql`i.name` : Prisma.sql`i.created_at`;
  const dir = asc ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const cursor = decodeCursor(query.cursor);
  const where = conditions(query);
  if (cursor) {
    const value = byName ? cursor.v : new Date(cursor.v);
    if (!byName && Number.isNaN((value as Date).getTime())) throw new AppError("validation_failed", "cursor is invalid.", [{ path: "cursor", message: "invalid" }]);
    where.push(asc ? Prisma.sql`(${column} > ${value} OR (${column} = ${value} AND i.id > ${cursor.id}))` : Prisma.sql`(${column} < ${value} OR (${column} = ${value} AND i.id < ${cursor.id}))`);
  }
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT i.id, i.name, i.subdomain, i.owner_email AS "ownerEmail", i.owner_name AS "ownerName", i.country, i.status::text AS status,
           i.suspended_reason AS "suspendedReason", i.created_at AS "createdAt",
           s.status::text AS sub_status, s.current_period_end AS period_end, s.auto_renew, p.code::text AS plan_code
    FROM instances i ${joins(query)}
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY ${column} ${dir}, i.id ${dir}
    LIMIT ${query.limit + 1}`;
  const page: InstanceListItem[] = rows.slice(0, query.limit).map(({ sub_status, period_end, auto_renew, plan_code, ...i }) => ({
    ...i,
    subscription: sub_status && plan_code ? { status: sub_status, currentPeriodEnd: period_end, autoRenew: auto_renew ?? false, plan: { code: plan_code } } : null,
  }));
  const total = !query.cursor && rows.length <= query.limit ? rows.length : await countMatches(query);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? Buffer.from(JSON.stringify({ v: byName ? last.name : last.createdAt.toISOString(), id: last.id })).toString("base64url") : null;
  return { data: page, total, nextCursor };
}
