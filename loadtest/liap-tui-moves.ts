/**
 * What both Liap Tui load policies (native and seed003 wire profiles) share:
 * the seat they play, the declaration they prefer, how they take the allowed
 * values from a refused declaration (2004), and the three moves with the
 * state change that shows each took effect.
 */
import type { Envelope, Move, Policy } from "./bot.js";
import { playerAt, type LiapSyncedState } from "./liap-tui-state.js";

/** Preferred declarations, first allowed wins. */
export const DECLARATION_PREFERENCE = [1, 2, 0, 3, 4, 5, 6, 7, 8];

/** The first preferred value among `allowed`, if any. */
export function preferredDeclaration(allowed: readonly number[]): number | undefined {
  return DECLARATION_PREFERENCE.find((value) => allowed.includes(value));
}

/** How a move is acknowledged: by an event, or (native profile) by the state alone. */
export type Acknowledgement = Pick<Move, "key" | "isAck" | "ackedByState">;

/** A Liap Tui seat: its player name and position, and the values a refused declaration allowed. */
export abstract class LiapTuiSeat implements Policy {
  name = "";
  position = -1;
  /** Values the server said are allowed after a refused declaration. */
  protected allowedOverride?: number[];

  abstract observe(type: string, envelope: Envelope): void;
  abstract next(state: unknown): Move | null;

  isMine(data: Record<string, unknown>): boolean {
    return data.player === this.name;
  }

  refused(code: string, data: Record<string, unknown>): boolean {
    const allowed = (data.details as { allowed?: unknown } | undefined)?.allowed;
    if (code === "2004" && Array.isArray(allowed) && allowed.length > 0) {
      this.allowedOverride = allowed.filter((v): v is number => typeof v === "number");
      return true;
    }
    return false;
  }
}

/** Declines a redeal; reflected once the phase or round moves on or `name` is no longer awaited. */
export function declineRedeal(state: LiapSyncedState | undefined, name: string, ack: Acknowledgement): Move {
  const phase0 = state?.phase;
  const round0 = state?.round_number;
  return {
    kind: "liap_tui.redeal_decision",
    type: "decline_redeal",
    payload: {},
    ...ack,
    reflected: (s) => {
      const st = s as LiapSyncedState;
      return st.phase !== phase0 || st.round_number !== round0 || ![...(st.awaiting_players ?? [])].includes(name);
    },
  };
}

/** Declares `value`; reflected once the seat shows it (or the round moved on). */
export function declare(state: LiapSyncedState | undefined, position: number, value: number, ack: Acknowledgement): Move {
  const round0 = state?.round_number;
  return {
    kind: "liap_tui.declare",
    type: "declare",
    payload: { declaration: value },
    ...ack,
    reflected: (s) => {
      const st = s as LiapSyncedState;
      return st.round_number !== round0 || playerAt(st, position)?.declared === value;
    },
  };
}

/** Plays `pieceIds`; reflected once the seat's hand size changes (or the round moved on). */
export function play(state: LiapSyncedState | undefined, position: number, pieceIds: string[], ack: Acknowledgement): Move {
  const round0 = state?.round_number;
  const handSize0 = playerAt(state, position)?.hand_size;
  return {
    kind: "liap_tui.play",
    type: "play",
    payload: { piece_ids: pieceIds },
    ...ack,
    reflected: (s) => {
      const st = s as LiapSyncedState;
      return st.round_number !== round0 || playerAt(st, position)?.hand_size !== handSize0;
    },
  };
}
