/** A rendered template: subject, text, and the email's HTML inside a sandboxed frame. */
import type { PreviewResult } from "../../../../_actions/content";

export function PreviewPane({ preview, labels }: { preview: Extract<PreviewResult, { ok: true }>; labels: { subject: string; frame: string } }) {
  return (
    <div className="space-y-3" data-testid="template-preview">
      {preview.subject !== null ? (
        <p className="text-sm">
          <span className="text-xs font-medium text-slate-600">{labels.subject} : </span>
          <span className="font-medium" data-testid="preview-subject">
            {preview.subject}
          </span>
        </p>
      ) : null}
      {preview.html ? (
        // sandbox="" : the rendered HTML can run nothing, submit nothing and navigate nowhere.
        <iframe sandbox="" srcDoc={preview.html} title={labels.frame} className="h-[420px] w-full rounded-lg border border-slate-200 bg-white" />
      ) : null}
      <pre className="overflow-x-auto rounded-lg bg-slate-50 p-3 text-sm whitespace-pre-wrap" data-testid="preview-text">
        {preview.text}
      </pre>
    </div>
  );
}
