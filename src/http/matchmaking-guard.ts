/**
 * The semantic gate of the public matchmaking route (`POST /matchmake/:method/:room`),
 * wrapped around Colyseus's controller so every path into matchmaking passes it:
 * - client options go through the room type's allow-list into a fresh copy
 *   (`__proto__`, `constructor`, `prototype` anywhere: 400; server-only option names: 403);
 * - with JWT verification configured, a call that may create a room
 *   (`create`, `joinOrCreate`) must carry a valid token before any room exists (401);
 * - such calls are limited per user (per address in guest mode): 429 beyond the budget.
 * Byte-level limits (body size, JSON syntax) are enforced earlier by the matchmaking edge.
 */
import { ErrorCode, matchMaker, ServerError, type AuthContext } from "@colyseus/core";
import { ZodError } from "zod";
import type { TokenVerifier } from "../auth/jwt.js";
import { SlidingWindowLimiter } from "../lobby/rate-limit.js";
import { ManagedOnlyError, type RoomOptionPolicies } from "../services/room-options.js";
import { findForbiddenKey, isJsonObject, toNullPrototype } from "./safe-json.js";
import { joinByIdPastLock } from "./join-by-id.js";

/** What the guard enforces. */
export interface MatchmakingGuardSettings {
  /** Local JWT verification; undefined in guest mode. */
  verifyToken?: TokenVerifier;
  /** Room-creating calls (`create`, `joinOrCreate`) a user (or guest address) may make per minute. */
  createsPerMinute: number;
  /** Per room type, the allow-list of client options by matchmaking method (the rooms' own rules). */
  roomOptions: RoomOptionPolicies;
}

const CREATING_METHODS = new Set(["create", "joinOrCreate"]);

type Invoke = typeof matchMaker.controller.invokeMethod;
let original: Invoke | undefined;
let current: { settings: MatchmakingGuardSettings; creates: SlidingWindowLimiter } | undefined;
let draining = false;

/** Takes new rooms and joins (a server starting in this process). */
export function acceptNewSeats(): void {
  draining = false;
}

/** From now on (shutdown) refuse every new room and join; reconnections of players already in a room still pass. */
export function refuseNewSeats(): void {
  draining = true;
}

/** Wraps Colyseus's matchmaking controller (once per process; a later call replaces the settings). */
export function installMatchmakingGuard(settings: MatchmakingGuardSettings): void {
  current = { settings, creates: new SlidingWindowLimiter(settings.createsPerMinute) };
  if (original !== undefined) return;
  original = matchMaker.controller.invokeMethod.bind(matchMaker.controller);
  matchMaker.controller.invokeMethod = async (method, roomName, clientOptions = {}, authContext) => {
    if (draining && method !== "reconnect") throw new ServerError(503, "server is shutting down: no new rooms or joins");
    // joinById names a room, not a room type: its options go through the allow-list of the room's type
    const roomType = method === "joinById" ? await roomTypeOf(roomName) : roomName;
    const options = allowListed(current?.settings.roomOptions ?? {}, method, roomType, clientOptions);
    if (CREATING_METHODS.has(method) && current !== undefined) await admitCreator(current, authContext);
    // Colyseus merges options with `hasOwnProperty`, so it gets a plain copy of the checked, allow-listed keys
    try {
      // a join that names the room may reach a running (locked) one: the room decides who comes in
      if (method === "joinById") return await joinByIdPastLock(roomName, { ...options });
      return await original!(method, roomName, { ...options }, authContext);
    } catch (error) {
      throw asClientError(error);
    }
  };
}

/**
 * Colyseus answers matchmaking refusals with its own codes 520-526 as HTTP statuses; they are the client's
 * mistakes (no such room, room type or seat), so they go out as the 4xx they mean, with the same message.
 */
