import type { Locale, Messages } from "@/lib/i18n";
import type { getInstanceDetail } from "@/lib/services/instance.service";

export type InstanceDetail = Awaited<ReturnType<typeof getInstanceDetail>>;
export type SectionProps = { instance: InstanceDetail; locale: Locale; t: Messages; mutable: boolean };
