/** The friendly page behind every failure of an owner page (the status is set by the wrapper). */
import type { ErrorKind, OwnerContext } from "../http";
import { Message } from "../layout";

export function ErrorView({ ctx, kind }: { ctx: OwnerContext<unknown>; kind: ErrorKind }) {
  const c = ctx.t.common;
  const [title, text] =
    kind === "rate_limited" ? [c.tooMany, c.tooManyText]
    : kind === "not_found" ? [c.notFoundTitle, c.notFoundText]
    : kind === "forbidden" ? [c.forbiddenTitle, c.forbiddenText]
    : kind === "bad_request" ? [c.badRequestTitle, c.badRequestText]
    : [c.errorTitle, c.errorText];
  return <Message ctx={ctx} title={title} text={text} tone={kind === "internal" ? "bad" : "warn"} />;
}
