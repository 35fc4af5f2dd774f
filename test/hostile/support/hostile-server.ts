/**
 * The real server process the fuzzers attack: `src/main.ts` spawned with a
 * temporary PostgreSQL database, JWT auth, internal API keys and a fake
 * matchmaking service recording the room callbacks. It watches the process
 * for an exit, reads memory from GET /metrics and picks error lines from the
 * server's JSON log.
 */
import { FakePlatform } from "../../platform/fake-platform.js";
import { freePort, waitFor } from "../../support/net.js";
import { spawnServer, type ServerProcess } from "../../support/process.js";
import { createTempDatabase, type TempDatabase } from "../../support/services.js";

export const JWT_SECRET = "fuzz-secret-".padEnd(48, "z");
export const INTERNAL_KEY = "fuzz-internal-key-0123456789";

/** Memory figures read from GET /metrics. */
export interface MemorySample {
  heapUsed: number;
  rss: number;
}

/** A running server under attack. */
export class HostileServer {
  exitCode: number | string | undefined;

  private constructor(
    readonly proc: ServerProcess,
    readonly port: number,
    readonly platform: FakePlatform,
    private readonly database: TempDatabase,
  ) {
    void proc.exited.then((code) => (this.exitCode = code));
  }

  /** Spawns and waits for /readyz. */
  static async start(env: Record<string, string> = {}): Promise<HostileServer> {
    const platform = await FakePlatform.start();
    const database = await createTempDatabase();
    const port = await freePort();
    const proc = spawnServer({
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_NAME: "fuzz-node",
      DATABASE_URL: database.url,
      DATA_DIR: "/tmp",
      JWT_SECRET,
      INTERNAL_API_KEYS: INTERNAL_KEY,
      PLATFORM_URL: platform.url,
      PLATFORM_API_KEY: "fuzz-platform-key-0123",
      JOIN_TIMEOUT: "120",
      LOG_LEVEL: "warn",
      SHUTDOWN_TIMEOUT_MS: "3000",
      ...env,
    });
    const server = new HostileServer(proc, port, platform, database);
    await waitFor(
      async () => (await fetch(`${server.url}/readyz`)).status === 200,
      60_000,
      `the server to be ready; output:\n${proc.output().slice(-4000)}`,
    );
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** True while the process runs. */
  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** Heap used and RSS of the server process (from its own /metrics). */
  async memory(): Promise<MemorySample> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const read = (name: string) => {
      const line = text.split("\n").find((l) => l.startsWith(name + "{") || l.startsWith(name + " "));
      if (line === undefined) throw new Error(`/metrics has no ${name}`);
      return Number(line.slice(line.lastIndexOf(" ") + 1));
    };
    return { heapUsed: read("nodejs_heap_size_used_bytes"), rss: read("process_resident_memory_bytes") };
  }

  /** Log lines at error level or above (pino level >= 50), and any non-JSON line that looks like a crash. */
  errorLines(): string[] {
    return this.proc
      .output()
      .split("\n")
      .filter((line) => {
        if (line.trim() === "") return false;
        try {
          const entry = JSON.parse(line) as { level?: number };
          return typeof entry.level === "number" && entry.level >= 50;
        } catch {
          return /Error|uncaught|FATAL|heap out of memory/i.test(line);
        }
      });
  }

  /** Managed rooms the server reported as aborted to the matchmaking service: `room_id reason`. */
  abortedCallbacks(): string[] {
    return this.platform.requests
      .filter((r) => r.method === "PUT" && r.path.endsWith("/aborted"))
      .map((r) => `${r.path} ${JSON.stringify(r.body)}`);
  }

  /** Stops the process (SIGTERM, then SIGKILL), the platform and the database. */
  async stop(): Promise<void> {
    if (this.alive) {
      this.proc.child.kill("SIGTERM");
      const hung = await Promise.race([this.proc.exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 8_000))]);
      if (hung) this.proc.child.kill("SIGKILL");
    }
    await this.platform.close();
    await this.database.drop().catch(() => undefined);
  }
}
