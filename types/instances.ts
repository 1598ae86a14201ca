import { z } from "zod";
import { normalizeSubdomain, subdomainProblem, SUBDOMAIN_MESSAGES } from "@/lib/subdomain";

export const ZSubdomain = z
  .string({ error: "is required" })
  .transform(normalizeSubdomain)
  .superRefine((value, ctx) => {
    const problem = subdomainProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: SUBDOMAIN_MESSAGES[problem], params: { problem } });
  });

export const ZPlanType = z.enum(["trial", "monthly", "annual", "lifetime"], { error: "must be one of trial, monthly, annual, lifetime" });

const ZName = z.string({ error: "is required" }).trim().min(2, "must be at least 2 characters").max(120, "must be at most 120 characters");
const ZEmail = z.email({ error: "must be a valid email address" }).trim().toLowerCase().max(320);
const ZPhone = z.string().trim().min(6, "must be a phone number").max(24, "must be a phone number");
const ZCountry = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "must be an ISO 3166 two-letter country code (e.g. CD, SN, CI)");
const ZLocale = z.enum(["fr", "en"], { error: "must be fr or en" });

export const ZCreateInstanceRequest = z.object({
  name: ZName,
  subdomain: ZSubdomain,
  ownerEmail: ZEmail,
  ownerName: z.string().trim().min(1).max(120).optional(),
  ownerPhone: ZPhone.optional(),
  country: ZCountry.optional(),
  locale: ZLocale.default("fr"),
  planType: ZPlanType.default("trial"),
});
export type TCreateInstanceRequest = z.infer<typeof ZCreateInstanceRequest>;

export const ZUpdateInstanceRequest = z
  .object({
    name: ZName.optional(),
    ownerEmail: ZEmail.optional(),
    ownerName: z.string().trim().min(1).max(120).nullable().optional(),
    ownerPhone: ZPhone.nullable().optional(),
    country: ZCountry.nullable().optional(),
    locale: ZLocale.optional(),
    subdomain: z.any().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.subdomain !== undefined) ctx.addIssue({ code: "custom", path: ["subdomain"], message: "cannot be changed (the domain and the deployment depend on it)" });
    if (Object.keys(value).length === 0) ctx.addIssue({ code: "custom", message: "send at least one field to change" });
  });
export type TUpdateInstanceRequest = z.infer<typeof ZUpdateInstanceRequest>;

export const ZSuspendRequest = z.object({
  reason: z.string({ error: "is required" }).trim().min(3, "must say why (at least 3 characters)").max(500),
});

export const ZDeleteInstanceRequest = z.object({
  /** Typed confirmation: the instance's subdomain. */
  confirm: z.string().optional(),
  purgeNow: z.boolean().default(false),
});

export const ZListInstancesQuery = z.object({
  status: z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(["PROVISIONING", "PROVISIONING_FAILED", "ACTIVE", "SUSPENDED", "DELETED"], { error: "must be provisioning, provisioning_failed, active, suspended or deleted" }))
    .optional(),
  plan: z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(["TRIAL", "MONTHLY", "ANNUAL", "LIFETIME"], { error: "must be trial, monthly, annual or lifetime" }))
    .optional(),
  country: ZCountry.optional(),
  q: z.string().trim().max(100).optional(),
  sort: z.enum(["created_desc", "created_asc", "name_asc", "name_desc"]).default("created_desc"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});
export type TListInstancesQuery = z.infer<typeof ZListInstancesQuery>;
