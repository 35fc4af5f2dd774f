/**
 * The play page's replay viewer in a real browser (Debian's Chromium through playwright-core): a JWT player plays a
 * one-round Liap Tui game against bots by clicks, opens its replay from the page, steps through it (counter, own hand,
 * last event game_over); the `?replay=` link opens it again; another seat's replay is refused in words, and so is a
 * guest; no console errors anywhere.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startTestServer } from "../support/server.js";
import { playerToken } from "../support/card-battle-client.js";
import { chromiumPerSuite } from "./chromium.js";
import { createTable, playToGameOver } from "./liap-page-player.js";
import { playBattleToEnd } from "./battle-page-player.js";

// The functions passed to page.evaluate/waitForFunction run in the browser; the test project compiles without DOM types.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const SECRET = "replay-viewer-secret-replay-viewer-0123";

async function pieceIds(page: Page, selector: string): Promise<string[]> {
  const ids: string[] = await page.evaluate((s) => Array.from(document.querySelectorAll(s), (n: { dataset: { id: string } }) => n.dataset.id), selector);
  return ids.sort();
}

/** `Event i of n` → [i, n]. */
async function position(page: Page): Promise<[number, number]> {
  const text = (await page.textContent("#replay-position")) ?? "";
  const match = /^Event (\d+) of (\d+)$/.exec(text);
  assert.ok(match !== null, `the counter reads "${text}"`);
  return [Number(match[1]), Number(match[2])];
}

async function replayRefusal(page: Page): Promise<string> {
  await page.waitForSelector("#replay-notice:not([hidden])");
  assert.equal(await page.isVisible("#replay-steps"), false, "no steps are shown for a refused replay");
  return (await page.textContent("#replay-notice")) ?? "";
}

/** Waits until the game's replay is stored (asked from here, not from the page). */
async function storedReplay(url: string, roomId: string, token: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${url}/api/games/${roomId}/replay?seat=0`, { headers: { Authorization: `Bearer ${token}` } });
    if (response.ok) return;
    assert.equal(response.status, 404, `the replay was refused with ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail("the game's replay was never stored");
}

