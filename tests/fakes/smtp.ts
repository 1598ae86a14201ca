/**
 * A loopback SMTP server (the `smtp-server` package) that records what it receives, decoded
 * enough to check a message: headers (RFC 2047 words), and the text and HTML parts
 * (quoted-printable or base64). It can refuse recipients with a 550, refuse every connection
 * with a 421, or be stopped and started again on the same port.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedEmail = { from: string; to: string[]; headers: Record<string, string>; subject: string; text: string; html: string; raw: string };

export type SmtpFake = {
  port: number;
  received: ReceivedEmail[];
  /** Recipients matching this are refused at RCPT TO with 550. */
  rejectRecipients?: RegExp;
  /** While set, every connection is answered 421 (service not available). */
  tempfail: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
};

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*(?==\?)?/g, (_, _charset: string, enc: string, data: string) => {
    if (enc.toUpperCase() === "B") return Buffer.from(data, "base64").toString("utf8");
    const bytes = data.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  });
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? "7bit").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

function splitEntity(raw: string): { headers: Record<string, string>; body: string } {
  const index = raw.search(/\r?\n\r?\n/);
  const head = index === -1 ? raw : raw.slice(0, index);
  const body = index === -1 ? "" : raw.slice(index).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function parts(entity: { headers: Record<string, string>; body: string }): { type: string; content: string }[] {
  const type = entity.headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith("multipart/") || !boundary) {
    return [{ type: type.split(";")[0]!.trim().toLowerCase(), content: decodeBody(entity.body, entity.headers["content-transfer-encoding"]) }];
  }
  return entity.body
    .split(`--${boundary}`)
    .slice(1)
    .filter((chunk) => !chunk.startsWith("--"))
    .flatMap((chunk) => parts(splitEntity(chunk.replace(/^\r?\n/, ""))));
}

export function parseEmail(raw: string, envelope: { from: string; to: string[] }): ReceivedEmail {
  const entity = splitEntity(raw);
  const all = parts(entity);
  return {
    ...envelope,
    raw,
    headers: entity.headers,
    subject: entity.headers.subject ?? "",
    text: all.find((p) => p.type === "text/plain")?.content.replace(/\r\n/g, "\n") ?? "",
    html: all.find((p) => p.type === "text/html")?.content ?? "",
  };
}

export async function startSmtpFake(options: { port?: number; onMessage?: (mail: ReceivedEmail) => void; keep?: boolean } = {}): Promise<SmtpFake> {
  let server: SMTPServer | undefined;
  const fake: SmtpFake = {
    port: options.port ?? 0,
    received: [],
    tempfail: false,
    async start() {
      server = new SMTPServer({
        secure: false,
        authOptional: true,
        disabledCommands: ["STARTTLS", "AUTH"],
        logger: false,
        closeTimeout: 500,
        onConnect(_session, callback) {
          if (fake.tempfail) return callback(Object.assign(new Error("Service not available, try again later"), { responseCode: 421 }));
          callback();
        },
        onRcptTo(address, _session, callback) {
          if (fake.rejectRecipients?.test(address.address)) {
            return callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: mailbox unavailable`), { responseCode: 550 }));
          }
          callback();
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            const envelope = {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address),
            };
            const mail = parseEmail(Buffer.concat(chunks).toString("utf8"), envelope);
            if (options.keep !== false) fake.received.push(mail);
            options.onMessage?.(mail);
            callback();
          });
        },
      });
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once("error", reject);
        listening.listen(fake.port, "127.0.0.1", () => resolve());
      });
      fake.port = (listening.server.address() as AddressInfo).port;
    },
    async stop() {
      const running = server;
      server = undefined;
      if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
    },
  };
  await fake.start();
  return fake;
}
