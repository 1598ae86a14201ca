/** Admin users and roles: list, add (with a generated password shown once), change role, disable. */
import type { AdminPrincipal } from "@/lib/auth/admin-session";
import { formatDate, type Locale, type Messages } from "@/lib/i18n";
import { listAdminUsers } from "@/lib/services/admin-user.service";
import { adminDisabledAction, adminRoleAction, createAdminAction } from "../_actions/settings";
import { ActionForm, SubmitButton } from "@/components/admin/ui/action-form";
import { Badge } from "@/components/admin/ui/badge";
import { DialogButton } from "@/components/admin/ui/dialog";
import { Field, SelectInput, TextInput } from "@/components/admin/ui/fields";
import { formLabels } from "@/components/admin/ui/labels";
import { Section } from "@/components/admin/ui/layout";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";

export async function AdminsSection({ principal, locale, t, mutable }: { principal: AdminPrincipal; locale: Locale; t: Messages; mutable: boolean }) {
  const a = t.settings.admins;
  const users = await listAdminUsers();
  const add = mutable ? (
    <DialogButton label={`+ ${a.add}`} title={a.add} closeLabel={t.common.close} testId="add-admin">
      <ActionForm action={createAdminAction} labels={formLabels(t)} className="space-y-4" testId="add-admin-form">
        <Field label={a.email} name="email">
          <TextInput name="email" type="email" required autoComplete="off" />
        </Field>
        <Field label={a.name} name="name">
          <TextInput name="name" required maxLength={120} autoComplete="off" />
        </Field>
        <Field label={a.role} name="role">
          <SelectInput name="role" defaultValue="SUPPORT" options={(["SUPPORT", "SUPER_ADMIN"] as const).map((r) => ({ value: r, label: t.roles[r] }))} />
        </Field>
        <div className="flex justify-end">
          <SubmitButton pendingLabel={t.common.working} testId="add-admin-submit">
            {a.add}
          </SubmitButton>
        </div>
      </ActionForm>
    </DialogButton>
  ) : null;
  return (
    <Section id="admins" title={a.title} actions={add}>
      <Table caption={a.caption} testId="admins-table">
        <thead>
          <tr>
            <Th>{a.email}</Th>
            <Th className="hidden sm:table-cell">{a.name}</Th>
            <Th>{a.role}</Th>
            <Th>{a.state}</Th>
            <Th className="hidden md:table-cell">{a.lastLogin}</Th>
            {mutable ? <Th>{t.common.actions}</Th> : null}
          </tr>
        </thead>
        <Tbody>
          {users.map((u) => {
            const self = u.id === principal.id;
            return (
              <tr key={u.id}>
                <Td className="max-w-56 truncate">
                  {u.email} {self ? <span className="text-xs text-slate-600">({a.you})</span> : null}
                </Td>
                <Td className="hidden sm:table-cell">{u.name}</Td>
                <Td className="whitespace-nowrap">{t.roles[u.role]}</Td>
                <Td>{u.disabledAt ? <Badge tone="red">{a.disabled}</Badge> : <Badge tone="green">{a.active}</Badge>}</Td>
                <Td className="hidden text-xs whitespace-nowrap md:table-cell">{formatDate(u.lastLoginAt, locale, true)}</Td>
                {mutable ? (
                  <Td>
                    {self ? null : (
                      <div className="flex flex-wrap gap-1">
                        <ActionForm action={adminRoleAction.bind(null, u.id, u.role === "SUPER_ADMIN" ? "SUPPORT" : "SUPER_ADMIN")} labels={formLabels(t)}>
                          <SubmitButton variant="ghost" pendingLabel={t.common.working}>
                            {u.role === "SUPER_ADMIN" ? a.makeSupport : a.makeSuper}
                          </SubmitButton>
                        </ActionForm>
                        <ActionForm action={adminDisabledAction.bind(null, u.id, !u.disabledAt)} labels={formLabels(t)}>
                          <SubmitButton variant="ghost" pendingLabel={t.common.working}>
                            {u.disabledAt ? a.enable : a.disable}
                          </SubmitButton>
                        </ActionForm>
                      </div>
                    )}
                  </Td>
                ) : null}
              </tr>
            );
          })}
        </Tbody>
      </Table>
    </Section>
  );
}
