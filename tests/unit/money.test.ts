import { describe, expect, it } from "vitest";
import { CFA_PER_EUR, formatMoney, fromEurMinor, majorToMinor, toEurMinor } from "@/lib/money";

describe("money", () => {
  it("converts EUR prices to CFA francs at the fixed parity, rounded to whole francs", () => {
    expect(fromEurMinor(5_000, "XOF", CFA_PER_EUR)).toBe(32_798);
    expect(fromEurMinor(45_000, "XAF", CFA_PER_EUR)).toBe(295_181);
    expect(fromEurMinor(100_000, "XOF", CFA_PER_EUR)).toBe(655_957);
  });

  it("converts back to EUR cents for totals", () => {
    expect(toEurMinor(655_957, "XOF", CFA_PER_EUR)).toBe(100_000);
  });

  it("turns a typed amount into minor units only when it has the currency's precision", () => {
    expect(majorToMinor(49.99, "EUR")).toBe(4_999);
    expect(majorToMinor(50, "EUR")).toBe(5_000);
    expect(majorToMinor(0.001, "EUR")).toBeUndefined();
    expect(majorToMinor(32_798, "XOF")).toBe(32_798);
    expect(majorToMinor(10.5, "XOF")).toBeUndefined();
  });

  it("formats for the locale", () => {
    expect(formatMoney(5_000, "EUR", "fr")).toMatch(/50,00\s€/);
    expect(formatMoney(5_000, "EUR", "en")).toBe("€50.00");
    expect(formatMoney(32_798, "XOF", "fr")).toMatch(/32\s798\sF\s?CFA/);
  });
});
