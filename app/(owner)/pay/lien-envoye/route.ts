// GET /pay/lien-envoye — "if this link belongs to a pharmacy, a new one was sent to its email and WhatsApp"
import { html, ownerPage } from "@/lib/owner-web/http";
import { LinkSentView } from "@/lib/owner-web/views/pay";

export const GET = ownerPage(async (ctx) => html(LinkSentView({ ctx })));
