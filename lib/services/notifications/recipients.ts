/** Everything a message needs about many instances, in one query (set-based callers). */
import type { DbOrTx } from "@/lib/db";
import type { PlanCode } from "@/lib/generated/prisma/enums";
import type { Recipient } from "./queue";

export type RecipientWithBilling = Recipient & {
  instanceId: string;
  planCode: PlanCode | null;
  amountMinor: number;
  currency: string;
  periodEnd: Date | null;
};

export async function loadRecipients(db: DbOrTx, instanceIds: string[]): Promise<Map<string, RecipientWithBilling>> {
  if (instanceIds.length === 0) return new Map();
  const rows = await db.$queryRaw<
    Array<{
      id: string;
      name: string;
      subdomain: string;
      owner_name: string | null;
      owner_email: string;
      owner_phone: string | null;
      locale: string | null;
      email_opt_out: boolean | null;
      whatsapp_opt_out: boolean | null;
      plan_code: PlanCode | null;
      amount_minor: number | null;
      currency: string | null;
      current_period_end: Date | null;
    }>
  >`
    SELECT i.id, i.name, i.subdomain, i.owner_name, i.owner_email, i.owner_phone,
           st.locale, st.email_opt_out, st.whatsapp_opt_out,
           p.code AS plan_code, s.amount_minor, s.currency, s.current_period_end
    FROM instances i
    LEFT JOIN instance_settings st ON st.instance_id = i.id
    LEFT JOIN subscriptions s ON s.instance_id = i.id
    LEFT JOIN plans p ON p.id = s.plan_id
    WHERE i.id = ANY(${instanceIds}::text[])`;
  return new Map(
    rows.map((r) => [
      r.id,
      {
        instanceId: r.id,
        pharmacyName: r.name,
        ownerName: r.owner_name,
        subdomain: r.subdomain,
        email: r.owner_email,
        phone: r.owner_phone,
        locale: r.locale === "en" ? "en" : "fr",
        emailOptOut: r.email_opt_out ?? false,
        whatsappOptOut: r.whatsapp_opt_out ?? false,
        planCode: r.plan_code,
        amountMinor: r.amount_minor ?? 0,
        currency: r.currency?.trim() ?? "EUR",
        periodEnd: r.current_period_end,
      },
    ]),
  );
}
