/**
 * Wire-size comparison (issue 6): one Liap Tui game, played by four medium
 * bots through the pure engine, replayed through both ways of telling clients
 * about the state, and the bytes each client receives for the whole game.
 *
 * The replay drives exactly what `LiapTuiRoom` drives, without sockets:
 * - the room's schema state (`schema/liap-tui.ts`), brought up to date after
 *   every action by the room's own `syncSchema()` (plus the timer fields the
 *   room's `schedule()` sets), encoded by @colyseus/core's `SchemaSerializer`
 *   — the class Colyseus itself uses — with one `StateView` per client
 *   holding its own seat and hand, as the room does: per client the JOIN_ROOM
 *   handshake, the full state on join, and every patch;
 * - the room's event messages (`connected`, `room_joined`, `player_joined`,
 *   `hand_updated`, acknowledgements, `special_bonus`, `game_over`, and
 *   `phase_change` with a full `game_state` from `wirePhaseChange()`), in the
 *   seed-003 envelope, each to the audience the room sends it to, measured as
 *   Colyseus frames (type + msgpack, `getMessageBytes.raw`) and as the JSON
 *   text seed 003 sends over a plain WebSocket.
 *
 * Reported per client (mean of the four seats, and min/max):
 *   state     = schema handshake + full state + patches
 *   events    = every event except phase_change
 *   phase     = the phase_change messages (a full game_state each)
 *   (a) delta-synced state   = state + events (msgpack, as Colyseus sends them)
 *   (b) seed-003 way         = events + phase (JSON text, as seed 003 sends them)
 *   the room as it is today  = state + events + phase (it sends phase_change too, for seed-003 clients)
 * Byte counts are WebSocket payloads; "framed" adds each frame's header.
 */
import { ClientState, getMessageBytes, Protocol, SchemaSerializer } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import {
  applyAction,
  awaiting,
  botAction,
  createGame,
  playerView,
  type LiapTuiEvent,
  type LiapTuiState as GameState,
  type Seat,
} from "../src/games/liap-tui/index.js";
import { seedRng } from "../src/games/shared/prng.js";
import { envelope } from "../src/protocol/envelope.js";
import { SeatTable } from "../rooms/liap-tui/seating.js";
import { syncSchema } from "../rooms/liap-tui/schema-sync.js";
import { wireGameOver, wireHand, wirePhaseChange, type SeatInfo, type TimerInfo } from "../src/games/liap-tui/wire.js";
import { LiapTuiState } from "../schema/liap-tui.js";
import { frameHeader } from "./wire-meter.js";

/** Bytes and frames one client received on one channel. */
interface Channel {
  bytes: number;
  framed: number;
  frames: number;
}

/** What one client received. */
interface ClientTally {
  /** Schema: JOIN_ROOM handshake + full state + patches. */
  state: Channel;
  /** Events except phase_change, as Colyseus frames (msgpack). */
  eventsMsgpack: Channel;
  /** The same events as seed-003 JSON text. */
  eventsJson: Channel;
  phaseMsgpack: Channel;
  phaseJson: Channel;
  /** Client→server actions as Colyseus frames and as seed-003 JSON. */
  actionsMsgpack: Channel;
  actionsJson: Channel;
}

/** Per-client figure: mean over the seats, min and max. */
export interface Figure {
  mean: number;
  min: number;
  max: number;
}

/** The comparison's result. */
export interface WireSizeResult {
  tool: "loadtest --wire-size";
  game: { seed: string; max_rounds: number; bot: "medium"; rounds_played: number; actions: number; player_actions: number; phase_changes: number; patches: number };
  method: string;
  per_client_bytes: {
    state_schema: Figure;
    state_schema_framed: Figure;
    events_msgpack: Figure;
    events_json: Figure;
    phase_change_msgpack: Figure;
    phase_change_json: Figure;
    actions_sent_msgpack: Figure;
    actions_sent_json: Figure;
  };
  totals_per_client: {
    a_delta_synced_state: Figure;
    a_delta_synced_state_framed: Figure;
    b_seed003_full_game_state_json: Figure;
    b_seed003_full_game_state_json_framed: Figure;
    b_seed003_full_game_state_msgpack: Figure;
    room_today_state_plus_phase_change: Figure;
    room_today_state_plus_phase_change_framed: Figure;
  };
  ratio_b_json_over_a: number;
  ratio_state_channel_phase_json_over_schema: number;
}

const channel = (): Channel => ({ bytes: 0, framed: 0, frames: 0 });
const add = (c: Channel, length: number, masked = false) => {
  c.bytes += length;
  c.framed += length + frameHeader(length, masked);
  c.frames++;
};

