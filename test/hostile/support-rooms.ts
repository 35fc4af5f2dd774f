/** Helpers of the hostile room tests: a Liap Tui table with one human, and a peek at a live room's event log. */
import { getMessageBytes, matchMaker, Protocol } from "@colyseus/core";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { SdkPlayer } from "../support/sdk-player.js";

/** No pauses, no timers, instant bots. */
export const QUIET = { round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0, redeal_timeout: 0, declaration_timeout: 0, play_timeout: 0 };

/** Alice alone at a table filled with three bots, game started; resolves once the first phase_change arrived. */
export async function startedTable(url: string, extra: Record<string, unknown> = {}): Promise<SdkPlayer> {
  const alice = await SdkPlayer.create(url, "liap_tui", { player_name: "Alice", options: { ...QUIET, seed: "hostile" }, protocol: "seed003", ...extra });
  await alice.waitFor("room_joined");
  for (let i = 0; i < 3; i++) await alice.request("add_bot", {}, ["player_joined"]);
  await alice.request("start_game", {}, ["phase_change"]);
  return alice;
}

/** The event log of a room of this process (entries and bytes held). */
export function eventLogOf(roomId: string): { size: number; bytes: number; currentSequence: number } {
  const room = matchMaker.getLocalRoomById(roomId) as unknown as { messenger: { log: { size: number; bytes: number; currentSequence: number } } } | undefined;
  if (room === undefined) throw new Error(`room ${roomId} is not in this process`);
  return room.messenger.log;
}

/**
 * A Colyseus room message `type` whose payload is `depth` nested one-element
 * msgpack arrays around 0 (one byte per level; built by hand, since the SDK's
 * encoder cannot nest that deep). `wrap` puts the nesting inside a map field.
 */
export function nestedArraysFrame(type: string, depth: number, field?: string): Buffer {
  const header = getMessageBytes.raw(Protocol.ROOM_DATA, type);
  const key = field === undefined ? [] : [0x81, 0xa0 | field.length, ...Buffer.from(field)];
  return Buffer.concat([header, Buffer.from(key), Buffer.alloc(depth, 0x91), Buffer.from([0x00])]);
}

/** Sends a hand-made frame on the player's room connection and waits for the next reply of the given types. */
export async function sendRaw(player: SdkPlayer, frame: Buffer, replyTypes: string[], timeoutMs = 5_000) {
  const from = player.messages.length;
  player.room.connection.send(frame);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = player.messages.slice(from).find((m) => replyTypes.includes(m.type));
    if (reply !== undefined) return reply;
    if (Date.now() > deadline) throw new Error(`no ${replyTypes.join("/")}; got: ${player.messages.slice(from).map((m) => m.type).join(", ")}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * One test server for a suite (started before, stopped after) and the tables its tests open on it, left when the
 * suite ends: `const tables = tablesOnTestServer();` then `await tables.startedTable()` inside a test.
 */
export function tablesOnTestServer(): { startedTable(extra?: Record<string, unknown>): Promise<SdkPlayer> } {
  let server: (RunningServer & { url: string }) | undefined;
  const open: SdkPlayer[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await Promise.all(open.map((player) => player.leave()));
    await server?.stop();
  });
  return {
    async startedTable(extra = {}) {
      const player = await startedTable(`ws://127.0.0.1:${server!.port}`, extra);
      open.push(player);
      return player;
    },
  };
}
