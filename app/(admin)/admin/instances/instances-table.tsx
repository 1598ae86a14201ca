"use client";
/** The instance list with row selection and bulk suspend / reactivate (rows change at once, then the server's answer). */
import Link from "next/link";
import { useEffect, useOptimistic, useRef, useState } from "react";
import { format } from "@/lib/i18n/format";
import type { ActionResult } from "@/lib/actions/result";
import { ActionForm, SubmitButton, type FormAction } from "@/components/admin/ui/action-form";
import { StatusBadge } from "@/components/admin/ui/badge";
import { DialogButton, DialogCancel } from "@/components/admin/ui/dialog";
import { Field, TextArea } from "@/components/admin/ui/fields";
import { Empty } from "@/components/admin/ui/layout";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";

export type InstanceRow = { id: string; name: string; subdomain: string; owner: string; country: string; status: string; statusLabel: string; plan: string; subscription: string; periodEnd: string; created: string };

type Labels = {
  columns: Record<"select" | "name" | "owner" | "country" | "status" | "plan" | "periodEnd" | "created", string>;
  caption: string;
  empty: string;
  selectAll: string;
  selectRow: string;
  selected: string;
  clearSelection: string;
  bulkSuspend: string;
  bulkReactivate: string;
  bulkSuspendTitle: string;
  reason: string;
  reasonHint: string;
  suspendedLabel: string;
  activeLabel: string;
  cancel: string;
  close: string;
  done: string;
  copy: string;
  copied: string;
  working: string;
};

type Change = { ids: string[]; status: string; label: string };

export function InstancesTable({ rows, labels, mutable, suspendAction, reactivateAction }: { rows: InstanceRow[]; labels: Labels; mutable: boolean; suspendAction: FormAction; reactivateAction: FormAction }) {
  const [selected, setSelected] = useState<string[]>([]);
  const [view, applyOptimistic] = useOptimistic(rows, (current: Array<InstanceRow & { pending?: boolean }>, change: Change) =>
    current.map((r) => (change.ids.includes(r.id) ? { ...r, status: change.status, statusLabel: change.label, pending: true } : r)),
  );
  const all = useRef<HTMLInputElement>(null);
  const visible = new Set(rows.map((r) => r.id));
  const chosen = selected.filter((id) => visible.has(id));
  useEffect(() => {
    if (all.current) all.current.indeterminate = chosen.length > 0 && chosen.length < rows.length;
  }, [chosen.length, rows.length]);
  const optimistic = (action: FormAction, status: string, label: string): FormAction => async (state: ActionResult, form: FormData) => {
    applyOptimistic({ ids: form.getAll("id").map(String), status, label });
    const result = await action(state, form);
    if (result.ok) setSelected([]);
    return result;
  };
  const formLabels = { done: labels.done, copy: labels.copy, copied: labels.copied };
  const hidden = chosen.map((id) => <input key={id} type="hidden" name="id" value={id} />);
  if (rows.length === 0) return <Empty>{labels.empty}</Empty>;
  return (
    <div>
      {mutable && chosen.length > 0 ? (
        <div className="sticky top-0 z-10 mb-2 flex flex-wrap items-center gap-2 rounded-lg border border-brand-100 bg-brand-50 px-3 py-2 text-sm" role="region" aria-label={format(labels.selected, { count: chosen.length })}>
          <span className="font-medium text-brand-900" data-testid="selection-count">
            {format(labels.selected, { count: chosen.length })}
          </span>
          <DialogButton label={labels.bulkSuspend} title={format(labels.bulkSuspendTitle, { count: chosen.length })} closeLabel={labels.close} testId="bulk-suspend">
            <ActionForm action={optimistic(suspendAction, "SUSPENDED", labels.suspendedLabel)} labels={formLabels} className="space-y-4">
              {hidden}
              <Field label={labels.reason} name="reason" hint={labels.reasonHint}>
                <TextArea name="reason" rows={3} required minLength={3} maxLength={500} />
              </Field>
              <div className="flex justify-end gap-2">
                <DialogCancel label={labels.cancel} />
                <SubmitButton variant="danger" pendingLabel={labels.working}>
                  {labels.bulkSuspend}
                </SubmitButton>
              </div>
            </ActionForm>
          </DialogButton>
          <ActionForm action={optimistic(reactivateAction, "ACTIVE", labels.activeLabel)} labels={formLabels}>
            {hidden}
            <SubmitButton variant="secondary" pendingLabel={labels.working} testId="bulk-reactivate">
              {labels.bulkReactivate}
            </SubmitButton>
          </ActionForm>
          <button type="button" className="ml-auto text-sm text-slate-700 underline" onClick={() => setSelected([])}>
            {labels.clearSelection}
          </button>
        </div>
      ) : null}
      <Table caption={labels.caption} testId="instances-table">
        <thead>
          <tr>
            {mutable ? (
              <Th className="w-10">
                <input
                  ref={all}
                  type="checkbox"
                  aria-label={labels.selectAll}
                  checked={chosen.length === rows.length}
                  onChange={(e) => setSelected(e.target.checked ? rows.map((r) => r.id) : [])}
                  className="h-4 w-4 rounded border-slate-400"
                />
              </Th>
            ) : null}
            <Th>{labels.columns.name}</Th>
            <Th className="hidden md:table-cell">{labels.columns.owner}</Th>
            <Th className="hidden lg:table-cell">{labels.columns.country}</Th>
            <Th>{labels.columns.status}</Th>
            <Th>{labels.columns.plan}</Th>
            <Th className="hidden sm:table-cell">{labels.columns.periodEnd}</Th>
            <Th className="hidden lg:table-cell">{labels.columns.created}</Th>
          </tr>
        </thead>
        <Tbody>
          {view.map((r) => (
            <tr key={r.id} className={`hover:bg-slate-50 ${"pending" in r && r.pending ? "opacity-60" : ""}`} data-testid="instance-row">
              {mutable ? (
                <Td>
                  <input
                    type="checkbox"
                    aria-label={format(labels.selectRow, { name: r.name })}
                    checked={chosen.includes(r.id)}
                    onChange={(e) => setSelected((s) => (e.target.checked ? [...s, r.id] : s.filter((id) => id !== r.id)))}
                    className="h-4 w-4 rounded border-slate-400"
                  />
                </Td>
              ) : null}
              <Td>
                <Link href={`/admin/instances/${r.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                  {r.name}
                </Link>
                <div className="font-mono text-xs text-slate-600">{r.subdomain}</div>
              </Td>
              <Td className="hidden max-w-56 truncate md:table-cell" title={r.owner}>
                {r.owner}
              </Td>
              <Td className="hidden whitespace-nowrap lg:table-cell">{r.country}</Td>
              <Td>
                <StatusBadge status={r.status} label={r.statusLabel} />
              </Td>
              <Td className="whitespace-nowrap">
                {r.plan}
                {r.subscription ? <div className="text-xs text-slate-600">{r.subscription}</div> : null}
              </Td>
              <Td className="hidden whitespace-nowrap sm:table-cell">{r.periodEnd}</Td>
              <Td className="hidden whitespace-nowrap lg:table-cell">{r.created}</Td>
            </tr>
          ))}
        </Tbody>
      </Table>
    </div>
  );
}
