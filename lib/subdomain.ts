/** Subdomain rules: a DNS label of 3–40 characters, lower-case letters, digits and inner hyphens, not reserved. */
export const RESERVED_SUBDOMAINS = new Set([
  "www", "api", "admin", "app", "mail", "smtp", "imap", "pop", "ftp", "ns", "ns1", "ns2", "dns", "mx", "cdn", "static", "assets",
  "console", "dashboard", "status", "help", "support", "docs", "blog", "billing", "pay", "payment", "payments", "auth", "login",
  "signup", "inscription", "connexion", "account", "compte", "webhooks", "cron", "test", "staging", "dev", "demo", "internal",
  "afrikapharma", "pharma", "root", "system", "localhost",
]);

const LABEL = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;

export type SubdomainProblem = "too_short" | "too_long" | "invalid_characters" | "hyphen_position" | "double_hyphen" | "reserved";

export function normalizeSubdomain(value: string): string {
  return value.trim().toLowerCase();
}

export function subdomainProblem(value: string): SubdomainProblem | undefined {
  if (value.length < 3) return "too_short";
  if (value.length > 40) return "too_long";
  if (!/^[a-z0-9-]+$/.test(value)) return "invalid_characters";
  if (value.startsWith("-") || value.endsWith("-")) return "hyphen_position";
  if (value.includes("--")) return "double_hyphen";
  if (!LABEL.test(value)) return "invalid_characters";
  if (RESERVED_SUBDOMAINS.has(value)) return "reserved";
  return undefined;
}

export const SUBDOMAIN_MESSAGES: Record<SubdomainProblem, string> = {
  too_short: "must be at least 3 characters",
  too_long: "must be at most 40 characters",
  invalid_characters: "may only contain lower-case letters, digits and hyphens",
  hyphen_position: "cannot start or end with a hyphen",
  double_hyphen: "cannot contain two hyphens in a row",
  reserved: "is reserved",
};

/** A subdomain proposed from a pharmacy's name: "Pharmacie Marie-Claire" → "pharmacie-marie-claire". */
export function suggestSubdomain(name: string): string {
  const base = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/-{2,}/g, "-")
    .slice(0, 40)
    .replace(/-+$/g, "");
  const padded = base.length >= 3 ? base : `${base}-pharma`.replace(/^-/, "");
  return RESERVED_SUBDOMAINS.has(padded) ? `${padded}-pharma` : padded;
}
