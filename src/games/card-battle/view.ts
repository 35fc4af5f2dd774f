/**
 * The per-viewer projection: what one seat (or a spectator) may see. Used for
 * every outbound copy of the state, so hidden information never leaves the rules.
 */

import { result } from "./result.js";
import { currentPlayer, findPlayer } from "./state.js";
import type { CardBattleState, CardBattleView, PublicPlayerView } from "./types.js";

/**
 * The state as `viewerId` may see it (null = spectator): the viewer's own hand only;
 * for everyone hand size, deck size and the public discard pile; never deck order.
 * An id that is not a player gets the spectator view.
 */
export function playerView(state: CardBattleState, viewerId: string | null): CardBattleView {
  const viewer = viewerId === null ? undefined : findPlayer(state, viewerId);
  const players: PublicPlayerView[] = state.players.map((p) => ({
    player_id: p.id,
    name: p.name,
    position: p.seat,
    hp: p.hp,
    max_hp: state.options.maxHp,
    shield: p.shield,
    hand_size: p.hand.length,
    deck_size: p.deck.length,
    discard: p.discard.map((c) => ({ id: c.id, kind: c.kind })),
    eliminated: p.eliminated,
    elimination_reason: p.eliminationReason,
    consecutive_timeouts: p.consecutiveTimeouts,
  }));
  return {
    viewer_id: viewer === undefined ? null : viewer.id,
    status: state.status,
    turn_number: state.turnNumber,
    current_player_id: currentPlayer(state),
    players,
    hand: ownHand(state, viewer?.id ?? null),
    result: result(state),
    end_reason: state.endReason,
  };
}

/** The cards `viewerId` holds, as the viewer may see them; null for a spectator or an id that is not a player. */
export function ownHand(state: CardBattleState, viewerId: string | null): CardBattleView["hand"] {
  const viewer = viewerId === null ? undefined : findPlayer(state, viewerId);
  return viewer === undefined ? null : viewer.hand.map((c) => ({ id: c.id, kind: c.kind }));
}
