/**
 * `npm run bench:rooms -- [flags]`: see loadtest/bench/bench.ts and BENCHMARKS.md.
 * Prints the table, writes the JSON report under loadtest/results/, and exits
 * 1 when a phase had errors or disconnects or never had all its clients
 * connected at once, or when a game's CPU-per-action
 * ratio to the stock room passes --max-ratio.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatBench, runBench } from "./bench.js";
import type { Scenario } from "./protocol.js";

const HELP = `Usage: npm run bench:rooms -- [flags]

Runs the bench server (production server + the stock minimal Colyseus room) pinned to core 0 and
generator processes (light wire client) pinned to core 1, one phase per room type, and prints
server CPU per action, our/stock ratio, action->patch latency, errors, disconnects, memory, loop delay.

  --rooms LIST          phases, in order: stock,stock_hidden,stock_hidden_ids,liap_tui,card_battle (default stock,liap_tui); a type
                        may repeat: the ratio divides the mean of a type's phases by the mean of the stock phases
                        (e.g. stock,liap_tui,card_battle,stock on a busy machine). stock_hidden is the stock room
                        with hidden hands (@view() and a StateView per client): the framework's floor for a card move;
                        stock_hidden_ids the same with the hand as card ids (Liap Tui's shape) instead of schema cards
  --clients N           clients per phase, four per room (default 400, at most 40000)
  --rate R              actions per second per client (default 1; 0.2 = one action per 5 s)
  --think-jitter F      spread of the game bots' think times, 0-1: uniform in mean x [1-F, 1+F] (default 0.5;
                        0 = fixed, and tables served in one burst act again in one burst: see loadtest/README.md)
  --card-max-hp N       card battle max_hp (default: the rules' 30): longer games; two runs at different lengths
                        tell a game's fixed cost (create, joins, result) from its moves' (BENCHMARKS.md)
  --ramp-up S           seconds over which rooms open (default 10)
  --duration S          steady window in which CPU per action is measured (default 30)
  --warm-up S           unmeasured play of each room type first, at most 400 clients (default 5; 0 = none):
                        the first seconds of a code path in a fresh process are spent compiling it
  --workers N           generator processes per phase (default one per 5,000 clients)
  --port P              bench server port (default 2790; 0 = any free port)
  --node-arg FLAG       extra node flag for the server, repeatable, after production's own (src/node-flags.ts; a pinned
                        server gets the one-core flags too) (e.g. --node-arg=--trace-gc; --node-arg=--max-semi-space-size=16
                        measures V8's default; --node-arg=--no-single-threaded-gc the collector's helper threads on one core)
  --database-url URL    run the server on PostgreSQL instead of embedded PGlite
  --data-dir DIR        embedded PGlite's DATA_DIR (default: a fresh temporary directory, removed after the run,
                        i.e. on disk as npm start; :memory: keeps every stored game in the server's memory)
  --server-log FILE     append the server's stdout there (e.g. with --node-arg=--trace-gc)
  --no-pin              do not pin with taskset
  --max-ratio X         exit 1 when a game's CPU-per-action ratio to stock exceeds X
  --out FILE            JSON report (default loadtest/results/<time>-bench-rooms.json)
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rooms: { type: "string", default: "stock,liap_tui" },
      clients: { type: "string", default: "400" },
      rate: { type: "string", default: "1" },
      "think-jitter": { type: "string", default: "0.5" },
      "card-max-hp": { type: "string" },
      "ramp-up": { type: "string", default: "10" },
      duration: { type: "string", default: "30" },
      "warm-up": { type: "string", default: "5" },
      workers: { type: "string" },
      port: { type: "string", default: "2790" },
      "node-arg": { type: "string", multiple: true, default: [] },
      "database-url": { type: "string" },
      "data-dir": { type: "string" },
      "server-log": { type: "string" },
      "no-pin": { type: "boolean", default: false },
      "max-ratio": { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const number = (flag: string, raw: string | undefined, min: number, max: number): number => {
    const n = Number(raw);
    if (raw === undefined || !Number.isFinite(n) || n < min || n > max) throw new Error(`--${flag} must be from ${min} to ${max}, got ${raw}`);
    return n;
  };
  const scenarios = values.rooms.split(",").map((s) => s.trim()) as Scenario[];
  for (const s of scenarios) if (!["stock", "stock_hidden", "stock_hidden_ids", "liap_tui", "card_battle"].includes(s)) throw new Error(`--rooms: unknown room type ${s}`);
  const report = await runBench({
    scenarios,
    clients: number("clients", values.clients, 4, 40_000),
    rate: number("rate", values.rate, 0.01, 2.5),
    thinkJitter: number("think-jitter", values["think-jitter"], 0, 1),
    cardMaxHp: values["card-max-hp"] === undefined ? undefined : number("card-max-hp", values["card-max-hp"], 1, 10_000),
    rampUpSeconds: number("ramp-up", values["ramp-up"], 0, 600),
    durationSeconds: number("duration", values.duration, 2, 1800),
    warmUpSeconds: number("warm-up", values["warm-up"], 0, 600),
    workers: values.workers === undefined ? undefined : number("workers", values.workers, 1, 16),
    port: number("port", values.port, 0, 65535),
    serverNodeArgs: values["node-arg"],
    serverEnv: values["database-url"] === undefined ? {} : { DATABASE_URL: values["database-url"] },
    dataDir: values["data-dir"],
    serverLog: values["server-log"],
    pin: !values["no-pin"],
    seed: "bench",
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${formatBench(report)}\n`);
  const out = values.out ?? join(dirname(fileURLToPath(import.meta.url)), "..", "results", `${new Date().toISOString().replace(/[:.]/g, "-")}-bench-rooms.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`report: ${relative(process.cwd(), out)}\n`);
  const maxRatio = values["max-ratio"] === undefined ? Infinity : number("max-ratio", values["max-ratio"], 0, 1000);
  // a phase that never had all its clients connected at once measured a smaller load than asked (a saturated server)
  const failed = [...report.warm_up_phases, ...report.phases].some((p) => p.errors + p.disconnects > 0 || p.clients < p.rooms * 4) || report.phases.some((p) => p.scenario !== "stock" && !(report.cpu_ratio_to_stock[p.scenario]! <= maxRatio));
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:rooms failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
