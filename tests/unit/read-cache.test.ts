import { describe, expect, it } from "vitest";
import { createReadCache, invalidateReads, reusedJson, wantsFresh } from "@/lib/read-cache";

const request = (headers: Record<string, string> = {}) => new Request("http://localhost/api/admin/instances", { headers });

describe("read caches", () => {
  it("serialise a value once and reuse it until the TTL, saying which each answer was", async () => {
    const cache = createReadCache<string>({ ttlMs: 60, maxEntries: 10 });
    let loads = 0;
    const load = async () => ({ n: ++loads });
    const first = await reusedJson(request(), cache, "k", load);
    const second = await reusedJson(request(), cache, "k", load);
    expect([first.headers.get("x-afp-cache"), second.headers.get("x-afp-cache")]).toEqual(["miss", "hit"]);
    expect(await second.json()).toEqual({ n: 1 });
    expect(second.headers.get("content-type")).toBe("application/json");
    await new Promise((r) => setTimeout(r, 80));
    const third = await reusedJson(request(), cache, "k", load);
    expect([third.headers.get("x-afp-cache"), await third.json()]).toEqual(["miss", { n: 2 }]);
  });

  it("share one load between concurrent callers", async () => {
    const cache = createReadCache<string>({ ttlMs: 1_000, maxEntries: 10 });
    let loads = 0;
    const slow = async () => {
      loads += 1;
      await new Promise((r) => setTimeout(r, 20));
      return { ok: true };
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => reusedJson(request(), cache, "same", slow)));
    expect(loads).toBe(1);
    expect(answers.map((a) => a.headers.get("x-afp-cache")).sort()).toEqual(["hit", "hit", "hit", "hit", "miss"]);
  });

  it("start again, every one of them, after a write", async () => {
    const a = createReadCache<string>({ ttlMs: 60_000, maxEntries: 10 });
    const b = createReadCache<number>({ ttlMs: 60_000, maxEntries: 10 });
    let n = 0;
    await a.get("k", async () => String(++n));
    await b.get("k", async () => ++n);
    invalidateReads();
    expect((await a.get("k", async () => String(++n))).value).toBe("3");
    expect((await b.get("k", async () => ++n)).value).toBe(4);
  });

  it("answer fresh, and leave the cache alone, when the request says no-cache", async () => {
    const cache = createReadCache<string>({ ttlMs: 60_000, maxEntries: 10 });
    let n = 0;
    const load = async () => ({ n: ++n });
    await reusedJson(request(), cache, "k", load);
    const fresh = await reusedJson(request({ "cache-control": "no-cache" }), cache, "k", load);
    expect([fresh.headers.get("x-afp-cache"), await fresh.json()]).toEqual(["bypass", { n: 2 }]);
    const reused = await reusedJson(request(), cache, "k", load);
    expect([reused.headers.get("x-afp-cache"), await reused.json()]).toEqual(["hit", { n: 1 }]);
    expect(["no-store", "max-age=0", "private, no-cache"].map((v) => wantsFresh(request({ "cache-control": v })))).toEqual([true, true, true]);
    expect(wantsFresh(request({ "cache-control": "max-age=60" }))).toBe(false);
  });

  it("let a failed load fail every waiting caller and keep nothing", async () => {
    const cache = createReadCache<string>({ ttlMs: 60_000, maxEntries: 10 });
    await expect(reusedJson(request(), cache, "k", async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    const next = await reusedJson(request(), cache, "k", async () => ({ back: true }));
    expect([next.headers.get("x-afp-cache"), await next.json()]).toEqual(["miss", { back: true }]);
  });
});
