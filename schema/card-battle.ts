/**
 * Synced state of the `card_battle` room. Everything here is public except each
 * player's `hand`, which is tagged `@view()`: only a client whose StateView
 * holds that player receives it (opponents see `hand_size` and `deck_size`).
 */
import { ArraySchema, Schema, type, view } from "@colyseus/schema";

/** One card `{id, kind}`. */
export class CardState extends Schema {
  @type("string") id = "";
  @type("string") kind = "";
}

/** One seat, in the order of the room's player ids. */
export class CardBattlePlayerState extends Schema {
  @type("string") id = "";
  @type("string") name = "";
  @type("uint8") position = 0;
  @type("int32") hp = 0;
  @type("int32") shield = 0;
  @type("uint16") hand_size = 0;
  @type("uint16") deck_size = 0;
  /** True while a client is connected for this player. */
  @type("boolean") connected = false;
  @type("boolean") eliminated = false;
  /** The player's own cards: sent only to that player. */
  @view() @type([CardState]) hand = new ArraySchema<CardState>();
}

/** Root state of a card battle room. */
export class CardBattleState extends Schema {
  /** "WAITING" until every expected player has joined, then "PLAYING", then "FINISHED". */
  @type("string") phase = "WAITING";
  /** Whose turn it is ("" before the start and once the game is over). */
  @type("string") current_player_id = "";
  @type("uint32") turn_number = 0;
  /** The turn timer's deadline in epoch milliseconds (0 when no timer runs). */
  @type("uint64") turn_deadline = 0;
  @type([CardBattlePlayerState]) players = new ArraySchema<CardBattlePlayerState>();
  /** The winner once finished ("" while playing or on a draw). */
  @type("string") winner_id = "";
}
