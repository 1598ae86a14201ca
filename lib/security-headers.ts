/**
 * The Content-Security-Policy of the console's pages. Scripts run only with the request's nonce
 * (Next.js reads it from the request's CSP header and puts it on its own scripts) or when loaded
 * by such a script ('strict-dynamic'); no inline script, no eval in production. Inline styles stay
 * allowed (React style attributes, charts). The owner pages send a stricter policy of their own.
 */
export function consolePolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    // Rendered messages are shown in sandboxed srcdoc frames; nothing else is framed.
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

export const HSTS = "max-age=63072000; includeSubDomains; preload";
