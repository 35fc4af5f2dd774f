/**
 * Command-line options of the load generator: parsing, defaults, the help
 * text, and the hard bounds (loopback targets only, a maximum duration and a
 * maximum number of client connections) that no flag can lift.
 */

import type { GameRoomName } from "../src/games/registry.js";

/** Which game the bots play. `mixed` alternates room slots between the two. */
export type GameChoice = GameRoomName | "mixed";

/** How Liap Tui rooms are made: a bot creates an open room and three join it, or the internal API creates a managed room. */
export type LiapMode = "open" | "managed";
/** The wire profile Liap Tui bots join with (see README "Wire profiles"). */
export type LiapProtocol = "native" | "seed003";

/** Which client library the bots use: `@colyseus/sdk`, or the light wire client (loadtest/wire-client.ts) for thousands of clients per process. */
export type ClientKind = "sdk" | "wire";

/** Everything one run needs. */
export interface LoadTestOptions {
  client: ClientKind;
  /** Matchmaking endpoints (one per node); room slots spread over them and joiners use another node than the creator. */
  urls: string[];
  /** Nodes whose `GET /metrics` is read before, during and after the run. */
  metricsUrls: string[];
  game: GameChoice;
  liapMode: LiapMode;
  liapProtocol: LiapProtocol;
  /** Room slots played concurrently; each plays games back to back until the duration ends. */
  rooms: number;
  /** Players per card battle room (2–4). */
  cardPlayers: number;
  /** Ceiling on concurrently open client connections; the run refuses a configuration that would need more. */
  maxClients: number;
  /** Milliseconds a bot waits (on average) after it may act before it sends its action. */
  thinkTimeMs: number;
  /** Spread of each think time, 0–1 (uniform in thinkTimeMs × [1 − jitter, 1 + jitter]; 0: always thinkTimeMs). */
  thinkJitter: number;
  /** Upper bound on each bot's actions per second (the server refuses more than 10 messages/s per client). */
  actionsPerSecond: number;
  /** Seconds over which the room slots start, evenly spaced. */
  rampUpSeconds: number;
  /** Seconds of full load after the ramp-up; slots start new games until ramp-up + duration. */
  durationSeconds: number;
  /** Seconds games still running at the end of the duration get to finish before they are abandoned. */
  drainSeconds: number;
  /** Liap Tui `max_rounds` per game. */
  maxRounds: number;
  /** Card battle `max_turns` per game (undefined: the rules' default). */
  cardMaxTurns?: number;
  /** Card battle `max_hp` per game (undefined: the rules' default); more hit points, longer games. */
  cardMaxHp?: number;
  /** Seconds a bot waits for the acknowledgement of an action before it counts an error. */
  ackTimeoutSeconds: number;
  /** HS256 secret the server verifies players' JWTs with. */
  jwtSecret: string;
  /** `X-Internal-Api-Key` for `POST /internal/rooms/create` (managed rooms and card battle). */
  internalKey?: string;
  /** Seed prefix; each game's seed is derived from it, so a run's deals are reproducible. */
  seed: string;
  /** Where the JSON report goes (default: loadtest/results/<time>-<game>-<rooms>r.json). */
  out?: string;
  /** Room counts of a sweep (runs one step per count, stops at the first step over the latency limit or with errors). */
  sweep?: number[];
  /** p99 action→patch latency (ms) at which a sweep stops. */
  sweepStopMs: number;
  /** Seconds between the steps of a sweep (lets the server settle). */
  sweepPauseSeconds: number;
  /** Print progress lines to stderr. */
  progress: boolean;
}

/** Bounds no flag can lift. */
export const HARD_LIMITS = Object.freeze({
  /** Longest run (duration + drain), seconds. */
  maxRunSeconds: 1800,
  /** Most concurrently open client connections of one generator process (a process may hold at most 20,000 open files here). */
  maxClients: 19000,
  /** Longest ramp-up, seconds. */
  maxRampUpSeconds: 600,
  /** The server's per-client message limit (RateLimiter: 10 per second). */
  maxActionsPerSecond: 10,
});

/** What the CLI asked for. */
export type Command = { kind: "help" } | { kind: "wire-size"; seed: string; maxRounds: number; out?: string } | { kind: "run"; options: LoadTestOptions };

/** A flag value the generator refuses; the message says which flag and why. */
export class OptionsError extends Error {
  override name = "OptionsError";
}

