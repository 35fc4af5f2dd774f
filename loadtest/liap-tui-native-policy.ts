/**
 * How a load bot plays Liap Tui on the native wire profile (the default):
 * from the decoded schema state alone, as an SDK client would. It declines
 * redeals, declares a value the rules allow (the last declarer may not make
 * the total 8, a third 0 in a row is not allowed), leads one piece and
 * follows with the required number of pieces from its own hand (in the state,
 * seen only by its owner). Native clients get no acknowledgement events for
 * moves: the state patch that shows the move is its acknowledgement.
 */
import { allowedDeclarations } from "../src/games/liap-tui/index.js";
import type { Envelope, Move } from "./bot.js";
import { declare, declineRedeal, LiapTuiSeat, play, preferredDeclaration, type Acknowledgement } from "./liap-tui-moves.js";
import { decisionKey, playerAt, type LiapSyncedPlayer, type LiapSyncedState } from "./liap-tui-state.js";

export class LiapTuiNativePolicy extends LiapTuiSeat {
  observe(type: string, envelope: Envelope): void {
    const data = envelope.data;
    if ((type === "connected" || type === "reconnected") && typeof data.player_name === "string") this.name = data.player_name;
    if (type === "room_joined" && typeof data.position === "number") this.position = data.position;
  }

  next(rawState: unknown): Move | null {
    const state = rawState as LiapSyncedState | undefined;
    const name = this.name;
    if (state === undefined || name === "" || this.position < 0) return null;
    const me = playerAt(state, this.position);
    const ack: Acknowledgement = { key: decisionKey(state), isAck: () => false, ackedByState: true };

    if (state.phase === "PREPARATION" && [...(state.awaiting_players ?? [])].includes(name)) return declineRedeal(state, name, ack);
    if (state.phase === "DECLARATION" && state.current_player === name) return declare(state, this.position, this.chooseDeclaration(state, me), ack);
    if (state.phase === "TURN" && state.current_player === name) {
      const required = state.required_piece_count ?? 0;
      const count = required > 0 ? required : 1;
      const hand = [...(me?.hand ?? [])];
      if (hand.length < count) return null;
      return play(state, this.position, hand.slice(0, count), ack);
    }
    return null;
  }

  private chooseDeclaration(state: LiapSyncedState, me: LiapSyncedPlayer | undefined): number {
    const override = this.allowedOverride;
    this.allowedOverride = undefined;
    return preferredDeclaration(override ?? allowedFromState(state, me)) ?? 1;
  }
}

/** The declarations the rules allow this player now, from the state only. */
function allowedFromState(state: LiapSyncedState, me: LiapSyncedPlayer | undefined): number[] {
  const order = state.declaration_order?.length ?? 0;
  const made = state.declarations?.size ?? 0;
  let total = 0;
  for (const v of state.declarations?.values() ?? []) total += v;
  return allowedDeclarations(total, order > 0 && made === order - 1, me?.zero_streak ?? 0);
}
