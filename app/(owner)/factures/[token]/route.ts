// GET /factures/[token] — an invoice as PDF, from the signed link of the receipt, the status page and the emails
import { html, ownerPage } from "@/lib/owner-web/http";
import { Message } from "@/lib/owner-web/layout";
import { prisma } from "@/lib/db";
import { renderInvoicePdf } from "@/lib/services/invoice.service";
import { verifyOwnerToken } from "@/lib/services/owner-links";
import { enforceRateLimits } from "@/lib/services/rate-limit.service";

export const GET = ownerPage<{ token: string }>(async (ctx) => {
  await enforceRateLimits([{ key: `invoice:ip:${ctx.ip}`, limit: 60, windowSeconds: 600 }], ctx.now, "Too many downloads; wait a few minutes.");
  const check = verifyOwnerToken("invoice", ctx.params.token, ctx.now);
  const exists = check.ok ? await prisma.invoice.findUnique({ where: { id: check.id }, select: { id: true } }) : null;
  if (!check.ok || !exists) {
    const t = ctx.t.invoice;
    return html(Message({ ctx, title: t.invalidTitle, text: t.invalidText, tone: "bad" }), { status: check.ok || check.reason !== "expired" ? 404 : 410 });
  }
  const { filename, pdf } = await renderInvoicePdf(exists.id, ctx.locale);
  return new Response(new Uint8Array(pdf), {
    headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${filename}"`, "content-length": String(pdf.length) },
  });
});
