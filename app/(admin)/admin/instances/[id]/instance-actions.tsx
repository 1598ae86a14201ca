/** The instance's own actions (super-admins only): suspend with a reason, reactivate, redeploy, retry, delete with typed confirmation. */
import { format, type Messages } from "@/lib/i18n";
import { ActionForm, SubmitButton } from "@/components/admin/ui/action-form";
import { DialogButton, DialogCancel } from "@/components/admin/ui/dialog";
import { Field, TextArea, TextInput } from "@/components/admin/ui/fields";
import { formLabels } from "@/components/admin/ui/labels";
import { deleteAction, reactivateAction, redeployAction, retryAction, suspendAction } from "../../_actions/instances";
import type { InstanceDetail } from "./types";

export function InstanceActions({ instance, t }: { instance: InstanceDetail; t: Messages }) {
  const a = t.detail.actions;
  const labels = formLabels(t);
  return (
    <>
      {instance.status === "ACTIVE" ? (
        <DialogButton label={a.suspend} title={format(a.suspendTitle, { name: instance.name })} description={a.suspendHelp} closeLabel={t.common.close} testId="suspend">
          <ActionForm action={suspendAction.bind(null, instance.id)} labels={labels} className="space-y-4">
            <Field label={t.instances.reason} name="reason" hint={t.instances.reasonHint}>
              <TextArea name="reason" rows={3} required minLength={3} maxLength={500} aria-describedby="reason-hint" />
            </Field>
            <div className="flex justify-end gap-2">
              <DialogCancel label={t.common.cancel} />
              <SubmitButton variant="danger" pendingLabel={t.common.working} testId="suspend-submit">
                {a.suspend}
              </SubmitButton>
            </div>
          </ActionForm>
        </DialogButton>
      ) : null}
      {instance.status === "SUSPENDED" ? (
        <ActionForm action={reactivateAction.bind(null, instance.id)} labels={labels}>
          <SubmitButton pendingLabel={t.common.working} testId="reactivate">
            {a.reactivate}
          </SubmitButton>
        </ActionForm>
      ) : null}
      {instance.status === "ACTIVE" ? (
        <ActionForm action={redeployAction.bind(null, instance.id)} labels={labels}>
          <SubmitButton variant="secondary" pendingLabel={t.common.working} testId="redeploy">
            {a.redeploy}
          </SubmitButton>
        </ActionForm>
      ) : null}
      {instance.status === "PROVISIONING_FAILED" ? (
        <ActionForm action={retryAction.bind(null, instance.id)} labels={labels}>
          <SubmitButton pendingLabel={t.common.working} testId="retry">
            {a.retry}
          </SubmitButton>
        </ActionForm>
      ) : null}
      <DialogButton label={a.delete} variant="ghost" title={format(a.deleteTitle, { name: instance.name })} description={a.deleteHelp} closeLabel={t.common.close} testId="delete">
        <ActionForm action={deleteAction.bind(null, instance.id)} labels={labels} className="space-y-4">
          <Field label={format(a.deleteConfirm, { subdomain: instance.subdomain })} name="confirm">
            <TextInput name="confirm" required autoComplete="off" spellCheck={false} pattern={instance.subdomain.replace(/[-]/g, "\\-")} />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogCancel label={t.common.cancel} />
            <SubmitButton variant="danger" pendingLabel={t.common.working} testId="delete-submit">
              {a.deleteSubmit}
            </SubmitButton>
          </div>
        </ActionForm>
      </DialogButton>
    </>
  );
}