/** A connection as SchemaSerializer sees it: counts what it is sent. */
interface FakeClient {
  state: ClientState;
  view: StateView;
  sessionId: string;
  raw(bytes: Uint8Array | number[]): void;
}

const BASE_TIME = Date.UTC(2026, 0, 1, 12, 0, 0);
const ROOM_ID = "wSz7kQ2pA";
const NAMES = ["Player 1", "Player 2", "Player 3", "Player 4"];
const MOVE_TIMEOUT_MS = 30_000;

/** Replays one medium-bot game through both encodings. */
export function measureWireSize(input: { seed: string; maxRounds: number }): WireSizeResult {
  const tallies: ClientTally[] = NAMES.map(() => ({
    state: channel(),
    eventsMsgpack: channel(),
    eventsJson: channel(),
    phaseMsgpack: channel(),
    phaseJson: channel(),
    actionsMsgpack: channel(),
    actionsJson: channel(),
  }));
  let now = BASE_TIME;
  let sequence = 0;
  let patches = 0;
  let phaseChanges = 0;

  const state = new LiapTuiState();
  state.room_name = `Room ${ROOM_ID}`;
  const table = new SeatTable();
  const serializer = new SchemaSerializer();
  serializer.reset(state);
  const clients: FakeClient[] = [];

  /** A room event to some seats (the room's Messenger: one sequence per event, the seed envelope). */
  const emit = (event: string, data: unknown, to: readonly number[]) => {
    sequence++;
    const message = envelope(event, data, ROOM_ID, sequence, now);
    const packed = getMessageBytes.raw(Protocol.ROOM_DATA, event, message).byteLength;
    const json = Buffer.byteLength(JSON.stringify(message));
    for (const seat of to) {
      if (clients[seat] === undefined) continue;
      const tally = tallies[seat]!;
      add(event === "phase_change" ? tally.phaseMsgpack : tally.eventsMsgpack, packed);
      add(event === "phase_change" ? tally.phaseJson : tally.eventsJson, json);
    }
  };
  const all = () => clients.map((_, i) => i);
  const patch = () => {
    if (serializer.applyPatches(clients as never, state)) patches++;
  };
  const seatInfos = (): SeatInfo[] => table.seats.map((s) => ({ position: s.position, name: s.name, isBot: s.isBot, connected: s.connected }));

  // ---- the four players join (LiapTuiRoom.onJoin, then Colyseus' JOIN_ROOM and full state)
  for (let i = 0; i < 4; i++) {
    const playerId = `player-${i + 1}`;
    const seat = table.placeFor(playerId, false);
    if (typeof seat === "string") throw new Error(`seat refused: ${seat}`);
    table.seatHuman(seat, playerId, NAMES[i]!, true);
    const view = new StateView();
    const player = (syncSchema(state, null, table), state.players[seat.position]!);
    view.add(player);
    view.subscribe(player.hand);
    const tally = tallies[i]!;
    const client: FakeClient = { state: ClientState.JOINING, view, sessionId: `session${i}`, raw: (bytes) => add(tally.state, bytes.length) };
    // onJoin: sync, patch to those already in, events
    patch();
    clients.push(client);
    emit("connected", { connection_id: client.sessionId, room_id: ROOM_ID, player_name: seat.name, reconnected: false }, [i]);
    emit(
      "room_joined",
      {
        room_id: ROOM_ID,
        room_name: state.room_name,
        position: seat.position,
        host: table.host?.name ?? null,
        players: seatInfos().map((s) => ({ name: s.name, position: s.position, is_bot: s.isBot })),
        game_state: null,
      },
      [i],
    );
    emit("player_joined", { player_name: seat.name, position: seat.position, is_bot: false, timestamp: now / 1000 }, all().filter((s) => s !== i));
    // Colyseus: JOIN_ROOM with the schema handshake, then the full state from this client's view
    client.raw(getMessageBytes[Protocol.JOIN_ROOM](`${ROOM_ID}:reconnect${i}`, serializer.id, serializer.handshake()));
    client.raw(serializer.getFullState(client as never));
    client.state = ClientState.JOINED;
    now += 500;
  }

  // ---- the game (LiapTuiRoom.beginGame, apply, publish, schedule)
  let game: GameState = createGame({ seed: input.seed, options: { maxRounds: input.maxRounds } });
  const rng = seedRng(`${input.seed}:bots`);
  let timerKey = "";
  let timer: TimerInfo | null = null;
  let actions = 0;
  let playerActions = 0;

  const schedule = () => {
    const wait = awaiting(game);
    if (wait.kind === "actors") {
      const key = `${wait.action}:${game.phase}:${game.round}:${wait.seats.join(",")}`;
      if (key !== timerKey) timer = { kind: wait.action, deadline: now + MOVE_TIMEOUT_MS, timeoutSeconds: MOVE_TIMEOUT_MS / 1000 };
      timerKey = key;
      state.deadline = timer!.deadline;
      state.timer_kind = timer!.kind;
    } else {
      timer = null;
      timerKey = "";
      state.deadline = 0;
      state.timer_kind = wait.kind === "advance" ? "display_pause" : "";
    }
  };
  const sendHand = (seat: Seat) => emit("hand_updated", wireHand(playerView(game, seat).hand ?? []), [seat]);

  const publish = (events: readonly LiapTuiEvent[]) => {
    syncSchema(state, game, table);
    patch();
    const seats = seatInfos();
    let gameOver: Extract<LiapTuiEvent, { type: "game_over" }> | undefined;
    for (const event of events) {
      switch (event.type) {
        case "dealt":
          for (const seat of [0, 1, 2, 3] as Seat[]) sendHand(seat);
          break;
        case "redeal_decided":
          emit("redeal_decision_accepted", { player: seats[event.seat]!.name, decision: event.accept ? "accept" : "decline" }, all());
          break;
        case "declared":
          emit("declaration_accepted", { player: seats[event.seat]!.name, declaration: event.value }, [event.seat]);
          break;
        case "played":
          emit("play_accepted", { player: seats[event.seat]!.name, pieces_played: event.pieces.map((p) => p.id), play_type: event.playType }, [event.seat]);
          sendHand(event.seat);
          break;
        case "perfect_declaration": {
          const name = seats[event.seat]!.name;
          emit(
            "special_bonus",
            { player: name, bonus_type: "PERFECT_DECLARATION", bonus_points: event.bonusPoints, message: `${name} achieved perfect declaration!`, animation: "celebration" },
            all(),
          );
          break;
        }
        case "game_over":
          gameOver = event;
          break;
        default:
          break;
      }
    }
    // as the room: timers are re-armed after the patch; their fields go out with the next patch
    schedule();
    const view = playerView(game, null);
    emit("phase_change", wirePhaseChange(view, seats, timer, sequence + 1, now), all());
    phaseChanges++;
    if (gameOver !== undefined) {
      state.deadline = 0;
      state.timer_kind = "";
      emit("game_over", wireGameOver(gameOver, seats, (now - BASE_TIME) / 1000), all());
      patch();
    }
  };

  publish([{ type: "dealt", round: 1, redeal: false, multiplier: 1 }]);
  for (let guard = 0; guard < 100_000; guard++) {
    const wait = awaiting(game);
    if (wait.kind === "none") break;
    if (wait.kind !== "advance") {
      // a player thinks for a second: the room's patch interval (patchRate 1000 ms) sends what changed meanwhile
      now += 1_000;
      patch();
    }
    const action = wait.kind === "advance" ? ({ type: "advance" } as const) : botAction(game, wait.seats[0]!, "medium", rng);
    if (action.type !== "advance") {
      playerActions++;
      const seat = action.seat;
      const [type, payload] =
        action.type === "play"
          ? ["play", { piece_ids: action.pieceIds }]
          : action.type === "declare"
            ? ["declare", { declaration: action.value }]
            : [action.accept ? "accept_redeal" : "decline_redeal", {}];
      add(tallies[seat]!.actionsMsgpack, getMessageBytes.raw(Protocol.ROOM_DATA, type, payload).byteLength, true);
      add(tallies[seat]!.actionsJson, Buffer.byteLength(JSON.stringify({ event: type, data: payload })), true);
    }
    const result = applyAction(game, action);
    if (!result.ok) throw new Error(`the engine refused a bot action: ${result.error.code}`);
    game = result.state;
    actions++;
    publish(result.events);
  }
  if (awaiting(game).kind !== "none") throw new Error("the replayed game did not end");

  const fig = (pick: (t: ClientTally) => number): Figure => {
    const values = tallies.map(pick);
    return { mean: Math.round(values.reduce((a, b) => a + b, 0) / values.length), min: Math.min(...values), max: Math.max(...values) };
  };
  const a = fig((t) => t.state.bytes + t.eventsMsgpack.bytes);
  const bJson = fig((t) => t.eventsJson.bytes + t.phaseJson.bytes);
  const stateFig = fig((t) => t.state.bytes);
  const phaseJson = fig((t) => t.phaseJson.bytes);
  const view = playerView(game, null);
  return {
    tool: "loadtest --wire-size",
    game: {
      seed: input.seed,
      max_rounds: input.maxRounds,
      bot: "medium",
      rounds_played: view.result?.roundsPlayed ?? view.round,
      actions,
      player_actions: playerActions,
      phase_changes: phaseChanges,
      patches,
    },
    method:
      "one game of four medium bots (pure engine) replayed through LiapTuiRoom's own syncSchema + @colyseus/core SchemaSerializer with a StateView per client " +
      "(handshake, full state on join, every patch), and through the room's event messages in the seed-003 envelope (msgpack as Colyseus frames them; JSON text as seed 003 sends them); " +
      "move timers 30 s, display pauses and bot delays 0; bytes are WebSocket payloads per client for the whole game, join included",
    per_client_bytes: {
      state_schema: stateFig,
      state_schema_framed: fig((t) => t.state.framed),
      events_msgpack: fig((t) => t.eventsMsgpack.bytes),
      events_json: fig((t) => t.eventsJson.bytes),
      phase_change_msgpack: fig((t) => t.phaseMsgpack.bytes),
      phase_change_json: phaseJson,
      actions_sent_msgpack: fig((t) => t.actionsMsgpack.bytes),
      actions_sent_json: fig((t) => t.actionsJson.bytes),
    },
    totals_per_client: {
      a_delta_synced_state: a,
      a_delta_synced_state_framed: fig((t) => t.state.framed + t.eventsMsgpack.framed),
      b_seed003_full_game_state_json: bJson,
      b_seed003_full_game_state_json_framed: fig((t) => t.eventsJson.framed + t.phaseJson.framed),
      b_seed003_full_game_state_msgpack: fig((t) => t.eventsMsgpack.bytes + t.phaseMsgpack.bytes),
      room_today_state_plus_phase_change: fig((t) => t.state.bytes + t.eventsMsgpack.bytes + t.phaseMsgpack.bytes),
      room_today_state_plus_phase_change_framed: fig((t) => t.state.framed + t.eventsMsgpack.framed + t.phaseMsgpack.framed),
    },
    ratio_b_json_over_a: Math.round((bJson.mean / a.mean) * 100) / 100,
    ratio_state_channel_phase_json_over_schema: Math.round((phaseJson.mean / stateFig.mean) * 100) / 100,
  };
}

