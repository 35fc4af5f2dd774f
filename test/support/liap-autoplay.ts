/** A Liap Tui client that plays by itself through seed-003 messages, for room and API tests. */
import type { SdkPlayer, ServerEnvelope } from "./sdk-player.js";

/** The parts of `phase_change` data the autoplayer reads. */
export type PhaseChange = {
  phase: string;
  phase_data: Record<string, unknown> & { pending_decisions?: string[]; current_declarer?: string | null; current_player?: string | null; required_piece_count?: number | null };
  game_state: { players: Array<{ name: string }> };
};

/**
 * Makes a client play by itself through messages only: it answers every
 * phase_change where it must act (decline redeals, declare 1 or an allowed
 * value, lead one piece or follow with the first pieces of its hand).
 */
export function autoplay(player: SdkPlayer, opts: { acceptRedeal?: boolean } = {}): void {
  let name = "";
  let hand: string[] = [];
  let lastActed = "";
  const act = (change: PhaseChange, sequence: number) => {
    const data = change.phase_data;
    const key = `${change.phase}:${sequence}`;
    if (key === lastActed) return;
    if (change.phase === "PREPARATION" && data.pending_decisions?.includes(name)) {
      lastActed = key;
      player.send(opts.acceptRedeal ? "accept_redeal" : "decline_redeal", {});
    } else if (change.phase === "DECLARATION" && data.current_declarer === name) {
      lastActed = key;
      player.send("declare", { declaration: 1 });
    } else if (change.phase === "TURN" && data.current_player === name) {
      lastActed = key;
      const count = data.required_piece_count ?? 1;
      player.send("play", { piece_ids: hand.slice(0, count) });
    }
  };
  const handle = (type: string, payload: ServerEnvelope) => {
    if (type === "connected" || type === "reconnected") name = String(payload.data.player_name);
    if (type === "hand_updated") hand = (payload.data.pieces as Array<{ id: string }>).map((p) => p.id);
    if (type === "reconnected" && payload.data.game_state !== null) {
      const state = payload.data.game_state as PhaseChange & { hand: Array<{ id: string }> | null };
      if (state.hand !== null) hand = state.hand.map((p) => p.id);
      act(state, payload.sequence_number);
    }
    if (type === "error" && payload.data.code === "2004") {
      const allowed = (payload.data.details?.allowed as number[] | undefined) ?? [];
      if (allowed.length > 0) player.send("declare", { declaration: allowed[allowed.length - 1] });
    }
    if (type === "phase_change") act(payload.data as unknown as PhaseChange, payload.sequence_number);
  };
  for (const m of player.messages) handle(m.type, m.payload);
  player.onEachMessage(handle);
}

