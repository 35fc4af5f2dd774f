/**
 * `npm run bench:rooms`: our rooms against the stock minimal Colyseus room, in
 * one run on one machine. It starts the bench server (the production server
 * plus the stock room) pinned to core 0 and, phase by phase (stock first),
 * generator processes pinned to core 1 (`taskset`, where it exists). For each
 * phase it reads the server process's own CPU time (/proc/<pid>/stat) over a
 * steady window and divides it by the actions all generators sent in that
 * window: server CPU per action. It prints that beside action→patch latency,
 * errors, disconnects, server memory and event-loop delay, and the ratio of
 * each game's (and the hidden-hand yardstick's) CPU per action to the stock
 * room's.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { serverNodeFlagsFor } from "../../src/node-flags.js";
import { metricValue } from "../server-metrics.js";
import { ALLOCATED_METRIC } from "./heap-allocation.js";
import { summarize, type LatencySummary } from "../stats.js";
import type { Scenario, WorkerDone, WorkerMessage, WorkerTask } from "./protocol.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

/** The database the bench server ran on. */
export type BenchDatabase = "embedded (PGlite on disk)" | "embedded (PGlite in memory)" | "postgresql";

/** Which database `options` gives the server. */
export function benchDatabase(options: Pick<BenchOptions, "serverEnv" | "dataDir">): BenchDatabase {
  if (options.serverEnv.DATABASE_URL !== undefined) return "postgresql";
  return options.dataDir === ":memory:" ? "embedded (PGlite in memory)" : "embedded (PGlite on disk)";
}

export interface BenchOptions {
  /** Rooms under test, in order; the first "stock" phase is the yardstick. */
  scenarios: Scenario[];
  /** Connected clients per phase (four per room). */
  clients: number;
  /** Actions per second per client. */
  rate: number;
  /** Spread of the game bots' think times, 0–1 (loadtest/bot.ts, `thinkDelay`); the stock clients send on their own clocks. */
  thinkJitter: number;
  /** Card battle `max_hp` (undefined: the rules' default, 30): longer games, to tell a game's fixed cost from its moves'. */
  cardMaxHp?: number;
  rampUpSeconds: number;
  /** The steady window over which CPU per action is measured. */
  durationSeconds: number;
  /**
   * Seconds of unmeasured play of each room type before the measured phases
   * (at most 400 clients, 2 s ramp-up): a fresh process spends its first
   * seconds of each code path compiling it on V8's background threads, which
   * a long-running server has long paid for. 0: none.
   */
  warmUpSeconds: number;
  /** Generator processes per phase (default: one per 5,000 clients). */
  workers?: number;
  port: number;
  /** Node flags of the server beyond production's (src/node-flags.ts), which it always gets (e.g. --trace-gc, --cpu-prof). */
  serverNodeArgs: string[];
  /** Extra environment of the server (e.g. DATABASE_URL). */
  serverEnv: Record<string, string>;
  /**
   * Where embedded PGlite keeps its files (DATA_DIR) when no DATABASE_URL is
   * given. Undefined: a fresh temporary directory, removed after the run, so
   * the server stores as `npm start` does (on disk). ":memory:" keeps every
   * stored game in the server's memory, which adds to its resident memory.
   */
  dataDir?: string;
  /** A file the server's stdout is appended to (otherwise discarded once the server is ready). */
  serverLog?: string;
  /** Pin server to core 0 and generators to core 1 when taskset exists. */
  pin: boolean;
  seed: string;
  log: (line: string) => void;
}

export interface PhaseResult {
  scenario: Scenario;
  clients: number;
  rooms: number;
  window_seconds: number;
  actions_in_window: number;
  actions_per_second: number;
  server_cpu_percent_of_one_core: number;
  /** Server CPU time per action in the window, microseconds. */
  server_cpu_us_per_action: number;
  /** JavaScript heap bytes the server allocated per action in the window, KB (null: not read). Steadier than CPU on a shared machine. */
  server_heap_allocated_kb_per_action: number | null;
  action_to_patch_ms: LatencySummary;
  actions_not_seen_in_a_patch: number;
  errors: number;
  errors_by_category: Record<string, number>;
  error_samples: string[];
  disconnects: number;
  games_completed: number;
  server_rss_bytes_before: number;
  server_rss_bytes_peak: number;
  /** (peak RSS − RSS before the phase) / clients. */
  server_rss_bytes_per_client: number;
  /** Highest per-scrape (2 s) event-loop delay p99 and max, beyond prom-client's 10 ms resolution. */
  server_event_loop_p99_peak_ms: number | null;
  server_event_loop_max_peak_ms: number | null;
  generator_processes: number;
  generator_cpu_percent_of_one_core: number;
  generator_rss_peak_bytes: number;
}

