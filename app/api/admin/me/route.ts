// GET /api/admin/me — who the credentials belong to
import { withAdmin } from "@/lib/api/with-admin";

export const GET = withAdmin(async ({ principal, actor }) => ({
  id: principal.id,
  email: principal.email,
  name: principal.name,
  role: principal.role,
  via: actor.type,
}));
