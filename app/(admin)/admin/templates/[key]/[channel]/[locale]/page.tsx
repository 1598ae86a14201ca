// /admin/templates/[key]/[channel]/[locale] — edit a template with a live preview (super-admins), or read it (support)
import { titled } from "@/lib/i18n/metadata";
import { notFound } from "next/navigation";
import { canMutate, requireAdminPage } from "@/lib/auth/admin-session";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { format, formatDate } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { getTemplate, previewTemplate, templateRef } from "@/lib/services/notifications/templates.service";
import { previewTemplateAction, saveTemplateAction } from "../../../../_actions/content";
import { Badge } from "@/components/admin/ui/badge";
import { formLabels } from "@/components/admin/ui/labels";
import { PageHeader, Section } from "@/components/admin/ui/layout";
import { PreviewPane } from "./preview-pane";
import { TemplateEditor } from "./template-editor";

export const generateMetadata = titled((t) => t.templates.title);

function refOrNotFound(key: string, channel: string, locale: string) {
  try {
    return templateRef(key, channel, locale);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function TemplatePage({ params }: { params: Promise<{ key: string; channel: string; locale: string }> }) {
  const [principal, { locale, t }, p] = await Promise.all([requireAdminPage(), getMessages(), params]);
  const ref = refOrNotFound(p.key, p.channel, p.locale);
  const [template, preview] = await Promise.all([getTemplate(ref), previewTemplate({ ...ref, now: now() })]);
  const m = t.templates;
  const plain = { key: ref.key, channel: ref.channel, locale: ref.locale };
  const title = format(m.editTitle, { key: ref.key, channel: t.channels[ref.channel], locale: (t.locales as Record<string, string>)[ref.locale] ?? ref.locale });
  return (
    <div>
      <PageHeader
        back={{ href: "/admin/templates", label: m.back }}
        title={title}
        badge={<Badge tone="violet">{template.version > 0 ? format(m.version, { version: template.version }) : m.defaultVersion}</Badge>}
        description={`${(m.descriptions as Record<string, string>)[ref.key] ?? template.description}${template.createdAt ? ` · ${format(m.lastEdit, { date: formatDate(template.createdAt, locale, true) })}` : ""}`}
      />
      {canMutate(principal) ? (
        <TemplateEditor
          key={`${template.version}`}
          target={plain}
          initial={{ subject: template.subject, bodyText: template.bodyText, contentSid: template.contentSid }}
          variables={[...template.variables]}
          whatsappVariables={[...template.whatsappVariables]}
          initialPreview={{ ok: true, subject: preview.subject, text: preview.text, html: preview.html }}
          save={saveTemplateAction.bind(null, plain)}
          preview={previewTemplateAction.bind(null, plain)}
          labels={{ ...m, ...formLabels(t), saving: t.common.saving }}
        />
      ) : (
        <Section id="preview" title={m.preview} description={m.readOnly}>
          <PreviewPane preview={{ ok: true, subject: preview.subject, text: preview.text, html: preview.html }} labels={{ subject: m.subject, frame: m.previewFrame }} />
        </Section>
      )}
    </div>
  );
}
