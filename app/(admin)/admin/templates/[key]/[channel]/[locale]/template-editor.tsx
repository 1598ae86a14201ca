"use client";
/**
 * The template editor: subject and text (plus the Twilio Content SID for WhatsApp), variables that
 * insert themselves at the cursor, and a preview re-rendered by the templates service as you type
 * (an unknown variable is refused there, with the service's message).
 */
import { useEffect, useRef, useState } from "react";
import { ActionForm, SubmitButton, type FormAction } from "@/components/admin/ui/action-form";
import { Field, TextArea, TextInput } from "@/components/admin/ui/fields";
import { Section } from "@/components/admin/ui/layout";
import type { PreviewResult } from "../../../../_actions/content";
import { PreviewPane } from "./preview-pane";

type Labels = Record<
  "subject" | "body" | "edit" | "contentSid" | "contentSidHint" | "variables" | "variablesHint" | "preview" | "previewHelp" | "previewing" | "previewFrame" | "whatsappVariables" | "save" | "saving" | "done" | "copy" | "copied",
  string
>;

export function TemplateEditor({
  target,
  initial,
  variables,
  whatsappVariables,
  initialPreview,
  save,
  preview,
  labels,
}: {
  target: { key: string; channel: "EMAIL" | "WHATSAPP"; locale: string };
  initial: { subject: string | null; bodyText: string; contentSid: string | null };
  variables: string[];
  whatsappVariables: string[];
  initialPreview: Extract<PreviewResult, { ok: true }>;
  save: FormAction;
  preview: (draft: { subject: string | null; bodyText: string }) => Promise<PreviewResult>;
  labels: Labels;
}) {
  const email = target.channel === "EMAIL";
  const [subject, setSubject] = useState(initial.subject ?? "");
  const [body, setBody] = useState(initial.bodyText);
  const [shown, setShown] = useState(initialPreview);
  const [problem, setProblem] = useState<{ title: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const focused = useRef<"subject" | "bodyText">("bodyText");
  const fields = useRef<{ subject: HTMLInputElement | null; bodyText: HTMLTextAreaElement | null }>({ subject: null, bodyText: null });
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    let current = true;
    const timer = window.setTimeout(async () => {
      setBusy(true);
      const result = await preview({ subject: email ? subject : null, bodyText: body });
      if (!current) return;
      setBusy(false);
      if (result.ok) {
        setShown(result);
        setProblem(null);
      } else setProblem({ title: result.title, message: result.message });
    }, 400);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [subject, body, email, preview]);

  function insert(name: string) {
    const which = email ? focused.current : "bodyText";
    const element = fields.current[which];
    const token = `{{${name}}}`;
    const value = which === "subject" ? subject : body;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    const next = value.slice(0, start) + token + value.slice(end);
    (which === "subject" ? setSubject : setBody)(next);
    window.requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
      <Section id="editor" title={labels.edit}>
        <ActionForm action={save} labels={labels} className="space-y-4" testId="template-form">
          {email ? (
            <Field label={labels.subject} name="subject">
              <TextInput name="subject" value={subject} onChange={(e) => setSubject(e.target.value)} onFocus={() => (focused.current = "subject")} ref={(el) => void (fields.current.subject = el)} maxLength={200} required />
            </Field>
          ) : null}
          <Field label={labels.body} name="bodyText">
            <TextArea name="bodyText" value={body} onChange={(e) => setBody(e.target.value)} onFocus={() => (focused.current = "bodyText")} ref={(el) => void (fields.current.bodyText = el)} rows={14} className="font-mono text-[13px]" required />
          </Field>
          {!email ? (
            <Field label={labels.contentSid} name="contentSid" hint={labels.contentSidHint}>
              <TextInput name="contentSid" defaultValue={initial.contentSid ?? ""} placeholder="HX…" spellCheck={false} aria-describedby="contentSid-hint" />
            </Field>
          ) : null}
          <div>
            <p className="text-xs font-medium text-slate-700">{labels.variables}</p>
            <p className="text-xs text-slate-600">{labels.variablesHint}</p>
            <div className="mt-2 flex flex-wrap gap-1.5">
              {variables.map((v) => (
                <button key={v} type="button" onClick={() => insert(v)} className="rounded-md bg-slate-100 px-2 py-1 font-mono text-xs text-slate-800 ring-1 ring-slate-200 hover:bg-brand-50 hover:ring-brand-500">
                  {`{{${v}}}`}
                </button>
              ))}
            </div>
            {!email ? <p className="mt-2 text-xs text-slate-600">{`${labels.whatsappVariables} : ${whatsappVariables.map((v, i) => `{{${i + 1}}} = ${v}`).join(", ")}`}</p> : null}
          </div>
          <div className="flex justify-end">
            <SubmitButton pendingLabel={labels.saving} testId="template-save">
              {labels.save}
            </SubmitButton>
          </div>
        </ActionForm>
      </Section>
      <Section id="preview" title={labels.preview} description={labels.previewHelp} actions={busy ? <span className="text-xs text-slate-600">{labels.previewing}</span> : null}>
        {problem ? (
          <p role="alert" className="mb-3 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="preview-error">
            <span className="font-medium">{problem.title}</span> {problem.message}
          </p>
        ) : null}
        <PreviewPane preview={shown} labels={{ subject: labels.subject, frame: labels.previewFrame }} />
      </Section>
    </div>
  );
}
