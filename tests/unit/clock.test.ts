import { describe, expect, it } from "vitest";
import { addMonths, isoDate, parseIsoDate } from "@/lib/clock";

describe("clock", () => {
  it("adds calendar months in UTC, clamping to the month's last day", () => {
    expect(addMonths(new Date("2026-01-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(addMonths(new Date("2028-01-31T10:00:00Z"), 1).toISOString()).toBe("2028-02-29T10:00:00.000Z");
    expect(addMonths(new Date("2026-12-15T00:00:00Z"), 1).toISOString()).toBe("2027-01-15T00:00:00.000Z");
    expect(addMonths(new Date("2026-03-31T00:00:00Z"), 12).toISOString()).toBe("2027-03-31T00:00:00.000Z");
  });

  it("parses only real calendar dates", () => {
    expect(isoDate(parseIsoDate("2026-02-28")!)).toBe("2026-02-28");
    expect(parseIsoDate("2026-02-30")).toBeUndefined();
    expect(parseIsoDate("26-2-1")).toBeUndefined();
  });
});
