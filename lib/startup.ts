/** Start-up checks for the Node.js server (see instrumentation.ts). */
import { ConfigError, parseEnv } from "@/lib/env";

export function checkConfigurationOrExit(): void {
  try {
    parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
