// npx tsx scripts/dev-smtp.ts [--port 2525]
// A local SMTP server for trying the real SMTP driver without sending anything out: it accepts every
// message on 127.0.0.1 and prints its sender, recipients, subject and text. Run the console with
// EMAIL_DRIVER=smtp SMTP_HOST=127.0.0.1 SMTP_PORT=2525. Stop it with Ctrl-C.
import { parseArgs } from "node:util";
import { startSmtpFake } from "../tests/fakes/smtp";

const { values } = parseArgs({ options: { port: { type: "string", default: "2525" } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error("--port must be a port number (1-65535).");
  process.exit(2);
}

// Nothing is kept in memory: the console's outbox row already holds each message.
const server = await startSmtpFake({
  port,
  keep: false,
  onMessage: (mail) => console.log(`\n── ${new Date().toISOString()}  ${mail.from} → ${mail.to.join(", ")}\nSubject: ${mail.subject}\n\n${mail.text}`),
});
console.log(`Local SMTP server on 127.0.0.1:${server.port}. Set EMAIL_DRIVER=smtp SMTP_HOST=127.0.0.1 SMTP_PORT=${server.port}.`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
