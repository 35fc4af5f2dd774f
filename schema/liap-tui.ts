/**
 * Synced state of the `liap_tui` room. Everything here is public except each
 * player's `hand`, which is tagged `@view()`: only a client whose StateView
 * holds that player receives it. Pieces are named by their ids ("p0" strongest
 * … "p31", src/games/liap-tui/pieces.ts): lists of strings carry no schema
 * object per piece (each object would bring its own change tree, ref id and
 * view bookkeeping), and clients look the ids up in the piece table that
 * `npm run codegen` writes for them.
 */
import { ArraySchema, MapSchema, Schema, type, view } from "@colyseus/schema";

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
  /** This seat's answer to the redeal offer in the preparation phase: "accept", "decline", or "" (none yet). */
  @type("string") redeal_decision = "";
  /** The seat's own pieces as piece ids ("p0".."p31", strongest first): sent only to the seat's owner. */
  @view() @type(["string"]) hand = new ArraySchema<string>();
}

/** One play of the current turn. */
export class PlayState extends Schema {
  @type("string") player = "";
  @type("uint8") position = 0;
  /** The pieces played, as piece ids. */
  @type(["string"]) pieces = new ArraySchema<string>();
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
  /** The running move timer's length in seconds (0 when none runs). */
  @type("number") timeout_seconds = 0;
  /** Why the game pauses for display ("round_start", "turn_result", ...; "" when it does not). */
  @type("string") display_pause = "";
  /** Redeals so far this round (preparation phase). */
  @type("uint8") redeals_this_round = 0;
  /** The order of declarations this round (names; empty outside a round). */
  @type(["string"]) declaration_order = new ArraySchema<string>();
  /** The current turn's leader, playing order, winner ("" while running), and the last finished turn's winner. */
  @type("string") turn_starter = "";
  @type(["string"]) turn_order = new ArraySchema<string>();
  @type("boolean") turn_complete = false;
  @type("string") turn_winner = "";
  @type("string") last_winner = "";
  @type("string") starter = "";
  @type("string") starter_reason = "";
  @type([LiapTuiPlayerState]) players = new ArraySchema<LiapTuiPlayerState>();
  @type([PlayState]) current_plays = new ArraySchema<PlayState>();
  /** Declarations of the round by player name. */
  @type({ map: "int8" }) declarations = new MapSchema<number>();
  @type(["string"]) weak_hands = new ArraySchema<string>();
  @type(["string"]) winners = new ArraySchema<string>();
}
