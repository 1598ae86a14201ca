import { z } from "zod";

export const ZCreateApiTokenRequest = z.object({
  name: z.string().trim().min(1, "is required").max(80),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type TCreateApiTokenRequest = z.infer<typeof ZCreateApiTokenRequest>;
