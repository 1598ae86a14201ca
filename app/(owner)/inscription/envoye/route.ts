// GET /inscription/envoye — "check your email": the one answer to every sign-up that was accepted
import { html, ownerPage } from "@/lib/owner-web/http";
import { SignupSentView } from "@/lib/owner-web/views/signup";

export const GET = ownerPage(async (ctx) => html(SignupSentView({ ctx })));
