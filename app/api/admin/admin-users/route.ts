// GET /api/admin/admin-users — list admin users
// POST /api/admin/admin-users — add an admin { email, name, role, password }
import { NextResponse } from "next/server";
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { createAdminUser, listAdminUsers, ZCreateAdminRequest } from "@/lib/services/admin-user.service";

export const GET = withAdmin(async () => {
  const users = await listAdminUsers();
  return { data: users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabledAt: u.disabledAt, lastLoginAt: u.lastLoginAt, createdAt: u.createdAt })) };
});

export const POST = withAdmin(async ({ req, actor }) => {
  const body = await parseJsonBody(req, ZCreateAdminRequest);
  const user = await createAdminUser(body, actor);
  return NextResponse.json({ id: user.id, email: user.email, name: user.name, role: user.role }, { status: 201 });
});
