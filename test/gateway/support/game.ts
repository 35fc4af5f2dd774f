/** A whole Liap Tui game with two seed-003 gateway seats and two SDK seats, checked against seed 003 and the rules. */
import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { SignJWT } from "jose";
import { autoplay } from "../../support/liap-autoplay.js";
import { SdkPlayer } from "../../support/sdk-player.js";
import { Seed003Client } from "./seed003-client.js";

export const SECRET = "g".repeat(40);
/** Options that make a game quick: no display pauses, instant bots. */
export const FAST = { round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0, bot_delay_ms: 0, game_over_linger: 2 };

export const token = (sub: string, name?: string) =>
  new SignJWT(name !== undefined ? { name } : {}).setProtectedHeader({ alg: "HS256" }).setSubject(sub).setExpirationTime("1h").sign(new TextEncoder().encode(SECRET));

export function wsUrl(httpUrl: string, path: string): string {
  return httpUrl.replace(/^http/, "ws") + path;
}

/**
 * Plays one game: an SDK host creates the room on `hostUrl`, gateway clients
 * Bob and Carol join through `gatewayUrls[0]` and `gatewayUrls[1]`, SDK Dave
 * joins; everybody plays by themselves until game_over. `sdkClient` makes the
 * SDK seats' clients (e.g. with a urlBuilder standing in for a proxy).
 */
export async function playMixedGame(
  hostUrl: string,
  gateways: [string, string] | ((roomPort: number) => [string, string]),
  options: Record<string, unknown>,
  sdkClient: (url: string) => Client = (url) => new Client(url),
) {
  const hostClient = sdkClient(hostUrl);
  hostClient.auth.token = await token("alice");
  const host = new SdkPlayer(hostClient, await hostClient.create("liap_tui", { room_name: "Mixed", player_name: "Alice", options }));
  await host.waitFor("room_joined");
  const roomId = host.room.roomId;
  const gatewayUrls = typeof gateways === "function" ? gateways(roomPortOf(host)) : gateways;
  const bob = await Seed003Client.open(wsUrl(gatewayUrls[0], `/ws/${roomId}?token=${await token("bob")}&player_name=Bob`));
  const carol = await Seed003Client.open(wsUrl(gatewayUrls[1], `/ws/${roomId}?token=${await token("carol")}&player_name=Carol`));
  for (const gateway of [bob, carol]) {
    await gateway.waitFor("room_joined");
    gateway.autoplay();
  }
  // a spectator through the gateway too: every public event, no piece but the plays
  const watcher = await Seed003Client.open(wsUrl(gatewayUrls[1], `/ws/${roomId}?token=${await token("watcher")}&spectate=true`));
  await watcher.waitFor("room_joined");
  const daveClient = sdkClient(hostUrl);
  daveClient.auth.token = await token("dave");
  const dave = new SdkPlayer(daveClient, await daveClient.joinById(roomId, { player_name: "Dave" }));
  await dave.waitFor("room_joined");
  for (const sdk of [host, dave]) autoplay(sdk);
  host.send("start_game", {});
  // replay and full state go through the same checks: each gateway seat syncs from the start once the round is under way
  for (const gateway of [bob, carol]) {
    void gateway.waitFor("phase_change", (d) => d.phase === "TURN", 60_000).then(() => gateway.send("sync_request", { last_sequence: 0 }), () => undefined);
  }
  const overs = await Promise.all([bob, carol, watcher].map((g) => g.waitFor("game_over", () => true, 90_000)));
  await Promise.all([host, dave].map((p) => p.waitFor("game_over", () => true, 30_000)));
  return { host, dave, bob, carol, watcher, roomId, overs };
}

/** The port of the node the SDK player's room connection went to (the node that holds the room). */
export function roomPortOf(player: SdkPlayer): number {
  const url = (player.room as unknown as { connection: { transport: { ws: { url: string } } } }).connection.transport.ws.url;
  return Number(new URL(url).port);
}

/** What a gateway spectator of a finished game must have seen: the game, and no piece of anybody's hand. */
export function checkGatewaySpectator(client: Seed003Client): void {
  assert.deepEqual(client.problems, [], client.problems.slice(0, 5).join("\n"));
  assert.equal(client.all("connected")[0]?.data.spectator, true);
  assert.equal(client.all("hand_updated").length, 0);
  assert.ok(client.all("phase_change").length > 4);
  assert.equal(client.all("game_over").length, 1);
}

/** What every gateway seat of a finished game must have seen. */
export function checkGatewaySeat(client: Seed003Client, name: string): void {
  assert.deepEqual(client.problems, [], `${name}: ${client.problems.slice(0, 5).join("\n")}`);
  assert.equal(client.all("connected")[0]?.data.player_name, name);
  const phases = client.all("phase_change");
  assert.ok(phases.length > 4, `${name} saw the phases`);
  for (const phase of phases) assert.ok(phase.data.game_state !== undefined, "every phase_change carries game_state (seed003 profile)");
  assert.ok(client.all("hand_updated").length >= 1, `${name} got its hand`);
  assert.ok(client.all("declaration_accepted").length >= 1, `${name} declared`);
  assert.ok(client.all("play_accepted").length >= 1, `${name} played`);
  const sync = client.all("sync_response")[0];
  assert.ok(sync !== undefined, `${name} synced`);
  assert.ok((sync.data.missed_events as unknown[]).length > 0 || sync.data.truncated === true, "the sync replayed what happened");
  // the rules, as seen by this seat: the 4th declaration never makes the total 8
  for (const phase of phases) {
    const pd = phase.data.phase_data as { declarations?: Record<string, number>; current_declarer?: string | null };
    if (phase.data.phase === "DECLARATION" && pd.current_declarer === null && pd.declarations !== undefined) {
      const values = Object.values(pd.declarations);
      if (values.length === 4) assert.notEqual(values.reduce((a, b) => a + b, 0), 8, "declarations never total 8");
    }
  }
  const over = client.all("game_over")[0]!.data as { winners: string[]; final_scores: Record<string, number> };
  const top = Math.max(...Object.values(over.final_scores));
  assert.deepEqual([...over.winners].sort(), Object.keys(over.final_scores).filter((n) => over.final_scores[n] === top).sort(), "winners share the top score");
  // sequence numbers of everything sent to everybody only go up
  const numbers = client.frames.filter((f) => !["connected", "room_joined", "pong", "error", "validation_error", "sync_response"].includes(f.event)).map((f) => f.sequence_number);
  for (let i = 1; i < numbers.length; i++) assert.ok(numbers[i]! > numbers[i - 1]!, `${name}: sequence ${numbers[i]} after ${numbers[i - 1]}`);
}
