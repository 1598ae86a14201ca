import { describe, expect, it } from "vitest";
import { decimalToMinor, hmacSignatureMatches, minorToDecimal } from "@/lib/providers/payments/rest";
import { decodeForm } from "@/tests/fakes/stripe/form";

describe("decimal amounts on the wire", () => {
  it("writes minor units as exact decimal strings in the currency's precision", () => {
    expect(minorToDecimal(5000, "EUR")).toBe("50.00");
    expect(minorToDecimal(5, "EUR")).toBe("0.05");
    expect(minorToDecimal(32_798, "XOF")).toBe("32798");
    expect(minorToDecimal(14_500_000, "CDF")).toBe("145000.00");
    expect(() => minorToDecimal(1.5, "EUR")).toThrow(RangeError);
  });

  it("reads them back exactly and refuses what the currency cannot hold", () => {
    expect(decimalToMinor("50.00", "EUR")).toBe(5000);
    expect(decimalToMinor("50", "EUR")).toBe(5000);
    expect(decimalToMinor(50.1, "EUR")).toBe(5010);
    expect(decimalToMinor("0.07", "EUR")).toBe(7);
    expect(decimalToMinor("32798", "XOF")).toBe(32_798);
    expect(decimalToMinor("32798.50", "XOF")).toBeUndefined();
    expect(decimalToMinor("49.999", "EUR")).toBeUndefined();
    expect(decimalToMinor("-1", "EUR")).toBeUndefined();
    expect(decimalToMinor("1e3", "EUR")).toBeUndefined();
    expect(decimalToMinor(undefined, "EUR")).toBeUndefined();
  });
});

describe("hex HMAC signatures", () => {
  it("accepts the right signature with or without a sha256= prefix and nothing else", async () => {
    const { createHmac } = await import("node:crypto");
    const sig = createHmac("sha256", "s3cret").update('{"a":1}').digest("hex");
    expect(hmacSignatureMatches('{"a":1}', sig, "s3cret")).toBe(true);
    expect(hmacSignatureMatches('{"a":1}', `sha256=${sig.toUpperCase()}`, "s3cret")).toBe(true);
    expect(hmacSignatureMatches('{"a":2}', sig, "s3cret")).toBe(false);
    expect(hmacSignatureMatches('{"a":1}', sig, "other")).toBe(false);
    expect(hmacSignatureMatches('{"a":1}', sig.slice(0, 62), "s3cret")).toBe(false);
    expect(hmacSignatureMatches('{"a":1}', null, "s3cret")).toBe(false);
  });
});

describe("the Stripe fake's form decoding", () => {
  it("decodes nested keys and indexed arrays as Stripe's API reads them", () => {
    const body = decodeForm("mode=payment&line_items[0][price_data][currency]=eur&line_items[0][quantity]=1&metadata[paymentId]=pay_1&expand[0]=a&expand[1]=b.c&weird[=x");
    expect(body).toEqual({
      mode: "payment",
      line_items: [{ price_data: { currency: "eur" }, quantity: "1" }],
      metadata: { paymentId: "pay_1" },
      expand: ["a", "b.c"],
      "weird[": "x",
    });
  });
});
