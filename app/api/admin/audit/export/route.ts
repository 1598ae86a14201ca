// GET /api/admin/audit/export — the filtered audit log as CSV, streamed page by page (same filters as GET /api/admin/audit)
import { withAdmin } from "@/lib/api/with-admin";
import { isoDate } from "@/lib/clock";
import { parseQuery } from "@/lib/http";
import { auditCsv } from "@/lib/services/audit-export";
import { auditFilters, ZAuditQuery } from "@/types/audit";

export const GET = withAdmin(async ({ req, now, log }) => {
  const rows = auditCsv(auditFilters(parseQuery(req, ZAuditQuery)));
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        log.error({ err: error }, "audit export failed midway");
        controller.error(error);
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${isoDate(now)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
