/** /inscription/verifier/[token] and /inscription/bienvenue/[token]: each outcome of the one-time link. */
import { env } from "@/lib/env";
import { format, formatDate } from "@/lib/i18n";
import type { VerifyResult } from "@/lib/services/signup-verify";
import type { OwnerContext } from "../http";
import { Card, FieldError, Message, Page } from "../layout";
import { errorText, SignupDisabledView } from "./signup";

type Ctx = OwnerContext<unknown>;

function again(ctx: Ctx) {
  return (
    <a className="btn" href="/inscription">
      {ctx.t.signup.again}
    </a>
  );
}

export function VerifyStateView({ ctx, result }: { ctx: Ctx; result: Exclude<VerifyResult, { state: "created" | "subdomain_taken" | "subdomain_invalid" }> }) {
  const t = ctx.t.verify;
  switch (result.state) {
    case "disabled":
      return SignupDisabledView({ ctx });
    case "invalid":
      return <Message ctx={ctx} title={t.invalidTitle} text={t.invalidText} tone="bad">{again(ctx)}</Message>;
    case "expired":
      return <Message ctx={ctx} title={t.expiredTitle} text={t.expiredText} tone="warn">{again(ctx)}</Message>;
    case "used":
      return <Message ctx={ctx} title={t.usedTitle} text={format(t.usedText, { pharmacyName: result.signup.pharmacyName })} tone="warn" />;
    case "busy":
      return (
        <Message ctx={ctx} title={t.busyTitle} text={t.busyText} refresh={4}>
          <a className="btn alt" href={ctx.path}>
            {t.refresh}
          </a>
        </Message>
      );
  }
}

export function SubdomainChoiceView({ ctx, result }: { ctx: Ctx; result: Extract<VerifyResult, { state: "subdomain_taken" | "subdomain_invalid" }> }) {
  const t = ctx.t.verify;
  const taken = result.state === "subdomain_taken";
  const title = taken ? format(t.takenTitle, { subdomain: result.signup.subdomain }) : t.invalidSubdomainTitle;
  const problem = result.state === "subdomain_invalid" ? errorText(ctx, result.problem) : undefined;
  return (
    <Page ctx={ctx} title={title}>
      <Card>
        <h1 data-testid="subdomain-taken">{title}</h1>
        <p>{format(t.takenText, { pharmacyName: result.signup.pharmacyName })}</p>
        <form method="post" action={ctx.path}>
          <div className="field">
            <label htmlFor="subdomain">{ctx.t.signup.subdomain}</label>
            <div className="suffix">
              <input id="subdomain" name="subdomain" required maxLength={40} autoCapitalize="none" spellCheck={false} defaultValue={result.suggestion ?? result.signup.subdomain} aria-invalid={problem ? true : undefined} aria-describedby="subdomain-hint subdomain-error" />
              <span>.{env().ROOT_DOMAIN}</span>
            </div>
            <p className="hint" id="subdomain-hint">
              {t.subdomainRule}
            </p>
            <FieldError id="subdomain-error" message={problem} />
          </div>
          <button className="btn" type="submit">
            {t.submit}
          </button>
        </form>
      </Card>
    </Page>
  );
}

export type WelcomeData = { name: string; subdomain: string; ownerName: string | null; status: string; trialEnd: Date | null; statusToken: string };

export function WelcomeView({ ctx, data }: { ctx: Ctx; data: WelcomeData }) {
  const t = ctx.t.welcome;
  const url = `https://${data.subdomain}.${env().ROOT_DOMAIN}`;
  const ready = data.status === "ACTIVE";
  return (
    <Page ctx={ctx} title={format(t.title, { ownerName: data.ownerName ?? data.name })}>
      <Card>
        <h1 data-testid="welcome-title">{format(t.title, { ownerName: data.ownerName ?? data.name })}</h1>
        <p>{format(ready ? t.ready : t.preparing, { pharmacyName: data.name })}</p>
        <dl>
          <dt>{t.address}</dt>
          <dd>
            <a href={url} data-testid="instance-url">
              {url}
            </a>
          </dd>
          <dt>{t.trialEnds}</dt>
          <dd data-testid="trial-end">{formatDate(data.trialEnd, ctx.locale)}</dd>
        </dl>
      </Card>
      <Card title={t.account}>
        <p className="muted">{t.accountText}</p>
        <a className="btn" href={`/compte/${data.statusToken}`} data-testid="status-link">
          {t.account}
        </a>
      </Card>
    </Page>
  );
}
