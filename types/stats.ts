/** The dashboard overview as the API and the page see it (amounts in EUR cents, rates 0–1 or null). */
export type OverviewInstances = {
  total: number;
  active: number;
  trialing: number;
  suspended: number;
  provisioning: number;
  provisioningFailed: number;
};

export type ProviderRevenue = { provider: string; payments: number; grossMinor: number; refundedMinor: number; netMinor: number };

export type SeriesPoint = {
  /** "2026-11" */
  month: string;
  mrrMinor: number;
  total: number;
  active: number;
  trialing: number;
  suspended: number;
  churned: number;
  /** Customer churn of the month: churned ÷ paying at its start; null when nothing was paying. */
  churnRate: number | null;
  /** True for the current month, computed live rather than read from the snapshots. */
  live: boolean;
  /** False for a past month without any daily snapshot. */
  hasData: boolean;
};

export type Overview = {
  asOf: string;
  currency: "EUR";
  month: { start: string; end: string };
  instances: OverviewInstances;
  revenue: {
    mrrMinor: number;
    arrMinor: number;
    payingSubscriptions: number;
    /** Lifetime plans sold, net of refunds, all time: non-recurring, outside MRR. */
    lifetimeRevenueMinor: number;
    lifetimeSalesThisMonthMinor: number;
    /** Every successful payment of the month (gross, before refunds). */
    collectedThisMonthMinor: number;
  };
  churn: {
    churned: number;
    payingAtStart: number;
    customerRate: number | null;
    churnedMrrMinor: number;
    mrrAtStartMinor: number;
    revenueRate: number | null;
    /** Where "paying at the 1st" comes from: the snapshot of the day before, or the paid periods. */
    startSource: "snapshot" | "periods";
  };
  trialConversion: { cohortDays: number; trials: number; converted: number; rate: number | null };
  failedPayments: { failed: number; succeeded: number; rate: number | null };
  revenueByProvider: ProviderRevenue[];
  series: SeriesPoint[];
};
