/** Who is acting, as services and the audit log see it. */
import type { AdminRole } from "@/lib/generated/prisma/enums";

export type ActorType = "admin" | "api_token" | "system" | "owner" | "provider" | "cron";

export type Actor = {
  type: ActorType;
  /** The admin user behind a session or an API token; the instance for an owner. */
  id?: string;
  /** A readable name for the audit log: an email, "daily job", "stripe webhook" … */
  label?: string;
  role?: AdminRole;
  tokenId?: string;
  requestId?: string;
  ip?: string;
  userAgent?: string;
};

export const systemActor = (label: string, extra: Partial<Actor> = {}): Actor => ({ type: "system", label, ...extra });
