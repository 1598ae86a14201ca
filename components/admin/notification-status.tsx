import type { NotificationStatus } from "@/lib/generated/prisma/enums";

const TONE: Record<NotificationStatus, string> = {
  QUEUED: "bg-slate-100 text-slate-800",
  SENDING: "bg-sky-100 text-sky-900",
  SENT: "bg-emerald-50 text-emerald-900",
  DELIVERED: "bg-emerald-100 text-emerald-900",
  FAILED: "bg-red-100 text-red-900",
  SUPPRESSED: "bg-amber-100 text-amber-900",
};

/** A status as a labelled pill: the colour repeats the text, it never replaces it. */
export function NotificationStatusBadge({ status, label }: { status: NotificationStatus; label: string }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONE[status]}`}>{label}</span>;
}