export interface BenchReport {
  tool: "bench:rooms";
  started_at: string;
  pinned: boolean;
  machine: { cpus: number; loadavg_before: number[] };
  /** `script`: the compiled server the bench started (dist-bench/, built by tsc as production's). */
  server: { script: string; node_args: string[]; start_rss_bytes: number; idle_cpu_percent_of_one_core: number; database: BenchDatabase };
  options: Omit<BenchOptions, "log" | "serverEnv"> & { serverEnv: string[] };
  /** The unmeasured warm-up phases, one per room type (errors there count as errors of the run). */
  warm_up_phases: PhaseResult[];
  phases: PhaseResult[];
  /** Each game's CPU per action over the stock room's (absent without a stock phase). */
  cpu_ratio_to_stock: Partial<Record<Scenario, number>>;
  /** Each game's heap bytes allocated per action over the stock room's (absent without a stock phase). */
  allocation_ratio_to_stock: Partial<Record<Scenario, number>>;
}

const JWT_SECRET = "bench-rooms-secret-bench-rooms-secret-01";
const INTERNAL_KEY = "bench-rooms-internal-key-01";
const CLOCK_TICKS = 100;

/** The bench server's node flags: production's for the cores it gets (one when pinned), then the run's own (a later flag of the same name wins in node). */
export function serverNodeFlags(options: Pick<BenchOptions, "serverNodeArgs">, pinned: boolean): string[] {
  return [...serverNodeFlagsFor(pinned ? 1 : availableParallelism()), ...options.serverNodeArgs];
}

/** True when `taskset` can pin processes here. */
export function canPin(): boolean {
  return spawnSync("taskset", ["-c", "0", "true"]).status === 0;
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident memory of a process, bytes (/proc/<pid>/status VmRSS). */
export function processRssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match === null ? 0 : Number(match[1]) * 1024;
}

/** The command and arguments that run `command` pinned to `core` with taskset (unchanged when `pin` is false). */
export function pinned(core: number, pin: boolean, command: string, args: string[]): [string, string[]] {
  return pin ? ["taskset", ["-c", String(core), command, ...args]] : [command, args];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Compiles the bench server as `npm run build` compiles production's (tsc, then the run-time assets) into
 * dist-bench/, so that the server measured is the JavaScript production runs, not tsx's transpilation of the
 * sources (which adds its own helpers to hot paths and keeps every module's source map).
 */
function buildBenchServer(): string {
  process.stderr.write("bench: compiling the server (tsconfig.bench.json, as npm run build)\n");
  const steps: Array<[string, string[]]> = [
    [process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.bench.json")]],
    [process.execPath, [join(root, "scripts", "build-assets.mjs"), "dist-bench"]],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (result.status !== 0) throw new Error(`building the bench server failed: ${[command, ...args].join(" ")} exited with ${result.status ?? result.signal}`);
  }
  return join(root, "dist-bench", "loadtest", "bench", "bench-server.js");
}

/** Starts the bench server and resolves once it listens. */
async function startBenchServer(options: BenchOptions, pin: boolean): Promise<{ child: ChildProcess; pid: number; url: string; script: string; stop(): Promise<void> }> {
  const script = buildBenchServer();
  // the embedded default stores on disk; a directory of our own starts empty and is removed with the server
  const ownDataDir = options.dataDir === undefined && benchDatabase(options) === "embedded (PGlite on disk)" ? mkdtempSync(join(tmpdir(), "bench-pglite-")) : undefined;
  const removeOwnDataDir = () => {
    if (ownDataDir !== undefined) rmSync(ownDataDir, { recursive: true, force: true });
  };
  const [command, args] = pinned(0, pin, process.execPath, [...serverNodeFlags(options, pin), script]);
  const child = spawn(command, args, {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      // the database is the options' alone (benchDatabase), never one this shell happens to export
      DATABASE_URL: undefined,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(options.port),
      DATA_DIR: ownDataDir ?? options.dataDir,
      NODE_NAME: "bench",
      LOG_LEVEL: "warn",
      JWT_SECRET,
      INTERNAL_API_KEYS: INTERNAL_KEY,
      MAX_ROOMS: "100000",
      // every generator connects from loopback: no per-address cap, and client rooms as many as managed ones
      MAX_CONNECTIONS_PER_IP: "0",
      MAX_CLIENT_ROOMS: "100000",
      CLIENT_CREATES_PER_MINUTE: "100000",
      ...options.serverEnv,
    },
  });
  const stop = async () => {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) {
        child.kill("SIGKILL");
        await Promise.race([exited, sleep(5_000)]);
      }
    }
    removeOwnDataDir();
  };
  // a bench stopped by Ctrl-C or a kill stops its server first and leaves no data directory behind
  const interrupted = (signal: NodeJS.Signals) => {
    void stop().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  const ready = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error("the bench server did not start within 60 s")), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split("\n").find((l) => l.includes("\"bench_server_ready\":true"));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { port: number; pid: number });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      process.off("SIGINT", interrupted);
      process.off("SIGTERM", interrupted);
      removeOwnDataDir();
      reject(new Error(`the bench server exited with ${code} before it was ready`));
    });
  });
  if (options.serverLog !== undefined) child.stdout!.pipe(createWriteStream(options.serverLog, { flags: "a" }));
  else child.stdout!.resume();
  return { child, pid: ready.pid, url: `http://127.0.0.1:${ready.port}`, script, stop };
}

