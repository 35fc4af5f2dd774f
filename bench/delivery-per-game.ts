/**
 * The outbox work of one managed game on embedded PGlite (in memory), with a
 * platform to deliver to: `ready`, `started` and `finished` recorded the way
 * a room records them, each delivered by the real delivery worker to a stub
 * platform in a child process (its CPU is not counted) before the next is
 * recorded. Prints, as a JSON line, the SQL statements per game and the
 * process CPU per game of recording and of delivering (claim, HTTP request,
 * acknowledgement).
 *   npx tsx bench/delivery-per-game.ts [games]   (default 300, after 30 unmeasured)
 */
import { spawn } from "node:child_process";
import { PGlite } from "@electric-sql/pglite";
import { pino } from "pino";
import { openDatabase } from "../src/db/database.js";
import { gamesArgument } from "./args.js";
import { Metrics } from "../src/metrics.js";
import { PlatformClient } from "../src/platform/client.js";
import { DeliveryWorker } from "../src/platform/delivery.js";
import { LifecycleOutbox } from "../src/platform/outbox.js";
import { PersistFailedMirror } from "../src/platform/persist-failed.js";

const games = gamesArgument("bench/delivery-per-game.ts", 300);
const WARM_UP_GAMES = 30;
/** Time left after a callback reached the platform for its acknowledgement and any follow-up pass. */
const SETTLE_MS = 30;

// every statement PGlite runs has one Bind (extended protocol) or Query (simple protocol) message
let statements = 0;
const pglite = PGlite.prototype as unknown as { execProtocolRaw: (message: Uint8Array, ...rest: unknown[]) => unknown };
const execProtocolRaw = pglite.execProtocolRaw;
pglite.execProtocolRaw = function (this: unknown, message: Uint8Array, ...rest: unknown[]) {
  if (message[0] === 0x42 || message[0] === 0x51) statements++;
  return execProtocolRaw.call(this, message, ...rest);
};

// the stub platform: acknowledges everything, and tells this process how many requests it has answered
const stub = spawn(
  process.execPath,
  [
    "-e",
    `const http = require("node:http"); let answered = 0;
     const server = http.createServer((req, res) => req.resume().on("end", () => {
       res.writeHead(200, { "Content-Type": "application/json" }); res.end('{"acknowledged":true}'); process.send(++answered);
     }));
     server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));`,
  ],
  { stdio: ["ignore", "inherit", "inherit", "ipc"] },
);
let answered = 0;
let waiting: { count: number; resolve: () => void } | undefined;
const port = await new Promise<number>((resolve) =>
  stub.on("message", (message: number | { port: number }) => {
    if (typeof message === "object") return resolve(message.port);
    answered = message;
    if (waiting !== undefined && answered >= waiting.count) waiting.resolve();
  }),
);
const answeredReaches = (count: number) => new Promise<void>((resolve) => (answered >= count ? resolve() : (waiting = { count, resolve })));

const logger = pino({ level: "warn" });
const metrics = new Metrics("bench");
const handle = await openDatabase({ dataDir: ":memory:" });
const { db } = handle;
const client = new PlatformClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: "bench-platform-key-0123", logger, metrics });
const worker = new DeliveryWorker({ db, client, mirror: new PersistFailedMirror(undefined, logger), logger, metrics, nodeName: "bench" });
const outbox = new LifecycleOutbox({ db, nodeName: "bench", logger, onRecorded: () => worker.recorded() });
worker.start();

const cpu = { record: 0, deliver: 0 };
const since = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return used.user + used.system;
};
let sent = 0;
async function step(record: () => Promise<unknown>): Promise<void> {
  let start = process.cpuUsage();
  await record();
  cpu.record += since(start);
  start = process.cpuUsage();
  await answeredReaches(++sent);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  cpu.deliver += since(start);
}

const playerIds = ["player-0", "player-1", "player-2", "player-3"];
for (let g = -WARM_UP_GAMES; g < games; g++) {
  if (g === 0) {
    statements = 0;
    cpu.record = 0;
    cpu.deliver = 0;
  }
  const id = `bench-${g}-${process.pid}`;
  await step(() => outbox.ready({ id, gameRules: "simple_card_battle", managed: true, playerIds, config: {} }));
  await step(() => outbox.started(id, { startedAt: new Date(), playerIds }));
  await step(() =>
    outbox.finished(id, {
      gameRules: "simple_card_battle",
      winnerId: "player-1",
      winnerIds: ["player-1"],
      resultData: { players: {}, turns_played: 44, duration_seconds: 11 },
      seed: "bench",
      options: {},
      actions: [],
      turnsPlayed: 44,
      durationSeconds: 11,
      finishedAt: new Date(),
    }),
  );
}
await worker.stop(1_000);
await handle.close();
stub.kill();

process.stdout.write(
  `${JSON.stringify({
    bench: "outbox work per managed game with a platform, PGlite in memory",
    games,
    statements_per_game: Math.round((10 * statements) / games) / 10,
    record_cpu_us_per_game: Math.round(cpu.record / games),
    deliver_cpu_us_per_game: Math.round(cpu.deliver / games),
  })}\n`,
);
