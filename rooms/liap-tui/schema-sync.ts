/**
 * Copies the rules state and the seat table into the synced schema. Only
 * changed fields are written, so patches stay small; each hand is written
 * into its seat's `@view()` field and reaches only its owner.
 */
import { ArraySchema } from "@colyseus/schema";
import { awaiting, handOf, playerView, type LiapTuiState as GameState, type LiapTuiView, type Piece, type Seat } from "../../src/games/liap-tui/index.js";
import { LiapTuiPlayerState, LiapTuiState, PieceState, PlayState } from "../../schema/liap-tui.js";
import type { SeatTable } from "./seating.js";

/** Brings `state` up to date with the game (null before the start) and the seats; `view` is the game's public view when the caller has it already. */
export function syncSchema(state: LiapTuiState, game: GameState | null, table: SeatTable, publicView?: LiapTuiView): void {
  while (state.players.length < 4) state.players.push(new LiapTuiPlayerState());
  const names = table.seats.map((s) => s.name);
  const nameOf = (seat: Seat | null | undefined) => (seat === null || seat === undefined ? "" : (names[seat] ?? ""));

  for (const seat of table.seats) {
    const player = state.players[seat.position]!;
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

  const wait = awaiting(game);
  const actors = wait.kind === "actors" ? wait.seats.map((s) => nameOf(s)) : [];
  setStrings(state.awaiting_players, actors);
  state.current_player = wait.kind === "actors" && wait.action !== "redeal_decision" && actors.length === 1 ? actors[0]! : "";
  setStrings(state.weak_hands, (view.preparation?.weakSeats ?? []).map((s) => nameOf(s)));
  setStrings(state.winners, (view.result?.winners ?? []).map((s) => nameOf(s)));

  for (const seat of table.seats) {
    const player = state.players[seat.position]!;
    const position = seat.position;
    player.score = view.scores[position] ?? 0;
    player.declared = view.declarations[position] ?? -1;
    player.captured = view.pileCounts[position] ?? 0;
    player.hand_size = view.handSizes[position] ?? 0;
    player.zero_streak = view.zeroStreaks[position] ?? 0;
    setPieces(player.hand, handOf(game, position));
  }

  for (const key of [...state.declarations.keys()]) {
    if (!names.includes(key) || view.declarations[names.indexOf(key)] === null) state.declarations.delete(key);
  }
  view.declarations.forEach((value, seat) => {
    if (value !== null && state.declarations.get(names[seat]!) !== value) state.declarations.set(names[seat]!, value);
  });

  const plays = view.turn?.plays ?? [];
  const playsKey = plays.map((p) => `${p.seat}:${p.pieces.map((x) => x.id).join(",")}`).join("|");
  const currentKey = state.current_plays.map((p) => `${p.position}:${p.pieces.map((x) => x.id).join(",")}`).join("|");
  if (playsKey !== currentKey) {
    state.current_plays.clear();
    for (const play of plays) {
      const entry = new PlayState();
      entry.player = nameOf(play.seat);
      entry.position = play.seat;
      entry.play_type = play.playType;
      for (const piece of play.pieces) entry.pieces.push(toPieceState(piece));
      state.current_plays.push(entry);
    }
  }
}

function toPieceState(piece: Piece): PieceState {
  const out = new PieceState();
  out.id = piece.id;
  out.rank = piece.rank;
  out.color = piece.color;
  out.point = piece.point;
  return out;
}

/** Rewrites a hand only when its pieces changed (the same ArraySchema instance stays subscribed in the owner's view). */
function setPieces(target: ArraySchema<PieceState>, pieces: readonly Piece[]): void {
  const same = target.length === pieces.length && pieces.every((p, i) => target[i]?.id === p.id);
  if (same) return;
  target.clear();
  for (const piece of pieces) target.push(toPieceState(piece));
}

function setStrings(target: ArraySchema<string>, values: readonly string[]): void {
  const same = target.length === values.length && values.every((v, i) => target[i] === v);
  if (same) return;
  target.clear();
  for (const value of values) target.push(value);
}
