/**
 * The bench's yardstick rooms (loadtest/bench/stock-room.ts) through the
 * light wire client the generators use, on a real server: an action reaches
 * every client's decoded state, and the hidden-hand yardstick really hides
 * hands (each client decodes its own hand and nobody else's), so it measures
 * the cost of `@view()` and not of a public state.
 */
import assert from "node:assert/strict";
import { defineRoom } from "@colyseus/core";
import { SignJWT } from "jose";
import { wireJoin, type WireRoom } from "../../loadtest/wire-client.js";
import { STOCK_HIDDEN_ROOM_NAME, STOCK_ID_HAND_ROOM_NAME, STOCK_ROOM_NAME, StockHiddenRoom, StockIdHandRoom, StockRoom } from "../../loadtest/bench/stock-room.js";
import type { RunningServer } from "../../src/server.js";
import { eventually } from "../support/net.js";
import { startTestServer } from "../support/server.js";

const SECRET = "s".repeat(40);

interface DecodedPlayer {
  value?: number;
  hand?: { length: number; [index: number]: { rank?: number } | number | undefined };
}
interface DecodedState {
  players?: { get(key: string): DecodedPlayer | undefined };
}

const playerIn = (room: WireRoom, sessionId: string) => (room.state as DecodedState | undefined)?.players?.get(sessionId);

describe("bench yardstick rooms (light wire client)", function () {
  this.timeout(30_000);
  let server: RunningServer & { url: string };
  const open: WireRoom[] = [];

  before(async () => {
    server = await startTestServer(
      { JWT_SECRET: SECRET },
      {
        rooms: {
          [STOCK_ROOM_NAME]: defineRoom(StockRoom),
          [STOCK_HIDDEN_ROOM_NAME]: defineRoom(StockHiddenRoom),
          [STOCK_ID_HAND_ROOM_NAME]: defineRoom(StockIdHandRoom),
        },
      },
    );
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((room) => room.leave()));
  });
  after(async () => {
    await server.stop();
  });

  const joinPair = async (roomName: string) => {
    const token = await new SignJWT({ name: "yardstick" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("yardstick-1")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(SECRET));
    const first = await wireJoin(server.url, "create", roomName, {}, token);
    open.push(first);
    const second = await wireJoin(server.url, "joinById", first.roomId, {});
    open.push(second);
    await eventually(() => (playerIn(first, second.sessionId) !== undefined ? true : undefined), "both players in the first client's state");
    return [first, second] as const;
  };

  it("stock room: an action changes the sender's value in every client's state", async () => {
    const [first, second] = await joinPair(STOCK_ROOM_NAME);
    first.send("act", { n: 7 });
    await eventually(() => (playerIn(second, first.sessionId)?.value === 7 ? true : undefined), "the other client sees value 7");
    assert.equal(playerIn(first, first.sessionId)?.value, 7);
  });

  it("hidden-hand room: each client decodes its own hand only, and an action changes one card of it", async () => {
    const [first, second] = await joinPair(STOCK_HIDDEN_ROOM_NAME);
    await eventually(() => (playerIn(second, second.sessionId)?.hand?.length === 8 ? true : undefined), "the second client's own hand");
    assert.equal(playerIn(first, first.sessionId)?.hand?.length, 8, "own hand visible");
    assert.equal(playerIn(first, second.sessionId)?.hand?.length ?? 0, 0, "the other hand is not sent");
    assert.equal(playerIn(second, first.sessionId)?.hand?.length ?? 0, 0, "the other hand is not sent");

    first.send("act", { n: 13 });
    await eventually(() => (playerIn(second, first.sessionId)?.value === 13 ? true : undefined), "the other client sees value 13");
    await eventually(() => ((playerIn(first, first.sessionId)?.hand?.[13 % 8] as { rank?: number } | undefined)?.rank === 13 ? true : undefined), "the sender sees its card change");
    assert.equal(playerIn(second, first.sessionId)?.hand?.length ?? 0, 0, "still hidden from the other client after the move");
  });

  it("id-hand room: each client decodes its own hand of card ids only, and an action changes one id", async () => {
    const [first, second] = await joinPair(STOCK_ID_HAND_ROOM_NAME);
    await eventually(() => (playerIn(second, second.sessionId)?.hand?.length === 8 ? true : undefined), "the second client's own hand");
    assert.equal(playerIn(first, first.sessionId)?.hand?.[7], 7, "own hand visible, as ids");
    assert.equal(playerIn(first, second.sessionId)?.hand?.length ?? 0, 0, "the other hand is not sent");
    assert.equal(playerIn(second, first.sessionId)?.hand?.length ?? 0, 0, "the other hand is not sent");

    first.send("act", { n: 21 });
    await eventually(() => (playerIn(second, first.sessionId)?.value === 21 ? true : undefined), "the other client sees value 21");
    await eventually(() => (playerIn(first, first.sessionId)?.hand?.[21 % 8] === 21 ? true : undefined), "the sender sees its card id change");
    assert.equal(playerIn(second, first.sessionId)?.hand?.length ?? 0, 0, "still hidden from the other client after the move");
  });
});
