/** Who the e2e server's first super-admin is (passed to it by playwright.config.ts). */
export const E2E_ADMIN = { email: "e2e-admin@afrikapharma.test", password: "e2e-password-1234" };
