/**
 * Template rendering: `{{variable}}` placeholders, nothing else (no logic, no raw HTML), so an
 * edited template cannot inject markup. The HTML part of an email is derived from its text:
 * escaped, paragraphs, links made clickable, inside a small inline-styled layout.
 */
const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;

export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Placeholders a template uses that its definition does not offer. */
export function unknownVariables(template: string, allowed: readonly string[]): string[] {
  return placeholders(template).filter((name) => !allowed.includes(name));
}

export function renderText(template: string, variables: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => variables[name] ?? "");
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const URL_PATTERN = /(https?:\/\/[^\s<]+[^\s<.,;:!?)\]'"])/g;

/** HTML email body from rendered text: every character escaped, then links and paragraphs added. */
export function textToHtml(text: string, options: { title?: string; locale?: "fr" | "en" } = {}): string {
  const paragraphs = text
    .trim()
    .split(/\n{2,}/)
    .map((block) => {
      const escaped = escapeHtml(block).replace(URL_PATTERN, (url) => `<a href="${url}" style="color:#047857">${url}</a>`);
      return `<p style="margin:0 0 16px">${escaped.replace(/\n/g, "<br>")}</p>`;
    })
    .join("\n");
  const title = options.title ? `<title>${escapeHtml(options.title)}</title>` : "";
  return `<!doctype html><html lang="${options.locale ?? "fr"}"><head><meta charset="utf-8">${title}</head>` +
    `<body style="margin:0;background:#f8fafc;font-family:Arial,Helvetica,sans-serif;color:#0f172a">` +
    `<div style="max-width:560px;margin:0 auto;padding:24px"><div style="font-weight:bold;color:#047857;margin-bottom:16px">AfrikaPharma</div>` +
    `<div style="background:#ffffff;border:1px solid #e2e8f0;border-radius:12px;padding:24px;font-size:15px;line-height:1.5">${paragraphs}</div>` +
    `</div></body></html>`;
}