/** Reads the server's event-loop delay figures (prom-client resets them at every scrape). */
async function scrapeLoop(url: string): Promise<{ p99: number | null; max: number | null }> {
  try {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(3_000) })).text();
    const ms = (seconds: number | null) => (seconds === null ? null : Math.max(0, Math.round((seconds * 1000 - 10) * 100) / 100));
    return { p99: ms(metricValue(text, "nodejs_eventloop_lag_p99_seconds")), max: ms(metricValue(text, "nodejs_eventloop_lag_max_seconds")) };
  } catch {
    return { p99: null, max: null };
  }
}

/** The bench server's heap bytes allocated since it started (null: not read). */
async function scrapeAllocated(url: string): Promise<number | null> {
  try {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(3_000) })).text();
    return metricValue(text, ALLOCATED_METRIC);
  } catch {
    return null;
  }
}

/** Runs one phase: generators drive `scenario` rooms while the server's CPU is read over the steady window. */
async function runPhase(scenario: Scenario, options: BenchOptions, server: { pid: number; url: string }, pin: boolean): Promise<PhaseResult> {
  const rooms = Math.max(1, Math.floor(options.clients / 4));
  const workerCount = Math.min(rooms, options.workers ?? Math.max(1, Math.ceil(options.clients / 5000)));
  const rssBefore = processRssBytes(server.pid);
  await scrapeLoop(server.url); // resets the event-loop figures
  options.log(`bench: ${scenario}: ${rooms * 4} clients in ${rooms} rooms, ${options.rate} actions/s each, ${workerCount} generator process(es)`);

  // every client has started acting (random phase within one period) before the window opens
  const settleSeconds = Math.max(1, 1 / options.rate);
  // each generator's running count of actions sent, with the time it was read (about once a second)
  const counts: Array<Array<{ at: number; sent: number }>> = Array.from({ length: workerCount }, () => []);
  const starts: number[] = [];
  const done: WorkerDone[] = [];
  const workers = Array.from({ length: workerCount }, (_, i) => {
    const share = Math.floor(rooms / workerCount) + (i < rooms % workerCount ? 1 : 0);
    const [command, args] = pinned(1, pin, process.execPath, ["--import", "tsx", join(here, "worker.ts")]);
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const finished = new Promise<void>((resolve, reject) => {
      child.on("message", (message: WorkerMessage) => {
        if (message.type === "started") starts.push(message.at);
        else if (message.type === "tick") counts[i]!.push({ at: message.at, sent: message.actionsSent });
        else if (message.type === "done") {
          done.push(message);
          resolve();
        } else if (message.type === "failed") reject(new Error(`generator ${i} failed: ${message.message}`));
      });
      // a generator that ends without its report would leave its clients out of every figure: fail the phase instead
      child.once("exit", (code) => reject(new Error(`generator ${i} exited with ${code} before reporting`)));
    });
    const task: WorkerTask = {
      scenario,
      url: server.url,
      rooms: share,
      rate: options.rate,
      thinkJitter: options.thinkJitter,
      cardMaxHp: options.cardMaxHp,
      rampUpSeconds: options.rampUpSeconds,
      durationSeconds: settleSeconds + options.durationSeconds,
      jwtSecret: JWT_SECRET,
      internalKey: INTERNAL_KEY,
      seed: `${options.seed}-${scenario}-${i}`,
    };
    child.send(task);
    return { child, finished };
  });

  const allFinished = Promise.all(workers.map((w) => w.finished));
  allFinished.catch(() => undefined);
  while (starts.length < workerCount) await sleep(50);
  const windowStart = Math.max(...starts) + (options.rampUpSeconds + settleSeconds) * 1000;
  const windowEnd = Math.min(...starts) + (options.rampUpSeconds + settleSeconds + options.durationSeconds) * 1000;
  if (windowEnd - windowStart < 1_000) throw new Error("the steady window is shorter than 1 s: raise --duration");
  const loop = { p99: null as number | null, max: null as number | null };
  let rssPeak = rssBefore;
  const watch = setInterval(() => {
    rssPeak = Math.max(rssPeak, processRssBytes(server.pid));
    void scrapeLoop(server.url).then((s) => {
      if (s.p99 !== null) loop.p99 = Math.max(loop.p99 ?? 0, s.p99);
      if (s.max !== null) loop.max = Math.max(loop.max ?? 0, s.max);
    });
  }, 2_000);
  await sleep(windowStart - Date.now());
  const allocated0 = scrapeAllocated(server.url);
  const cpu0 = processCpuSeconds(server.pid);
  const t0 = Date.now();
  await sleep(windowEnd - Date.now());
  const allocated1 = scrapeAllocated(server.url);
  const cpu1 = processCpuSeconds(server.pid);
  const t1 = Date.now();
  const [heap0, heap1] = await Promise.all([allocated0, allocated1]);
  rssPeak = Math.max(rssPeak, processRssBytes(server.pid));
  await allFinished;
  clearInterval(watch);

  const seconds = (t1 - t0) / 1000;
  // the counts arrive once a second: read them at the window's own edges, not at the last whole second before each
  const actions = Math.round(counts.reduce((sum, series) => sum + sentAt(series, t1) - sentAt(series, t0), 0));
  const errorsByCategory: Record<string, number> = {};
  for (const d of done) for (const [k, v] of Object.entries(d.errors)) errorsByCategory[k] = (errorsByCategory[k] ?? 0) + v;
  const clients = done.reduce((a, d) => a + d.clients, 0);
  const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
  const generatorCpu = done.reduce((a, d) => a + d.cpuSeconds, 0);
  const phaseSeconds = options.rampUpSeconds + settleSeconds + options.durationSeconds + 1;
  return {
    scenario,
    clients,
    rooms,
    window_seconds: round(seconds, 2),
    actions_in_window: actions,
    actions_per_second: round(actions / seconds),
    server_cpu_percent_of_one_core: round(((cpu1 - cpu0) / seconds) * 100),
    server_cpu_us_per_action: actions > 0 ? round(((cpu1 - cpu0) / actions) * 1e6) : Number.NaN,
    server_heap_allocated_kb_per_action: heap0 === null || heap1 === null || actions <= 0 ? null : round((heap1 - heap0) / actions / 1024),
    action_to_patch_ms: summarize(done.flatMap((d) => d.patchSamples)),
    actions_not_seen_in_a_patch: done.reduce((a, d) => a + d.unseen, 0),
    errors: Object.values(errorsByCategory).reduce((a, b) => a + b, 0),
    errors_by_category: errorsByCategory,
    error_samples: done.flatMap((d) => d.errorSamples).slice(0, 10),
    disconnects: done.reduce((a, d) => a + d.disconnects, 0),
    games_completed: done.reduce((a, d) => a + d.gamesCompleted, 0),
    server_rss_bytes_before: rssBefore,
    server_rss_bytes_peak: rssPeak,
    server_rss_bytes_per_client: clients > 0 ? Math.round((rssPeak - rssBefore) / clients) : 0,
    server_event_loop_p99_peak_ms: loop.p99,
    server_event_loop_max_peak_ms: loop.max,
    generator_processes: workerCount,
    generator_cpu_percent_of_one_core: round((generatorCpu / phaseSeconds) * 100),
    generator_rss_peak_bytes: done.reduce((a, d) => a + d.rssPeakBytes, 0),
  };
}

