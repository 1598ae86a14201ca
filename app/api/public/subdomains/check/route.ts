// GET /api/public/subdomains/check?subdomain=…&name=… — is an address free? With only a pharmacy name, the address
// proposed from it. { subdomain, valid, available, reason?, suggestion?, message } (message in the page's language).
// Public and rate-limited per IP; the sign-up form's small script calls it, the form works without it.
import { z } from "zod";
import { withPublic } from "@/lib/api/with-public";
import { parseQuery } from "@/lib/http";
import { isLocale, LOCALE_COOKIE, format } from "@/lib/i18n";
import { ownerMessages } from "@/lib/owner-web/messages";
import { checkSubdomain } from "@/lib/services/instance.service";
import { enforceRateLimits } from "@/lib/services/rate-limit.service";
import { suggestSubdomain } from "@/lib/subdomain";

const ZCheckQuery = z
  .object({
    subdomain: z.string().trim().max(63).optional(),
    name: z.string().trim().max(120).optional(),
    lang: z.string().optional(),
  })
  .refine((q) => Boolean(q.subdomain || q.name), { message: "send subdomain or name", path: ["subdomain"] });

export const GET = withPublic(async ({ req, now, ip }) => {
  const query = parseQuery(req, ZCheckQuery);
  await enforceRateLimits([{ key: `subdomain-check:ip:${ip}`, limit: 300, windowSeconds: 600 }], now, "Too many address checks; wait a few minutes.");
  const lang = isLocale(query.lang) ? query.lang : req.cookies.get(LOCALE_COOKIE)?.value;
  const t = ownerMessages(isLocale(lang) ? lang : "fr").signup;
  const candidate = query.subdomain || suggestSubdomain(query.name ?? "");
  const result = await checkSubdomain(candidate);
  const errors = t.errors as Record<string, string>;
  const message = result.available
    ? format(t.available, { subdomain: result.subdomain })
    : result.reason === "taken"
      ? `${format(t.taken, { subdomain: result.subdomain })}${result.suggestion ? ` ${format(t.suggestion, { suggestion: result.suggestion })}` : ""}`
      : `${errors[result.reason ?? ""] ?? result.message}${result.suggestion ? ` ${format(t.suggestion, { suggestion: result.suggestion })}` : ""}`;
  const res = Response.json({ subdomain: result.subdomain, valid: result.valid, available: result.available, ...(result.available ? {} : { reason: result.reason }), ...(result.suggestion ? { suggestion: result.suggestion } : {}), message });
  res.headers.set("Cache-Control", "no-store");
  return res;
});
