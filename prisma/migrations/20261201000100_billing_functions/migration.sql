-- Period arithmetic shared by every billing path (single payments, the daily job's batches, the
-- benchmark's floor), so there is one definition of "one month later".
-- Computed in UTC whatever the session's TimeZone: calendar months are clamped to the month's last
-- day (31 Jan + 1 month = 28/29 Feb), the same rule as lib/clock.ts#addMonths.
CREATE OR REPLACE FUNCTION afp_period_end(start timestamptz, unit billing_interval, count integer)
  RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE unit
      WHEN 'DAY' THEN ((start AT TIME ZONE 'UTC') + make_interval(days => count)) AT TIME ZONE 'UTC'
      WHEN 'MONTH' THEN ((start AT TIME ZONE 'UTC') + make_interval(months => count)) AT TIME ZONE 'UTC'
      WHEN 'YEAR' THEN ((start AT TIME ZONE 'UTC') + make_interval(years => count)) AT TIME ZONE 'UTC'
      ELSE NULL
    END
  $$;
