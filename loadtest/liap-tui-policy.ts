/**
 * How a load bot plays Liap Tui on the `seed003` wire profile
 * (`--liap-protocol seed003`; the default is ./liap-tui-native-policy.ts), from the seed-003 messages alone: it acts on
 * every `phase_change` that waits for it — declines redeals, declares a value
 * the rules allow (computed from the phase data: the last declarer may not
 * make the total 8, a third 0 in a row is not allowed), leads one piece and
 * follows with the required number of pieces from its latest `hand_updated`.
 */
import type { Envelope, Move, Policy } from "./bot.js";

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

/** The decoded synced state, as far as the policy reads it. */
interface LiapStateLike {
  phase?: string;
  round_number?: number;
  awaiting_players?: Iterable<string>;
  players?: { at?(i: number): PlayerLike | undefined; [i: number]: PlayerLike | undefined };
}
interface PlayerLike {
  declared?: number;
  hand_size?: number;
}

/** Preferred declarations, first allowed wins. */
export const DECLARATION_PREFERENCE = [1, 2, 0, 3, 4, 5, 6, 7, 8];

export class LiapTuiPolicy implements Policy {
  name = "";
  position = -1;
  private hand: string[] = [];
  private latest?: { change: PhaseChange; sequence: number };
  /** Values the server said are allowed after a refused declaration. */
  private allowedOverride?: number[];

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

  next(rawState: unknown): Move | null {
    const latest = this.latest;
    if (latest === undefined || this.name === "") return null;
    const { change, sequence } = latest;
    const data = change.phase_data ?? {};
    const key = String(sequence);
    const state = rawState as LiapStateLike | undefined;
    const name = this.name;
    const me = () => playerAt(state, this.position);
    const round0 = state?.round_number;

    if (change.phase === "PREPARATION" && (data.pending_decisions ?? []).includes(name)) {
      const phase0 = state?.phase;
      return {
        kind: "liap_tui.redeal_decision",
        type: "decline_redeal",
        payload: {},
        key,
        isAck: (type, d) => type === "redeal_decision_accepted" && d.player === name,
        reflected: (s) => {
          const st = s as LiapStateLike;
          return st.phase !== phase0 || st.round_number !== round0 || ![...(st.awaiting_players ?? [])].includes(name);
        },
      };
    }
    if (change.phase === "DECLARATION" && data.current_declarer === name) {
      const value = this.chooseDeclaration(change);
      return {
        kind: "liap_tui.declare",
        type: "declare",
        payload: { declaration: value },
        key,
        isAck: (type, d) => type === "declaration_accepted" && d.player === name,
        reflected: (s) => {
          const st = s as LiapStateLike;
          return st.round_number !== round0 || playerAt(st, this.position)?.declared === value;
        },
      };
    }
    if (change.phase === "TURN" && data.current_player === name) {
      const required = data.required_piece_count;
      const count = typeof required === "number" && required > 0 ? required : 1;
      if (this.hand.length < count) return null;
      const pieces = this.hand.slice(0, count);
      const handSize0 = me()?.hand_size;
      return {
        kind: "liap_tui.play",
        type: "play",
        payload: { piece_ids: pieces },
        key,
        isAck: (type, d) => type === "play_accepted" && d.player === name,
        reflected: (s) => {
          const st = s as LiapStateLike;
          return st.round_number !== round0 || playerAt(st, this.position)?.hand_size !== handSize0;
        },
      };
    }
    return null;
  }

  private chooseDeclaration(change: PhaseChange): number {
    const data = change.phase_data;
    const allowed = this.allowedOverride ?? allowedDeclarations(change, this.name);
    for (const value of DECLARATION_PREFERENCE) if (allowed.includes(value)) return value;
    return data.declaration_total === 7 ? 2 : 1;
  }
}

/** The declarations the rules allow this player now, from the phase data only. */
export function allowedDeclarations(change: PhaseChange, name: string): number[] {
  const data = change.phase_data;
  const order = data.declaration_order ?? [];
  const made = Object.keys(data.declarations ?? {}).length;
  const isLast = order.length > 0 && made === order.length - 1;
  const total = data.declaration_total ?? 0;
  const streak = change.game_state?.players?.find((p) => p.name === name)?.zero_declares_in_a_row ?? 0;
  const out: number[] = [];
  for (let v = 0; v <= 8; v++) {
    if (isLast && total + v === 8) continue;
    if (v === 0 && streak >= 2) continue;
    out.push(v);
  }
  return out;
}

function playerAt(state: LiapStateLike | undefined, index: number): PlayerLike | undefined {
  const players = state?.players;
  if (players === undefined || index < 0) return undefined;
  return typeof players.at === "function" ? players.at(index) : players[index];
}
