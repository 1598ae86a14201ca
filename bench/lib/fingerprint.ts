/** The state a daily run leaves, as counts a reader can compare across contenders. */
import pg from "pg";

export async function fingerprint(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ k: string; n: string }>(`
      SELECT 'subscriptions.' || status AS k, count(*) AS n FROM subscriptions GROUP BY 1
      UNION ALL SELECT 'instances.' || status || coalesce('.' || suspended_reason, ''), count(*) FROM instances GROUP BY 1
      UNION ALL SELECT 'payments.' || purpose || '.' || status, count(*) FROM payments GROUP BY 1
      UNION ALL SELECT 'invoices', count(*) FROM invoices
      UNION ALL SELECT 'periods', count(*) FROM subscription_periods
      UNION ALL SELECT 'notifications.' || template_key || '.' || channel, count(*) FROM notifications GROUP BY 1
      UNION ALL SELECT 'payment_links', count(*) FROM payment_links
      UNION ALL SELECT 'audit.' || action, count(*) FROM audit_logs GROUP BY 1
      UNION ALL SELECT 'period_end_days_sum', coalesce(sum(extract(epoch FROM current_period_end) / 86400)::bigint, 0) FROM subscriptions`);
    return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  } finally {
    await client.end();
  }
}

/** Keys whose counts differ between two fingerprints. */
export function differences(a: Record<string, number>, b: Record<string, number>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => (a[k] ?? 0) !== (b[k] ?? 0)).map((k) => `${k}: ${a[k] ?? 0} vs ${b[k] ?? 0}`);
}
