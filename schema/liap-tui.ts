/**
 * Synced state of the `liap_tui` room. Everything here is public except each
 * player's `hand`, which is tagged `@view()`: only a client whose StateView
 * holds that player receives it.
 */
import { ArraySchema, MapSchema, Schema, type, view } from "@colyseus/schema";

/** One piece `{id, rank, color, point}` (seed 003 Piece). */
export class PieceState extends Schema {
  @type("string") id = "";
  @type("string") rank = "";
  @type("string") color = "";
  @type("uint8") point = 0;
}

/** One seat at the table. */
export class LiapTuiPlayerState extends Schema {
  @type("string") name = "";
  @type("uint8") position = 0;
  @type("boolean") occupied = false;
  @type("boolean") is_bot = false;
  @type("boolean") is_host = false;
  @type("boolean") connected = false;
  @type("int32") score = 0;
  /** Declared piles this round; -1 until declared. */
  @type("int8") declared = -1;
  /** Piles captured this round. */
  @type("uint8") captured = 0;
  @type("uint8") hand_size = 0;
  @type("uint8") zero_streak = 0;
  /** The seat's own pieces: sent only to the seat's owner. */
  @view() @type([PieceState]) hand = new ArraySchema<PieceState>();
}

/** One play of the current turn. */
export class PlayState extends Schema {
  @type("string") player = "";
  @type("uint8") position = 0;
  @type([PieceState]) pieces = new ArraySchema<PieceState>();
  @type("string") play_type = "";
}

/** Root state of a Liap Tui room. */
export class LiapTuiState extends Schema {
  @type("string") room_name = "";
  @type("string") phase = "NOT_STARTED";
  @type("uint16") round_number = 0;
  @type("uint8") turn_number = 0;
  @type("uint8") redeal_multiplier = 1;
  /** Name of the player whose move it is ("" when several or none). */
  @type("string") current_player = "";
  /** Names of the players who must act now (several during redeal decisions). */
  @type(["string"]) awaiting_players = new ArraySchema<string>();
  @type("uint8") required_piece_count = 0;
  /** The running timer's deadline in whole epoch milliseconds (0 when no timer runs), for client countdowns. */
  @type("uint64") deadline = 0;
  /** What the running timer waits for: "redeal_decision", "declare", "play", a display pause, or "". */
  @type("string") timer_kind = "";
  @type("string") starter = "";
  @type("string") starter_reason = "";
  @type([LiapTuiPlayerState]) players = new ArraySchema<LiapTuiPlayerState>();
  @type([PlayState]) current_plays = new ArraySchema<PlayState>();
  /** Declarations of the round by player name. */
  @type({ map: "int8" }) declarations = new MapSchema<number>();
  @type(["string"]) weak_hands = new ArraySchema<string>();
  @type(["string"]) winners = new ArraySchema<string>();
}
