/** Status pills: the colour repeats the text, it never replaces it (contrast ≥ 4.5:1 on each tone). */
import type { ReactNode } from "react";

export type Tone = "green" | "red" | "amber" | "slate" | "sky" | "violet";

const TONES: Record<Tone, string> = {
  green: "bg-emerald-100 text-emerald-900 ring-emerald-200",
  red: "bg-red-100 text-red-900 ring-red-200",
  amber: "bg-amber-100 text-amber-900 ring-amber-200",
  slate: "bg-slate-100 text-slate-800 ring-slate-200",
  sky: "bg-sky-100 text-sky-900 ring-sky-200",
  violet: "bg-violet-100 text-violet-900 ring-violet-200",
};

export function Badge({ tone = "slate", children, testId }: { tone?: Tone; children: ReactNode; testId?: string }) {
  return (
    <span data-testid={testId} className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}

const STATUS_TONES: Record<string, Tone> = {
  ACTIVE: "green",
  SUCCEEDED: "green",
  READY: "green",
  DELIVERED: "green",
  SENT: "green",
  TRIALING: "sky",
  PROVISIONING: "sky",
  QUEUED: "sky",
  BUILDING: "sky",
  CREATING: "sky",
  RUNNING: "sky",
  SENDING: "sky",
  PENDING: "amber",
  PAST_DUE: "amber",
  SUSPENDED: "amber",
  PARTIAL: "amber",
  PAUSED: "amber",
  PARTIALLY_REFUNDED: "violet",
  REFUNDED: "violet",
  SUPPRESSED: "amber",
  FAILED: "red",
  PROVISIONING_FAILED: "red",
  ERROR: "red",
  EXPIRED: "red",
  CANCELED: "slate",
  DELETED: "slate",
  REMOVED: "slate",
  DROPPED: "slate",
};

export function StatusBadge({ status, label, testId }: { status: string; label: string; testId?: string }) {
  return (
    <Badge tone={STATUS_TONES[status] ?? "slate"} testId={testId}>
      {label}
    </Badge>
  );
}
