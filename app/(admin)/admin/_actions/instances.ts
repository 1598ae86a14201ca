"use server";
/** Instance actions of the dashboard: the same services as /api/admin/instances/**, role re-checked on every call. */
import { field, mutation } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { format } from "@/lib/i18n";
import { parseWith } from "@/lib/http";
import { bulkInstances, ZBulkInstancesRequest } from "@/lib/services/instance-bulk";
import { createInstance, deleteInstance, reactivateInstance, redeployInstance, retryProvisioning, suspendInstance } from "@/lib/services/instance.service";
import { ZCreateInstanceRequest, ZSuspendRequest } from "@/types/instances";

const optional = (form: FormData, name: string) => field(form, name) || undefined;

export async function createInstanceAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ actor, now }) => {
      const request = parseWith(
        ZCreateInstanceRequest,
        {
          name: field(form, "name"),
          subdomain: field(form, "subdomain"),
          ownerEmail: field(form, "ownerEmail"),
          ownerName: optional(form, "ownerName"),
          ownerPhone: optional(form, "ownerPhone"),
          country: optional(form, "country"),
          locale: optional(form, "locale"),
          planType: optional(form, "planType"),
        },
        "The instance",
      );
      return createInstance({ request, actor, now });
    },
    (instance, t) => ({ message: format(t.createInstance.created, { name: instance.name }), redirectTo: `/admin/instances/${instance.id}` }),
  );
}

export async function suspendAction(id: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ actor, now }) => suspendInstance({ id, reason: parseWith(ZSuspendRequest, { reason: field(form, "reason") }, "The suspension").reason, actor, now }),
    (_, t) => t.detail.actions.suspended,
  );
}

export async function reactivateAction(id: string): Promise<ActionResult> {
  return mutation(async ({ actor, now }) => reactivateInstance({ id, actor, now }), (_, t) => t.detail.actions.reactivated);
}

export async function redeployAction(id: string): Promise<ActionResult> {
  return mutation(async ({ actor, now }) => redeployInstance({ id, actor, now }), (_, t) => t.detail.actions.redeployed);
}

export async function retryAction(id: string): Promise<ActionResult> {
  return mutation(async ({ actor, now }) => retryProvisioning({ id, actor, now }), (_, t) => t.detail.actions.retried);
}

export async function deleteAction(id: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ actor, now }) => deleteInstance({ id, confirm: field(form, "confirm"), actor, now }),
    (_, t) => ({ message: t.detail.actions.deleted, redirectTo: "/admin/instances" }),
  );
}

export async function bulkAction(kind: "suspend" | "reactivate", _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ actor, now }) => {
      const ids = form.getAll("id").filter((v): v is string => typeof v === "string");
      const request = parseWith(ZBulkInstancesRequest, kind === "suspend" ? { action: kind, ids, reason: field(form, "reason") } : { action: kind, ids }, "The selection");
      return bulkInstances({ request, actor, now });
    },
    (result, t) => {
      const summary = format(t.instances.bulkDone, { changed: result.changed.length, skipped: result.skipped.length });
      const reasons = [...new Set(result.skipped.map((s) => t.instances.skipReasons[s.reason]))];
      return reasons.length ? `${summary} (${reasons.join(" ; ")})` : summary;
    },
  );
}
