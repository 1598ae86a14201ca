/** API tokens: create (the token is shown once), revoke. Support sees its own tokens, as the API does. */
import type { AdminPrincipal } from "@/lib/auth/admin-session";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { now } from "@/lib/clock";
import { format, formatDate, type Locale, type Messages } from "@/lib/i18n";
import { createTokenAction, revokeTokenAction } from "../_actions/settings";
import { ActionForm, SubmitButton } from "@/components/admin/ui/action-form";
import { Badge } from "@/components/admin/ui/badge";
import { DialogButton, DialogCancel } from "@/components/admin/ui/dialog";
import { Field, TextInput } from "@/components/admin/ui/fields";
import { formLabels } from "@/components/admin/ui/labels";
import { Empty, Section } from "@/components/admin/ui/layout";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";

export async function TokensSection({ principal, locale, t, mutable }: { principal: AdminPrincipal; locale: Locale; t: Messages; mutable: boolean }) {
  const k = t.settings.tokens;
  const tokens = await listApiTokens(principal.role === "SUPER_ADMIN" ? undefined : principal.id);
  const at = now();
  return (
    <Section id="tokens" title={k.title} description={k.help}>
      {mutable ? (
        <ActionForm action={createTokenAction} labels={formLabels(t)} resetOnSuccess className="mb-4 flex flex-wrap items-end gap-3" testId="create-token-form">
          <Field label={k.name} name="name" id="token-name" className="w-56 max-w-full">
            <TextInput name="name" id="token-name" required maxLength={80} autoComplete="off" />
          </Field>
          <Field label={`${k.expiresIn} (${t.common.optional})`} name="expiresInDays" id="token-days" className="w-44">
            <TextInput name="expiresInDays" id="token-days" type="number" min={1} max={3650} />
          </Field>
          <SubmitButton variant="secondary" pendingLabel={t.common.working} testId="create-token">
            {k.create}
          </SubmitButton>
        </ActionForm>
      ) : null}
      {tokens.length === 0 ? (
        <Empty>{k.empty}</Empty>
      ) : (
        <Table caption={k.caption} testId="tokens-table">
          <thead>
            <tr>
              <Th>{k.name}</Th>
              <Th>{k.prefix}</Th>
              <Th className="hidden md:table-cell">{k.owner}</Th>
              <Th className="hidden lg:table-cell">{k.created}</Th>
              <Th className="hidden lg:table-cell">{k.lastUsed}</Th>
              <Th className="hidden sm:table-cell">{k.expires}</Th>
              <Th>{k.state}</Th>
              {mutable ? <Th>{t.common.actions}</Th> : null}
            </tr>
          </thead>
          <Tbody>
            {tokens.map((tok) => {
              const expired = tok.expiresAt !== null && tok.expiresAt <= at;
              return (
                <tr key={tok.id}>
                  <Td className="font-medium">{tok.name}</Td>
                  <Td className="font-mono text-xs">{tok.prefix}…</Td>
                  <Td className="hidden max-w-48 truncate md:table-cell">{tok.adminUser.email}</Td>
                  <Td className="hidden text-xs whitespace-nowrap lg:table-cell">{formatDate(tok.createdAt, locale, true)}</Td>
                  <Td className="hidden text-xs whitespace-nowrap lg:table-cell">{tok.lastUsedAt ? formatDate(tok.lastUsedAt, locale, true) : k.never}</Td>
                  <Td className="hidden text-xs whitespace-nowrap sm:table-cell">{tok.expiresAt ? formatDate(tok.expiresAt, locale) : k.never}</Td>
                  <Td>{tok.revokedAt ? <Badge tone="red">{k.revoked}</Badge> : expired ? <Badge tone="amber">{k.expired}</Badge> : <Badge tone="green">{k.active}</Badge>}</Td>
                  {mutable ? (
                    <Td>
                      {!tok.revokedAt ? (
                        <DialogButton label={k.revoke} variant="ghost" title={k.revoke} description={format(k.revokeConfirm, { name: tok.name })} closeLabel={t.common.close}>
                          <ActionForm action={revokeTokenAction.bind(null, tok.id)} labels={formLabels(t)} className="flex justify-end gap-2">
                            <DialogCancel label={t.common.cancel} />
                            <SubmitButton variant="danger" pendingLabel={t.common.working}>
                              {k.revoke}
                            </SubmitButton>
                          </ActionForm>
                        </DialogButton>
                      ) : null}
                    </Td>
                  ) : null}
                </tr>
              );
            })}
          </Tbody>
        </Table>
      )}
    </Section>
  );
}