/**
 * A generator's running count of actions sent at time `at`, interpolated
 * between the readings around it (the rate is steady within a second). Before
 * the first reading: the first; after the last: the last.
 */
export function sentAt(series: ReadonlyArray<{ at: number; sent: number }>, at: number): number {
  if (series.length === 0) return 0;
  const after = series.findIndex((reading) => reading.at >= at);
  if (after === -1) return series[series.length - 1]!.sent;
  if (after === 0) return series[0]!.sent;
  const a = series[after - 1]!;
  const b = series[after]!;
  return a.sent + ((b.sent - a.sent) * (at - a.at)) / (b.at - a.at);
}

/** Waits (at most 60 s) until the server uses no more than its idle CPU + 3 % of a core over one second. */
async function untilQuiet(pid: number, idlePercent: number, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  for (;;) {
    const before = processCpuSeconds(pid);
    await sleep(1_000);
    const percent = (processCpuSeconds(pid) - before) * 100;
    if (percent <= idlePercent + 3) return;
    if (Date.now() - started > 60_000) {
      log(`bench: the server still uses ${percent.toFixed(1)} % of a core 60 s after the phase; going on`);
      return;
    }
  }
}

/** Runs every phase against one bench server and returns the report. */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const { cpus, loadavg } = await import("node:os");
  const pin = options.pin && canPin();
  if (options.pin && !pin) options.log("bench: taskset is not available; processes are not pinned");
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg().map((n) => Math.round(n * 100) / 100);
  const server = await startBenchServer(options, pin);
  try {
    await sleep(1_000);
    const startRss = processRssBytes(server.pid);
    const idle0 = processCpuSeconds(server.pid);
    await sleep(2_000);
    const idleCpu = Math.round(((processCpuSeconds(server.pid) - idle0) / 2) * 1000) / 10;
    const warmUps: PhaseResult[] = [];
    if (options.warmUpSeconds > 0) {
      const warmUp = { ...options, clients: Math.min(options.clients, 400), rampUpSeconds: Math.min(options.rampUpSeconds, 2), durationSeconds: Math.max(2, options.warmUpSeconds), workers: undefined };
      for (const scenario of new Set(options.scenarios)) {
        options.log(`bench: warm-up (not measured): ${scenario}`);
        warmUps.push(await runPhase(scenario, warmUp, server, pin));
        await untilQuiet(server.pid, idleCpu, options.log);
      }
    }
    const phases: PhaseResult[] = [];
    for (const scenario of options.scenarios) {
      phases.push(await runPhase(scenario, options, server, pin));
      // the next phase starts once the last one's rooms are gone: lingering games must not bill their CPU to it
      await untilQuiet(server.pid, idleCpu, options.log);
    }
    // the yardstick: the stock phases' mean (run stock first and last, e.g. stock,liap_tui,stock, to even out a drifting machine)
    const ratios = ratiosToStock(phases, (p) => p.server_cpu_us_per_action);
    const allocationRatios = ratiosToStock(phases, (p) => p.server_heap_allocated_kb_per_action ?? Number.NaN);
    const { log: _log, serverEnv, ...rest } = options;
    void _log;
    return {
      tool: "bench:rooms",
      started_at: startedAt,
      pinned: pin,
      machine: { cpus: cpus().length, loadavg_before: loadBefore },
      server: {
        script: relative(root, server.script),
        node_args: serverNodeFlags(options, pin),
        start_rss_bytes: startRss,
        idle_cpu_percent_of_one_core: idleCpu,
        database: benchDatabase(options),
      },
      options: { ...rest, serverEnv: Object.keys(serverEnv) },
      warm_up_phases: warmUps,
      phases,
      cpu_ratio_to_stock: ratios,
      allocation_ratio_to_stock: allocationRatios,
    };
  } finally {
    await server.stop();
  }
}

