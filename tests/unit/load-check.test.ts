import { describe, expect, it } from "vitest";
import { loadProblems, rssSummary } from "@/bench/sections/load";

const run = (samples: number[], errors5xx = 0) => loadProblems({ errors5xx, statuses: { 200: 100 }, serverRssMb: rssSummary(samples) });

describe("the load check (npm test's load step)", () => {
  it("passes a run whose heap stepped up late and then stayed flat (seen in CI: 418→427→570 MB by thirds)", () => {
    const ci = [377, 396, 415, 435, 431, 431, 431, 431, 431, 397, 397, 398, 398, 413, 421, 422, 422, 423, 423, 439, 470, 495, 520, 544, 568, 581, 581, 581, 581, 581, 581, 581];
    expect(rssSummary(ci)).toMatchObject({ middleThirdAvg: 427, lastThirdAvg: 570 });
    expect(run(ci)).toEqual([]);
  });

  it("passes a run that plateaued early (bench/results.json)", () => {
    expect(run([583, 585, 587, 589, 569, 569, 569, 569, 569, 570, 570, 572, 584, 616, 625, 625, 625, 625, 626, 626, 626, 626, 627, 637, 637, 637, 637, 637, 637, 638, 638, 638])).toEqual([]);
  });

  it("fails a server whose memory climbs to the end", () => {
    const leak = Array.from({ length: 32 }, (_, i) => 400 + i * 12);
    expect(run(leak)).toEqual([expect.stringMatching(/^server memory was still growing: .* MB in its last 10 s$/)]);
  });

  it("fails on a 5xx or a dropped connection, and above 1.5 GB whatever the shape", () => {
    expect(run(Array(30).fill(500), 1)).toEqual([expect.stringMatching(/^1 responses were 5xx or dropped/)]);
    expect(run(Array(30).fill(1600))).toEqual(["server memory reached 1600 MB"]);
  });
});
