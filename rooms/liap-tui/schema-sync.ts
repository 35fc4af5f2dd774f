/**
 * Copies the rules state and the seat table into the synced schema. Only
 * changed fields and items are written, so patches stay small: a played
 * piece's id is spliced out of its hand, a new play is appended to the
 * current plays, a name list changes only where it differs (a rewritten
 * array costs every item again; a splice costs a few bytes). Pieces are
 * their ids (schema/liap-tui.ts says why). Each hand is written into its
 * seat's `@view()` field and reaches only its owner. Plays taken out go to
 * `retired` and come back from the pool (schema-pool.ts).
 */
import { ArraySchema } from "@colyseus/schema";
import { playerView, type LiapTuiState as GameState, type LiapTuiView, type PublicPlay, type Seat } from "../../src/games/liap-tui/index.js";
import { LiapTuiPlayerState, LiapTuiState, PlayState } from "../../schema/liap-tui.js";
import type { SeatTable } from "./seating.js";
import { syncIds } from "../shared/hand-sync.js";
import { acquire, type RetiredSchemas } from "../shared/schema-pool.js";

/**
 * Brings `state` up to date with the game (null before the start) and the
 * seats; `view` is the game's public view when the caller has it already;
 * what the sync takes out of the state goes to `retired` (else it is dropped).
 */
export function syncSchema(state: LiapTuiState, game: GameState | null, table: SeatTable, publicView?: LiapTuiView, retired?: RetiredSchemas): void {
  while (state.players.length < 4) state.players.push(new LiapTuiPlayerState());
  // one read of the schema array (a Proxy): every index read of it costs a trap
  const players = state.players.toArray();
  const names = seatNames(state, table);
  const nameOf = (seat: Seat | null | undefined) => (seat === null || seat === undefined ? "" : (names[seat] ?? ""));

  for (const seat of table.seats) {
    const player = players[seat.position]!;
    player.name = seat.name;
    player.position = seat.position;
    player.occupied = seat.isBot || seat.playerId !== undefined;
    player.is_bot = seat.isBot;
    player.is_host = seat.isHost;
    player.connected = seat.connected;
  }

  if (game === null) {
    state.phase = "NOT_STARTED";
    return;
  }
  const view = publicView ?? playerView(game, null);

  state.phase = view.phase;
  state.round_number = view.round;
  state.turn_number = view.turn?.turnNumber ?? 0;
  state.redeal_multiplier = view.multiplier;
  state.starter = nameOf(view.starter);
  state.starter_reason = view.starterReason ?? "";
  state.required_piece_count = view.turn?.requiredPieceCount ?? 0;

  const wait = view.awaiting;
  const actors = wait.kind === "actors" ? wait.seats.map((s) => nameOf(s)) : [];
  setStrings(state.awaiting_players, actors);
  state.current_player = wait.kind === "actors" && wait.action !== "redeal_decision" && actors.length === 1 ? actors[0]! : "";
  setSeatNames(state.weak_hands, view.preparation?.weakSeats ?? NO_SEATS, names);
  setSeatNames(state.winners, view.result?.winners ?? NO_SEATS, names);
  state.display_pause = wait.kind === "advance" ? wait.reason : "";
  state.redeals_this_round = view.preparation?.redealsThisRound ?? 0;
  setSeatNames(state.declaration_order, view.declaration?.order ?? NO_SEATS, names);
  const turn = view.turn;
  state.turn_starter = nameOf(turn?.leader);
  setSeatNames(state.turn_order, turn?.order ?? NO_SEATS, names);
  state.turn_complete = turn?.complete ?? false;
  state.turn_winner = nameOf(turn?.winner);
  state.last_winner = nameOf(turn?.lastWinner);

  for (const seat of table.seats) {
    const player = players[seat.position]!;
    const position = seat.position;
    player.score = view.scores[position] ?? 0;
    player.declared = view.declarations[position] ?? -1;
    player.captured = view.pileCounts[position] ?? 0;
    player.hand_size = view.handSizes[position] ?? 0;
    player.zero_streak = view.zeroStreaks[position] ?? 0;
    const decision = view.preparation?.decisions[position];
    player.redeal_decision = decision === true ? "accept" : decision === false ? "decline" : "";
    // an unchanged hand (the same array) is skipped there
    syncIds(player.hand, game.hands[position]!);
  }

  // most steps change no declaration: the map is then not read at all
  const lastDeclarations = syncedDeclarations.get(state.declarations);
  if (lastDeclarations === undefined || !sameItems(lastDeclarations.names, names) || !sameItems(lastDeclarations.values, view.declarations)) {
    for (const key of [...state.declarations.keys()]) {
      if (!names.includes(key) || view.declarations[names.indexOf(key)] === null) state.declarations.delete(key);
    }
    view.declarations.forEach((value, seat) => {
      if (value !== null && state.declarations.get(names[seat]!) !== value) state.declarations.set(names[seat]!, value);
    });
    syncedDeclarations.set(state.declarations, { names, values: view.declarations.slice() });
  }

  setPlays(state.current_plays, view.turn?.plays ?? [], nameOf, view.turn === null ? "" : `${view.round}:${view.turn.turnNumber}`, retired);
}

