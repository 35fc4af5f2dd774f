/**
 * How a load bot plays Liap Tui on the native wire profile (the default):
 * from the decoded schema state alone, as an SDK client would. It declines
 * redeals, declares a value the rules allow (the last declarer may not make
 * the total 8, a third 0 in a row is not allowed), leads one piece and
 * follows with the required number of pieces from its own hand (in the state,
 * seen only by its owner). Native clients get no acknowledgement events for
 * moves: the state patch that shows the move is its acknowledgement.
 */
import type { Envelope, Move, Policy } from "./bot.js";
import { DECLARATION_PREFERENCE } from "./liap-tui-policy.js";

/** The decoded synced state, as far as the policy reads it (schema/liap-tui.ts). */
interface NativeState {
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
  players?: { at?(i: number): NativePlayer | undefined; [i: number]: NativePlayer | undefined };
}
interface NativePlayer {
  declared?: number;
  hand_size?: number;
  zero_streak?: number;
  hand?: Iterable<{ id: string }>;
}

export class LiapTuiNativePolicy implements Policy {
  name = "";
  position = -1;
  /** Values the server said are allowed after a refused declaration. */
  private allowedOverride?: number[];

  observe(type: string, envelope: Envelope): void {
    const data = envelope.data;
    if ((type === "connected" || type === "reconnected") && typeof data.player_name === "string") this.name = data.player_name;
    if (type === "room_joined" && typeof data.position === "number") this.position = data.position;
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
    const state = rawState as NativeState | undefined;
    const name = this.name;
    if (state === undefined || name === "" || this.position < 0) return null;
    const me = playerAt(state, this.position);
    const round0 = state.round_number;
    const awaiting = [...(state.awaiting_players ?? [])];
    const key = `${state.phase}:${round0}:${state.redeal_multiplier}:${state.turn_number}:${state.current_plays?.length ?? 0}:${state.current_player}:${awaiting.join(",")}`;
    const ackedByState = true as const;
    const isAck = () => false;

    if (state.phase === "PREPARATION" && awaiting.includes(name)) {
      const phase0 = state.phase;
      return {
        kind: "liap_tui.redeal_decision",
        type: "decline_redeal",
        payload: {},
        key,
        isAck,
        ackedByState,
        reflected: (s) => {
          const st = s as NativeState;
          return st.phase !== phase0 || st.round_number !== round0 || ![...(st.awaiting_players ?? [])].includes(name);
        },
      };
    }
    if (state.phase === "DECLARATION" && state.current_player === name) {
      const value = this.chooseDeclaration(state, me);
      return {
        kind: "liap_tui.declare",
        type: "declare",
        payload: { declaration: value },
        key,
        isAck,
        ackedByState,
        reflected: (s) => {
          const st = s as NativeState;
          return st.round_number !== round0 || playerAt(st, this.position)?.declared === value;
        },
      };
    }
    if (state.phase === "TURN" && state.current_player === name) {
      const required = state.required_piece_count ?? 0;
      const count = required > 0 ? required : 1;
      const hand = [...(me?.hand ?? [])].map((p) => p.id);
      if (hand.length < count) return null;
      const handSize0 = me?.hand_size;
      return {
        kind: "liap_tui.play",
        type: "play",
        payload: { piece_ids: hand.slice(0, count) },
        key,
        isAck,
        ackedByState,
        reflected: (s) => {
          const st = s as NativeState;
          return st.round_number !== round0 || playerAt(st, this.position)?.hand_size !== handSize0;
        },
      };
    }
    return null;
  }

  private chooseDeclaration(state: NativeState, me: NativePlayer | undefined): number {
    const override = this.allowedOverride;
    this.allowedOverride = undefined;
    const allowed = override ?? allowedFromState(state, me);
    for (const value of DECLARATION_PREFERENCE) if (allowed.includes(value)) return value;
    return 1;
  }
}

/** The declarations the rules allow this player now, from the state only. */
function allowedFromState(state: NativeState, me: NativePlayer | undefined): number[] {
  const order = state.declaration_order?.length ?? 0;
  const made = state.declarations?.size ?? 0;
  let total = 0;
  for (const v of state.declarations?.values() ?? []) total += v;
  const isLast = order > 0 && made === order - 1;
  const streak = me?.zero_streak ?? 0;
  const out: number[] = [];
  for (let v = 0; v <= 8; v++) {
    if (isLast && total + v === 8) continue;
    if (v === 0 && streak >= 2) continue;
    out.push(v);
  }
  return out;
}

function playerAt(state: NativeState | undefined, index: number): NativePlayer | undefined {
  const players = state?.players;
  if (players === undefined || index < 0) return undefined;
  return typeof players.at === "function" ? players.at(index) : players[index];
}
