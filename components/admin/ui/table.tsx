/** A scrollable, captioned table: horizontal scroll on a phone instead of a squeezed layout. */
import type { ReactNode, ThHTMLAttributes, TdHTMLAttributes } from "react";

export function Table({ caption, children, testId }: { caption: string; children: ReactNode; testId?: string }) {
  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0 sm:rounded-lg sm:border sm:border-slate-200">
      <table data-testid={testId} className="min-w-full divide-y divide-slate-200 text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ children, className = "", ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th scope="col" className={`bg-slate-50 px-3 py-2 text-xs font-medium whitespace-nowrap text-slate-600 ${className}`} {...rest}>
      {children}
    </th>
  );
}

export function Td({ children, className = "", ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return (
    <td className={`px-3 py-2 align-top ${className}`} {...rest}>
      {children}
    </td>
  );
}

export function Tbody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-100 bg-white">{children}</tbody>;
}
