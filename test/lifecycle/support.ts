/**
 * Real server processes with managed card battle rooms, a stand-in
 * matchmaking service, and the bookkeeping the lifecycle tests assert on:
 * which rooms reached game_over and what the platform acknowledged.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { CardBattlePlayer, playerToken } from "../support/card-battle-client.js";
import { freePort, waitFor } from "../support/net.js";
import { spawnServer, type ServerProcess } from "../support/process.js";
import type { FakePlatform } from "../platform/fake-platform.js";

export const INTERNAL_KEY = "lifecycle-internal-key-0123456789";
export const PLATFORM_KEY = "lifecycle-platform-key-0123456789";
export const JWT_SECRET = "j".repeat(40);

/** Where a node keeps its data. */
export type Storage = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

/** A running server process. */
export interface Node {
  proc: ServerProcess;
  port: number;
  url: string;
  ws: string;
}

/** Starts a server process and waits for /readyz. */
export async function startNode(options: { storage: Storage; nodeName: string; platformUrl: string; shutdownMs?: number; env?: Record<string, string> }): Promise<Node> {
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "test",
    NODE_NAME: options.nodeName,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "info",
    INTERNAL_API_KEYS: INTERNAL_KEY,
    PLATFORM_URL: options.platformUrl,
    PLATFORM_API_KEY: PLATFORM_KEY,
    JWT_SECRET,
    SHUTDOWN_TIMEOUT_MS: String(options.shutdownMs ?? 3_000),
    JOIN_TIMEOUT: "600",
    ...(options.storage.kind === "pglite" ? { DATA_DIR: options.storage.dataDir } : { DATABASE_URL: options.storage.url, DATA_DIR: ":memory:" }),
    ...options.env,
  };
  const proc = spawnServer(env);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 90_000, `server ${options.nodeName} ready; output:\n${proc.output()}`);
  return { proc, port, url: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}` };
}

/** POST /internal/rooms/create for a two-player card battle; returns status and body. */
export async function createRoom(node: Node, roomId: string, players: string[]): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${node.url}/internal/rooms/create`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Internal-Api-Key": INTERNAL_KEY },
    body: JSON.stringify({
      room_id: roomId,
      player_ids: players,
      config: { player_count: players.length, game_rules: "simple_card_battle", game_over_linger: 60, reconnection_window: 60, turn_time_limit: 120 },
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A created room with its players once joined. */
export interface TestRoom {
  roomId: string;
  playerIds: string[];
  players: CardBattlePlayer[];
}

/** Creates a room and joins `join` of its two players (both: the game starts). */
export async function openRoom(node: Node, join: 1 | 2): Promise<TestRoom> {
  const roomId = `lc-${randomUUID()}`;
  const playerIds = [`p-${randomUUID()}`, `p-${randomUUID()}`];
  const created = await createRoom(node, roomId, playerIds);
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const players: CardBattlePlayer[] = [];
  for (let i = 0; i < join; i++) {
    players.push(await CardBattlePlayer.join(node.ws, roomId, playerIds[i]!, await playerToken(JWT_SECRET, playerIds[i]!), i));
  }
  if (join === 2) await players[0]!.sdk.waitFor("turn_started", () => true, 20_000);
  return { roomId, playerIds, players };
}

/** One player surrenders: the game is over; resolves once both saw game_over. */
export async function finishGame(room: TestRoom): Promise<void> {
  room.players[1]!.sdk.send("surrender", {});
  await Promise.all(room.players.map((p) => p.sdk.waitFor("game_over", () => true, 20_000)));
}

/** Sends SIGTERM and resolves with the exit code and how long the exit took; kills a process that hangs. */
export async function terminate(node: Node, hangMs: number): Promise<{ code: number | string; ms: number }> {
  const started = Date.now();
  node.proc.child.kill("SIGTERM");
  const code = await Promise.race([node.proc.exited, new Promise<string>((resolve) => setTimeout(() => resolve("hung"), hangMs))]);
  if (code === "hung") node.proc.child.kill("SIGKILL");
  return { code, ms: Date.now() - started };
}

/**
 * Waits until the platform acknowledged exactly what it should — one
 * `finished` for each room in `finished`, one `aborted` for each in
 * `aborted` — then checks that nothing else (a duplicate or the wrong end)
 * was acknowledged.
 */
export async function expectSettled(platforms: FakePlatform[], finished: string[], aborted: string[], timeoutMs = 30_000): Promise<void> {
  const acked = (kind: "ready" | "finished" | "aborted") => {
    const all = new Map<string, number>();
    for (const platform of platforms) for (const [id, n] of platform.acknowledged(kind)) all.set(id, (all.get(id) ?? 0) + n);
    return all;
  };
  const done = () => {
    const f = acked("finished");
    const a = acked("aborted");
    return finished.every((id) => f.has(id)) && aborted.every((id) => a.has(id));
  };
  await waitFor(async () => done(), timeoutMs, `acknowledgements (finished ${finished.length}, aborted ${aborted.length}); got ${platforms.map((p) => p.calls().join("\n")).join("\n")}`);
  // anything duplicated would have been sent by now
  await new Promise((resolve) => setTimeout(resolve, 500));
  const f = acked("finished");
  const a = acked("aborted");
  for (const id of finished) {
    assert.equal(f.get(id), 1, `room ${id} reached game_over: exactly one acknowledged finished`);
    assert.equal(a.get(id), undefined, `room ${id} reached game_over: no aborted`);
  }
  for (const id of aborted) {
    assert.equal(a.get(id), 1, `room ${id}: exactly one acknowledged aborted`);
    assert.equal(f.get(id), undefined, `room ${id}: no finished`);
  }
  for (const id of [...finished, ...aborted]) assert.equal(acked("ready").get(id), 1, `room ${id}: ready acknowledged once`);
}
