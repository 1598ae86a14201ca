/**
 * WhatsApp through the real `twilio` SDK (v6). Business-initiated messages must use a Content
 * Template approved by WhatsApp, so every message goes out as `contentSid` + `contentVariables`
 * ({"1": …, "2": …} in the order of the catalog's `whatsappVariables`), never as free text.
 * The Content SID comes from the template version when one is stored with it, else from
 * TWILIO_CONTENT_SIDS ("<template>:<locale>"); without either the message is refused for good.
 *
 * TWILIO_API_URL (tests) aims the SDK at another base URL through its `httpClient` option: the
 * SDK builds https://api.twilio.com/… URLs (its region/edge options only rewrite the host inside
 * twilio.com), and this client swaps the origin before the SDK's own RequestClient sends it.
 */
import twilio from "twilio";
import { TEMPLATES, isTemplateKey } from "@/lib/services/notifications/catalog";
import { normalizePhone } from "@/lib/phone";
import { MessageDriverError, type MessageDriver, type OutboundMessage, type SendResult } from "./types";

export type TwilioConfig = {
  accountSid: string;
  authToken: string;
  /** "whatsapp:+243…" (the prefix is added when missing). */
  from: string;
  /** Where Twilio posts delivery statuses: `${APP_URL}/api/webhooks/twilio`. */
  statusCallbackUrl: string;
  /** "<template>:<locale>" → "HX…" */
  contentSids: Record<string, string>;
  apiUrl?: string;
  timeoutMs?: number;
};

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>["request"]>[0];

/** The SDK's RequestClient, sending to `baseUrl` instead of https://*.twilio.com. */
export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly base: string;

  constructor(baseUrl: string, options: ConstructorParameters<typeof twilio.RequestClient>[0] = {}) {
    super(options);
    this.base = baseUrl.replace(/\/+$/, "");
  }

  override request<TData>(opts: RequestOptions & { data?: TData }) {
    const target = new URL(opts.uri);
    return super.request<TData>({ ...opts, uri: `${this.base}${target.pathname}${target.search}` });
  }
}

type TwilioFailure = { status?: number; code?: number | string; message?: string; moreInfo?: string };

// Statuses that say something about our account or the moment, not about this message.
const RETRYABLE_4XX = new Set([401, 403, 404, 408, 409, 429]);

export function classifyTwilioError(error: unknown): MessageDriverError {
  const e = (error ?? {}) as TwilioFailure;
  const status = typeof e.status === "number" ? e.status : undefined;
  const code = e.code;
  const text = (e.message ?? "Twilio request failed").toString().split("\n")[0]!.slice(0, 300);
  if (status === undefined) return new MessageDriverError(`Twilio unreachable: ${text}`, false, code);
  const message = `Twilio ${status}${typeof code === "number" ? ` (error ${code})` : ""}: ${text}`;
  const permanent = status >= 400 && status < 500 && !RETRYABLE_4XX.has(status);
  return new MessageDriverError(message, permanent, typeof code === "number" ? code : status);
}

/** {"1": …, "2": …} from the message's variables, in the catalog's order. Twilio refuses empty values. */
export function contentVariablesFor(templateKey: string, variables: Record<string, string>): Record<string, string> {
  if (!isTemplateKey(templateKey)) throw new MessageDriverError(`Unknown template "${templateKey}".`, true);
  const entries = TEMPLATES[templateKey].whatsappVariables.map((name, index) => [String(index + 1), variables[name]?.trim() || "-"]);
  return Object.fromEntries(entries);
}

export function createTwilioDriver(config: TwilioConfig): MessageDriver {
  const timeout = config.timeoutMs ?? 15_000;
  const httpClient = config.apiUrl ? new BaseUrlRequestClient(config.apiUrl, { timeout }) : new twilio.RequestClient({ timeout });
  const client = twilio(config.accountSid, config.authToken, { httpClient, autoRetry: false });
  const from = config.from.startsWith("whatsapp:") ? config.from : `whatsapp:${config.from}`;
  return {
    name: "twilio",
    async send(message: OutboundMessage): Promise<SendResult> {
      if (message.channel !== "WHATSAPP") throw new MessageDriverError(`The Twilio driver cannot send ${message.channel} messages.`, true);
      const phone = normalizePhone(message.to);
      if (!phone) throw new MessageDriverError("The recipient is not a valid phone number in E.164 form.", true);
      const lookupKey = `${message.templateKey}:${message.locale}`;
      const contentSid = message.contentSid || config.contentSids[lookupKey];
      if (!contentSid) {
        throw new MessageDriverError(
          `No Twilio Content Template for ${lookupKey}: add "${lookupKey}" to TWILIO_CONTENT_SIDS or set the template's contentSid.`,
          true,
          "content_sid_missing",
        );
      }
      const contentVariables = contentVariablesFor(message.templateKey, message.variables);
      try {
        const sent = await client.messages.create({
          from,
          to: `whatsapp:${phone}`,
          contentSid,
          contentVariables: JSON.stringify(contentVariables),
          statusCallback: config.statusCallbackUrl,
        });
        return { providerMessageId: sent.sid };
      } catch (error) {
        throw classifyTwilioError(error);
      }
    },
    async close() {},
  };
}
