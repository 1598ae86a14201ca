"use server";
/** Template and notification actions: the services behind /api/admin/templates/** and /api/admin/notifications/**. */
import { field, mutation } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { format } from "@/lib/i18n";
import { parseWith } from "@/lib/http";
import { updateNotificationPreferences } from "@/lib/services/notifications/preferences.service";
import { resendNotification } from "@/lib/services/notifications/outbox.service";
import { previewTemplate, templateRef, updateTemplate } from "@/lib/services/notifications/templates.service";
import { ZUpdateTemplateRequest } from "@/types/notifications";

type Ref = { key: string; channel: string; locale: string };

function content(form: FormData) {
  return parseWith(
    ZUpdateTemplateRequest,
    { subject: form.has("subject") ? String(form.get("subject") ?? "") : null, bodyText: String(form.get("bodyText") ?? ""), ...(form.has("contentSid") ? { contentSid: field(form, "contentSid") } : {}) },
    "The template",
  );
}

export async function saveTemplateAction(ref: Ref, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ actor, now }) => updateTemplate({ ...templateRef(ref.key, ref.channel, ref.locale), ...content(form), actor, now }),
    (saved, t) => (saved.changed ? format(t.templates.saved, { version: saved.version }) : t.templates.unchanged),
  );
}

export type PreviewResult = { ok: true; subject: string | null; text: string; html: string | null } | { ok: false; title: string; message: string };

/** Renders a draft with sample data (writes nothing); for editors only, like POST /api/admin/templates/preview. */
export async function previewTemplateAction(ref: Ref, draft: { subject: string | null; bodyText: string }): Promise<PreviewResult> {
  let preview: Awaited<ReturnType<typeof previewTemplate>> | undefined;
  const result = await mutation(async ({ now }) => {
    preview = await previewTemplate({ ...templateRef(ref.key, ref.channel, ref.locale), subject: draft.subject, bodyText: draft.bodyText, now });
  }, undefined, { writes: false });
  if (!result.ok) return { ok: false, title: result.title, message: result.message };
  return { ok: true, subject: preview!.subject, text: preview!.text, html: preview!.html };
}

export async function resendAction(id: string): Promise<ActionResult> {
  return mutation(async ({ actor, now }) => resendNotification({ id, actor, now }), (_, t) => t.outbox.resent);
}

export async function preferencesAction(instanceId: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ actor, now }) => updateNotificationPreferences({ instanceId, emailOptOut: form.get("emailOptOut") === "on", whatsappOptOut: form.get("whatsappOptOut") === "on", actor, now }),
    (_, t) => t.detail.notifications.saved,
  );
}
