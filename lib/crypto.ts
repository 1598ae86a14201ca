/**
 * Secrets at rest and secret comparisons.
 *  - encrypt/decrypt: AES-256-GCM with ENCRYPTION_KEY, "v1:<iv>:<tag>:<ciphertext>" (base64url).
 *  - safeEqual: constant-time comparison of two strings of any length.
 *  - sha256/hmac helpers for tokens and signatures.
 */
import crypto from "node:crypto";
import { env } from "@/lib/env";

function key(): Buffer {
  return Buffer.from(env().ENCRYPTION_KEY, "base64");
}

export function encryptSecret(plaintext: string, encryptionKey: Buffer = key()): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", encryptionKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ["v1", iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(":");
}

export function decryptSecret(payload: string, encryptionKey: Buffer = key()): string {
  const [version, iv, tag, ciphertext] = payload.split(":");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new Error("Unknown secret format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", encryptionKey, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** Constant-time string equality (hashing first makes the lengths equal). */
export function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function sha256Hex(value: string | Buffer): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}

export function hmacHex(algorithm: "sha1" | "sha256", secret: string, payload: string | Buffer): string {
  return crypto.createHmac(algorithm, secret).update(payload).digest("hex");
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

const derivedKeys = new Map<string, Buffer>();

/**
 * A key for one purpose derived from JWT_SECRET, so one leaked purpose key reveals nothing else.
 * Derived once per purpose and secret (the daily job signs thousands of links).
 */
export function derivedKey(purpose: string): Buffer {
  const secret = env().JWT_SECRET;
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = derivedKeys.get(cacheKey);
  if (!key) {
    key = Buffer.from(crypto.hkdfSync("sha256", secret, "afrikapharma", purpose, 32));
    derivedKeys.set(cacheKey, key);
  }
  return key;
}
