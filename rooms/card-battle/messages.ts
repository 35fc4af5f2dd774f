/**
 * Payload schemas of the client→server events of the `card_battle` room (seed
 * 003 `data` objects), and the seed 003 code each refusal of the rules maps to.
 */
import { z } from "zod";
import type { RuleErrorCode } from "../../src/games/card-battle/index.js";
import { ErrorCode, type ErrorCodeValue } from "../../src/protocol/codes.js";

/** `play_card {card_id, target_id?}`: card ids look like "c12"; the target is a player id (null = none). */
export const playCardPayload = z.object({
  card_id: z.string().min(1).max(16),
  target_id: z.string().min(1).max(128).nullable().optional(),
});

/** `pass {}` and `surrender {}`: no fields. */
export const emptyPayload = z.object({});

/** `ping {client_time}` (epoch milliseconds). */
export const pingPayload = z.object({ client_time: z.number().finite() });

/** `sync_request {last_sequence}`. */
export const syncRequestPayload = z.object({ last_sequence: z.number().int().min(0) });

/**
 * Refusals of the rules → seed 003 codes. Acting out of turn is NOT_YOUR_TURN;
 * everything else a player cannot do now (a bad card or target, a finished
 * game, an eliminated player, an unknown player) is INVALID_PLAY, with the
 * rules' code in `details.reason` so a client can tell them apart.
 */
export const RULE_CODES: Record<RuleErrorCode, ErrorCodeValue> = {
  "not-your-turn": ErrorCode.NOT_YOUR_TURN,
  "invalid-play": ErrorCode.INVALID_PLAY,
  "game-over": ErrorCode.INVALID_PLAY,
  "not-a-player": ErrorCode.INVALID_PLAY,
  eliminated: ErrorCode.INVALID_PLAY,
};