const MATCHMAKE_STATUS: Record<number, number> = {
  [ErrorCode.MATCHMAKE_NO_HANDLER]: 404,
  [ErrorCode.MATCHMAKE_INVALID_CRITERIA]: 404,
  [ErrorCode.MATCHMAKE_INVALID_ROOM_ID]: 404,
  [ErrorCode.MATCHMAKE_UNHANDLED]: 400,
  [ErrorCode.MATCHMAKE_EXPIRED]: 410,
  [ErrorCode.AUTH_FAILED]: 401,
  [ErrorCode.APPLICATION_ERROR]: 400,
};

function asClientError(error: unknown): unknown {
  if (error instanceof ServerError) {
    const status = MATCHMAKE_STATUS[error.code];
    return status === undefined ? error : new ServerError(status, error.message);
  }
  return error;
}

/** The client's options through the room type's allow-list. */
function allowListed(policies: RoomOptionPolicies, method: string, roomName: string, raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) raw = {};
  if (!isJsonObject(raw)) throw new ServerError(400, "matchmaking options must be a JSON object");
  const forbidden = findForbiddenKey(raw);
  if (forbidden !== undefined) throw new ServerError(400, `forbidden option name "${forbidden}"`);
  const serverOnly = Object.keys(raw).find((key) => key.startsWith("__"));
  if (serverOnly !== undefined) throw new ServerError(403, "server-only room options cannot be set by clients");
  const policy = Object.hasOwn(policies, roomName) ? policies[roomName] : undefined;
  try {
    if (nestingDepth(raw) > MAX_OPTION_DEPTH) throw new ServerError(400, `matchmaking options nest deeper than ${MAX_OPTION_DEPTH} levels`);
    return policy === undefined ? (toNullPrototype(raw) as Record<string, unknown>) : policy.clientOptions(method, raw);
  } catch (error) {
    if (error instanceof ManagedOnlyError) throw new ServerError(403, error.message);
    if (error instanceof ZodError) throw new ServerError(400, `invalid room options: ${describe(error)}`);
    throw error;
  }
}

/** The room type of a room id (undefined for an unknown room: Colyseus then answers "not found"). */
async function roomTypeOf(roomId: string): Promise<string> {
  const room = await matchMaker.driver.findOne({ roomId });
  return room?.name ?? roomId;
}

/** Room options are small flat records; anything nested deeper is refused before it is copied. */
const MAX_OPTION_DEPTH = 8;

function nestingDepth(value: unknown, depth = 0): number {
  if (value === null || typeof value !== "object" || depth > MAX_OPTION_DEPTH) return depth;
  let deepest = depth;
  for (const item of Object.values(value)) deepest = Math.max(deepest, nestingDepth(item, depth + 1));
  return deepest;
}

/** Verifies the token (when auth is configured) and counts the call against the caller's budget. */
async function admitCreator(guard: NonNullable<typeof current>, authContext: AuthContext | undefined): Promise<void> {
  let caller = `address:${authContext?.ip ?? "unknown"}`;
  if (guard.settings.verifyToken !== undefined) {
    try {
      caller = `user:${(await guard.settings.verifyToken(authContext?.token)).userId}`;
    } catch {
      // an HTTP status: Colyseus answers with the error's code as the status
      throw new ServerError(401, "AUTHENTICATION_FAILED: a valid token is required to create a room");
    }
  }
  const decision = guard.creates.take(caller);
  if (!decision.allowed) {
    throw new ServerError(
      429,
      `RATE_LIMITED: at most ${guard.creates.limit} room creates a minute; try again in ${decision.retryAfterSeconds} s`,
    );
  }
}

function describe(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join(".");
      // option names are echoed only when they are short plain words (never raw client input)
      if (issue.code === "unrecognized_keys") return `unknown option(s) ${issue.keys.filter((key) => /^\w{1,40}$/.test(key)).slice(0, 5).join(", ")}`;
      return `${path || "options"}: ${issue.message}`;
    })
    .join("; ");
}
