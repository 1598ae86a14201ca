// PUT /api/admin/plans/[code] — set a price { currency, amountMinor }; applies from each subscription's next period
import { z } from "zod";
import { withAdmin } from "@/lib/api/with-admin";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http";
import { CURRENCY_CODES } from "@/lib/money";
import { updatePlanPrice } from "@/lib/services/plan.service";

const ZPriceRequest = z.object({ currency: z.enum(CURRENCY_CODES), amountMinor: z.number().int().min(0).max(100_000_000) });
const CODES = ["TRIAL", "MONTHLY", "ANNUAL", "LIFETIME"] as const;

export const PUT = withAdmin<{ code: string }>(async ({ req, params, actor }) => {
  const code = params.code.toUpperCase();
  if (!(CODES as readonly string[]).includes(code)) throw new AppError("not_found", `Plan ${params.code} was not found.`);
  const body = await parseJsonBody(req, ZPriceRequest);
  const rates = env().CDF_PER_EUR ? { CDF: env().CDF_PER_EUR } : {};
  return { data: await updatePlanPrice({ code: code as (typeof CODES)[number], ...body, actor, rates }) };
});
