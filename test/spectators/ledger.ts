/**
 * The ground truth of a finished game, rebuilt by the pure rules engine from
 * the stored `{seed, options, actions}`: every piece dealt to each seat (per
 * deal: Liap Tui deals the same 32 pieces again every round and redeal) and
 * every play that really happened. The hidden-hand checker compares what a
 * spectator received against it.
 */
import * as cards from "../../src/games/card-battle/index.js";
import * as liap from "../../src/games/liap-tui/index.js";

/** A Liap Tui deal: round and redeal multiplier (a redeal raises the multiplier within the round). */
export const dealKey = (round: number, multiplier: number) => `${round}:${multiplier}`;

/** One play as a key: the deal, the seat and its pieces (order-free). */
export const playKey = (deal: string, seat: number | string, ids: readonly string[]) => `${deal}|${seat}|${[...ids].sort().join(",")}`;

/** What really happened in a Liap Tui game. */
export interface LiapLedger {
  /** Pieces each seat was dealt, by deal. */
  dealt: Map<string, string[][]>;
  /** Every play, as `playKey(deal, seat, ids)`. */
  plays: Set<string>;
  /** Every play as `playKey("any", seat, ids)` (for a play announced without its deal). */
  playsAnyDeal: Set<string>;
}

/** Replays a stored Liap Tui game, recording deals and plays. */
export function liapLedger(record: { seed: string; options: Record<string, unknown>; actions: unknown[] }): LiapLedger {
  let game = liap.createGame({ seed: record.seed, options: record.options as Parameters<typeof liap.createGame>[0]["options"] });
  const ledger: LiapLedger = { dealt: new Map(), plays: new Set(), playsAnyDeal: new Set() };
  const noteDeal = () => {
    const key = dealKey(game.round, game.multiplier);
    if (!ledger.dealt.has(key) && game.hands.some((hand) => hand.length === 8)) ledger.dealt.set(key, game.hands.map((hand) => [...hand]));
  };
  noteDeal();
  for (const [index, raw] of record.actions.entries()) {
    const action = raw as liap.LiapTuiAction;
    if (action.type === "play") {
      ledger.plays.add(playKey(dealKey(game.round, game.multiplier), action.seat, action.pieceIds));
      ledger.playsAnyDeal.add(playKey("any", action.seat, action.pieceIds));
    }
    const outcome = liap.applyAction(game, action);
    if (!outcome.ok) throw new Error(`replay refused action ${index}: ${outcome.error.code}`);
    game = outcome.state;
    noteDeal();
  }
  return ledger;
}

/** What really happened in a card battle. */
export interface CardLedger {
  /** Every card each player ever held, by player id. */
  held: Map<string, Set<string>>;
  /** Every card played, as `${playerId}|${cardId}`. */
  plays: Set<string>;
}

/** Replays a stored card battle, recording every hand and every play. */
export function cardLedger(record: { seed: string; options: Record<string, unknown>; actions: unknown[] }, playerIds: string[]): CardLedger {
  let game = cards.createGame({ seed: record.seed, playerIds, options: record.options as cards.CardBattleOptionsInput });
  const ledger: CardLedger = { held: new Map(playerIds.map((id) => [id, new Set<string>()])), plays: new Set() };
  const noteHands = () => {
    for (const player of game.players) for (const card of player.hand) ledger.held.get(player.id)!.add(card.id);
  };
  noteHands();
  for (const [index, raw] of record.actions.entries()) {
    const action = raw as cards.CardBattleAction;
    if (action.type === "play_card") ledger.plays.add(`${action.playerId}|${action.cardId}`);
    const outcome = cards.applyAction(game, action);
    if (!outcome.ok) throw new Error(`replay refused action ${index}: ${outcome.error.code}`);
    game = outcome.state;
    noteHands();
  }
  return ledger;
}
