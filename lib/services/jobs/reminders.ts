/**
 * Step 1 — reminders. Subscriptions ending within the reminder window get one email and one
 * WhatsApp message, and another on their last day. The dedupe key (subscription, kind, period end)
 * makes a rerun send nothing twice; candidates already reminded are skipped before a payment link
 * is made for them.
 */
import { prisma } from "@/lib/db";
import { formatDate, planLabel, type Locale } from "@/lib/i18n";
import { loadActiveTemplates, queueNotifications, type QueueRequest } from "@/lib/services/notifications/queue";
import { loadRecipients } from "@/lib/services/notifications/recipients";
import { createPaymentLinks } from "@/lib/services/payment-link.service";
import { pipeline, type JobContext, type StepReport } from "./context";

export type ReminderCandidate = {
  id: string;
  instance_id: string;
  status: string;
  plan_code: string;
  current_period_end: Date;
  auto_renew: boolean;
  has_method: boolean;
  kind: "window" | "last_day";
  dedupe: string;
  already: boolean;
};

export function reminderDedupeKey(subscriptionId: string, kind: string, periodEnd: Date): string {
  return `reminder:${subscriptionId}:${kind}:${periodEnd.getTime()}`;
}

async function candidates(ctx: JobContext, after: string, limit: number): Promise<ReminderCandidate[]> {
  return prisma.$queryRaw<ReminderCandidate[]>`
    SELECT * FROM (
      SELECT s.id, s.instance_id, s.status::text, p.code::text AS plan_code, s.current_period_end, s.auto_renew,
             s.default_payment_method_id IS NOT NULL AS has_method,
             CASE WHEN s.current_period_end <= ${ctx.now}::timestamptz + interval '1 day' THEN 'last_day' ELSE 'window' END AS kind
      FROM subscriptions s
      JOIN plans p ON p.id = s.plan_id
      JOIN instances i ON i.id = s.instance_id
      WHERE s.status IN ('TRIALING', 'ACTIVE', 'PAST_DUE')
        AND s.current_period_end > ${ctx.now}
        AND s.current_period_end <= ${ctx.now}::timestamptz + make_interval(days => ${ctx.reminderWindowDays})
        AND i.status = 'ACTIVE'
        AND s.id > ${after}
      ORDER BY s.id
      LIMIT ${limit}
    ) c
    CROSS JOIN LATERAL (SELECT 'reminder:' || c.id || ':' || c.kind || ':' || (extract(epoch FROM c.current_period_end) * 1000)::bigint AS dedupe) k
    CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = k.dedupe || ':EMAIL') AS already) r
    ORDER BY c.id`;
}

function renewalNote(locale: Locale, c: ReminderCandidate): string {
  if (c.auto_renew && c.has_method && c.status === "ACTIVE") {
    return locale === "fr" ? "Le renouvellement automatique est activé : nous prélèverons votre moyen de paiement enregistré." : "Auto-renewal is on: we will charge your saved payment method.";
  }
  return locale === "fr" ? "Pensez à renouveler pour éviter la suspension." : "Renew to avoid suspension.";
}

export async function sendReminders(ctx: JobContext, options: { dryRun?: boolean; sample?: ReminderCandidate[] } = {}): Promise<StepReport> {
  const templates = await loadActiveTemplates();
  const report = { subscriptions: 0, queued: 0 };
  let after = "";
  // The cursor walks every candidate; those already reminded for this period are skipped.
  const next = async () => {
    const page = await candidates(ctx, after, ctx.batchSize);
    if (page.length > 0) after = page[page.length - 1]!.id;
    return page;
  };
  await pipeline(ctx, "reminders", next, async (page) => {
    const batch = page.filter((c) => !c.already);
    if (batch.length === 0) return;
    report.subscriptions += batch.length;
    if (options.dryRun) {
      options.sample?.push(...batch.slice(0, Math.max(0, 50 - options.sample.length)));
      return;
    }
    // Two pages are in flight at once (pipeline): add after the await, never `+= await` (which reads
    // the total before waiting and loses the other page's count).
    const queued = await prisma.$transaction(async (tx) => {
      const [recipients, links] = await Promise.all([
        loadRecipients(tx, batch.map((c) => c.instance_id)),
        createPaymentLinks(tx, batch.map((c) => ({ instanceId: c.instance_id })), ctx.now),
      ]);
      const linkOf = new Map(links.map((l) => [l.instanceId, l.url]));
      const requests: QueueRequest[] = batch.flatMap((c) => {
        const recipient = recipients.get(c.instance_id);
        if (!recipient) return [];
        const daysLeft = Math.max(1, Math.ceil((c.current_period_end.getTime() - ctx.now.getTime()) / 86_400_000));
        return [
          {
            recipient,
            templateKey: c.status === "TRIALING" ? ("trial_ending" as const) : ("subscription_expiring" as const),
            variables: {
              expiresAt: formatDate(c.current_period_end, recipient.locale),
              daysLeft: String(daysLeft),
              paymentLink: linkOf.get(c.instance_id) ?? "",
              plan: planLabel(c.plan_code, recipient.locale),
              renewalNote: renewalNote(recipient.locale, c),
            },
            dedupeKey: c.dedupe,
          },
        ];
      });
      return queueNotifications(tx, requests, ctx.now, templates);
    });
    report.queued += queued;
  });
  return report;
}
