/**
 * The error-code table of seed 003, shared by both rooms and importable by a
 * TypeScript client. Codes travel as strings ("2002"), as in the seed; where a
 * join is refused through Colyseus matchmaking the same number is the
 * ServerError code.
 */

/** Every error code of seed 003. */
export const ErrorCode = {
  CONNECTION_FAILED: "1001",
  AUTHENTICATION_FAILED: "1002",
  ROOM_NOT_FOUND: "1003",
  ROOM_FULL: "1004",
  ALREADY_IN_ROOM: "1005",
  GAME_NOT_STARTED: "2001",
  NOT_YOUR_TURN: "2002",
  INVALID_PLAY: "2003",
  INVALID_DECLARATION: "2004",
  ALREADY_DECLARED: "2005",
  NO_PIECES_SELECTED: "2006",
  INVALID_MESSAGE_FORMAT: "3001",
  MISSING_REQUIRED_FIELD: "3002",
  INVALID_FIELD_TYPE: "3003",
  OUT_OF_RANGE: "3004",
  RATE_LIMITED: "4001",
  SERVER_ERROR: "4002",
  MAINTENANCE_MODE: "4003",
  VERSION_MISMATCH: "4004",
} as const;

/** One of the seed's error codes. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes whose request may succeed if sent again later or corrected (the seed's `recoverable`). */
const RECOVERABLE: ReadonlySet<ErrorCodeValue> = new Set([
  ErrorCode.CONNECTION_FAILED,
  ErrorCode.MISSING_REQUIRED_FIELD,
  ErrorCode.INVALID_FIELD_TYPE,
  ErrorCode.OUT_OF_RANGE,
  ErrorCode.INVALID_MESSAGE_FORMAT,
  ErrorCode.RATE_LIMITED,
  ErrorCode.SERVER_ERROR,
  ErrorCode.MAINTENANCE_MODE,
  ErrorCode.INVALID_PLAY,
  ErrorCode.INVALID_DECLARATION,
  ErrorCode.NO_PIECES_SELECTED,
]);

/** Whether a client may retry after this error. */
export function isRecoverable(code: ErrorCodeValue): boolean {
  return RECOVERABLE.has(code);
}

/** The body of an `error` / `validation_error` event (seed 003 GameError). */
export interface GameError {
  code: ErrorCodeValue;
  message: string;
  details?: Record<string, unknown>;
  /** Seconds since the epoch. */
  timestamp: number;
  recoverable: boolean;
}

/** Builds a GameError stamped with the current time. */
export function gameError(code: ErrorCodeValue, message: string, details?: Record<string, unknown>, now: number = Date.now()): GameError {
  return { code, message, ...(details !== undefined ? { details } : {}), timestamp: now / 1000, recoverable: isRecoverable(code) };
}
