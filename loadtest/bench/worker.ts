/**
 * One generator process of `npm run bench:rooms` (started by the bench with
 * `fork`, pinned to the generator's core). It gets its share of the rooms over
 * IPC, drives them with the light wire client, reports the running count of
 * actions sent every second (the bench reads the server's CPU over the same
 * window) and finally its latency samples, errors and own CPU and memory.
 */
import { runLoadTest } from "../generator.js";
import { resolveOptions } from "../options.js";
import type { Recorder } from "../recorder.js";
import { driveStockRooms } from "./stock-driver.js";
import { STOCK_HIDDEN_ROOM_NAME, STOCK_ID_HAND_ROOM_NAME, STOCK_ROOM_NAME } from "./stock-room.js";
import type { Scenario, WorkerDone, WorkerMessage, WorkerTask } from "./protocol.js";

/** The yardstick phases and the bench server's room each drives (the game phases run the load generator). */
const YARDSTICK_ROOMS: Record<Exclude<Scenario, "liap_tui" | "card_battle">, string> = {
  stock: STOCK_ROOM_NAME,
  stock_hidden: STOCK_HIDDEN_ROOM_NAME,
  stock_hidden_ids: STOCK_ID_HAND_ROOM_NAME,
};

function post(message: WorkerMessage, sent?: () => void): void {
  if (process.send === undefined) sent?.();
  else process.send(message, undefined, {}, () => sent?.());
}

async function run(task: WorkerTask): Promise<WorkerDone> {
  const cpu0 = process.cpuUsage();
  let rssPeak = process.memoryUsage.rss();
  const onSecond = (actionsSent: number) => {
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    post({ type: "tick", actionsSent, at: Date.now() });
  };
  post({ type: "started", at: Date.now() });
  const finish = (figures: Omit<WorkerDone, "type" | "cpuSeconds" | "rssPeakBytes">): WorkerDone => {
    const used = process.cpuUsage(cpu0);
    return { type: "done", ...figures, cpuSeconds: (used.user + used.system) / 1e6, rssPeakBytes: Math.max(rssPeak, process.memoryUsage.rss()) };
  };

  const scenario = task.scenario;
  if (scenario !== "liap_tui" && scenario !== "card_battle") {
    const result = await driveStockRooms(task, YARDSTICK_ROOMS[scenario], onSecond);
    return finish({
      clients: result.clients,
      actionsSent: result.actionsSent,
      patchSamples: result.patch.toArray(),
      unseen: result.unseen,
      errors: result.errors,
      errorSamples: result.errorSamples,
      disconnects: result.disconnects,
      gamesCompleted: 0,
    });
  }

  // a game: four seats per room, moves one after another, so each seat acting `rate` times a second means a move every 1/(4·rate) s per room
  let recorder: Recorder | undefined;
  const report = await runLoadTest(
    resolveOptions({
      client: "wire",
      urls: [task.url],
      metricsUrls: [],
      game: scenario,
      liapMode: "managed",
      rooms: task.rooms,
      cardPlayers: 4,
      // headroom: a slot opens its next game while the last one's sockets may still be closing
      maxClients: Math.min(19_000, task.rooms * 8),
      thinkTimeMs: Math.round(1000 / (4 * task.rate)),
      thinkJitter: task.thinkJitter,
      cardMaxHp: task.cardMaxHp,
      actionsPerSecond: 10,
      rampUpSeconds: task.rampUpSeconds,
      durationSeconds: task.durationSeconds,
      drainSeconds: 1,
      maxRounds: 20,
      ackTimeoutSeconds: 10,
      jwtSecret: task.jwtSecret,
      internalKey: task.internalKey,
      seed: task.seed,
      progress: false,
    }),
    () => undefined,
    {
      onRecorder: (r) => {
        recorder = r;
      },
      onSecond,
    },
  );
  return finish({
    clients: report.clients.peak_concurrent,
    actionsSent: report.actions.sent,
    patchSamples: recorder?.patch.toArray() ?? [],
    unseen: report.actions.patches_missing,
    errors: report.errors.by_category,
    errorSamples: report.errors.samples.map((s) => `${s.category}: ${s.message}`).slice(0, 20),
    disconnects: report.disconnects.drops + report.disconnects.unexpected_leaves,
    gamesCompleted: report.games.completed,
  });
}

process.once("message", (task: WorkerTask) => {
  run(task).then(
    (done) => {
      // exit only once the report has left: a large one (every patch sample) takes a while on a busy core
      post(done, () => process.exit(0));
    },
    (error: unknown) => {
      post({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1));
    },
  );
});
