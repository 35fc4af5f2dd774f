/**
 * The decoded Liap Tui schema state (schema/liap-tui.ts) as far as the load
 * bots and the tests' self-playing clients read it, and the decision point
 * it shows.
 */

export interface LiapSyncedState {
  phase?: string;
  round_number?: number;
  redeal_multiplier?: number;
  turn_number?: number;
  current_player?: string;
  required_piece_count?: number;
  awaiting_players?: Iterable<string>;
  declaration_order?: { length: number };
  declarations?: { values(): Iterable<number>; size: number };
  current_plays?: { length: number };
  players?: { at?(i: number): LiapSyncedPlayer | undefined; [i: number]: LiapSyncedPlayer | undefined };
}

export interface LiapSyncedPlayer {
  name?: string;
  declared?: number;
  hand_size?: number;
  zero_streak?: number;
  /** Seen only by the seat's owner. */
  hand?: Iterable<string>;
}

/** The player in seat `index` (an ArraySchema or a plain array). */
export function playerAt(state: LiapSyncedState | undefined, index: number): LiapSyncedPlayer | undefined {
  const players = state?.players;
  if (players === undefined || index < 0) return undefined;
  return typeof players.at === "function" ? players.at(index) : players[index];
}

/** Names the decision point the state shows: a client answers each one once. */
export function decisionKey(state: LiapSyncedState): string {
  const awaiting = [...(state.awaiting_players ?? [])];
  return `${state.phase}:${state.round_number}:${state.redeal_multiplier}:${state.turn_number}:${state.current_plays?.length ?? 0}:${state.current_player}:${awaiting.join(",")}`;
}
