/** Helpers of the chat suites: player tokens, tables of real SDK clients, REST calls and the seed 002 message shape. */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { SdkPlayer } from "../support/sdk-player.js";

/** The JWT secret of the chat suites' servers. */
export const SECRET = "chat-suite-secret-".padEnd(40, "x");
/** The internal API key of the chat suites' servers. */
export const INTERNAL_KEY = "chat-internal-key-123456";
/** The gateway secret of the suites that trust the seed's identity headers. */
export const GATEWAY_SECRET = "chat-gateway-secret-1234";
/** The seed's validation error for a refused body. */
export const BLANK_ERROR = { errors: { body: ["can't be blank"] } };

/** An HS256 player token; `name` becomes the display name. */
export function token(sub: string, name?: string, secret = SECRET): Promise<string> {
  return new SignJWT(name === undefined ? {} : { name })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(secret));
}

/** A seat of a chat test: the SDK player and who it is. */
export interface Member {
  id: string;
  name: string;
  jwt: string;
  player: SdkPlayer;
}

/** Four humans with JWTs at a client-created Liap Tui table (display names from their tokens). */
export async function liapTable(url: string, names = ["Kari", "Ola", "Per", "Åse"], options: Record<string, unknown> = {}): Promise<Member[]> {
  const members: Member[] = [];
  for (const [i, name] of names.entries()) {
    const id = randomUUID();
    const jwt = await token(id, name);
    const player =
      i === 0
        ? await SdkPlayer.create(url, "liap_tui", { room_name: "Chat table", player_name: name, options }, jwt)
        : await SdkPlayer.join(url, members[0]!.player.room.roomId, { player_name: name }, jwt);
    await player.waitFor("room_joined");
    members.push({ id, name, jwt, player });
  }
  return members;
}

/** A managed Liap Tui room created through the internal API of `httpUrl`; resolves with the node holding it. */
export async function createManagedLiap(httpUrl: string, roomId: string, playerIds: string[]): Promise<{ node_name: string }> {
  const res = await fetch(`${httpUrl}/internal/rooms/create`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Internal-Api-Key": INTERNAL_KEY },
    body: JSON.stringify({
      room_id: roomId,
      player_ids: playerIds,
      // long move timers: the game waits while the test chats
      config: { player_count: 4, game_rules: "liap_tui", turn_time_limit: 300, bot_delay_ms: 0 },
    }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as { node_name: string };
}

/** A REST answer. */
export interface RestAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Calls the chat REST API. */
export async function rest(
  httpUrl: string,
  method: "GET" | "POST" | "PUT",
  roomId: string,
  options: { jwt?: string; headers?: Record<string, string>; body?: unknown; rawBody?: string; query?: string } = {},
): Promise<RestAnswer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.jwt !== undefined) headers.Authorization = `Bearer ${options.jwt}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["Content-Type"] ??= "application/json";
  const res = await fetch(`${httpUrl}/api/conversations/${encodeURIComponent(roomId)}/messages${options.query ?? ""}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the assertion message
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A message exactly in seed 002's shape, from the given sender with the given body. */
export function assertSeedMessage(message: unknown, expected: { body?: string; profileId: string; name: string }): asserts message is SeedMessage {
  assert.ok(message !== null && typeof message === "object", "a message object");
  const m = message as SeedMessage;
  assert.deepEqual(Object.keys(m).sort(), ["body", "id", "inserted_at", "profile", "sent_at", "status"], "exactly the seed's fields");
  assert.match(m.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  if (expected.body !== undefined) assert.equal(m.body, expected.body);
  assert.equal(m.status, "sent");
  for (const time of [m.sent_at, m.inserted_at]) {
    assert.match(time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, "ISO 8601 UTC");
    assert.ok(!Number.isNaN(Date.parse(time)));
  }
  assert.deepEqual(m.profile, { id: expected.profileId, name: expected.name, mode: "private" });
}

/** The seed's message. */
export interface SeedMessage {
  id: string;
  body: string;
  status: string;
  sent_at: string;
  inserted_at: string;
  profile: { id: string; name: string; mode: string };
}

/** The `message_created` payloads a player received, by message id. */
export function created(player: SdkPlayer): SeedMessage[] {
  return player.messages.filter((m) => m.type === "message_created").map((m) => (m.payload as unknown as { data: SeedMessage }).data);
}

/** Waits until a player received `message_created` for the message `id`. */
export async function waitForCreated(player: SdkPlayer, id: string, timeoutMs = 10_000): Promise<SeedMessage> {
  const payload = await player.waitFor("message_created", (data) => (data as unknown as SeedMessage).id === id, timeoutMs);
  return payload.data as unknown as SeedMessage;
}

/** Polls until `check` holds (membership is recorded right after a join completes). */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