/** The readable table of a comparison. */
export function formatWireSize(r: WireSizeResult): string {
  const kib = (f: Figure) => `${(f.mean / 1024).toFixed(1)} KiB (${f.min}–${f.max} B)`;
  const p = r.per_client_bytes;
  const t = r.totals_per_client;
  return [
    `== wire size of one Liap Tui game per client (seed ${r.game.seed}, max_rounds ${r.game.max_rounds}, medium bots: ${r.game.rounds_played} rounds, ${r.game.player_actions} player actions, ${r.game.actions} actions with pauses, ${r.game.phase_changes} phase_change, ${r.game.patches} patches)`,
    `state, schema deltas (handshake + full state + patches)   ${kib(p.state_schema)}`,
    `events other than phase_change                msgpack     ${kib(p.events_msgpack)}`,
    `                                              JSON        ${kib(p.events_json)}`,
    `phase_change with full game_state             msgpack     ${kib(p.phase_change_msgpack)}`,
    `                                              JSON        ${kib(p.phase_change_json)}`,
    `actions sent by the client                    msgpack     ${kib(p.actions_sent_msgpack)}`,
    `                                              JSON        ${kib(p.actions_sent_json)}`,
    `(a) delta-synced state + events (Colyseus)                ${kib(t.a_delta_synced_state)}   framed ${kib(t.a_delta_synced_state_framed)}`,
    `(b) seed 003: full game_state in every phase_change, JSON  ${kib(t.b_seed003_full_game_state_json)}   framed ${kib(t.b_seed003_full_game_state_json_framed)}`,
    `    same messages as msgpack                              ${kib(t.b_seed003_full_game_state_msgpack)}`,
    `the room today (schema deltas AND full phase_change)      ${kib(t.room_today_state_plus_phase_change)}   framed ${kib(t.room_today_state_plus_phase_change_framed)}`,
    `(b) JSON / (a) = ${r.ratio_b_json_over_a}; state channel alone: phase_change JSON / schema deltas = ${r.ratio_state_channel_phase_json_over_schema}`,
  ].join("\n");
}