/** Defaults of every option except the secret. */
export const DEFAULTS = Object.freeze({
  url: "http://127.0.0.1:2567",
  client: "sdk" as ClientKind,
  game: "liap_tui" as GameChoice,
  liapMode: "open" as LiapMode,
  liapProtocol: "native" as LiapProtocol,
  rooms: 4,
  cardPlayers: 2,
  maxClients: 1000,
  thinkTimeMs: 250,
  thinkJitter: 0.5,
  actionsPerSecond: 2,
  rampUpSeconds: 5,
  durationSeconds: 30,
  drainSeconds: 30,
  maxRounds: 2,
  ackTimeoutSeconds: 10,
  seed: "loadtest",
  sweepStopMs: 100,
  sweepPauseSeconds: 3,
});

export const HELP = `Load generator: bots that play complete games on a running game server through @colyseus/sdk.

Usage: npm run loadtest -- [flags]
       npm run loadtest -- --wire-size [--seed S] [--max-rounds N] [--out FILE]

Target (loopback only: 127.0.0.0/8, localhost, ::1; anything else is refused)
  --url URL[,URL...]        matchmaking endpoint of each node (default ${DEFAULTS.url}); room slots are
                            spread over them and joiners go through another node than the room's creator
  --metrics URL[,URL...]    nodes whose GET /metrics is read before/during/after the run (default: the --url list)
  --jwt-secret S            HS256 secret of the server (JWT_SECRET; default: $LOADTEST_JWT_SECRET or $JWT_SECRET).
                            Every bot connects with its own JWT (subject = player id)
  --internal-key K          X-Internal-Api-Key for POST /internal/rooms/create (needed for card_battle and
                            --liap-mode managed; default: $LOADTEST_INTERNAL_KEY or the first of $INTERNAL_API_KEYS)

Load shape
  --client C                sdk: bots use @colyseus/sdk (default); wire: the light client of loadtest/wire-client.ts
                            (raw protocol over ws, schema types shared per process), for thousands of clients per process
  --game G                  liap_tui | card_battle | mixed (slots alternate) (default ${DEFAULTS.game})
  --liap-mode M             open: a bot creates the room, three join it by id, the host sends start_game;
                            managed: the internal API creates a 4-player room and the bots join it (default ${DEFAULTS.liapMode})
  --liap-protocol P         native: Liap Tui bots play from the schema state, as SDK clients do (no game_state events);
                            seed003: they join with protocol "seed003" and play from phase_change (default ${DEFAULTS.liapProtocol})
  --rooms N                 concurrent room slots; each plays games back to back until the duration ends (default ${DEFAULTS.rooms})
  --clients N               alternative to --rooms: slots = N / players per room (rounded down, at least 1)
  --card-players N          players per card battle room, 2-4 (default ${DEFAULTS.cardPlayers})
  --think-time MS           a bot's mean delay between the moment it may act and its action (default ${DEFAULTS.thinkTimeMs})
  --think-jitter F          spread of that delay, 0-1: uniform in MS x [1-F, 1+F], from the seed (default ${DEFAULTS.thinkJitter};
                            0 = every bot waits exactly MS, and tables served in one burst act again in one burst)
  --actions-per-second N    ceiling on each bot's action rate, at most ${HARD_LIMITS.maxActionsPerSecond} (the server's per-client limit) (default ${DEFAULTS.actionsPerSecond})
  --ramp-up S               seconds over which the slots start, evenly spaced (default ${DEFAULTS.rampUpSeconds})
  --duration S              seconds of full load after the ramp-up; new games start until ramp-up + duration (default ${DEFAULTS.durationSeconds})
  --drain S                 seconds running games get to finish after the duration; then they are abandoned (default ${DEFAULTS.drainSeconds})
  --max-rounds N            Liap Tui max_rounds per game (default ${DEFAULTS.maxRounds}); pauses and bot delays are 0
  --card-max-turns N        card battle max_turns per game (default: the rules' default)
  --card-max-hp N           card battle max_hp per game (default: the rules' default, 30); more makes longer games
  --ack-timeout S           seconds to wait for an action's acknowledgement before counting an error (default ${DEFAULTS.ackTimeoutSeconds})
  --seed S                  seed prefix; game seeds derive from it (default ${DEFAULTS.seed})

Bounds
  --max-clients N           refuse configurations needing more concurrent connections, and never open more
                            (default ${DEFAULTS.maxClients}, at most ${HARD_LIMITS.maxClients})
  The run always ends by itself after ramp-up + duration + drain, and duration + drain may not exceed ${HARD_LIMITS.maxRunSeconds} s.

Sweep
  --sweep N,N,...           run one step per room count, in order; stop after the first step whose p99
                            action->patch latency exceeds --sweep-stop-ms or that has errors
  --sweep-stop-ms MS        latency limit of a sweep (default ${DEFAULTS.sweepStopMs})
  --sweep-pause S           pause between steps (default ${DEFAULTS.sweepPauseSeconds})

Output
  --out FILE                JSON report path (default loadtest/results/<time>-<game>-<rooms>r.json; git-ignored)
  --quiet                   no progress lines on stderr
  --help                    this text

Wire size
  --wire-size               replay one Liap Tui game (medium bots, seed --seed, --max-rounds, default 20) through
                            both encoders and print bytes per client: the schema-delta room vs seed 003's full
                            game_state in every phase_change. Needs no server.

Measured: concurrent clients, rooms, games completed, actions/s, latency from sending an action to its
acknowledgement (seed003: play_accepted, declaration_accepted, redeal_decision_accepted; native Liap Tui: the patch
that reflects it; card battle: card_played, player_passed)
and to the first state patch that reflects it (p50/p95/p99/max), WebSocket bytes in/out per client per
minute, errors and disconnects, and per node CPU and memory from /metrics. Exit status: 0 when the run
had no errors, 1 when it had some, 2 for bad flags.
`;

