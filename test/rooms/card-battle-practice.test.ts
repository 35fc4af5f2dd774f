/**
 * `card_battle_practice`: a player creates a game against server bots through matchmaking and plays it to the end;
 * only its creator may join it; production refuses it unless PRACTICE_ROOMS=on.
 */
import assert from "node:assert/strict";
import { Client, type Room } from "@colyseus/sdk";
import { startTestServer } from "../support/server.js";

type Envelope = { data: Record<string, unknown> & { code?: string } };
type Player = { id: string; name: string; eliminated: boolean; hand?: { length: number; at(i: number): { id: string; kind: string } | undefined } };
type BattleState = { phase: string; turn_number: number; current_player_id: string; players: { length: number; at(i: number): Player | undefined; find(f: (p: Player) => boolean): Player | undefined } };

/** Plays the human seat: a damage card at the first living bot when it has one, otherwise pass. */
function playByItself(room: Room): Promise<{ me: string; over: Envelope }> {
  return new Promise((resolve) => {
    let acted = "";
    let myId = "";
    // our seat is the one whose hand we can see (the `connected` event may arrive before its handler is set)
    const me = () => myId;
    const findMe = (state: BattleState) => state.players.find((p) => (p.hand?.length ?? 0) > 0)?.id ?? "";
    room.onMessage("game_over", (envelope: Envelope) => resolve({ me: myId, over: envelope }));
    // the state may come before we know who we are: act once we do
    room.onMessage("connected", (envelope: Envelope) => {
      myId = String(envelope.data.player_id);
      act(room.state as BattleState);
    });
    // each bot waits 120 ms before its move, so even with one bot left this player stays under the rate limit (10 messages a second)
    room.onMessage("error", (envelope: Envelope) => {
      throw new Error(`refused: ${JSON.stringify(envelope.data)}`);
    });
    room.onMessage("*", () => {});
    room.onStateChange((state: BattleState) => act(state));
    function act(state: BattleState) {
      if (myId === "") myId = findMe(state);
      const key = `${state.phase}:${state.turn_number}:${state.current_player_id}`;
      if (state.phase !== "PLAYING" || state.current_player_id !== me() || key === acted) return;
      acted = key;
      const self = state.players.find((p) => p.id === me());
      const target = state.players.find((p) => p.id !== me() && !p.eliminated);
      const cards = Array.from({ length: self?.hand?.length ?? 0 }, (_, i) => self!.hand!.at(i)!);
      const damage = cards.find((c) => c.kind === "strike" || c.kind === "heavy_strike");
      if (damage === undefined || target === undefined) room.send("pass", {});
      else room.send("play_card", { card_id: damage.id, target_id: target.id });
    }
  });
}

describe("card_battle_practice room", function () {
  this.timeout(60_000);

  it("a player creates a game against two bots and plays it to game_over; nobody else can join it", async () => {
    const server = await startTestServer();
    try {
      const client = new Client(server.url);
      const room = await client.create("card_battle_practice", { player_name: "Solo", bots: 2, bot_delay_ms: 120, turn_time_limit: 0 });
      const played = playByItself(room);
      const stranger = new Client(server.url);
      await assert.rejects(stranger.joinById(room.roomId, {}), /creator only|AUTHENTICATION_FAILED|locked|full/i);
      const { me, over: { data } } = await played;
      const players = (data.result_data as { players: Record<string, { result: string }> }).players;
      assert.equal(Object.keys(players).length, 3);
      assert.ok(Object.keys(players).includes(me));
      assert.ok(Object.keys(players).includes("bot-1") && Object.keys(players).includes("bot-2"));
      await room.leave();
    } finally {
      await server.stop();
    }
  });

  it("bad practice options are refused with 400", async () => {
    const server = await startTestServer();
    try {
      await assert.rejects(new Client(server.url).create("card_battle_practice", { bots: 7 }), /bots|invalid/i);
    } finally {
      await server.stop();
    }
  });

  it("production refuses practice rooms unless PRACTICE_ROOMS=on", async () => {
    const secret = "practice-secret-practice-secret-practice-0";
    const off = await startTestServer({ NODE_ENV: "production", JWT_SECRET: secret });
    try {
      const { playerToken } = await import("../support/card-battle-client.js");
      const client = new Client(off.url);
      client.auth.token = await playerToken(secret, "prod-player");
      await assert.rejects(client.create("card_battle_practice", {}), /practice rooms are turned off/);
    } finally {
      await off.stop();
    }
    const on = await startTestServer({ NODE_ENV: "production", JWT_SECRET: secret, PRACTICE_ROOMS: "on" });
    try {
      const { playerToken } = await import("../support/card-battle-client.js");
      const client = new Client(on.url);
      client.auth.token = await playerToken(secret, "prod-player");
      const room = await client.create("card_battle_practice", { bot_delay_ms: 0 });
      assert.ok(room.roomId);
      await room.leave();
    } finally {
      await on.stop();
    }
  });
});
