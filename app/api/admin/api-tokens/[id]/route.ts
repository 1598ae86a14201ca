// DELETE /api/admin/api-tokens/[id] — revoke a token
import { withAdmin } from "@/lib/api/with-admin";
import { revokeApiToken } from "@/lib/auth/api-tokens";

export const DELETE = withAdmin<{ id: string }>(async ({ params, actor, now }) => {
  await revokeApiToken({ id: params.id, actor, now });
  return { id: params.id, revoked: true };
});
