/**
 * Runs once when a Next.js server starts (also on Vercel, where scripts/serve.ts does not run):
 * a configuration that is missing or wrong stops the server with a message naming each variable.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigurationOrExit } = await import("./lib/startup");
    checkConfigurationOrExit();
  }
}
