/**
 * A loopback stand-in for Twilio's REST API, speaking its wire format for the one call the
 * console makes: POST /2010-04-01/Accounts/{AccountSid}/Messages.json with a form-encoded body and
 * HTTP basic auth (AccountSid:AuthToken). It records every request, answers like Twilio (201 with a
 * Message resource, or an error body { code, message, more_info, status }), and fails on demand.
 * `sendStatusCallback` plays Twilio's side of a delivery status callback: a form POST signed with
 * X-Twilio-Signature, delivered to the webhook route handler in-process.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import twilio from "twilio";

export type TwilioRequest = { method: string; path: string; accountSid: string; authorized: boolean; form: Record<string, string> };
export type TwilioFailure = { status: number; code?: number; message?: string };

export type TwilioFake = {
  url: string;
  accountSid: string;
  authToken: string;
  /** Accepted message creations, in order. */
  messages: TwilioRequest[];
  /** Every request, accepted or not. */
  requests: TwilioRequest[];
  /** The next `times` creations fail with this answer. */
  failNext(failure: TwilioFailure, times?: number): void;
  /** The next accepted creation gets this sid (to stage callbacks that race the response). */
  useSidNext(sid: string): void;
  close(): Promise<void>;
};

export function twilioSid(prefix: "AC" | "SM" | "HX"): string {
  return `${prefix}${crypto.randomBytes(16).toString("hex")}`;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function errorBody(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export async function startTwilioFake(options: { accountSid?: string; authToken?: string } = {}): Promise<TwilioFake> {
  const accountSid = options.accountSid ?? twilioSid("AC");
  const authToken = options.authToken ?? crypto.randomBytes(16).toString("hex");
  const failures: TwilioFailure[] = [];
  const nextSids: string[] = [];
  const messages: TwilioRequest[] = [];
  const requests: TwilioRequest[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
      const [scheme, encoded] = (req.headers.authorization ?? "").split(" ");
      const [user, pass] = Buffer.from(encoded ?? "", "base64").toString("utf8").split(":");
      const authorized = scheme === "Basic" && user === accountSid && pass === authToken;
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      const record: TwilioRequest = { method: req.method ?? "", path, accountSid: match?.[1] ?? "", authorized, form };
      requests.push(record);
      if (!match || req.method !== "POST") return send(res, 404, errorBody(404, 20404, `The requested resource ${path} was not found`));
      if (!authorized) return send(res, 401, errorBody(401, 20003, "Authenticate"));
      if (match[1] !== accountSid) return send(res, 404, errorBody(404, 20404, `The requested resource ${path} was not found`));
      const failure = failures.shift();
      if (failure) return send(res, failure.status, errorBody(failure.status, failure.code ?? 20500, failure.message ?? "Internal Server Error"));
      if (!form.To) return send(res, 400, errorBody(400, 21604, "A 'To' phone number is required."));
      if (!form.From) return send(res, 400, errorBody(400, 21603, "A 'From' phone number is required."));
      if (!form.Body && !form.ContentSid) return send(res, 400, errorBody(400, 21619, "A text message body or media urls must be specified."));
      messages.push(record);
      const sid = nextSids.shift() ?? twilioSid("SM");
      const now = new Date().toUTCString().replace("GMT", "+0000");
      send(res, 201, {
        sid,
        account_sid: accountSid,
        to: form.To,
        from: form.From,
        messaging_service_sid: null,
        body: form.Body ?? "",
        status: "queued",
        num_segments: "1",
        num_media: "0",
        direction: "outbound-api",
        api_version: "2010-04-01",
        price: null,
        price_unit: "USD",
        error_code: null,
        error_message: null,
        date_created: now,
        date_updated: now,
        date_sent: null,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
        subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    requests,
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    useSidNext(sid) {
      nextSids.push(sid);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (req: NextRequest, ctx: { params: Promise<any> }) => Promise<Response>;

export type StatusCallback = {
  /** The URL Twilio was given as StatusCallback (what the signature covers). */
  url: string;
  authToken: string;
  messageSid: string;
  status: string;
  accountSid?: string;
  to?: string;
  errorCode?: string;
  /** Sign with another token, as a forger would. */
  signWith?: string;
  /** Leave the signature header out. */
  unsigned?: boolean;
};

/** Posts a status callback to the webhook handler, signed the way Twilio signs it. */
export async function sendStatusCallback(handler: Handler, callback: StatusCallback) {
  const params: Record<string, string> = {
    AccountSid: callback.accountSid ?? twilioSid("AC"),
    ApiVersion: "2010-04-01",
    ChannelPrefix: "whatsapp",
    From: "whatsapp:+14155238886",
    To: callback.to ?? "whatsapp:+243810000000",
    MessageSid: callback.messageSid,
    SmsSid: callback.messageSid,
    MessageStatus: callback.status,
    SmsStatus: callback.status,
    ...(callback.errorCode ? { ErrorCode: callback.errorCode } : {}),
  };
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded", "user-agent": "TwilioProxy/1.1" });
  if (!callback.unsigned) {
    headers.set("x-twilio-signature", twilio.getExpectedTwilioSignature(callback.signWith ?? callback.authToken, callback.url, params));
  }
  const req = new NextRequest(callback.url, { method: "POST", headers, body: new URLSearchParams(params).toString() });
  const res = await handler(req, { params: Promise.resolve({}) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}
