import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { payByCard, runDay } from "../helpers/billing";
import { makeInstance } from "../helpers/instances";

const at = (iso: string) => new Date(`${iso}Z`);

describe("the daily job's metric snapshot", () => {
  it("closes the day that just ended: the run of 11 March at 00:00 writes 10 March with that day's payments", async () => {
    const id = (await makeInstance({ planType: "monthly" }, at("2027-03-10T08:00:00"))).id;
    expect((await payByCard(id, "monthly", "4242424242424242", at("2027-03-10T09:00:00"))).status).toBe("SUCCEEDED");
    expect((await runDay(at("2027-03-11T00:00:00"))).status).toBe("SUCCEEDED");
    const snapshots = await prisma.metricSnapshot.findMany({ orderBy: { date: "asc" } });
    expect(snapshots.map((s) => s.date.toISOString().slice(0, 10))).toEqual(["2027-03-10"]);
    expect(snapshots[0]).toMatchObject({ succeededPayments: 1, revenueMinor: 5_000n, newSubscriptions: 1, payingSubscriptions: 1, mrrMinor: 5_000n });
  });
});
