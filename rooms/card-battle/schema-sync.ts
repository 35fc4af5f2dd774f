/**
 * Copies the rules state and the seats into the synced schema. Only changed
 * fields are written, so patches stay small; each hand goes into its seat's
 * `@view()` field and so reaches only its owner. Cards taken out go to
 * `retired` and come back from the pool (schema-pool.ts).
 */
import { currentPlayer, type Card, type CardBattleState as GameState } from "../../src/games/card-battle/index.js";
import { CardBattlePlayerState, CardBattleState, CardState } from "../../schema/card-battle.js";
import type { RoomPhase, SeatInfo } from "../../src/games/card-battle/wire.js";
import { syncHand } from "../shared/hand-sync.js";
import { acquire, type RetiredSchemas } from "../shared/schema-pool.js";

/** What the schema shows besides the rules state. */
export interface SyncInput {
  phase: RoomPhase;
  seats: readonly SeatInfo[];
  /** Null before the start. */
  game: GameState | null;
  /** The turn timer's deadline (epoch ms), 0 when none runs. */
  deadline: number;
  /** HP shown before the start. */
  maxHp: number;
  /** Where the cards the sync takes out go (else they are dropped). */
  retired?: RetiredSchemas;
}

/** Brings `state` up to date. */
export function syncSchema(state: CardBattleState, input: SyncInput): void {
  const { seats, game } = input;
  while (state.players.length < seats.length) state.players.push(new CardBattlePlayerState());
  // one read of the schema array (a Proxy): every index read of it costs a trap
  const players = state.players.toArray();
  state.phase = input.phase;
  state.turn_deadline = input.deadline;

  for (const seat of seats) {
    const player = players[seat.position]!;
    player.id = seat.playerId;
    player.name = seat.name;
    player.position = seat.position;
    player.connected = seat.connected;
  }

  if (game === null) {
    for (const player of players) player.hp = input.maxHp;
    return;
  }

  // the public fields straight from the rules state: a full `playerView` would copy every discard pile at every step
  state.current_player_id = currentPlayer(game) ?? "";
  state.turn_number = game.turnNumber;
  state.winner_id = game.status === "finished" ? (game.winnerId ?? "") : "";
  for (const seen of game.players) {
    const player = players[seen.seat]!;
    player.hp = seen.hp;
    player.shield = seen.shield;
    player.hand_size = seen.hand.length;
    player.deck_size = seen.deck.length;
    player.eliminated = seen.eliminated;
    syncHand(player.hand, seen.hand, toCardState, input.retired);
  }
}

function toCardState(card: Card): CardState {
  const entry = acquire(CardState);
  entry.id = card.id;
  entry.kind = card.kind;
  return entry;
}