const LOOPBACK_NAMES = new Set(["localhost", "[::1]", "::1"]);

/** True for loopback hosts only: 127.0.0.0/8, localhost (and *.localhost), ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (LOOPBACK_NAMES.has(host) || host.endsWith(".localhost")) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4 !== null) return v4.slice(1).every((part) => Number(part) <= 255) && Number(v4[1]) === 127;
  // IPv4-mapped loopback, as URL normalises it ([::ffff:7f00:1])
  const mapped = /^\[::ffff:7f([0-9a-f]{2}):([0-9a-f]{1,4})\]$/.exec(host);
  return mapped !== null;
}

/** Parses a comma list of http(s) URLs and refuses any that is not on a loopback address. */
export function parseLoopbackUrls(flag: string, value: string): string[] {
  const urls = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (urls.length === 0) throw new OptionsError(`${flag} needs at least one URL`);
  return urls.map((raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new OptionsError(`${flag}: "${raw}" is not a URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new OptionsError(`${flag}: "${raw}" must be http:// or https://`);
    if (!isLoopbackHost(url.hostname)) {
      throw new OptionsError(`${flag}: "${raw}" is not a loopback address; the load generator only targets 127.0.0.0/8, localhost or ::1`);
    }
    return url.origin;
  });
}

/** Players per room of a game. */
export function playersPerRoom(game: GameRoomName, cardPlayers: number): number {
  return game === "liap_tui" ? 4 : cardPlayers;
}

/** The game of a room slot. */
export function gameOfSlot(choice: GameChoice, slot: number): GameRoomName {
  if (choice === "mixed") return slot % 2 === 0 ? "liap_tui" : "card_battle";
  return choice;
}

/** Client connections a configuration keeps open at once (all slots full). */
export function clientsNeeded(options: Pick<LoadTestOptions, "game" | "rooms" | "cardPlayers">): number {
  let total = 0;
  for (let slot = 0; slot < options.rooms; slot++) total += playersPerRoom(gameOfSlot(options.game, slot), options.cardPlayers);
  return total;
}

/** Fills defaults and checks every bound; throws an OptionsError naming the problem. */
export function resolveOptions(input: Partial<LoadTestOptions> & { clients?: number }): LoadTestOptions {
  const game = input.game ?? DEFAULTS.game;
  if (!["liap_tui", "card_battle", "mixed"].includes(game)) throw new OptionsError(`--game must be liap_tui, card_battle or mixed, got "${game}"`);
  const liapMode = input.liapMode ?? DEFAULTS.liapMode;
  if (liapMode !== "open" && liapMode !== "managed") throw new OptionsError(`--liap-mode must be open or managed, got "${String(liapMode)}"`);
  const liapProtocol = input.liapProtocol ?? DEFAULTS.liapProtocol;
  if (liapProtocol !== "native" && liapProtocol !== "seed003") throw new OptionsError(`--liap-protocol must be native or seed003, got "${String(liapProtocol)}"`);
  const cardPlayers = integer("--card-players", input.cardPlayers ?? DEFAULTS.cardPlayers, 2, 4);
  const urls = input.urls ?? [DEFAULTS.url];
  for (const url of [...urls, ...(input.metricsUrls ?? [])]) parseLoopbackUrls("--url/--metrics", url);

  let rooms = input.rooms;
  if (rooms === undefined && input.clients !== undefined) {
    const clients = integer("--clients", input.clients, 1, HARD_LIMITS.maxClients);
    const perRoom = game === "liap_tui" ? 4 : game === "card_battle" ? cardPlayers : (4 + cardPlayers) / 2;
    rooms = Math.max(1, Math.floor(clients / perRoom));
  }
  rooms = integer("--rooms", rooms ?? DEFAULTS.rooms, 1, HARD_LIMITS.maxClients);
  const maxClients = integer("--max-clients", input.maxClients ?? DEFAULTS.maxClients, 1, HARD_LIMITS.maxClients);
  const durationSeconds = number("--duration", input.durationSeconds ?? DEFAULTS.durationSeconds, 1, HARD_LIMITS.maxRunSeconds);
  const drainSeconds = number("--drain", input.drainSeconds ?? DEFAULTS.drainSeconds, 0, HARD_LIMITS.maxRunSeconds);
  if (durationSeconds + drainSeconds > HARD_LIMITS.maxRunSeconds) {
    throw new OptionsError(`--duration + --drain may not exceed ${HARD_LIMITS.maxRunSeconds} s`);
  }
  const jwtSecret = input.jwtSecret ?? "";
  if (jwtSecret.length < 32) throw new OptionsError("--jwt-secret (the server's JWT_SECRET, at least 32 characters) is required");
  const needsKey = game !== "liap_tui" || liapMode === "managed";
  if (needsKey && (input.internalKey === undefined || input.internalKey === "")) {
    throw new OptionsError("--internal-key is required for card_battle, mixed and --liap-mode managed (rooms are created over the internal API)");
  }

  const client = input.client ?? DEFAULTS.client;
  if (client !== "sdk" && client !== "wire") throw new OptionsError(`--client must be sdk or wire, got "${String(client)}"`);
  const options: LoadTestOptions = {
    client,
    urls: urls.flatMap((u) => parseLoopbackUrls("--url", u)),
    metricsUrls: (input.metricsUrls ?? urls).flatMap((u) => parseLoopbackUrls("--metrics", u)),
    game,
    liapMode,
    liapProtocol,
    rooms,
    cardPlayers,
    maxClients,
    thinkTimeMs: number("--think-time", input.thinkTimeMs ?? DEFAULTS.thinkTimeMs, 0, 60_000),
    thinkJitter: number("--think-jitter", input.thinkJitter ?? DEFAULTS.thinkJitter, 0, 1),
    actionsPerSecond: number("--actions-per-second", input.actionsPerSecond ?? DEFAULTS.actionsPerSecond, 0.01, HARD_LIMITS.maxActionsPerSecond),
    rampUpSeconds: number("--ramp-up", input.rampUpSeconds ?? DEFAULTS.rampUpSeconds, 0, HARD_LIMITS.maxRampUpSeconds),
    durationSeconds,
    drainSeconds,
    maxRounds: integer("--max-rounds", input.maxRounds ?? DEFAULTS.maxRounds, 1, 500),
    cardMaxTurns: input.cardMaxTurns === undefined ? undefined : integer("--card-max-turns", input.cardMaxTurns, 1, 10_000),
    cardMaxHp: input.cardMaxHp === undefined ? undefined : integer("--card-max-hp", input.cardMaxHp, 1, 10_000),
    ackTimeoutSeconds: number("--ack-timeout", input.ackTimeoutSeconds ?? DEFAULTS.ackTimeoutSeconds, 0.1, 600),
    jwtSecret,
    internalKey: input.internalKey === "" ? undefined : input.internalKey,
    seed: input.seed ?? DEFAULTS.seed,
    out: input.out,
    sweep: input.sweep?.map((n) => integer("--sweep", n, 1, HARD_LIMITS.maxClients)),
    sweepStopMs: number("--sweep-stop-ms", input.sweepStopMs ?? DEFAULTS.sweepStopMs, 1, 60_000),
    sweepPauseSeconds: number("--sweep-pause", input.sweepPauseSeconds ?? DEFAULTS.sweepPauseSeconds, 0, 600),
    progress: input.progress ?? true,
  };
  for (const count of [options.rooms, ...(options.sweep ?? [])]) {
    const needed = clientsNeeded({ ...options, rooms: count });
    if (needed > options.maxClients) {
      throw new OptionsError(`${count} rooms need ${needed} concurrent clients, more than --max-clients ${options.maxClients}`);
    }
  }
  return options;
}

/** Parses argv (without node and script) into a command; throws an OptionsError for bad flags. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Command {
  const flags = new Map<string, string>();
  const switches = new Set(["--help", "-h", "--wire-size", "--quiet"]);
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let value: string | undefined;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (!KNOWN_FLAGS.has(arg) && !switches.has(arg)) throw new OptionsError(`unknown flag ${arg} (see --help)`);
    if (switches.has(arg)) {
      flags.set(arg, "true");
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new OptionsError(`${arg} needs a value`);
    }
    flags.set(arg, value);
  }
  if (flags.has("--help") || flags.has("-h")) return { kind: "help" };
  const num = (flag: string) => (flags.has(flag) ? parseNumber(flag, flags.get(flag)!) : undefined);
  if (flags.has("--wire-size")) {
    return {
      kind: "wire-size",
      seed: flags.get("--seed") ?? "wire-size-1",
      maxRounds: integer("--max-rounds", num("--max-rounds") ?? 20, 1, 500),
      out: flags.get("--out"),
    };
  }
  const list = (flag: string) => flags.get(flag)?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const firstKey = env.INTERNAL_API_KEYS?.split(",")[0]?.trim();
  const options = resolveOptions({
    client: flags.get("--client") as ClientKind | undefined,
    urls: list("--url"),
    metricsUrls: list("--metrics"),
    game: flags.get("--game") as GameChoice | undefined,
    liapMode: flags.get("--liap-mode") as LiapMode | undefined,
    liapProtocol: flags.get("--liap-protocol") as LiapProtocol | undefined,
    rooms: num("--rooms"),
    clients: num("--clients"),
    cardPlayers: num("--card-players"),
    maxClients: num("--max-clients"),
    thinkTimeMs: num("--think-time"),
    thinkJitter: num("--think-jitter"),
    actionsPerSecond: num("--actions-per-second"),
    rampUpSeconds: num("--ramp-up"),
    durationSeconds: num("--duration"),
    drainSeconds: num("--drain"),
    maxRounds: num("--max-rounds"),
    cardMaxTurns: num("--card-max-turns"),
    cardMaxHp: num("--card-max-hp"),
    ackTimeoutSeconds: num("--ack-timeout"),
    jwtSecret: flags.get("--jwt-secret") ?? env.LOADTEST_JWT_SECRET ?? env.JWT_SECRET,
    internalKey: flags.get("--internal-key") ?? env.LOADTEST_INTERNAL_KEY ?? (firstKey === "" ? undefined : firstKey),
    seed: flags.get("--seed"),
    out: flags.get("--out"),
    sweep: list("--sweep")?.map((s) => parseNumber("--sweep", s)),
    sweepStopMs: num("--sweep-stop-ms"),
    sweepPauseSeconds: num("--sweep-pause"),
    progress: !flags.has("--quiet"),
  });
  return { kind: "run", options };
}

const KNOWN_FLAGS = new Set([
  "--client",
  "--url",
  "--metrics",
  "--game",
  "--liap-mode",
  "--liap-protocol",
  "--rooms",
  "--clients",
  "--card-players",
  "--max-clients",
  "--think-time",
  "--think-jitter",
  "--actions-per-second",
  "--ramp-up",
  "--duration",
  "--drain",
  "--max-rounds",
  "--card-max-turns",
  "--card-max-hp",
  "--ack-timeout",
  "--jwt-secret",
  "--internal-key",
  "--seed",
  "--out",
  "--sweep",
  "--sweep-stop-ms",
  "--sweep-pause",
]);

function parseNumber(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) throw new OptionsError(`${flag} must be a number, got "${raw}"`);
  return value;
}

function number(flag: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new OptionsError(`${flag} must be from ${min} to ${max}, got ${value}`);
  return value;
}

function integer(flag: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value)) throw new OptionsError(`${flag} must be a whole number, got ${value}`);
  return number(flag, value, min, max);
}
