import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { bulkInsert, type BulkColumn } from "@/lib/db-bulk";

const columns: BulkColumn[] = [
  { name: "id", type: "int" },
  { name: "label", type: "text" },
  { name: "big", type: "bigint" },
  { name: "flag", type: "boolean" },
  { name: "at", type: "timestamptz" },
  { name: "doc", type: "jsonb" },
  { name: "raw", type: "jsontext" },
  { name: "role", type: "enum:admin_role" },
];

// What pharmacy names, template bodies and audit snapshots really hold: quotes, backslashes,
// dollar signs, accents, emoji, markup and what looks like SQL.
const awkward = [
  `Pharmacie de l'Étoile "Centrale" \\ C:\\temp $1 $$ $tag$`,
  "Dépôt 🇨🇩 Kinshasa — ñ ü ß 中文 ‰",
  "<script>alert(1)</script>'); DROP TABLE instances; --",
  "line one\nline two\ttabbed\r\n\u2028",
];

describe("bulkInsert", () => {
  beforeAll(async () => {
    await prisma.$executeRawUnsafe(`CREATE TABLE bulk_probe (id int PRIMARY KEY, label text, big bigint, flag boolean, "at" timestamptz, doc jsonb, raw jsonb, role admin_role)`);
  });

  it("writes every row exactly as given, awkward text, nulls and types included, in one statement", async () => {
    const at = new Date("2027-06-15T10:20:30.456Z");
    const rows: unknown[][] = awkward.map((label, i) => [i + 1, label, String(2n ** 62n + BigInt(i)), i % 2 === 0, at.toISOString(), { label, nested: { n: i, list: [label, null] } }, JSON.stringify({ i }), "SUPPORT"]);
    rows.push([99, undefined, null, undefined, undefined, null, undefined, undefined]);
    const returned = await bulkInsert(prisma, { table: "bulk_probe", columns, rows, returning: "id" });
    expect(returned.map((r) => r.id).sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4, 99]);

    const stored = await prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT id, label, big::text AS big, flag, "at", doc, raw, role::text AS role FROM bulk_probe ORDER BY id`);
    awkward.forEach((label, i) => {
      expect(stored[i]).toEqual({ id: i + 1, label, big: String(2n ** 62n + BigInt(i)), flag: i % 2 === 0, at, doc: { label, nested: { n: i, list: [label, null] } }, raw: { i }, role: "SUPPORT" });
    });
    expect(stored[4]).toEqual({ id: 99, label: null, big: null, flag: null, at: null, doc: null, raw: null, role: null });
  });

  it("takes 10,000 rows of several kilobytes each in one call", async () => {
    const body = `${awkward.join(" | ")} `.repeat(20);
    const rows = Array.from({ length: 10_000 }, (_, i) => [1_000 + i, `${i}:${body}`, null, true, null, { body }, null, "SUPER_ADMIN"]);
    const returned = await bulkInsert(prisma, { table: "bulk_probe", columns, rows });
    expect(returned).toHaveLength(10_000);
    const [check] = await prisma.$queryRawUnsafe<Array<{ n: bigint; ok: bigint }>>(`SELECT count(*) AS n, count(*) FILTER (WHERE label = id - 1000 || ':' || $1 AND doc->>'body' = $1) AS ok FROM bulk_probe WHERE id >= 1000`, body);
    expect(check).toEqual({ n: 10_000n, ok: 10_000n });
  });

  it("writes nothing when one row breaks a constraint, and honours ON CONFLICT", async () => {
    const before = await prisma.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM bulk_probe`);
    await expect(bulkInsert(prisma, { table: "bulk_probe", columns, rows: [[500, "new", null, null, null, null, null, null], [1, "duplicate id", null, null, null, null, null, null]] })).rejects.toThrow();
    expect(await prisma.$queryRawUnsafe(`SELECT count(*) AS n FROM bulk_probe`)).toEqual(before);

    const inserted = await bulkInsert(prisma, { table: "bulk_probe", columns, rows: [[501, "new", null, null, null, null, null, null], [1, "duplicate id", null, null, null, null, null, null]], onConflict: "ON CONFLICT (id) DO NOTHING", returning: "id" });
    expect(inserted).toEqual([{ id: 501 }]);
    expect(await bulkInsert(prisma, { table: "bulk_probe", columns, rows: [] })).toEqual([]);
  });
});