/**
 * Each room type's mean of `measure` over the stock phases' mean (a type run
 * several times: the mean of its runs); phases whose measure is not a finite
 * number (no action in the window, nothing read) are left out.
 */
export function ratiosToStock(phases: readonly PhaseResult[], measure: (phase: PhaseResult) => number): Partial<Record<Scenario, number>> {
  const mean = (scenario: Scenario) => {
    const values = phases.filter((p) => p.scenario === scenario).map(measure).filter(Number.isFinite);
    return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
  };
  const stock = mean("stock");
  const ratios: Partial<Record<Scenario, number>> = {};
  if (stock === undefined || stock <= 0) return ratios;
  for (const phase of phases) {
    const value = phase.scenario === "stock" ? undefined : mean(phase.scenario);
    if (value !== undefined) ratios[phase.scenario] = Math.round((value / stock) * 100) / 100;
  }
  return ratios;
}

/** The report as a table for stdout. */
export function formatBench(report: BenchReport): string {
  const mib = (b: number) => (b / 1024 / 1024).toFixed(0);
  const lines = [
    `== bench:rooms  ${report.options.clients} clients x ${report.options.rate} actions/s (think-time jitter ${report.options.thinkJitter}${report.options.cardMaxHp === undefined ? "" : `, card battle max_hp ${report.options.cardMaxHp}`}), window ${report.options.durationSeconds}s after a ${report.options.rampUpSeconds}s ramp-up` +
      `${report.options.warmUpSeconds > 0 ? ` (each room type warmed up for ${report.options.warmUpSeconds}s first)` : " (no warm-up)"}; ` +
      `server ${report.pinned ? "pinned to core 0, generators to core 1" : "NOT pinned"}; loadavg before ${report.machine.loadavg_before.join(" ")}`,
    `   server start RSS ${mib(report.server.start_rss_bytes)} MiB (${report.server.database}), idle CPU ${report.server.idle_cpu_percent_of_one_core} % of a core, node ${[...report.server.node_args, report.server.script].join(" ")}`,
    "| rooms under test | clients | actions/s | server CPU % | server CPU µs/action | heap KB allocated/action | action→patch p50 / p99 / max ms | errors | disconnects | not seen | server RSS MiB before→peak (KB/client) | loop delay p99 / max peak ms | generator CPU % (procs) |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const p of report.phases) {
    const l = p.action_to_patch_ms;
    lines.push(
      `| ${p.scenario} | ${p.clients < p.rooms * 4 ? `${p.clients} of ${p.rooms * 4}` : p.clients} | ${p.actions_per_second} | ${p.server_cpu_percent_of_one_core} | ${p.server_cpu_us_per_action} | ${p.server_heap_allocated_kb_per_action ?? "n/a"} | ${l.p50} / ${l.p99} / ${l.max} | ${p.errors} | ${p.disconnects} | ${p.actions_not_seen_in_a_patch} | ` +
        `${mib(p.server_rss_bytes_before)}→${mib(p.server_rss_bytes_peak)} (${(p.server_rss_bytes_per_client / 1024).toFixed(1)}) | ${p.server_event_loop_p99_peak_ms ?? "n/a"} / ${p.server_event_loop_max_peak_ms ?? "n/a"} | ${p.generator_cpu_percent_of_one_core} (${p.generator_processes}) |`,
    );
  }
  for (const [scenario, ratio] of Object.entries(report.cpu_ratio_to_stock)) {
    const whose = scenario === "stock_hidden" ? "the hidden-hand yardstick's" : scenario === "stock_hidden_ids" ? "the id-hand yardstick's" : "our";
    lines.push(`${whose} CPU per action / stock CPU per action: ${scenario} ${ratio}x`);
  }
  for (const [scenario, ratio] of Object.entries(report.allocation_ratio_to_stock)) {
    lines.push(`heap allocated per action / stock's: ${scenario} ${ratio}x`);
  }
  for (const p of report.phases) for (const sample of p.error_samples.slice(0, 3)) lines.push(`   ${p.scenario} error: ${sample}`);
  return lines.join("\n");
}
