/**
 * The load generator: room slots that start over the ramp-up, each playing
 * complete games back to back (a game = one room, every seat a bot with its
 * own JWT and SDK connection) until the duration ends; games still running
 * then get the drain time to finish. It never opens more connections than
 * `maxClients` and always ends by itself after ramp-up + duration + drain.
 */
import { Client } from "@colyseus/sdk";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { cpus, loadavg } from "node:os";
import { SignJWT } from "jose";
import { Bot, sdkBotRoom, type BotRoom, type Pace, type Policy } from "./bot.js";
import { CardBattlePolicy } from "./card-battle-policy.js";
import { LiapTuiNativePolicy } from "./liap-tui-native-policy.js";
import { LiapTuiPolicy } from "./liap-tui-policy.js";
import { gameOfSlot, playersPerRoom, clientsNeeded, type LoadTestOptions } from "./options.js";
import { Recorder } from "./recorder.js";
import { gameOfRoom, type GameRoomName } from "../src/games/registry.js";
import { nextFloat, seedRng } from "../src/games/shared/prng.js";
import { MetricsWatcher, type NodeMetricsReport } from "./server-metrics.js";
import type { LatencySummary } from "./stats.js";
import { installWireMeter } from "./wire-meter.js";
import { wireJoin } from "./wire-client.js";

/** Lets a caller (a bench worker) follow a run as it goes. */
export interface RunHooks {
  /** The run's recorder, once created (read its samples at the end). */
  onRecorder?(recorder: Recorder): void;
  /** Called every second with the number of actions sent so far. */
  onSecond?(actionsSent: number): void;
}

/** The JSON report of one run. */
export interface LoadReport {
  tool: "loadtest";
  started_at: string;
  finished_at: string;
  wall_seconds: number;
  environment: {
    node: string;
    cpus: number;
    cpu_model: string;
    loadavg_before: number[];
    /** CPU the generator itself used over the run, in % of one core. */
    generator_cpu_percent_of_one_core: number;
    /** The same over the steady window. */
    generator_cpu_percent_of_one_core_steady: number | null;
    generator_rss_peak_bytes: number;
    /** The generator's own event-loop delay over the run, beyond the 10 ms sampling interval (a late generator inflates the latencies it measures). */
    generator_event_loop_delay_ms: { p50: number; p99: number; max: number };
    /** CPU busy on the whole machine over the steady window (every process), in % of one core; null off Linux. */
    machine_cpu_percent_of_one_core_steady: number | null;
    /** machine − generator − the servers measured: what other processes took meanwhile. */
    other_processes_cpu_percent_of_one_core_steady: number | null;
    note: string;
  };
  options: Omit<LoadTestOptions, "jwtSecret" | "internalKey"> & { jwtSecret: "<redacted>"; internalKey: "<redacted>" | null };
  clients: { target: number; peak_concurrent: number; connections_opened: number };
  rooms: { slots: number; created: number; peak_concurrent: number };
  games: { started: number; completed: number; completed_by_game: { liap_tui: number; card_battle: number }; aborted: number; unfinished: number };
  actions: {
    sent: number;
    acknowledged: number;
    per_second: number;
    per_second_steady: number;
    per_second_per_client_steady: number;
    refused_by_code: Record<string, number>;
    ack_timeouts: number;
    patches_missing: number;
    server_timeouts: number;
  };
  latency_ms: { action_to_ack: LatencySummary; action_to_patch: LatencySummary; by_kind: ReturnType<Recorder["kinds"]> };
  bytes: ReturnType<Recorder["bytes"]>;
  errors: { total: number; by_category: Record<string, number>; samples: Recorder["errorSamples"] };
  disconnects: { drops: number; reconnects: number; unexpected_leaves: number };
  servers: NodeMetricsReport[];
  timeline: Recorder["timeline"];
}