describe("play page replay viewer in Chromium", function () {
  this.timeout(120_000);
  const session = chromiumPerSuite();

  it("steps through the replay of a game just played, opens it from a ?replay= link, and refuses another seat and a guest in words", async () => {
    const server = await startTestServer({ JWT_SECRET: SECRET });
    try {
      const token = await playerToken(SECRET, "player-replay", { name: "Rita" });
      const page = await session.browser.newPage();
      await page.goto(`${server.url}/play/?token=${encodeURIComponent(token)}`);
      const roomId = await createTable(page, server.url, "Rita");
      let liveHand: string[] = [];
      await playToGameOver(page, {
        onFirstPlay: async () => {
          liveHand = await pieceIds(page, "#hand .piece");
        },
      });
      assert.ok(liveHand.length > 0, "the hand was seen live");

      // the result is stored just after game_over (the page asks again while it is not); the test waits for it so the
      // browser's own report of a 404 cannot show up among the console errors
      await storedReplay(server.url, roomId, token);
      await page.click("#watch-replay");
      await page.waitForSelector("#replay-steps:not([hidden])");
      assert.equal(new URL(page.url()).search, `?replay=${roomId}&seat=0`);
      assert.match((await page.textContent("#replay-title")) ?? "", /seat 1$/);
      const [first, total] = await position(page);
      assert.equal(first, 1);
      assert.ok(total > 10, `only ${total} events in the replay`);
      assert.equal(await page.isDisabled("#replay-prev"), true);

      await page.click("#replay-next");
      assert.deepEqual(await position(page), [2, total]);
      await page.click("#replay-next");
      assert.deepEqual(await position(page), [3, total]);
      await page.click("#replay-prev");
      assert.deepEqual(await position(page), [2, total]);

      // step forward until the table shows the hand the seat held at its first play (the replay's own hand)
      let sawHand = false;
      for (let step = 2; step < total && !sawHand; step++) {
        await page.click("#replay-next");
        sawHand = JSON.stringify(await pieceIds(page, "#replay-hand .piece")) === JSON.stringify(liveHand);
      }
      assert.ok(sawHand, "the seat's own hand at its first play appears in the replay");
      assert.match((await page.textContent("#replay-info")) ?? "", /^(Redeal decisions|Declarations|Playing) · round 1 · multiplier ×\d+ · turn \d+$/);
      assert.equal((await page.$$("#replay-seats .seat")).length, 4);
      const overflow: number = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the replay is ${overflow}px wider than a phone screen`);

      await page.click("#replay-last");
      assert.deepEqual(await position(page), [total, total]);
      assert.equal(await page.isDisabled("#replay-next"), true);
      assert.match((await page.textContent("#replay-event")) ?? "", /^game_over — winners?: /);
      assert.match((await page.textContent("#replay-scores")) ?? "", /^Final scores/);
      await page.click("#replay-first");
      assert.deepEqual(await position(page), [1, total]);
      await page.close();

      // the link opens the same replay in a new tab (the token from the address, as for playing)
      const linked = await session.browser.newPage();
      await linked.goto(`${server.url}/play/?replay=${roomId}&seat=0&token=${encodeURIComponent(token)}`);
      await linked.waitForSelector("#replay-steps:not([hidden])");
      assert.deepEqual(await position(linked), [1, total]);
      await linked.click("#replay-last");
      assert.match((await linked.textContent("#replay-event")) ?? "", /^game_over/);

      assert.deepEqual(session.browser.errors.splice(0), [], "the page logged errors");

      // a bot's seat is nobody's: 403, in words
      await linked.click("#replay-close");
      await linked.fill("#replay-id", roomId);
      await linked.selectOption("#replay-seat", "1");
      await linked.click("#replay-open");
      assert.match(await replayRefusal(linked), /^Not yours to watch: you may read your own seat's replay only\./);
      // an unknown room: 404, in words
      await linked.fill("#replay-id", "no-such-room");
      await linked.click("#replay-open");
      assert.match(await replayRefusal(linked), /^No replay here: no such room\.$/);
      await linked.close();
      // Chromium itself reports every refused request on the console; those two, and nothing else, are expected
      assert.deepEqual(session.browser.errors.splice(0), [
        "console: Failed to load resource: the server responded with a status of 403 (Forbidden)",
        "console: Failed to load resource: the server responded with a status of 404 (Not Found)",
      ]);

      // a guest (no JWT in this tab) is told that replays need one, before asking the server
      const guest = await session.browser.newPage();
      await guest.goto(`${server.url}/play/?replay=${roomId}&seat=0`);
      assert.match(await replayRefusal(guest), /^Replays need a JWT: guests can't read them\./);
      await guest.close();
    } finally {
      await server.stop();
    }
  });

  it("steps through the replay of a card battle practice game just played: HP, the own cards, the result", async () => {
    const server = await startTestServer({ JWT_SECRET: SECRET });
    try {
      const token = await playerToken(SECRET, "player-battle-replay", { name: "Cara" });
      const page = await session.browser.newPage();
      await page.goto(`${server.url}/play/?token=${encodeURIComponent(token)}`);
      await page.fill("#name", "Cara");
      await page.click("summary");
      await page.fill("#options", JSON.stringify({ bots: 1, bot_delay_ms: 120, turn_time_limit: 0 }));
      await page.click("#create-battle");
      await page.waitForSelector("#room:not([hidden])");
      const roomId = new URL(page.url()).searchParams.get("room") ?? "";
      await playBattleToEnd(page);
      await storedReplay(server.url, roomId, token);
      await page.click("#watch-replay");
      await page.waitForSelector("#replay-steps:not([hidden])");
      assert.equal(new URL(page.url()).search, `?replay=${roomId}&seat=0`);
      const [, total] = await position(page);
      assert.match((await page.textContent("#replay-event")) ?? "", /^game_started/);
      let sawCards = false;
      for (let step = 1; step < total && !sawCards; step++) {
        await page.click("#replay-next");
        sawCards = (await page.$$("#replay-hand .card")).length > 0;
      }
      assert.ok(sawCards, "the seat's own cards appear in the replay");
      assert.match((await page.textContent("#replay-seats")) ?? "", /^Cara.*HP \d+ · shield \d+Bot 1.*HP \d+ · shield \d+$/);
      await page.click("#replay-last");
      assert.deepEqual(await position(page), [total, total]);
      assert.match((await page.textContent("#replay-event")) ?? "", /^game_over — (Cara wins|Bot 1 wins|a draw)$/);
      assert.match((await page.textContent("#replay-scores")) ?? "", /^ResultPlayerHPResult(?=.*Cara\d+(winner|loser|draw))(?=.*Bot 1\d+(winner|loser|draw))/);
      await page.close();
    } finally {
      await server.stop();
    }
  });
});
