/**
 * One error table and the helpers every route handler shares: JSON responses, bounded body
 * parsing with zod, and the mapping of any thrown value to `{ error: { code, message, details } }`.
 */
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, ERROR_STATUS, type ErrorDetail } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";

export const MAX_JSON_BODY_BYTES = 64 * 1024;

export type ErrorBody = { error: { code: string; message: string; details?: ErrorDetail[]; requestId?: string } };

export function json<T>(data: T, init?: ResponseInit): NextResponse<T> {
  return NextResponse.json(data, init);
}

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || "(body)", message: issue.message }));
}

export function validationError(error: z.ZodError, what = "Request"): AppError {
  const details = zodDetails(error);
  const summary = details.map((d) => `${d.path}: ${d.message}`).join("; ");
  return new AppError("validation_failed", `${what} is invalid — ${summary}`, details);
}

/** The path of the first string holding a NUL character (PostgreSQL text cannot store one), if any. */
function nulPath(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "(body)" : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = nulPath(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes("\u0000") ? [...path, key].join(".") : nulPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Parses with a schema, turning failures into a 422 that names each field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what?: string): z.infer<S> {
  const nul = nulPath(value);
  if (nul) throw new AppError("validation_failed", `${nul}: must not contain a NUL character`, [{ path: nul, message: "must not contain a NUL character" }]);
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, what);
  return result.data;
}

/** Reads the body as text, refusing it early when it is larger than `limit`. */
export async function readBody(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("payload_too_large", `The body is larger than ${limit} bytes.`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError("payload_too_large", `The body is larger than ${limit} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A JSON body validated by `schema`: 400 when it is not JSON, 422 naming each invalid field. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  const text = await readBody(request);
  if (text.trim() === "") return parseWith(schema, {}, "Body");
  if (type && !/json/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("malformed_json", "The body is not valid JSON.");
  }
  return parseWith(schema, value, "Body");
}

/** Query parameters validated by `schema` (repeated keys keep their last value). */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  return parseWith(schema, params, "Query");
}

/** Maps a thrown value to a known AppError, or undefined for an unexpected failure. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return validationError(error);
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2025") return new AppError("not_found", "The record was not found.");
    if (error.code === "P2002") {
      const target = (error.meta?.target as string[] | string | undefined) ?? (error.meta?.driverAdapterError as { cause?: { constraint?: { fields?: string[] } } } | undefined)?.cause?.constraint?.fields;
      const fields = Array.isArray(target) ? target.join(", ") : target;
      return new AppError("conflict", fields ? `A record with this ${fields} already exists.` : "This record already exists.", fields ? [{ path: String(fields), message: "already exists" }] : undefined);
    }
  }
  return undefined;
}

export function errorResponse(error: unknown, log?: Logger, requestId?: string): NextResponse<ErrorBody> {
  const known = toAppError(error);
  if (known) {
    if (known.status >= 500) log?.error({ err: error, code: known.code }, known.message);
    return NextResponse.json(
      { error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}), ...(requestId ? { requestId } : {}) } },
      { status: known.status, headers: known.headers },
    );
  }
  log?.error({ err: error }, "Unexpected error");
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong on our side. The error was logged.", ...(requestId ? { requestId } : {}) } },
    { status: ERROR_STATUS.internal },
  );
}
