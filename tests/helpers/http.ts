/** Calls route handlers in-process with real Request objects (no server needed). */
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";

export const APP_ORIGIN = "http://localhost:3001";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (req: NextRequest, ctx: { params: Promise<any> }) => Promise<Response>;

export type CallOptions = {
  token?: string;
  cookie?: string;
  body?: unknown;
  rawBody?: string;
  origin?: string | null;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};

export async function call(handler: Handler | undefined, method: string, path: string, options: CallOptions = {}) {
  if (!handler) throw new Error(`No ${method} handler for ${path}`);
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.origin !== null && method !== "GET") headers.set("origin", options.origin ?? APP_ORIGIN);
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const req = new NextRequest(new URL(path, APP_ORIGIN), { method, headers, body });
  const res = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** A next-auth session cookie for an admin, as the sign-in would set it. */
export async function sessionCookie(admin: { id: string; email: string; name: string; role: string; sessionVersion: number }, maxAgeSeconds = 3600) {
  const token = await encode({
    token: { uid: admin.id, role: admin.role as never, sv: admin.sessionVersion, email: admin.email, name: admin.name },
    secret: process.env.JWT_SECRET!,
    maxAge: maxAgeSeconds,
  });
  return `next-auth.session-token=${token}`;
}
