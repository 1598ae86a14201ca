import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, safeEqual } from "@/lib/crypto";

describe("secrets at rest", () => {
  const key = crypto.randomBytes(32);

  it("round-trips through AES-256-GCM with a fresh IV each time", () => {
    const a = encryptSecret("tenant-password", key);
    const b = encryptSecret("tenant-password", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("tenant-password");
    expect(decryptSecret(a, key)).toBe("tenant-password");
  });

  it("refuses a tampered ciphertext", () => {
    const sealed = encryptSecret("secret", key).split(":");
    sealed[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(sealed.join(":"), key)).toThrow();
  });

  it("compares secrets of different lengths safely", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "x")).toBe(false);
  });
});
