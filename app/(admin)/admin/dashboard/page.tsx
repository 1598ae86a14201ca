// /admin/dashboard — the business at a glance: instances, revenue, the month's health, 12 months of history
import { titled } from "@/lib/i18n/metadata";
import { Suspense } from "react";
import { requireAdminPage } from "@/lib/auth/admin-session";
import { now } from "@/lib/clock";
import { format } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { getOverviewCached, OVERVIEW_TTL_MS } from "@/lib/services/stats.service";
import { PageHeader } from "@/components/admin/ui/layout";
import { PageSkeleton } from "@/components/admin/ui/skeleton";
import { OverviewFigures } from "./figures";

export const generateMetadata = titled((t) => t.dashboard.title);

export default async function DashboardPage() {
  const [principal, { locale, t }] = await Promise.all([requireAdminPage(), getMessages()]);
  return (
    <div>
      <PageHeader
        title={t.dashboard.title}
        description={
          <>
            {format(t.dashboard.welcome, { name: principal.name })}. {t.dashboard.subtitle}
          </>
        }
      />
      <Suspense fallback={<PageSkeleton label={t.common.loading} />}>
        <Figures locale={locale} />
      </Suspense>
    </div>
  );
}

async function Figures({ locale }: { locale: "fr" | "en" }) {
  const { t } = await getMessages();
  const { value, computedAt } = await getOverviewCached(now);
  const age = Math.max(0, Math.round((Date.now() - computedAt.getTime()) / 1000));
  return (
    <>
      <p className="-mt-4 mb-5 text-xs text-slate-600" data-testid="overview-age">
        {age < 1 ? t.common.updatedNow : format(t.common.updatedAgo, { seconds: age })} · {format(t.dashboard.cacheNote, { seconds: OVERVIEW_TTL_MS / 1000 })}
      </p>
      <OverviewFigures overview={value} locale={locale} t={t} />
    </>
  );
}
