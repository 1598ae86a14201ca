/**
 * Every owner page on disk (app/(owner), found by walking it, so a new page cannot be forgotten)
 * × hostile input → a 2xx/3xx/4xx answer, never a 500; pages with the owner pages' headers and no
 * script but ours (so nothing typed comes back as markup); API errors in the standard JSON shape.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { projectRoot } from "../../scripts/lib/paths";
import { ensurePlans } from "../helpers/instances";
import { testIp } from "../helpers/owners";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Page = { urlPath: string; handlers: Array<[string, Handler]> };

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : []));
}

let pages: Page[] = [];
beforeAll(async () => {
  await ensurePlans();
  const root = path.join(projectRoot, "app", "(owner)");
  for (const file of files(root).sort()) {
    const module = (await import(file)) as Record<string, unknown>;
    const urlPath = `/${path.relative(root, path.dirname(file)).split(path.sep).join("/")}`;
    pages.push({ urlPath, handlers: (["GET", "POST"] as const).filter((m) => typeof module[m] === "function").map((m) => [m, module[m] as Handler]) });
  }
});

const TOKENS = ["invalid-token", "x".repeat(400), "plk_000000000000000000000000.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "inst_000000000000000000000000.99999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%00%27%22<script>"];
const BODIES: Array<{ type?: string; body?: string }> = [
  {},
  { type: "application/x-www-form-urlencoded", body: "plan=<b>&method=%00&phone=' OR 1=1 --&subdomain=../../&email=a@b&nonce=x" },
  { type: "application/json", body: '{"enabled": true' },
  { type: "application/x-www-form-urlencoded", body: `pharmacyName=${"a".repeat(20_000)}` },
];

describe("owner pages under hostile input", () => {
  it("finds every owner page", () => {
    expect(pages.map((p) => p.urlPath)).toEqual(
      expect.arrayContaining(["/inscription", "/inscription/verifier/[token]", "/pay/[token]", "/pay/result/[paymentId]", "/compte/[token]", "/factures/[token]"]),
    );
  });

  it("never answers 500 and always sends no-referrer", async () => {
    const failures: string[] = [];
    for (const page of pages) {
      for (const [method, handler] of page.handlers) {
        for (const token of TOKENS) {
          for (const { type, body } of method === "GET" ? [{}] : BODIES) {
            const url = page.urlPath.replace(/\[(\w+)\]/g, () => encodeURIComponent(token));
            const params = Object.fromEntries([...page.urlPath.matchAll(/\[(\w+)\]/g)].map((m) => [m[1]!, token]));
            const headers = new Headers({ "x-forwarded-for": testIp(), ...(type ? { "content-type": type } : {}) });
            const res = await handler(new NextRequest(new URL(url, "http://localhost:3001"), { method, headers, body }), { params: Promise.resolve(params) });
            const text = await res.text();
            if (res.status >= 500) failures.push(`${method} ${page.urlPath} [${token.slice(0, 12)}] ${type ?? ""} → ${res.status} ${text.slice(0, 120)}`);
            const isHtml = (res.headers.get("content-type") ?? "").startsWith("text/html");
            if (isHtml && res.headers.get("referrer-policy") !== "no-referrer") failures.push(`${method} ${page.urlPath}: Referrer-Policy ${res.headers.get("referrer-policy")}`);
            if (isHtml && /<script(?![^>]*src="\/owner\/)/.test(text)) failures.push(`${method} ${page.urlPath} [${token.slice(0, 12)}]: a script that is not ours`);
            if (res.status >= 400 && !isHtml && !/"code":/.test(text)) failures.push(`${method} ${page.urlPath}: an error without a page or the standard JSON shape`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
