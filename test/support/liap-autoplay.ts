/** A Liap Tui client that plays by itself, for room and API tests (either wire profile). */
import { decisionKey, type LiapSyncedState } from "../../loadtest/liap-tui-state.js";
import type { SdkPlayer, ServerEnvelope } from "./sdk-player.js";

/** The parts of a seed003 `phase_change` some tests read. */
export type PhaseChange = {
  phase: string;
  phase_data: Record<string, unknown> & { pending_decisions?: string[]; current_declarer?: string | null; current_player?: string | null; required_piece_count?: number | null };
  game_state: { players: Array<{ name: string }> };
};

/**
 * Makes a client play by itself from the synced schema state, which both
 * wire profiles receive: it declines redeals, declares 1 (or the last allowed
 * value after a 2004), leads one piece or follows with the first pieces of
 * its hand. A move refused for the rate limit (4001) is decided again
 * 150 ms later.
 */
export function autoplay(player: SdkPlayer, opts: { acceptRedeal?: boolean } = {}): void {
  let lastActed = "";
  const act = () => {
    const state = player.room.state as LiapSyncedState | undefined;
    const me = state?.players?.at?.(player.position);
    const name = me?.name;
    if (state === undefined || name === undefined || name === "") return;
    const key = decisionKey(state);
    if (key === lastActed) return;
    if (state.phase === "PREPARATION" && [...(state.awaiting_players ?? [])].includes(name)) {
      lastActed = key;
      player.send(opts.acceptRedeal ? "accept_redeal" : "decline_redeal", {});
    } else if (state.phase === "DECLARATION" && state.current_player === name) {
      lastActed = key;
      player.send("declare", { declaration: 1 });
    } else if (state.phase === "TURN" && state.current_player === name) {
      lastActed = key;
      const hand = [...(me?.hand ?? [])];
      player.send("play", { piece_ids: hand.slice(0, state.required_piece_count || 1) });
    }
  };
  let retrying = false;
  const handle = (type: string, payload: ServerEnvelope) => {
    if (type === "error" && payload.data.code === "2004") {
      const allowed = (payload.data.details?.allowed as number[] | undefined) ?? [];
      if (allowed.length > 0) player.send("declare", { declaration: allowed[allowed.length - 1] });
    } else if (type === "error" && payload.data.code === "4001") {
      // faster than the rate limit allows (the move was dropped): decide again a little later, as card-battle-client's
      // autoplay does, unless a newer decision was taken meanwhile
      if (retrying) return;
      retrying = true;
      const refused = lastActed;
      setTimeout(() => {
        retrying = false;
        if (lastActed !== refused) return;
        lastActed = "";
        act();
      }, 150);
    }
    if (type === "reconnected" || type === "room_joined") act();
  };
  player.onEachMessage(handle);
  player.onEachPatch(act);
  act();
}
