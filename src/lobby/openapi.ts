/**
 * The OpenAPI 3.0 document of everything this server serves over HTTP
 * (`GET /api/v1/openapi.json`): the lobby's user and admin surfaces (seed 004
 * shapes, with this server's documented additions), the internal room API
 * (seed 000), probes, metrics, the room listing, the monitor and the Colyseus
 * matchmaking route. A test checks every response the suites see against it.
 */

import { GAME_RULES, MAX_PLAYERS } from "../games/registry.js";
import { DEFAULT_ENGINE_VERSIONS, LOBBY_GAMES, playerRangeText, type LobbyGameRules } from "./rules.js";
import { DEFAULT_LOBBY_GAME } from "./settings.js";
import { CHAT_GATEWAY_SCHEME, chatOpenApiPaths, chatOpenApiSchemas } from "../http/chat-openapi.js";

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const str: JsonObject = { type: "string" };
const int: JsonObject = { type: "integer" };
const bool: JsonObject = { type: "boolean" };
const uuid: JsonObject = { type: "string", format: "uuid" };
const dateTime: JsonObject = { type: "string", format: "date-time" };
const nullable = (schema: JsonObject): JsonObject => ({ ...schema, nullable: true });
const enumOf = (...values: string[]): JsonObject => ({ type: "string", enum: values });

/** A closed object schema (`additionalProperties: false`). */
function object(properties: Record<string, JsonObject>, required: string[] = Object.keys(properties), extra: JsonObject = {}): JsonObject {
  return { type: "object", additionalProperties: false, required, properties, ...extra };
}

const list = (item: string, description?: string): JsonObject =>
  object({ items: { type: "array", items: ref(item) } }, ["items"], description === undefined ? {} : { description });
const page = (item: string): JsonObject =>
  object({ items: { type: "array", items: ref(item) }, page: int, page_size: int, total: int });

const GAME_STATUSES = ["draft", "enrollment_open", "ready_to_start", "starting", "start_failed", "running", "paused", "finished", "cancelled"];
const RUNTIME_STATUSES = ["not_started", "creating", "waiting_for_players", "running", "paused", "finished", "aborted", "stopped", "start_failed"];

const summaryProperties: Record<string, JsonObject> = {
  game_id: uuid,
  game_name: str,
  game_type: { ...enumOf("public", "private"), description: "Wire alias for `visibility`." },
  status: enumOf(...GAME_STATUSES),
  owner_user_id: { ...nullable(uuid), description: "Owner of a private game; null for public games." },
  min_players: { type: "integer", minimum: 1 },
  max_players: { type: "integer", minimum: 1 },
  enrollment_ends_at: dateTime,
  created_at: dateTime,
  updated_at: dateTime,
  current_turn: { type: "integer", description: "Latest turn the game's room reported; 0 before the first." },
};

/** Every game's player limits, in words, e.g. "liap_tui exactly 4; simple_card_battle 2 to 4". */
const PLAYER_LIMITS_TEXT = (Object.keys(LOBBY_GAMES) as LobbyGameRules[]).map((rules) => `${rules} ${playerRangeText(rules)}`).join("; ");

/** Every game's player limits as data (`x-player-limits` on the operations that create or edit games). */
const PLAYER_LIMITS: JsonObject = Object.fromEntries(
  Object.entries(LOBBY_GAMES).map(([rules, game]) => [rules, { min_players: game.minPlayers, max_players: game.maxPlayers }]),
);

const playerCount = (which: "min_players" | "max_players"): JsonObject => ({
  type: "integer",
  minimum: 1,
  description:
    `As in the seed, at least 1. This server's games also have their own limits (${PLAYER_LIMITS_TEXT}; as data in \`x-player-limits\`): ` +
    `bounds outside the targeted game's limits answer 400 \`invalid_request\` whose message names that game and the broken limit` +
    (which === "min_players" ? ", and min_players must not exceed max_players." : "."),
});

