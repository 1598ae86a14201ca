/** Page titles in the admin's language: `export const generateMetadata = titled((t) => t.nav.payments);` */
import type { Metadata } from "next";
import type { Messages } from "./index";
import { getMessages } from "./server";

export function titled(pick: (t: Messages) => string) {
  return async (): Promise<Metadata> => {
    const { t } = await getMessages();
    return { title: pick(t) };
  };
}
