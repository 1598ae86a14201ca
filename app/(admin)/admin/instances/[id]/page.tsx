// /admin/instances/[id] — one instance: status and history, subscription, money, messages, deployments, database, entitlement
import { titled } from "@/lib/i18n/metadata";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { canMutate, requireAdminPage } from "@/lib/auth/admin-session";
import { AppError } from "@/lib/errors";
import { getMessages } from "@/lib/i18n/server";
import { getInstanceDetail } from "@/lib/services/instance.service";
import { instanceDomain } from "@/lib/services/vercel.service";
import { StatusBadge } from "@/components/admin/ui/badge";
import { PageHeader } from "@/components/admin/ui/layout";
import { SectionSkeleton } from "@/components/admin/ui/skeleton";
import { InstanceActions } from "./instance-actions";
import { DeploymentsSection } from "./sections/deployments";
import { ManualPaymentSection, PaymentLinkSection } from "./sections/forms";
import { HistorySection } from "./sections/history";
import { InvoicesSection } from "./sections/invoices";
import { NotificationsSection } from "./sections/notifications";
import { PaymentsSection } from "./sections/payments";
import { EntitlementSection, SummarySection, TenantDbSection } from "./sections/side";
import { SubscriptionSection } from "./sections/subscription";

export const generateMetadata = titled((t) => t.nav.instances);

async function load(id: string) {
  try {
    return await getInstanceDetail(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  const [principal, { locale, t }, { id }] = await Promise.all([requireAdminPage(), getMessages(), params]);
  const instance = await load(id);
  const mutable = canMutate(principal) && instance.status !== "DELETED";
  const host = instanceDomain(instance.subdomain);
  const props = { instance, locale, t, mutable };
  const wait = (rows = 3) => <SectionSkeleton rows={rows} label={t.common.loading} />;
  return (
    <div>
      <PageHeader
        back={{ href: "/admin/instances", label: t.detail.back }}
        title={<span data-testid="instance-name">{instance.name}</span>}
        badge={<StatusBadge status={instance.status} label={t.status.instance[instance.status]} testId="instance-status" />}
        description={
          <span className="font-mono text-xs">
            {instance.status === "ACTIVE" ? (
              <a href={`https://${host}`} target="_blank" rel="noreferrer" className="text-brand-700 underline" aria-label={t.detail.open.replace("{host}", host)}>
                {host}
              </a>
            ) : (
              host
            )}{" "}
            · {instance.id}
          </span>
        }
        actions={mutable ? <InstanceActions instance={instance} t={t} /> : null}
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <SubscriptionSection {...props} />
          <Suspense fallback={wait(4)}>
            <PaymentsSection {...props} />
          </Suspense>
          <Suspense fallback={wait()}>
            <InvoicesSection {...props} />
          </Suspense>
          <Suspense fallback={wait(5)}>
            <HistorySection {...props} />
          </Suspense>
          <Suspense fallback={wait()}>
            <NotificationsSection {...props} />
          </Suspense>
          <Suspense fallback={wait()}>
            <DeploymentsSection {...props} />
          </Suspense>
        </div>
        <div className="space-y-6">
          <SummarySection {...props} />
          <Suspense fallback={wait(2)}>
            <EntitlementSection {...props} />
          </Suspense>
          <TenantDbSection {...props} />
          {mutable ? (
            <>
              <PaymentLinkSection {...props} />
              <Suspense fallback={wait(4)}>
                <ManualPaymentSection {...props} />
              </Suspense>
            </>
          ) : null}
        </div>
      </div>
    </div>
  );
}