/** No seats (one array, so that "still none" is seen by identity). */
const NO_SEATS: readonly Seat[] = [];

/** The seat names each synced state was last brought to: the same array while no name changes. */
const syncedNames = new WeakMap<LiapTuiState, readonly string[]>();

/** The seats' names, as the same array as last time when none changed (so lists of names can be skipped by identity). */
function seatNames(state: LiapTuiState, table: SeatTable): readonly string[] {
  const last = syncedNames.get(state);
  const seats = table.seats;
  let same = last !== undefined && last.length === seats.length;
  for (let i = 0; same && i < seats.length; i++) same = seats[i]!.name === last![i];
  if (same) return last!;
  const names = seats.map((s) => s.name);
  syncedNames.set(state, names);
  return names;
}

/** The names and declarations each synced map of declarations was last brought to (see syncSchema). */
const syncedDeclarations = new WeakMap<LiapTuiState["declarations"], { names: readonly string[]; values: readonly (number | null)[] }>();
/** The turn (round and number) each synced list of plays belongs to (see setPlays). */
const syncedTurns = new WeakMap<ArraySchema<PlayState>, string>();

/**
 * The plays of the turn: new plays are appended; a new turn clears the list
 * (items are never rewritten). Within one turn (`turnKey`: round and number)
 * the rules only ever append plays, so the list is not compared item by item
 * then.
 */
function setPlays(target: ArraySchema<PlayState>, plays: readonly PublicPlay[], nameOf: (seat: Seat) => string, turnKey: string, retired?: RetiredSchemas): void {
  const sameTurn = turnKey !== "" && syncedTurns.get(target) === turnKey;
  const keep = target.length <= plays.length && (sameTurn || target.every((entry, i) => sameKey(entry, plays[i]!)));
  if (!keep && target.length > 0) {
    const removed = target.toArray();
    target.clear();
    for (const entry of removed) retired?.retire(entry);
  }
  syncedTurns.set(target, turnKey);
  for (let i = target.length; i < plays.length; i++) {
    const play = plays[i]!;
    const entry = acquire(PlayState);
    entry.player = nameOf(play.seat);
    entry.position = play.seat;
    entry.play_type = play.playType;
    for (const piece of play.pieces) entry.pieces.push(piece.id);
    target.push(entry);
  }
}

function sameKey(entry: PlayState, play: PublicPlay): boolean {
  return entry.position === play.seat && entry.pieces.length === play.pieces.length && play.pieces.every((p, i) => entry.pieces[i] === p.id);
}

/** Same length and the same items (by identity), in order. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** The rules' seat list and the names each synced list of names was last brought to (see setSeatNames). */
const syncedSeatLists = new WeakMap<ArraySchema<string>, { seats: readonly Seat[]; names: readonly string[] }>();

/**
 * Brings a list of names to the names of `seats`. The rules replace a seat
 * list when it changes (never edit it), and `names` is the same array while
 * no name changes: the same two arrays as last time are skipped at once.
 */
function setSeatNames(target: ArraySchema<string>, seats: readonly Seat[], names: readonly string[]): void {
  const last = syncedSeatLists.get(target);
  if (last !== undefined && last.seats === seats && last.names === names) return;
  setStrings(target, seats.map((seat) => names[seat] ?? ""));
  if (last === undefined) syncedSeatLists.set(target, { seats, names });
  else {
    last.seats = seats;
    last.names = names;
  }
}

/** The values each synced list of names was last brought to (see setStrings). */
const syncedStrings = new WeakMap<ArraySchema<string>, readonly string[]>();

/**
 * Brings a list of names to `values`, writing only the items that differ.
 * Most steps change none of the lists: they are compared with the plain copy
 * of what was last written, not read item by item through the schema array.
 */
function setStrings(target: ArraySchema<string>, values: readonly string[]): void {
  const last = syncedStrings.get(target);
  if (last !== undefined && sameItems(last, values)) return;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (i >= target.length) target.push(value);
    else if (target[i] !== value) target[i] = value;
  }
  if (target.length > values.length) target.splice(values.length, target.length - values.length);
  syncedStrings.set(target, values.slice());
}

