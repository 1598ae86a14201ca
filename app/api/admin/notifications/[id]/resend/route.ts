// POST /api/admin/notifications/[id]/resend — queue a sent or failed message again, as a new row
import { NextResponse } from "next/server";
import { withAdmin } from "@/lib/api/with-admin";
import { resendNotification } from "@/lib/services/notifications/outbox.service";
import { deliverAfterResponse } from "@/lib/services/notifications/trigger";

export const POST = withAdmin<{ id: string }>(async ({ params, actor, now, log }) => {
  const created = await resendNotification({ id: params.id, actor, now });
  deliverAfterResponse(log);
  return NextResponse.json(created, { status: 201 });
});
