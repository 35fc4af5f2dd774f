/**
 * How a load bot plays Liap Tui on the `seed003` wire profile
 * (`--liap-protocol seed003`; the default is ./liap-tui-native-policy.ts), from the seed-003 messages alone: it acts on
 * every `phase_change` that waits for it — declines redeals, declares a value
 * the rules allow (computed from the phase data: the last declarer may not
 * make the total 8, a third 0 in a row is not allowed), leads one piece and
 * follows with the required number of pieces from its latest `hand_updated`.
 */
import { allowedDeclarations as allowedByRules } from "../src/games/liap-tui/index.js";
import type { Envelope, Move } from "./bot.js";
import { declare, declineRedeal, LiapTuiSeat, play, preferredDeclaration } from "./liap-tui-moves.js";
import type { LiapSyncedState } from "./liap-tui-state.js";

interface PhaseData {
  pending_decisions?: Array<string | null>;
  current_declarer?: string | null;
  declaration_order?: Array<string | null>;
  declarations?: Record<string, number>;
  declaration_total?: number;
  current_player?: string | null;
  required_piece_count?: number | null;
}

interface PhaseChange {
  phase: string;
  phase_data: PhaseData;
  game_state?: { players?: Array<{ name: string; zero_declares_in_a_row?: number }> };
}

export class LiapTuiPolicy extends LiapTuiSeat {
  private hand: string[] = [];
  private latest?: { change: PhaseChange; sequence: number };

  observe(type: string, envelope: Envelope): void {
    const data = envelope.data;
    switch (type) {
      case "connected":
      case "reconnected":
        if (typeof data.player_name === "string") this.name = data.player_name;
        break;
      case "room_joined":
        if (typeof data.position === "number") this.position = data.position;
        break;
      case "hand_updated":
        this.hand = ((data.pieces as Array<{ id: string }> | undefined) ?? []).map((p) => p.id);
        break;
      case "phase_change":
        this.latest = { change: data as unknown as PhaseChange, sequence: envelope.sequence_number };
        if ((data as unknown as PhaseChange).phase !== "DECLARATION") this.allowedOverride = undefined;
        break;
      default:
        break;
    }
  }

  next(rawState: unknown): Move | null {
    const latest = this.latest;
    if (latest === undefined || this.name === "") return null;
    const { change, sequence } = latest;
    const data = change.phase_data ?? {};
    const key = String(sequence);
    const state = rawState as LiapSyncedState | undefined;
    const name = this.name;
    const ackedBy = (event: string) => ({ key, isAck: (type: string, d: Record<string, unknown>) => type === event && d.player === name });

    if (change.phase === "PREPARATION" && (data.pending_decisions ?? []).includes(name)) return declineRedeal(state, name, ackedBy("redeal_decision_accepted"));
    if (change.phase === "DECLARATION" && data.current_declarer === name) return declare(state, this.position, this.chooseDeclaration(change), ackedBy("declaration_accepted"));
    if (change.phase === "TURN" && data.current_player === name) {
      const required = data.required_piece_count;
      const count = typeof required === "number" && required > 0 ? required : 1;
      if (this.hand.length < count) return null;
      return play(state, this.position, this.hand.slice(0, count), ackedBy("play_accepted"));
    }
    return null;
  }

  private chooseDeclaration(change: PhaseChange): number {
    const allowed = this.allowedOverride ?? allowedDeclarations(change, this.name);
    return preferredDeclaration(allowed) ?? (change.phase_data.declaration_total === 7 ? 2 : 1);
  }
}

/** The declarations the rules allow this player now, from the phase data only. */
export function allowedDeclarations(change: PhaseChange, name: string): number[] {
  const data = change.phase_data;
  const order = data.declaration_order ?? [];
  const made = Object.keys(data.declarations ?? {}).length;
  const isLast = order.length > 0 && made === order.length - 1;
  const streak = change.game_state?.players?.find((p) => p.name === name)?.zero_declares_in_a_row ?? 0;
  return allowedByRules(data.declaration_total ?? 0, isLast, streak);
}
