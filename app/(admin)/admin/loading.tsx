import { getMessages } from "@/lib/i18n/server";
import { PageSkeleton } from "@/components/admin/ui/skeleton";

export default async function AdminLoading() {
  const { t } = await getMessages();
  return <PageSkeleton label={t.common.loading} />;
}
