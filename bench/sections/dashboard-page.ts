/**
 * /admin/dashboard in headless Chromium: the JavaScript it ships (gzip, as the server sends it:
 * `content-length` of the compressed response, else gzip of the body) split into what the HTML
 * loads and what comes later (the lazy charts), and its Largest Contentful Paint from a
 * PerformanceObserver, over several cold page loads.
 */
import fs from "node:fs";
import zlib from "node:zlib";
import { chromium } from "@playwright/test";

export type PageBenchContext = { baseUrl: string; sessionCookie: { name: string; value: string }; log: (s: string) => void; runs?: number; path?: string; screenshot?: string };

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];

function chromiumPath(): string | undefined {
  return process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
}

export async function measureDashboardPage(ctx: PageBenchContext): Promise<Record<string, unknown>> {
  const path = ctx.path ?? "/admin/dashboard";
  const runs = ctx.runs ?? 5;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ARGS });
  const host = new URL(ctx.baseUrl).hostname;
  const lcps: number[] = [];
  let js: { initialGzipBytes: number; lazyGzipBytes: number; totalGzipBytes: number; files: Array<{ url: string; gzipBytes: number; initial: boolean }> } | undefined;
  try {
    for (let run = 0; run < runs + 1; run += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addCookies([{ name: ctx.sessionCookie.name, value: ctx.sessionCookie.value, domain: host, path: "/", httpOnly: true, sameSite: "Lax" }]);
      await context.addInitScript(() => {
        (window as unknown as { __lcp: number }).__lcp = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) (window as unknown as { __lcp: number }).__lcp = entry.startTime;
        }).observe({ type: "largest-contentful-paint", buffered: true });
      });
      const page = await context.newPage();
      const scripts: Array<Promise<{ url: string; gzipBytes: number }>> = [];
      page.on("response", (response) => {
        if (response.request().resourceType() !== "script") return;
        scripts.push(
          (async () => {
            const encoded = response.headers()["content-encoding"];
            const length = Number(response.headers()["content-length"] ?? "0");
            const body = await response.body().catch(() => Buffer.alloc(0));
            return { url: response.url(), gzipBytes: encoded === "gzip" && length > 0 ? length : zlib.gzipSync(body).length };
          })(),
        );
      });
      const response = await page.goto(`${ctx.baseUrl}${path}`, { waitUntil: "load" });
      if (!response || response.status() !== 200 || !page.url().endsWith(path)) throw new Error(`${path} answered ${response?.status()} at ${page.url()} (is the session cookie valid?)`);
      const html = await response.text();
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500);
      const lcp = await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp);
      if (run > 0) lcps.push(Math.round(lcp));
      // Then everything the page would load as the admin reads on (the lazy charts).
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500);
      if (run === 1) {
        if (ctx.screenshot) await page.screenshot({ path: ctx.screenshot, fullPage: true });
        const files = (await Promise.all(scripts)).map((s) => ({ ...s, initial: html.includes(new URL(s.url).pathname) }));
        const sum = (list: typeof files) => list.reduce((t, f) => t + f.gzipBytes, 0);
        js = { initialGzipBytes: sum(files.filter((f) => f.initial)), lazyGzipBytes: sum(files.filter((f) => !f.initial)), totalGzipBytes: sum(files), files };
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const sorted = [...lcps].sort((a, b) => a - b);
  const result = { path, js, lcpMs: { runs: lcps, median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0 } };
  ctx.log(`dashboard page: JS ${(js!.initialGzipBytes / 1024).toFixed(1)} KB gzip initially + ${(js!.lazyGzipBytes / 1024).toFixed(1)} KB lazy (total ${(js!.totalGzipBytes / 1024).toFixed(1)} KB); LCP median ${result.lcpMs.median} ms, max ${result.lcpMs.max} ms`);
  return result;
}