/** Runs the generator once and returns its report. */
export async function runLoadTest(options: LoadTestOptions, log: (line: string) => void = () => undefined, hooks: RunHooks = {}): Promise<LoadReport> {
  if (options.client === "sdk") installWireMeter();
  const recorder = new Recorder();
  hooks.onRecorder?.(recorder);
  const startedAt = new Date();
  const loadBefore = loadavg();
  const cpuBefore = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let generatorRssPeak = process.memoryUsage.rss();
  const watcher = new MetricsWatcher(options.metricsUrls);
  await watcher.start();

  const t0 = Date.now();
  const rampMs = options.rampUpSeconds * 1000;
  const newGamesUntil = t0 + rampMs + options.durationSeconds * 1000;
  const hardEnd = newGamesUntil + options.drainSeconds * 1000;
  const pace: Pace = { thinkTimeMs: options.thinkTimeMs, thinkJitter: options.thinkJitter, actionsPerSecond: options.actionsPerSecond, ackTimeoutMs: options.ackTimeoutSeconds * 1000 };
  const secretKey = new TextEncoder().encode(options.jwtSecret);
  const runId = randomUUID().slice(0, 8);
  let reservedConnections = 0;
  const actionsPerSecondBuckets: number[] = [];

  const ticker = setInterval(() => {
    recorder.tick();
    const last = recorder.timeline[recorder.timeline.length - 1]!;
    log(
      `t=${last.t_s}s clients=${last.clients} rooms=${last.rooms} actions/interval=${last.actions} patch p99 ${last.patch_p99_ms} ms games=${last.games_completed} errors=${recorder.errorCount}`,
    );
  }, 5_000);
  let steadyCpuFrom: { cpu: NodeJS.CpuUsage; at: number; machine: MachineCpu | null } | undefined;
  let steadyCpuTo: { cpu: NodeJS.CpuUsage; at: number; machine: MachineCpu | null } | undefined;
  const secondTicker = setInterval(() => {
    actionsPerSecondBuckets.push(recorder.actionsSent);
    hooks.onSecond?.(recorder.actionsSent);
    const now = Date.now();
    if (steadyCpuFrom === undefined && now >= t0 + rampMs) steadyCpuFrom = { cpu: process.cpuUsage(), at: now, machine: machineCpu() };
    if (steadyCpuTo === undefined && now >= newGamesUntil) steadyCpuTo = { cpu: process.cpuUsage(), at: now, machine: machineCpu() };
    generatorRssPeak = Math.max(generatorRssPeak, process.memoryUsage.rss());
  }, 1_000);

  // one JWT per player for the whole run, as a real client keeps its session token from game to game
  const tokens = new Map<string, Promise<string>>();
  const token = (playerId: string, name: string) => {
    let jwt = tokens.get(playerId);
    if (jwt === undefined) {
      jwt = new SignJWT({ name }).setProtectedHeader({ alg: "HS256" }).setSubject(playerId).setIssuedAt().setExpirationTime("2h").sign(secretKey);
      tokens.set(playerId, jwt);
    }
    return jwt;
  };

  const urlFor = (slot: number, seat: number) => options.urls[(slot + seat) % options.urls.length]!;

  /** Reserves connection capacity for a game; false when the cap would be passed. */
  const reserve = (count: number): boolean => {
    if (recorder.openConnections + reservedConnections + count > options.maxClients) return false;
    reservedConnections += count;
    return true;
  };

  /** Opens one seat's room connection, through the SDK or the light wire client (`--client`). */
  async function connect(url: string, playerId: string, name: string, method: "create" | "joinById", roomNameOrId: string, joinOptions: Record<string, unknown>): Promise<BotRoom> {
    const jwt = await token(playerId, name);
    if (options.client === "wire") return wireJoin(url, method, roomNameOrId, joinOptions, jwt);
    const client = new Client(url);
    client.auth.token = jwt;
    return sdkBotRoom(method === "create" ? await client.create(roomNameOrId, joinOptions) : await client.joinById(roomNameOrId, joinOptions));
  }

  /** Asks the internal API for a room of this type; its `game_rules` come from the game registry. */
  async function createManaged(slot: number, gameIndex: number, room: GameRoomName, playerIds: string[], config: Record<string, unknown>) {
    const gameRules = gameOfRoom(room)!.rules;
    const roomId = `lt-${runId}-${slot}-${gameIndex}`;
    const response = await fetch(`${urlFor(slot, 0)}/internal/rooms/create`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Internal-Api-Key": options.internalKey ?? "" },
      body: JSON.stringify({
        room_id: roomId,
        game_type_id: randomUUID(),
        player_ids: playerIds,
        config: { player_count: playerIds.length, game_rules: gameRules, seed: `${options.seed}-${slot}-${gameIndex}`, ...config },
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json().catch(() => ({}))) as { created?: boolean; room_id?: string; reason?: string };
    if (response.status !== 200 || body.created !== true) throw new Error(`POST /internal/rooms/create answered ${response.status} ${JSON.stringify(body)}`);
    return body.room_id ?? roomId;
  }

  /** Plays one game in a slot; resolves once it is over (whatever the outcome), true when it completed. */
  async function playGame(slot: number, gameIndex: number): Promise<boolean> {
    const game = gameOfSlot(options.game, slot);
    const seats = playersPerRoom(game, options.cardPlayers);
    if (!reserve(seats)) {
      recorder.error("client_cap", `slot ${slot}: opening ${seats} more connections would pass --max-clients ${options.maxClients}`);
      return false;
    }
    const tag = `${game}[slot ${slot} game ${gameIndex}]`;
    // a table's players play game after game (one identity per slot and seat)
    const playerIds = Array.from({ length: seats }, (_, seat) => `lt-${runId}-${slot}-${seat}`);
    const names = playerIds.map((_, seat) => `b${slot}s${seat}`);
    const seed003 = options.liapProtocol === "seed003";
    const policies: Policy[] = playerIds.map((id) =>
      game !== "liap_tui" ? new CardBattlePolicy(id) : seed003 ? new LiapTuiPolicy() : new LiapTuiNativePolicy(),
    );
    const bots: Bot[] = [];
    const adopt = (seat: number, room: BotRoom) => {
      const label = `${tag} seat ${seat}`;
      const rng = seedRng(`${options.seed}-${label}`);
      bots.push(new Bot(label, room, policies[seat]!, pace, recorder, () => nextFloat(rng)));
    };
    const liapOptions = {
      round_start_pause: 0,
      turn_result_pause: 0,
      scoring_pause: 0,
      bot_delay_ms: 0,
      max_rounds: options.maxRounds,
      game_over_linger: 5,
      // once the bots leave (end of run, cut games) the room's own bots would play on at full speed
      // (bot_delay_ms 0) and load the server for the next measurement: close such rooms at once
      empty_room_timeout: 1,
    };

    // 1. the room: created by the first bot (open Liap Tui room) or over the internal API (managed rooms)
    let roomId: string;
    let firstSeat = 0;
    try {
      if (game === "liap_tui" && options.liapMode === "open") {
        const room = await connect(urlFor(slot, 0), playerIds[0]!, names[0]!, "create", "liap_tui", {
          room_name: `load ${slot}/${gameIndex}`,
          player_name: names[0],
          protocol: options.liapProtocol,
          options: { ...liapOptions, seed: `${options.seed}-${slot}-${gameIndex}` },
        });
        adopt(0, room);
        roomId = room.roomId;
        firstSeat = 1;
      } else if (game === "liap_tui") {
        roomId = await createManaged(slot, gameIndex, game, playerIds, { turn_time_limit: 30, ...liapOptions });
      } else {
        roomId = await createManaged(slot, gameIndex, game, playerIds, {
          turn_time_limit: 30,
          game_over_linger: 5,
          ...(options.cardMaxTurns === undefined ? {} : { max_turns: options.cardMaxTurns }),
          ...(options.cardMaxHp === undefined ? {} : { max_hp: options.cardMaxHp }),
        });
      }
    } catch (error) {
      reservedConnections -= seats;
      recorder.error("room_create_failed", `${tag}: ${describe(error)}`);
      return false;
    }
    recorder.roomOpened();

    // 2. every other seat joins by id, each through its own node when there are several
    const joins = await Promise.allSettled(
      playerIds.slice(firstSeat).map(async (playerId, i) => {
        const seat = firstSeat + i;
        const room = await connect(
          urlFor(slot, seat),
          playerId,
          names[seat]!,
          "joinById",
          roomId,
          game === "liap_tui" ? { protocol: options.liapProtocol, ...(options.liapMode === "open" ? { player_name: names[seat] } : {}) } : {},
        );
        adopt(seat, room);
      }),
    );
    reservedConnections -= seats;
    const failed = joins.find((j): j is PromiseRejectedResult => j.status === "rejected");
    if (failed !== undefined) {
      recorder.error("join_failed", `${tag}: join failed: ${describe(failed.reason)}`);
      await Promise.all(bots.map((b) => b.leave()));
      recorder.roomClosed();
      return false;
    }

    // 3. play: an open Liap Tui room starts when its host says so; managed rooms start once everyone is in
    if (game === "liap_tui" && options.liapMode === "open") bots[0]!.send("start_game", {});
    recorder.gamesStarted++;
    const outcome = await watchGame(bots);
    if (outcome === "completed") {
      recorder.gameCompleted(game, bots.map((b) => b.meter));
    } else if (outcome === "aborted") {
      recorder.gamesAborted++;
    } else if (outcome === "stalled") {
      recorder.error("game_stalled", `${tag}: nothing heard from the room for ${stallMs()} ms`);
      recorder.gamesUnfinished++;
    } else {
      recorder.gamesUnfinished++;
    }
    // 4. everyone leaves; the room closes once its last player is gone (after game_over_linger at the latest)
    await Promise.all(bots.map((b) => b.leave()));
    recorder.roomClosed();
    return outcome === "completed";
  }

  const stallMs = () => Math.max(15_000, options.ackTimeoutSeconds * 3_000);

  /** Waits for every bot's game_over, a room_closed/disconnect, a stall, or the hard end of the run. */
  async function watchGame(bots: Bot[]): Promise<"completed" | "aborted" | "stalled" | "cut"> {
    const all = Promise.all(bots.map((b) => b.done));
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<"stalled" | "cut">((resolve) => {
      timer = setInterval(() => {
        const now = Date.now();
        if (now >= hardEnd) resolve("cut");
        else if (now - Math.max(...bots.map((b) => b.lastHeardAt)) > stallMs()) resolve("stalled");
      }, 250);
    });
    const first = await Promise.race([
      all.then((outcomes) => (outcomes.every((o) => o === "game_over") ? ("completed" as const) : ("aborted" as const))),
      // one bot's room_closed or disconnect ends the game for all
      Promise.race(bots.map((b) => b.done)).then((o) => (o === "game_over" ? new Promise<never>(() => undefined) : ("aborted" as const))),
      watchdog,
    ]);
    clearInterval(timer);
    return first;
  }

  async function runSlot(slot: number): Promise<void> {
    const offset = options.rooms <= 1 ? 0 : (rampMs * slot) / options.rooms;
    await sleep(offset);
    let gameIndex = 0;
    while (Date.now() < newGamesUntil) {
      const ok = await playGame(slot, gameIndex++);
      // after a failure, back off a little (bounded by the run's end)
      if (!ok) await sleep(Math.min(1_000, Math.max(0, newGamesUntil - Date.now())));
    }
  }

  log(
    `loadtest: ${options.rooms} ${options.game} room slots (${clientsNeeded(options)} clients) on ${options.urls.join(", ")}; ` +
      `ramp-up ${options.rampUpSeconds}s, duration ${options.durationSeconds}s, drain ${options.drainSeconds}s`,
  );
  await Promise.all(Array.from({ length: options.rooms }, (_, slot) => runSlot(slot)));
  clearInterval(ticker);
  clearInterval(secondTicker);
  recorder.tick();
  const servers = await watcher.stop({ from: t0 + rampMs, to: newGamesUntil });
  const finishedAt = new Date();

  // actions in the steady window (after the ramp-up, until the duration ends)
  const steadyFrom = Math.ceil(rampMs / 1000);
  const steadyTo = Math.min(actionsPerSecondBuckets.length, steadyFrom + Math.floor(options.durationSeconds));
  const steadySeconds = Math.max(0, steadyTo - steadyFrom);
  const steadyActions = steadySeconds > 0 ? actionsPerSecondBuckets[steadyTo - 1]! - (actionsPerSecondBuckets[steadyFrom - 1] ?? 0) : 0;
  const wallSeconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
  const cpuUsed = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  // the histogram's values include its 10 ms sampling interval
  const delayMs = (ns: number) => Math.max(0, Math.round(ns / 10_000 - 1_000) / 100);
  const generatorSteady =
    steadyCpuFrom !== undefined && steadyCpuTo !== undefined && steadyCpuTo.at > steadyCpuFrom.at
      ? Math.round(
          ((steadyCpuTo.cpu.user + steadyCpuTo.cpu.system - steadyCpuFrom.cpu.user - steadyCpuFrom.cpu.system) / 1e3 / (steadyCpuTo.at - steadyCpuFrom.at)) * 1000,
        ) / 10
      : null;
  let machineSteady: number | null = null;
  const fromMachine = steadyCpuFrom?.machine;
  const toMachine = steadyCpuTo?.machine;
  if (fromMachine != null && toMachine != null && toMachine.total > fromMachine.total) {
    machineSteady = Math.round(((toMachine.busy - fromMachine.busy) / (toMachine.total - fromMachine.total)) * cpus().length * 1000) / 10;
  }
  const serversSteady = servers.map((s) => s.cpu_percent_of_one_core_steady);
  const otherSteady =
    machineSteady !== null && generatorSteady !== null && serversSteady.every((v) => v !== null)
      ? Math.round((machineSteady - generatorSteady - serversSteady.reduce<number>((a, b) => a + (b ?? 0), 0)) * 10) / 10
      : null;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const { jwtSecret: _secret, internalKey, ...safeOptions } = options;
  void _secret;

  return {
    tool: "loadtest",
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    wall_seconds: round2(wallSeconds),
    environment: {
      node: process.version,
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? "unknown",
      loadavg_before: loadBefore.map(round2),
      generator_cpu_percent_of_one_core: Math.round(((cpuUsed.user + cpuUsed.system) / 1e6 / wallSeconds) * 1000) / 10,
      generator_cpu_percent_of_one_core_steady: generatorSteady,
      generator_rss_peak_bytes: generatorRssPeak,
      generator_event_loop_delay_ms: { p50: delayMs(loopDelay.percentile(50)), p99: delayMs(loopDelay.percentile(99)), max: delayMs(loopDelay.max) },
      machine_cpu_percent_of_one_core_steady: machineSteady,
      other_processes_cpu_percent_of_one_core_steady: otherSteady,
      note: "the generator runs on the same machine as the server(s) and shares its cores",
    },
    options: { ...safeOptions, jwtSecret: "<redacted>", internalKey: internalKey === undefined ? null : "<redacted>" },
    clients: { target: clientsNeeded(options), peak_concurrent: recorder.peakConnections, connections_opened: recorder.connectionsOpened },
    rooms: { slots: options.rooms, created: recorder.roomsCreated, peak_concurrent: recorder.peakRooms },
    games: {
      started: recorder.gamesStarted,
      completed: recorder.completedGames,
      completed_by_game: { ...recorder.gamesCompleted },
      aborted: recorder.gamesAborted,
      unfinished: recorder.gamesUnfinished,
    },
    actions: {
      sent: recorder.actionsSent,
      acknowledged: recorder.actionsAcknowledged,
      per_second: round2(recorder.actionsSent / wallSeconds),
      per_second_steady: steadySeconds > 0 ? round2(steadyActions / steadySeconds) : 0,
      per_second_per_client_steady: steadySeconds > 0 ? round2(steadyActions / steadySeconds / Math.max(1, clientsNeeded(options))) : 0,
      refused_by_code: Object.fromEntries(recorder.refusedByCode),
      ack_timeouts: recorder.ackTimeouts,
      patches_missing: recorder.patchesMissing,
      server_timeouts: recorder.serverTimeouts,
    },
    latency_ms: { action_to_ack: recorder.ack.summary(), action_to_patch: recorder.patch.summary(), by_kind: recorder.kinds() },
    bytes: recorder.bytes(),
    errors: { total: recorder.errorCount, by_category: Object.fromEntries(recorder.errorsByCategory), samples: recorder.errorSamples },
    disconnects: { drops: recorder.drops, reconnects: recorder.reconnects, unexpected_leaves: recorder.unexpectedLeaves },
    servers,
    timeline: recorder.timeline,
  };
}

/** Busy and total CPU time of the whole machine (Linux /proc/stat, clock ticks). */
interface MachineCpu {
  busy: number;
  total: number;
}

function machineCpu(): MachineCpu | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}${"code" in error ? ` (code ${String((error as { code: unknown }).code)})` : ""}`;
  return String(error);
}