const gameWrite = (defaultGame: LobbyGameRules): Record<string, JsonObject> => ({
  game_name: { type: "string", minLength: 1, maxLength: 128 },
  description: { type: "string", maxLength: 4000 },
  min_players: playerCount("min_players"),
  max_players: playerCount("max_players"),
  start_gap_hours: { type: "integer", minimum: 0, description: "Stored and shown." },
  start_gap_players: { type: "integer", minimum: 0, description: "Stored and shown." },
  enrollment_ends_at: { ...dateTime, description: "Must be in the future. After it, a game with at least min_players active members moves to ready_to_start by itself." },
  turn_schedule: { type: "string", description: "Five-field cron expression (stored and shown)." },
  target_engine_version: {
    type: "string",
    description:
      `Engine version label (semver), as in the seed, e.g. \`1.0.0\`: it means this lobby's default game (\`LOBBY_DEFAULT_GAME\`, here \`${defaultGame}\`) at that version. ` +
      "This server's extension `<game_rules>@<semver>` (e.g. `liap_tui@1.0.0`) names the game. A malformed label or an unknown game answers 400. " +
      `Whether the version is available (an enabled \`engine_versions\` row; ${DEFAULT_ENGINE_VERSIONS.map((v) => `\`${v.version}\``).join(" and ")} are there) is checked at start time, ` +
      "as the seed says: an unavailable engine makes `start`, `retry-start` and admin `force-start` answer 409 `conflict` (the game keeps its status), not the create. " +
      "Shown as given.",
  },
});

/** The document's schemas; descriptions name the lobby's default game. */
const schemas = (defaultGame: LobbyGameRules): Record<string, JsonObject> => ({
  ErrorBody: object({
    code: enumOf(
      "not_implemented",
      "invalid_request",
      "unauthorized",
      "forbidden",
      "not_found",
      "conflict",
      "method_not_allowed",
      "internal_error",
      "service_unavailable",
    ),
    message: str,
  }),
  ErrorResponse: object({ error: ref("ErrorBody") }),
  HealthzResponse: object({ status: enumOf("ok") }),
  ReadyzResponse: object({ status: enumOf("ready", "starting") }),
  GameSummary: object(summaryProperties),
  GameSummaryPage: page("GameSummary"),
  MyGamesListResponse: list("GameSummary", "Games the caller owns or is an active member of. Total in `X-Total-Count`."),
  LobbyGameCreateRequest: object({ ...gameWrite(defaultGame), visibility: enumOf("private") }, [
    "game_name",
    "visibility",
    "min_players",
    "max_players",
    "start_gap_hours",
    "start_gap_players",
    "enrollment_ends_at",
    "turn_schedule",
    "target_engine_version",
  ]),
  LobbyGameUpdateRequest: object(gameWrite(defaultGame), []),
  AdminGameCreateRequest: object(gameWrite(defaultGame), [
    "game_name",
    "min_players",
    "max_players",
    "start_gap_hours",
    "start_gap_players",
    "enrollment_ends_at",
    "turn_schedule",
    "target_engine_version",
  ]),
  LobbyGameDetail: object(
    {
      ...summaryProperties,
      visibility: enumOf("public", "private"),
      description: str,
      turn_schedule: str,
      target_engine_version: str,
      start_gap_hours: int,
      start_gap_players: int,
      runtime_status: { ...enumOf(...RUNTIME_STATUSES), description: "What the game's room is doing." },
      engine_health: { type: "string", description: "Why the room could not be created, or why it was aborted; absent otherwise." },
      started_at: nullable(dateTime),
      finished_at: nullable(dateTime),
    },
    [...Object.keys(summaryProperties), "visibility", "description", "turn_schedule", "target_engine_version", "start_gap_hours", "start_gap_players", "runtime_status", "started_at", "finished_at"],
  ),
  LobbyGameStateChange: object({ game_id: uuid, status: enumOf(...GAME_STATUSES), runtime_status: enumOf(...RUNTIME_STATUSES) }, [
    "game_id",
    "status",
    "runtime_status",
  ]),
  LobbyApplicationSubmitRequest: object({ race_name: { type: "string", minLength: 1, maxLength: 32 } }),
  LobbyApplicationDetail: object(
    {
      application_id: uuid,
      game_id: uuid,
      applicant_user_id: uuid,
      race_name: str,
      status: enumOf("pending", "approved", "rejected"),
      created_at: dateTime,
      decided_at: nullable(dateTime),
    },
    ["application_id", "game_id", "applicant_user_id", "race_name", "status", "created_at", "decided_at"],
  ),
  LobbyApplicationList: list("LobbyApplicationDetail", "The caller's applications. Total in `X-Total-Count`."),
  LobbyInviteIssueRequest: object(
    { invited_user_id: uuid, race_name: { type: "string", minLength: 1, maxLength: 32 }, expires_at: dateTime },
    [],
    { description: "User-bound when `invited_user_id` is set, else code-based (the server generates `code`). `expires_at` defaults to 7 days." },
  ),
  LobbyInviteAnswerRequest: object({ code: { type: "string", minLength: 1 }, race_name: { type: "string", minLength: 1, maxLength: 32 } }, [], {
    description:
      "This server's optional extension for redeem and decline; the seed's requests have no body, and none is needed. " +
      "`code`, when given, must be the invite's (else 403). `race_name` names the member when the invite carries none (redeem only).",
  }),
  LobbyInviteDetail: object(
    {
      invite_id: uuid,
      game_id: uuid,
      inviter_user_id: uuid,
      invited_user_id: nullable(uuid),
      code: { ...nullable(str), description: "Shown to the inviter only." },
      race_name: { type: "string", description: "Empty on an invite that names none; once redeemed, the member's race name." },
      status: enumOf("pending", "redeemed", "declined", "revoked", "expired"),
      created_at: dateTime,
      expires_at: dateTime,
      decided_at: nullable(dateTime),
    },
    ["invite_id", "game_id", "inviter_user_id", "invited_user_id", "code", "race_name", "status", "created_at", "expires_at", "decided_at"],
  ),
  LobbyInviteList: list("LobbyInviteDetail", "Invites the caller received or issued. Total in `X-Total-Count`."),
  LobbyMembershipDetail: object(
    {
      membership_id: uuid,
      game_id: uuid,
      user_id: uuid,
      race_name: str,
      canonical_key: str,
      status: enumOf("active", "removed", "blocked"),
      joined_at: dateTime,
      removed_at: nullable(dateTime),
    },
    ["membership_id", "game_id", "user_id", "race_name", "canonical_key", "status", "joined_at", "removed_at"],
  ),
  LobbyMembershipList: list("LobbyMembershipDetail", "Total in `X-Total-Count`."),
  RaceNameDetail: object(
    {
      name: str,
      canonical: { type: "string", description: "The key race names collide on (the memberships' `canonical_key`): NFKC, lower-cased, without whitespace." },
      status: {
        ...enumOf("registered", "reservation", "pending_registration"),
        description:
          "`reservation`: held as an active member of `game_id`, a game under way. `pending_registration`: finished `source_game_id` under it as an active member; " +
          "may be registered until `expires_at` (30 days after the game finished) unless someone registers it first. `registered`: the caller's for good.",
      },
      owner_user_id: uuid,
      game_id: nullable(uuid),
      source_game_id: nullable(uuid),
      reserved_at: { ...nullable(dateTime), description: "When the owner joined the game under the name." },
      expires_at: nullable(dateTime),
      registered_at: nullable(dateTime),
    },
    ["name", "canonical", "status", "owner_user_id", "game_id", "source_game_id", "reserved_at", "expires_at", "registered_at"],
  ),
  RaceNameList: list("RaceNameDetail", "Registered names first, then reservations, then pending registrations. Total in `X-Total-Count`."),
  RaceNameRegisterRequest: object({ name: { type: "string", maxLength: 32, description: "Any spelling with the race name's canonical key." } }),
  AdminGameList: page("LobbyGameDetail"),
  AdminGameBanMemberRequest: object({ user_id: uuid, reason: { type: "string", minLength: 1 } }),
  ServiceInfo: object({ service: str, node_name: str, games: { type: "array", items: str } }),
  RoomList: object({
    rooms: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: true,
        required: ["room_id", "game", "clients", "spectators", "locked"],
        properties: { room_id: str, game: str, clients: int, spectators: int, locked: bool },
      },
    },
  }),
  InternalHealth: object({ status: enumOf("ok"), node_name: str, active_rooms: int, connected_players: int, uptime_seconds: int }),
  InternalCluster: object({
    nodes: {
      type: "array",
      items: object({
        node_name: str,
        process_id: str,
        public_address: nullable(str),
        internal_address: nullable(str),
        active_rooms: int,
        connected_players: int,
        last_heartbeat: dateTime,
      }),
    },
  }),
  InternalUnauthorized: object({ error: enumOf("unauthorized") }),
  InternalCreateRoomRequest: object(
    {
      room_id: { type: "string", minLength: 1, maxLength: 128 },
      game_type_id: str,
      player_ids: { type: "array", minItems: 1, maxItems: MAX_PLAYERS, items: str },
      config: {
        type: "object",
        additionalProperties: true,
        required: ["player_count", "game_rules"],
        properties: { player_count: int, turn_time_limit: { type: "number" }, game_rules: enumOf(...GAME_RULES) },
      },
      player_names: { type: "object", additionalProperties: str },
    },
    ["room_id", "player_ids", "config"],
  ),
  InternalCreateRoomCreated: object({ created: { type: "boolean", enum: [true] }, room_id: str, node_name: str }),
  InternalCreateRoomRefused: object(
    {
      created: { type: "boolean", enum: [false] },
      reason: enumOf("invalid_request", "capacity_exceeded", "shutting_down", "room_finished"),
      details: { type: "array", items: object({ field: str, message: str }) },
    },
    ["created", "reason"],
  ),
  InternalTerminateRequest: object({ room_id: str, reason: str, admin_id: str }, []),
  InternalTerminateResponse: object(
    {
      terminated: bool,
      reason: enumOf("room_not_found", "invalid_request"),
      details: { type: "array", items: object({ field: str, message: str }) },
    },
    ["terminated"],
  ),
  PersistFailedList: object({
    persist_failed: {
      type: "array",
      items: object({
        room_id: str,
        payload: { type: "object", additionalProperties: true },
        attempts: int,
        last_error: nullable(str),
        created_at: dateTime,
        next_attempt_at: dateTime,
      }),
    },
  }),
  SeatReservation: {
    type: "object",
    additionalProperties: true,
    required: ["sessionId"],
    properties: { sessionId: str, name: str, roomId: str, processId: str },
    description: "Colyseus seat reservation, used by the SDKs to open the room's WebSocket.",
  },
  MatchmakeError: { type: "object", additionalProperties: true, required: ["error"], properties: { code: int, error: str } },
});

/** A response with a JSON body of the named schema. */
const json = (description: string, schema: string): JsonObject => ({ description, content: { "application/json": { schema: ref(schema) } } });
const error = (description: string): JsonObject => json(description, "ErrorResponse");

const ERRORS: Record<string, JsonObject> = {
  "400": error("Malformed request (`invalid_request`)."),
  "401": error("No valid identity (`unauthorized`)."),
  "403": error("Not allowed for this caller (`forbidden`)."),
  "404": error("No such resource, or not visible to the caller (`not_found`)."),
  "409": error("Not allowed in the current state (`conflict`)."),
  "429": error("Rate limit exceeded; `Retry-After` says when to retry. Code `service_unavailable` (the seed's closed set has no rate-limit code)."),
  "500": error("Unexpected failure (`internal_error`)."),
  "503": error("The lobby could not start (`service_unavailable`)."),
};

type ErrorStatus = keyof typeof ERRORS;

const param = (name: string, description?: string): JsonObject => ({
  name,
  in: "path",
  required: true,
  schema: uuid,
  ...(description === undefined ? {} : { description }),
});
const PAGING: Json[] = [
  { name: "page", in: "query", required: false, schema: { type: "integer", minimum: 1, default: 1 } },
  { name: "page_size", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
];
const X_USER_ID: JsonObject = {
  name: "X-User-ID",
  in: "header",
  required: false,
  description: "The caller's user id (UUID), injected by a trusted gateway (LOBBY_TRUST_USER_HEADER). Either this or a bearer token is required.",
  schema: uuid,
};
const USER_SECURITY: Json[] = [{ UserHeader: [] }, { BearerAuth: [] }];
const ADMIN_SECURITY: Json[] = [{ AdminBasicAuth: [] }];

interface OperationSpec {
  id: string;
  summary: string;
  tag: string;
  ok: [status: string, description: string, schema: string];
  errors: ErrorStatus[];
  security?: Json[];
  parameters?: Json[];
  body?: { schema: string; required: boolean };
  description?: string;
  /** Descriptions of error statuses that say more than the shared ones. */
  errorDescriptions?: Partial<Record<ErrorStatus, string>>;
  /** `x-` keys of the operation. */
  extensions?: JsonObject;
}

function operation(spec: OperationSpec): JsonObject {
  const responses: JsonObject = { [spec.ok[0]]: json(spec.ok[1], spec.ok[2]) };
  for (const status of spec.errors) {
    const description = spec.errorDescriptions?.[status];
    responses[status] = description === undefined ? ERRORS[status]! : error(description);
  }
  const op: JsonObject = { tags: [spec.tag], operationId: spec.id, summary: spec.summary, responses, ...(spec.extensions ?? {}) };
  if (spec.description !== undefined) op.description = spec.description;
  if (spec.security !== undefined) op.security = spec.security;
  if (spec.parameters !== undefined && spec.parameters.length > 0) op.parameters = spec.parameters;
  if (spec.body !== undefined) op.requestBody = { required: spec.body.required, content: { "application/json": { schema: ref(spec.body.schema) } } };
  return op;
}

const USER_ERRORS: ErrorStatus[] = ["400", "401", "429", "500", "503"];
const OWNER_ERRORS: ErrorStatus[] = ["400", "401", "403", "404", "409", "429", "500", "503"];
const ADMIN_ERRORS: ErrorStatus[] = ["400", "401", "429", "500", "503"];

function userOp(spec: Omit<OperationSpec, "tag" | "security" | "errors"> & { errors?: ErrorStatus[] }): JsonObject {
  return operation({ ...spec, tag: "Lobby", security: USER_SECURITY, errors: spec.errors ?? OWNER_ERRORS, parameters: [X_USER_ID, ...(spec.parameters ?? [])] });
}

function adminOp(spec: Omit<OperationSpec, "tag" | "security" | "errors"> & { errors?: ErrorStatus[] }): JsonObject {
  return operation({ ...spec, tag: "Admin", security: ADMIN_SECURITY, errors: spec.errors ?? ADMIN_ERRORS });
}

const GAME = param("game_id");
const U = "/api/v1/user/lobby";

/** What a 409 of the operations that start a game's room means. */
const START_CONFLICT = "Not allowed in the current status, not enough members, or the target engine version is not available (no enabled `engine_versions` row, checked at start time) (`conflict`).";
/** What a 400 of the operations that create or edit a game means. */
const GAME_WRITE_INVALID = "Malformed request (`invalid_request`), including player bounds outside the targeted game's limits: the message names the game and the broken limit.";

function transitionOp(id: string, summary: string, status: "200" | "202", startsRoom = false): JsonObject {
  return userOp({ id, summary, parameters: [GAME], ok: [status, summary, "LobbyGameStateChange"], ...(startsRoom ? { errorDescriptions: { "409": START_CONFLICT } } : {}) });
}

/** The `x-` keys of the operations that create or edit games: each game's player limits and the default game of a plain semver. */
const gameWriteExtensions = (defaultGame: LobbyGameRules): JsonObject => ({ "x-player-limits": PLAYER_LIMITS, "x-default-game": defaultGame });

/** How redeem and decline work without a body. */
const REDEEM_DESCRIPTION =
  "No request body is needed (the seed defines none): a user-bound invite is for its user only; a code-based invite may be redeemed by whoever holds its " +
  "`invite_id` (an unguessable UUID handed out with the code, so possession is the capability). Optionally (this server's extension) a JSON body " +
  "`{code, race_name}`: a `code` given must be the invite's (else 403); `race_name` names the member when the invite carries none. Without either, " +
  "the member's race name is the one they registered, else the one they joined their most recent lobby game under (unless another player registered it), " +
  "else `Player <first 8 characters of their user id>`, " +
  'made unique in the game by appending " 2", " 3", ... (skipping names other players registered). A redeemed code-based invite shows the redeemer as `invited_user_id`.';

/** How registration works and what it does to the rest of the lobby. */
const REGISTER_DESCRIPTION =
  "Registers a race name the caller finished a game under (as an active member, within 30 days of the game finishing): it is theirs from then on, " +
  "platform-wide by its canonical key. Nobody else may take it in a new application, invite or redemption (409), games already under way are not changed, " +
  "and it becomes the caller's default race name when they redeem a code invite without naming one. This server has no paid tiers: every user may register " +
  "one race name (the seed's free tier).";

function lobbyPaths(defaultGame: LobbyGameRules): Record<string, JsonObject> {
  return {
    [`${U}/games`]: {
      get: userOp({
        id: "userLobbyGamesList",
        summary: "List public lobby games, oldest first (60 requests a minute per user)",
        parameters: PAGING,
        ok: ["200", "Page of public games.", "GameSummaryPage"],
        errors: USER_ERRORS,
      }),
      post: userOp({
        id: "userLobbyGamesCreate",
        summary: "Create a private lobby game owned by the caller (status draft)",
        body: { schema: "LobbyGameCreateRequest", required: true },
        ok: ["201", "Game created.", "LobbyGameDetail"],
        errors: USER_ERRORS,
        errorDescriptions: { "400": GAME_WRITE_INVALID },
        extensions: gameWriteExtensions(defaultGame),
      }),
    },
    [`${U}/games/{game_id}`]: {
      get: userOp({ id: "userLobbyGamesGet", summary: "Get the lobby game detail", parameters: [GAME], ok: ["200", "Lobby game detail.", "LobbyGameDetail"], errors: ["400", "401", "404", "429", "500", "503"] }),
      patch: userOp({
        id: "userLobbyGamesUpdate",
        summary: "Update mutable fields (owner only; draft or enrollment_open)",
        parameters: [GAME],
        body: { schema: "LobbyGameUpdateRequest", required: true },
        ok: ["200", "Updated lobby game detail.", "LobbyGameDetail"],
        errorDescriptions: { "400": GAME_WRITE_INVALID },
        extensions: gameWriteExtensions(defaultGame),
      }),
    },
    [`${U}/games/{game_id}/open-enrollment`]: { post: transitionOp("userLobbyGamesOpenEnrollment", "Move a draft game into enrollment_open", "200") },
    [`${U}/games/{game_id}/ready-to-start`]: { post: transitionOp("userLobbyGamesReadyToStart", "Mark a game ready_to_start (needs min_players active members)", "200") },
    [`${U}/games/{game_id}/start`]: { post: transitionOp("userLobbyGamesStart", "Start the game: its room is created (starting, or start_failed)", "202", true) },
    [`${U}/games/{game_id}/pause`]: { post: transitionOp("userLobbyGamesPause", "Pause a running game (its room's timers stop)", "200") },
    [`${U}/games/{game_id}/resume`]: { post: transitionOp("userLobbyGamesResume", "Resume a paused game", "200") },
    [`${U}/games/{game_id}/cancel`]: { post: transitionOp("userLobbyGamesCancel", "Cancel a game before it finishes (its room, if any, is terminated)", "200") },
    [`${U}/games/{game_id}/retry-start`]: { post: transitionOp("userLobbyGamesRetryStart", "Retry a failed start", "202", true) },
    [`${U}/games/{game_id}/applications`]: {
      post: userOp({
        id: "userLobbyApplicationsSubmit",
        summary: "Apply to join a game under a race name (public games approve at once)",
        parameters: [GAME],
        body: { schema: "LobbyApplicationSubmitRequest", required: true },
        ok: ["201", "Application created.", "LobbyApplicationDetail"],
      }),
    },
    [`${U}/games/{game_id}/applications/{application_id}/approve`]: {
      post: userOp({ id: "userLobbyApplicationsApprove", summary: "Approve an application (owner)", parameters: [GAME, param("application_id")], ok: ["200", "Application approved.", "LobbyApplicationDetail"] }),
    },
    [`${U}/games/{game_id}/applications/{application_id}/reject`]: {
      post: userOp({ id: "userLobbyApplicationsReject", summary: "Reject an application (owner)", parameters: [GAME, param("application_id")], ok: ["200", "Application rejected.", "LobbyApplicationDetail"] }),
    },
    [`${U}/games/{game_id}/invites`]: {
      post: userOp({
        id: "userLobbyInvitesIssue",
        summary: "Issue a user-bound or code-based invite (owner)",
        parameters: [GAME],
        body: { schema: "LobbyInviteIssueRequest", required: true },
        ok: ["201", "Invite created.", "LobbyInviteDetail"],
      }),
    },
    [`${U}/games/{game_id}/invites/{invite_id}/redeem`]: {
      post: userOp({
        id: "userLobbyInvitesRedeem",
        summary: "Redeem an invite to become a member",
        description: REDEEM_DESCRIPTION,
        parameters: [GAME, param("invite_id")],
        body: { schema: "LobbyInviteAnswerRequest", required: false },
        ok: ["200", "Invite redeemed.", "LobbyInviteDetail"],
      }),
    },
    [`${U}/games/{game_id}/invites/{invite_id}/decline`]: {
      post: userOp({
        id: "userLobbyInvitesDecline",
        summary: "Decline an invite (its recipient, or the holder of a code-based invite's id)",
        description: "No request body is needed (the seed defines none). Optionally `{code}`: a code given must be the invite's (else 403).",
        parameters: [GAME, param("invite_id")],
        body: { schema: "LobbyInviteAnswerRequest", required: false },
        ok: ["200", "Invite declined.", "LobbyInviteDetail"],
      }),
    },
    [`${U}/games/{game_id}/invites/{invite_id}/revoke`]: {
      post: userOp({ id: "userLobbyInvitesRevoke", summary: "Revoke an invite (its issuer)", parameters: [GAME, param("invite_id")], ok: ["200", "Invite revoked.", "LobbyInviteDetail"] }),
    },
    [`${U}/games/{game_id}/memberships`]: {
      get: userOp({
        id: "userLobbyMembershipsList",
        summary: "List a game's memberships in every status",
        parameters: [GAME, ...PAGING],
        ok: ["200", "Memberships (total in X-Total-Count).", "LobbyMembershipList"],
        errors: ["400", "401", "404", "429", "500", "503"],
      }),
    },
    [`${U}/games/{game_id}/memberships/{membership_id}/remove`]: {
      post: userOp({ id: "userLobbyMembershipsRemove", summary: "Remove a membership (owner or self) before the game starts", parameters: [GAME, param("membership_id")], ok: ["200", "Membership removed.", "LobbyMembershipDetail"] }),
    },
    [`${U}/games/{game_id}/memberships/{membership_id}/block`]: {
      post: userOp({ id: "userLobbyMembershipsBlock", summary: "Block a member (owner): no more applications or invites", parameters: [GAME, param("membership_id")], ok: ["200", "Membership blocked.", "LobbyMembershipDetail"] }),
    },
    [`${U}/my/games`]: {
      get: userOp({ id: "userLobbyMyGames", summary: "Games the caller owns or is an active member of", parameters: PAGING, ok: ["200", "Caller's games.", "MyGamesListResponse"], errors: USER_ERRORS }),
    },
    [`${U}/my/applications`]: {
      get: userOp({ id: "userLobbyMyApplications", summary: "The caller's applications", parameters: PAGING, ok: ["200", "Caller's applications.", "LobbyApplicationList"], errors: USER_ERRORS }),
    },
    [`${U}/my/invites`]: {
      get: userOp({ id: "userLobbyMyInvites", summary: "Invites the caller received or issued", parameters: PAGING, ok: ["200", "Caller's invites.", "LobbyInviteList"], errors: USER_ERRORS }),
    },
    [`${U}/my/race-names`]: {
      get: userOp({ id: "userLobbyMyRaceNames", summary: "List the caller's race names", parameters: PAGING, ok: ["200", "Caller's race-name records.", "RaceNameList"], errors: USER_ERRORS }),
    },
    [`${U}/race-names/register`]: {
      post: userOp({
        id: "userLobbyRaceNamesRegister",
        summary: "Promote a `pending_registration` to `registered`",
        description: REGISTER_DESCRIPTION,
        body: { schema: "RaceNameRegisterRequest", required: true },
        ok: ["200", "Race name promoted.", "RaceNameDetail"],
        errors: ["400", "401", "404", "409", "429", "500", "503"],
        errorDescriptions: {
          "400": "Malformed body, or a `name` that is empty, longer than 32 characters or holds control characters (`invalid_request`).",
          "404": "The caller has no `pending_registration` of that name: they did not finish a game under it as an active member in the last 30 days (`not_found`).",
          "409": "The name is already registered (by the caller or another player), or the caller has registered as many names as they may (`conflict`).",
        },
      }),
    },
    "/api/v1/admin/games": {
      get: adminOp({ id: "adminGamesList", summary: "List every game, oldest first", parameters: PAGING, ok: ["200", "Page of games.", "AdminGameList"] }),
      post: adminOp({
        id: "adminGamesCreate",
        summary: "Create a public game (no owner; enrollment opens at once)",
        body: { schema: "AdminGameCreateRequest", required: true },
        ok: ["201", "Public game created.", "LobbyGameDetail"],
        errorDescriptions: { "400": GAME_WRITE_INVALID },
        extensions: gameWriteExtensions(defaultGame),
      }),
    },
    "/api/v1/admin/games/{game_id}": {
      get: adminOp({ id: "adminGamesGet", summary: "Get a game", parameters: [GAME], ok: ["200", "Game detail.", "LobbyGameDetail"], errors: [...ADMIN_ERRORS, "404"] }),
    },
    "/api/v1/admin/games/{game_id}/force-start": {
      post: adminOp({
        id: "adminGamesForceStart",
        summary: "Start a game from enrollment_open, ready_to_start or start_failed",
        parameters: [GAME],
        ok: ["202", "Force-start done (starting, or start_failed).", "LobbyGameStateChange"],
        errors: [...ADMIN_ERRORS, "404", "409"],
        errorDescriptions: { "409": START_CONFLICT },
      }),
    },
    "/api/v1/admin/games/{game_id}/force-stop": {
      post: adminOp({
        id: "adminGamesForceStop",
        summary: "Stop a game before it finishes: status cancelled, its room terminated",
        parameters: [GAME],
        ok: ["200", "Force-stop accepted.", "LobbyGameStateChange"],
        errors: [...ADMIN_ERRORS, "404", "409"],
      }),
    },
    "/api/v1/admin/games/{game_id}/ban-member": {
      post: adminOp({
        id: "adminGamesBanMember",
        summary: "Ban a member from a game",
        parameters: [GAME],
        body: { schema: "AdminGameBanMemberRequest", required: true },
        ok: ["200", "Member banned.", "LobbyMembershipDetail"],
        errors: [...ADMIN_ERRORS, "404", "409"],
      }),
    },
  };
}

const INTERNAL_KEY: Json[] = [{ InternalApiKey: [] }];
const internalUnauthorized = json("Missing or wrong `X-Internal-Api-Key`.", "InternalUnauthorized");
const plainError = json("Unexpected failure.", "ErrorResponse");

function serverPaths(): Record<string, JsonObject> {
  return {
    "/api/v1/openapi.json": {
      get: {
        tags: ["Meta"],
        operationId: "getOpenApi",
        summary: "This document (60 requests a minute per client address)",
        security: [],
        responses: {
          "200": { description: "The OpenAPI document.", content: { "application/json": { schema: { type: "object", additionalProperties: true, required: ["openapi", "paths"] } } } },
          "429": ERRORS["429"]!,
        },
      },
    },
    "/": {
      get: { tags: ["Meta"], operationId: "getRoot", summary: "Service name, node and games", security: [], responses: { "200": json("Service info.", "ServiceInfo") } },
    },
    "/play": {
      get: {
        tags: ["Meta"],
        operationId: "getPlayPage",
        summary: "The play page: redirects to /play/ (its static files, public/play/, are served below it)",
        security: [],
        responses: { "302": { description: "To /play/, keeping the query (?token=, ?replay=, invite links).", content: { "text/plain": { schema: str } } } },
      },
    },
    "/play/vendor/colyseus.js": {
      get: {
        tags: ["Meta"],
        operationId: "getPlayPageSdk",
        summary: "The @colyseus/sdk browser build the play page loads",
        security: [],
        responses: { "200": { description: "JavaScript.", content: { "application/javascript": { schema: str } } } },
      },
    },
    "/healthz": {
      get: { tags: ["Probes"], operationId: "getHealthz", summary: "Liveness probe", security: [], responses: { "200": json("Process is alive.", "HealthzResponse") } },
    },
    "/readyz": {
      get: {
        tags: ["Probes"],
        operationId: "getReadyz",
        summary: "Readiness probe",
        security: [],
        responses: { "200": json("Ready to serve.", "ReadyzResponse"), "503": json("Starting or draining.", "ReadyzResponse") },
      },
    },
    "/metrics": {
      get: {
        tags: ["Probes"],
        operationId: "getMetrics",
        summary: "Prometheus metrics (text exposition format)",
        security: [],
        responses: { "200": { description: "Metrics.", content: { "text/plain": { schema: str } } } },
      },
    },
    "/api/rooms": {
      get: {
        tags: ["Rooms"],
        operationId: "listRooms",
        summary: "Public rooms clients can join, across all nodes",
        security: [],
        parameters: [{ name: "game", in: "query", required: false, schema: str }],
        responses: { "200": json("Rooms.", "RoomList"), "400": error("Unknown game.") },
      },
    },
    "/matchmake/{method}/{room_name}": {
      post: {
        tags: ["Rooms"],
        operationId: "matchmake",
        summary: "Colyseus matchmaking for the SDKs (joinOrCreate, create, join, joinById, reconnect)",
        security: [],
        parameters: [
          { name: "method", in: "path", required: true, schema: enumOf("joinOrCreate", "create", "join", "joinById", "reconnect") },
          { name: "room_name", in: "path", required: true, schema: str },
        ],
        requestBody: { required: false, content: { "application/json": { schema: { type: "object", additionalProperties: true } } } },
        responses: {
          "200": json("Seat reservation.", "SeatReservation"),
          default: json("Refused (e.g. 403 for matchmaking-only options, or a room error code).", "MatchmakeError"),
        },
      },
    },
    "/colyseus": {
      get: {
        tags: ["Operations"],
        operationId: "monitor",
        summary: "@colyseus/monitor (only when MONITOR_USER and MONITOR_PASSWORD are set)",
        security: [{ MonitorBasicAuth: [] }],
        responses: { "200": { description: "The monitor's web page.", content: { "text/html": { schema: str } } }, "401": error("Wrong or missing credentials.") },
      },
    },
    "/api/games/{room_id}/replay": {
      get: {
        tags: ["Rooms"],
        operationId: "getReplay",
        summary: "A finished game's events as one seat (or a spectator) received them, regenerated from its stored record",
        description:
          "A player (bearer JWT) may read their own seat's stream and the public one (`seat=spectator`), 120 requests a minute; the matchmaking service (`X-Internal-Api-Key`) any. " +
          "`protocol` is the rooms' wire profile (`native` by default, or `seed003`). Each event is the room's envelope `{event, data, room_id, server_time, sequence_number}`.",
        security: [{ BearerAuth: [] }, { InternalApiKey: [] }],
        parameters: [
          { name: "room_id", in: "path", required: true, schema: str },
          { name: "seat", in: "query", required: true, schema: { oneOf: [{ type: "string", enum: ["spectator"] }, { type: "integer", minimum: 0, maximum: 3 }] } },
          { name: "protocol", in: "query", required: false, schema: enumOf("native", "seed003") },
        ],
        responses: {
          "200": {
            description: "The stream.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["room_id", "game_rules", "seat", "protocol", "events"],
                  properties: {
                    room_id: str,
                    game_rules: str,
                    seat: { oneOf: [int, { type: "string", enum: ["spectator"] }] },
                    protocol: enumOf("native", "seed003"),
                    events: { type: "array", items: { type: "object", required: ["event", "data", "room_id", "server_time", "sequence_number"], additionalProperties: true } },
                  },
                },
              },
            },
          },
          "400": error("A seat that is not a number or `spectator` (or not one of the game's seats), an unknown protocol or query parameter."),
          "401": error("Neither a valid bearer JWT nor a valid internal key."),
          "403": error("Another player's seat, or a game the caller did not play."),
          "404": error("Unknown room, a game not finished yet, or a game stored without a replay."),
          "429": ERRORS["429"]!,
          "500": plainError,
        },
      },
    },
    "/internal/health": {
      get: { tags: ["Internal"], operationId: "internalHealth", summary: "Node health (no key)", security: [], responses: { "200": json("Node health.", "InternalHealth") } },
    },
    "/internal/cluster": {
      get: {
        tags: ["Internal"],
        operationId: "internalCluster",
        summary: "Live nodes of the cluster (with Redis; empty without)",
        security: INTERNAL_KEY,
        responses: { "200": json("Nodes.", "InternalCluster"), "401": internalUnauthorized, "500": plainError },
      },
    },
    "/internal/rooms/create": {
      post: {
        tags: ["Internal"],
        operationId: "internalCreateRoom",
        summary: "Create a managed room (seed 000), idempotent per room_id",
        security: INTERNAL_KEY,
        requestBody: { required: true, content: { "application/json": { schema: ref("InternalCreateRoomRequest") } } },
        responses: {
          "200": json("Created (or already there).", "InternalCreateRoomCreated"),
          "400": json("Invalid request.", "InternalCreateRoomRefused"),
          "413": json("Body over 64 KB.", "InternalCreateRoomRefused"),
          "401": internalUnauthorized,
          "409": json("That room's game already finished (room_finished).", "InternalCreateRoomRefused"),
          "503": json("Every node is full (capacity_exceeded), or this node is shutting down (shutting_down).", "InternalCreateRoomRefused"),
          "500": plainError,
        },
      },
    },
    "/internal/rooms/{room_id}/terminate": {
      post: {
        tags: ["Internal"],
        operationId: "internalTerminateRoom",
        summary: "Terminate a room wherever it runs (seed 000)",
        security: INTERNAL_KEY,
        parameters: [{ name: "room_id", in: "path", required: true, schema: str }],
        requestBody: { required: false, content: { "application/json": { schema: ref("InternalTerminateRequest") } } },
        responses: {
          "200": json("Terminated.", "InternalTerminateResponse"),
          "404": json("No such live room.", "InternalTerminateResponse"),
          "400": json("A body that is not JSON, or has a forbidden key.", "InternalTerminateResponse"),
          "413": json("Body over 64 KB.", "InternalTerminateResponse"),
          "401": internalUnauthorized,
          "500": plainError,
        },
      },
    },
    "/internal/persist-failed": {
      get: {
        tags: ["Internal"],
        operationId: "internalPersistFailed",
        summary: "Finished results still owed to the matchmaking service after a failed delivery",
        security: INTERNAL_KEY,
        responses: { "200": json("Entries.", "PersistFailedList"), "401": internalUnauthorized, "500": plainError },
      },
    },
  };
}

/** The whole document; `defaultGame` is the game a plain-semver `target_engine_version` means (LOBBY_DEFAULT_GAME). */
export function buildOpenApiDocument(defaultGame: LobbyGameRules = DEFAULT_LOBBY_GAME): JsonObject {
  return {
    openapi: "3.0.3",
    info: {
      title: "Tabletop game server HTTP API",
      version: "v1",
      description:
        "Everything this server serves over HTTP. The lobby follows seed 004 (`/api/v1/user/lobby/...`, `/api/v1/admin/games...`) with the error envelope " +
        '`{"error":{"code","message"}}`; the internal room API follows seed 000. Lists without a `total` field report it in `X-Total-Count`.',
    },
    tags: ["Lobby", "Admin", "Internal", "Rooms", "Chat", "Probes", "Operations", "Meta"].map((name) => ({ name })),
    paths: { ...lobbyPaths(defaultGame), ...serverPaths(), ...chatOpenApiPaths() },
    components: {
      securitySchemes: {
        UserHeader: { type: "apiKey", in: "header", name: "X-User-ID", description: "Trusted user id from the gateway (LOBBY_TRUST_USER_HEADER)." },
        BearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "A JWT (JWT_SECRET or JWKS_URL) whose subject is the user id." },
        AdminBasicAuth: { type: "http", scheme: "basic", description: 'Checked against `admin_accounts` (bcrypt cost 12); failures answer 401 with `WWW-Authenticate: Basic realm="galaxy-admin"`.' },
        InternalApiKey: { type: "apiKey", in: "header", name: "X-Internal-Api-Key" },
        MonitorBasicAuth: { type: "http", scheme: "basic" },
        ChatGatewayHeaders: CHAT_GATEWAY_SCHEME,
      },
      schemas: { ...schemas(defaultGame), ...chatOpenApiSchemas() },
    },
  };
}
