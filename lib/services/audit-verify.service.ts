/**
 * Verifies the audit chain: every row's hash must be the digest of its content and of the
 * previous row's hash (the trigger's own function recomputes it), and every row must point at the
 * hash of the row before it. An edited row breaks the first rule, a deleted or inserted one the second.
 */
import { prisma } from "@/lib/db";

export type AuditProblem = { id: string; problem: "content_changed" | "chain_broken" };

export async function verifyAuditChain(options: { limit?: number } = {}): Promise<{ entries: number; problems: AuditProblem[] }> {
  const [count] = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM audit_logs`;
  const problems = await prisma.$queryRaw<{ id: bigint; content_changed: boolean }[]>`
    SELECT id, hash IS DISTINCT FROM expected AS content_changed
    FROM (SELECT a.id, a.prev_hash, a.hash, afp_audit_row_digest(a) AS expected, lag(a.hash) OVER (ORDER BY a.id) AS previous FROM audit_logs a) checked
    WHERE hash IS DISTINCT FROM expected OR prev_hash IS DISTINCT FROM previous
    ORDER BY id
    LIMIT ${options.limit ?? 100}`;
  return {
    entries: Number(count?.n ?? 0),
    problems: problems.map((p) => ({ id: p.id.toString(), problem: p.content_changed ? "content_changed" : "chain_broken" })),
  };
}
