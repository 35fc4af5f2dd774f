/**
 * The chat routes (seed 002) in the server's OpenAPI document: the paths and
 * the component schemas they reference.
 */
import { CHAT_LIMITS } from "../chat/rate-limits.js";
import { HISTORY_LIMITS, MAX_BODY_CHARACTERS } from "../chat/validation.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: string): JsonObject => ({ description, content: { "application/json": { schema: ref(schema) } } });
const str: JsonObject = { type: "string" };

/** The seed's identity headers, taken only from the trusted gateway. */
const IDENTITY_HEADERS: JsonObject[] = [
  { name: "x-account-id", in: "header", required: false, schema: str, description: "The seed's account id; only from the trusted gateway (LOBBY_TRUST_USER_HEADER + LOBBY_GATEWAY_SECRET/ADDRESSES), and equal to x-profile-id." },
  { name: "x-profile-id", in: "header", required: false, schema: str, description: "The seed's profile id: the user id (JWT subject); only from the trusted gateway." },
];

const ROOM_ID: JsonObject = { name: "room_id", in: "path", required: true, schema: str, description: "The room id (each room is a conversation)." };

const FAILURES: Record<string, JsonObject> = {
  "401": json("No identity: no valid Bearer JWT, no identity headers from the gateway, or they disagree.", "ChatErrorList"),
  "403": json("Not a member of the room (never seated in it, not one of its players).", "ChatErrorList"),
  "404": json("No such room.", "ChatErrorList"),
  "422": json("Invalid input: `{\"errors\": {\"body\": [\"can't be blank\"]}}` for a refused body, `message`, `limit` or `before` for the others.", "ChatValidationErrors"),
  "429": json(`Over the sender's limits (${CHAT_LIMITS.postsPerBurst} messages in ${CHAT_LIMITS.burstWindowMs / 1000} s, ${CHAT_LIMITS.postsPerMinute} a minute, ${CHAT_LIMITS.attemptsPerMinute} attempts a minute, ${CHAT_LIMITS.readsPerMinute} reads a minute); see Retry-After.`, "ChatErrorList"),
  "500": json("Unexpected failure: `{\"errors\": [\"internal_error\"]}`.", "ChatErrorList"),
};

/** The chat paths. */
export function chatOpenApiPaths(): Record<string, JsonObject> {
  const security: Json[] = [{ BearerAuth: [] }, { ChatGatewayHeaders: [] }];
  return {
    "/api/conversations/{room_id}/messages": {
      get: {
        tags: ["Chat"],
        operationId: "listChatMessages",
        summary: "A room's chat messages, newest first (seed 002)",
        security,
        parameters: [
          ROOM_ID,
          { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: HISTORY_LIMITS.min, maximum: HISTORY_LIMITS.max, default: HISTORY_LIMITS.default } },
          { name: "before", in: "query", required: false, schema: { type: "string", format: "uuid" }, description: "A message id: only older messages (the next page)." },
          ...IDENTITY_HEADERS,
        ],
        responses: { "200": json("Messages, newest first.", "ChatMessageList"), ...FAILURES },
      },
      post: {
        tags: ["Chat"],
        operationId: "createChatMessage",
        summary: "Send a chat message to a room (seed 002); its live members receive `message_created`",
        security,
        parameters: [ROOM_ID, ...IDENTITY_HEADERS],
        requestBody: { required: true, content: { "application/json": { schema: ref("ChatCreateMessageRequest") } } },
        responses: { "201": json("The stored message.", "ChatMessageResponse"), ...FAILURES },
      },
    },
  };
}

/** The component schemas the chat paths reference. */
export function chatOpenApiSchemas(): Record<string, JsonObject> {
  const closed = (properties: Record<string, JsonObject>): JsonObject => ({ type: "object", additionalProperties: false, required: Object.keys(properties), properties });
  return {
    ChatProfile: closed({ id: str, name: str, mode: { type: "string", enum: ["private"] } }),
    ChatMessage: closed({
      id: { type: "string", format: "uuid" },
      body: str,
      status: { type: "string", enum: ["sent"] },
      sent_at: { type: "string", format: "date-time" },
      inserted_at: { type: "string", format: "date-time" },
      profile: ref("ChatProfile"),
    }),
    ChatMessageResponse: closed({ data: ref("ChatMessage") }),
    ChatMessageList: closed({ data: { type: "array", items: ref("ChatMessage") } }),
    ChatCreateMessageRequest: {
      type: "object",
      required: ["message"],
      properties: {
        message: {
          type: "object",
          required: ["body"],
          properties: { body: { type: "string", minLength: 1, maxLength: MAX_BODY_CHARACTERS, description: `1–${MAX_BODY_CHARACTERS} characters, not only whitespace, no control characters but newline.` } },
        },
      },
    },
    ChatValidationErrors: closed({ errors: { type: "object", additionalProperties: { type: "array", items: str } } }),
    ChatErrorList: closed({ errors: { type: "array", items: str } }),
  };
}

/** The security scheme of the seed's gateway headers. */
export const CHAT_GATEWAY_SCHEME: JsonObject = {
  type: "apiKey",
  in: "header",
  name: "x-profile-id",
  description: "The seed's x-account-id + x-profile-id (equal), set by the trusted gateway only (the lobby's trust rule).",
};
