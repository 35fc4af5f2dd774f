/**
 * Payload schemas of the client→server events of the `liap_tui` room (seed
 * 003 `data` objects). `player_name` is accepted but never trusted: the room
 * checks it against the connection's identity.
 */
import { z } from "zod";
import type { RuleError } from "../../src/games/liap-tui/index.js";
import { ErrorCode, type ErrorCodeValue } from "../../src/protocol/codes.js";

/** Bounded: a refused name is quoted back in the error. */
const playerName = z.string().max(64).optional();

/** `declare {player_name?, declaration}`: an integer from 0 to 8. */
export const declarePayload = z.object({ player_name: playerName, declaration: z.number().int().min(0).max(8) });

/** `play {player_name?, piece_ids}`: piece ids such as "p7" (count and ownership are checked by the rules). */
export const playPayload = z.object({
  player_name: playerName,
  piece_ids: z.array(z.string().min(1).max(8)).max(8),
});

/** Events whose only field is the (optional) player name: start_game, accept_redeal, decline_redeal, leave_room. */
export const namedPayload = z.object({ player_name: playerName });

/** `ping {client_time, sequence?}`. */
export const pingPayload = z.object({ client_time: z.number().finite(), sequence: z.number().int().optional() });

/** `sync_request {last_sequence, client_state_hash?}`. */
export const syncRequestPayload = z.object({ last_sequence: z.number().int().min(0), client_state_hash: z.string().max(128).optional() });

/** `version_info {client_version, supported_versions?, minimum_version?}`. */
export const versionInfoPayload = z.object({
  client_version: z.string().max(32).regex(/^\d+\.\d+\.\d+$/),
  // bounded: the offered versions are quoted back in VERSION_MISMATCH
  supported_versions: z.array(z.string().max(32)).max(16).optional(),
  minimum_version: z.string().max(32).optional(),
});

/** `add_bot {position?, player_name?}` (host only; first empty seat when no position). */
export const addBotPayload = z.object({ player_name: playerName, position: z.number().int().min(0).max(3).optional() });

/** `remove_player {position, player_name?}` (host only). */
export const removePlayerPayload = z.object({ player_name: playerName, position: z.number().int().min(0).max(3) });

/** The wire protocol version this server speaks, and its feature flags (`version_accepted`). */
export const PROTOCOL = {
  serverVersion: "1.0.0",
  features: { weak_hand_redeal: true, bot_players: true, replay_system: true, state_sync: true },
} as const;

/** Rule error codes → seed 003 codes. */
export const RULE_CODES: Record<RuleError["code"], ErrorCodeValue> = {
  "wrong-phase": ErrorCode.INVALID_PLAY,
  "not-your-turn": ErrorCode.NOT_YOUR_TURN,
  "invalid-play": ErrorCode.INVALID_PLAY,
  "invalid-declaration": ErrorCode.INVALID_DECLARATION,
  "already-declared": ErrorCode.ALREADY_DECLARED,
  "no-pieces-selected": ErrorCode.NO_PIECES_SELECTED,
  "not-weak": ErrorCode.INVALID_PLAY,
  "already-decided": ErrorCode.ALREADY_DECLARED,
  "nothing-to-advance": ErrorCode.INVALID_PLAY,
};
