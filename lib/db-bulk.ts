/**
 * Many rows in one INSERT … SELECT FROM unnest(…): one array parameter per column, whatever the
 * number of rows. Prisma's createMany binds one parameter per value and was measured ~10× slower
 * for the outbox's batches of 2,000 rendered messages.
 */
import type { DbOrTx } from "@/lib/db";

export type BulkColumn = {
  name: string;
  /** The column's SQL type; enums and jsonb travel as text and are cast. */
  type: "text" | "int" | "bigint" | "boolean" | "timestamptz" | "jsonb" | `enum:${string}`;
};

function arrayType(type: BulkColumn["type"]): string {
  return type === "jsonb" || type.startsWith("enum:") ? "text[]" : `${type}[]`;
}

function cast(column: BulkColumn, index: number): string {
  const ref = `t.c${index}`;
  if (column.type === "jsonb") return `${ref}::jsonb`;
  if (column.type.startsWith("enum:")) return `${ref}::"${column.type.slice(5)}"`;
  return ref;
}

export async function bulkInsert(
  db: DbOrTx,
  options: { table: string; columns: BulkColumn[]; rows: unknown[][]; onConflict?: string; returning?: string },
): Promise<Array<Record<string, unknown>>> {
  if (options.rows.length === 0) return [];
  const { columns } = options;
  const arrays = columns.map((column, i) =>
    options.rows.map((row) => {
      const value = row[i];
      if (value === undefined || value === null) return null;
      return column.type === "jsonb" ? JSON.stringify(value) : value;
    }),
  );
  const sql =
    `INSERT INTO "${options.table}" (${columns.map((c) => `"${c.name}"`).join(", ")}) ` +
    `SELECT ${columns.map((c, i) => cast(c, i)).join(", ")} FROM unnest(${columns.map((c, i) => `$${i + 1}::${arrayType(c.type)}`).join(", ")}) ` +
    `AS t(${columns.map((_, i) => `c${i}`).join(", ")})` +
    (options.onConflict ? ` ${options.onConflict}` : "") +
    ` RETURNING ${options.returning ?? "1 AS inserted"}`;
  return db.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, ...arrays);
}
