/**
 * Invoices: issued with a gap-free number when a period is paid (lib/services/billing), read back
 * here, and rendered as PDF (pdfkit, its built-in Helvetica: no font files to ship). Each invoice
 * holds frozen copies of the owner, pharmacy and amounts, so it reads the same later.
 */
import PDFDocument from "pdfkit";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { formatDate, planLabel, type Locale } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";

export async function getInvoiceOrThrow(id: string) {
  const invoice = await prisma.invoice.findUnique({ where: { id }, include: { payment: { select: { provider: true, providerReference: true, creditMinor: true, refunds: { where: { status: "SUCCEEDED" } } } } } });
  if (!invoice) throw notFound("Invoice", id);
  return invoice;
}

export async function listInvoices(options: { instanceId?: string; limit?: number }) {
  return prisma.invoice.findMany({
    where: options.instanceId ? { instanceId: options.instanceId } : {},
    orderBy: [{ year: "desc" }, { sequence: "desc" }],
    take: Math.min(options.limit ?? 50, 200),
  });
}

const LABELS = {
  fr: { invoice: "Facture", date: "Date", billedTo: "Facturé à", pharmacy: "Pharmacie", plan: "Formule", period: "Période", method: "Moyen de paiement", amount: "Montant", credit: "Dont crédit de la formule précédente", total: "Total payé", paid: "Payée", refunded: "Remboursé", until: "au", lifetime: "à vie", footer: "AfrikaPharma — logiciel de gestion de pharmacie. Merci de votre confiance." },
  en: { invoice: "Invoice", date: "Date", billedTo: "Billed to", pharmacy: "Pharmacy", plan: "Plan", period: "Period", method: "Payment method", amount: "Amount", credit: "Including credit from the previous plan", total: "Total paid", paid: "Paid", refunded: "Refunded", until: "to", lifetime: "lifetime", footer: "AfrikaPharma — pharmacy management software. Thank you for your trust." },
} as const;

/** Formats "1 000,00 €" with plain spaces: PDF's standard fonts lack the narrow no-break space. */
function pdfMoney(amount: number, currency: string, locale: Locale): string {
  return formatMoney(amount, currency.trim(), locale).replace(/[\u202f\u00a0]/g, " ");
}

export async function renderInvoicePdf(id: string, locale: Locale = "fr"): Promise<{ filename: string; pdf: Buffer }> {
  const invoice = await getInvoiceOrThrow(id);
  const t = LABELS[locale];
  const doc = new PDFDocument({ size: "A4", margin: 56, info: { Title: `${t.invoice} ${invoice.number}`, Author: "AfrikaPharma" } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));

  doc.fillColor("#047857").fontSize(20).font("Helvetica-Bold").text("AfrikaPharma", { continued: false });
  doc.moveDown(0.3).fillColor("#0f172a").fontSize(14).text(`${t.invoice} ${invoice.number}`);
  doc.font("Helvetica").fontSize(10).fillColor("#475569").text(`${t.date} : ${formatDate(invoice.issuedAt, locale)}  ·  ${t.paid}`);
  doc.moveDown(1.5);

  const row = (label: string, value: string) => {
    doc.font("Helvetica-Bold").fillColor("#0f172a").fontSize(10).text(label, { continued: true }).font("Helvetica").text(`  ${value}`);
  };
  row(`${t.billedTo} :`, [invoice.ownerName, invoice.ownerEmail].filter(Boolean).join(" — "));
  row(`${t.pharmacy} :`, invoice.pharmacyName);
  row(`${t.plan} :`, planLabel(invoice.planCode, locale));
  row(`${t.period} :`, invoice.periodEnd ? `${formatDate(invoice.periodStart, locale)} ${t.until} ${formatDate(invoice.periodEnd, locale)}` : `${formatDate(invoice.periodStart, locale)} — ${t.lifetime}`);
  row(`${t.method} :`, invoice.paymentMethod);
  doc.moveDown(1.5);

  const price = invoice.amountMinor + invoice.payment.creditMinor;
  row(`${t.amount} :`, pdfMoney(price, invoice.currency, locale));
  if (invoice.payment.creditMinor > 0) row(`${t.credit} :`, `− ${pdfMoney(invoice.payment.creditMinor, invoice.currency, locale)}`);
  doc.moveDown(0.5).fontSize(13).font("Helvetica-Bold").fillColor("#047857").text(`${t.total} : ${pdfMoney(invoice.amountMinor, invoice.currency, locale)}`);
  const refunded = invoice.payment.refunds.reduce((sum, r) => sum + r.amountMinor, 0);
  if (refunded > 0) doc.moveDown(0.3).fontSize(10).fillColor("#b91c1c").text(`${t.refunded} : ${pdfMoney(refunded, invoice.currency, locale)}`);

  doc.moveDown(4).fontSize(8).font("Helvetica").fillColor("#64748b").text(t.footer, { align: "center" });
  doc.end();
  await done;
  return { filename: `${invoice.number}.pdf`, pdf: Buffer.concat(chunks) };
}
