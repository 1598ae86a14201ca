// GET /signup — the English address of the sign-up form: the same page as /inscription (its form posts there)
import { GET as signupForm } from "../inscription/route";

export const GET = signupForm;
