// GET /api/admin/invoices/[id]/pdf?locale=fr|en — the invoice as PDF
import { withAdmin } from "@/lib/api/with-admin";
import { isLocale } from "@/lib/i18n";
import { renderInvoicePdf } from "@/lib/services/invoice.service";

export const GET = withAdmin<{ id: string }>(async ({ req, params, principal }) => {
  const requested = req.nextUrl.searchParams.get("locale");
  const { filename, pdf } = await renderInvoicePdf(params.id, isLocale(requested) ? requested : principal.locale === "en" ? "en" : "fr");
  return new Response(new Uint8Array(pdf), { headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${filename}"` } });
});
