/**
 * The play page (/play) in a real browser (Debian's Chromium through playwright-core), phone-sized: a whole Liap Tui
 * game played by clicks against bots, a refused play shown in words, a reload that takes the seat back (JWT mode),
 * and no console errors anywhere.
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
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const SECRET = "play-page-secret-play-page-secret-012345";

async function handIds(page: Page): Promise<string[]> {
  const ids: string[] = await page.evaluate(() => Array.from(document.querySelectorAll("#hand .piece"), (n: { dataset: { id: string } }) => n.dataset.id));
  return ids.sort();
}

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow: number = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone screen`);
}

describe("play page in Chromium", function () {
  this.timeout(120_000);
  const session = chromiumPerSuite();

  it("plays a whole Liap Tui game by clicks against bots to game_over, showing a refused play in words", async () => {
    const server = await startTestServer();
    try {
      const page = await session.browser.newPage();
      const roomId = await createTable(page, server.url, "Ann");
      assert.match(roomId, /\S+/);
      assert.equal(await page.inputValue("#share-link"), `${server.url}/play/?room=${roomId}`);
      let refusal = "";
      const moves = await playToGameOver(page, {
        onFirstPlay: async () => {
          assert.equal(await page.isVisible("#host-controls"), false, "the lobby controls are gone once the game runs");
          // the synced hand is piece ids: the page names each from the generated piece table (rank, colour · points)
          const labels: string[] = await page.evaluate(() => Array.from(document.querySelectorAll("#hand .piece"), (n: { textContent: string }) => n.textContent));
          assert.ok(labels.length > 0, "the hand is shown");
          for (const label of labels) assert.match(label, /^(GENERAL|ADVISOR|ELEPHANT|CHARIOT|HORSE|CANNON|SOLDIER)(RED|BLACK) · \d+$/, `a piece shown as ${label}`);
          // nothing selected: the rules refuse, and the page says so
          await page.click("#play-selected");
          await page.waitForSelector("#notice:not([hidden])");
          refusal = (await page.textContent("#notice")) ?? "";
          await fitsTheScreen(page);
        },
      });
      // a declaration and the plays that emptied the hand (a round ends when every hand is empty)
      assert.ok(moves >= 2, `only ${moves} moves were made by clicks`);
      assert.equal((await page.$$("#hand .piece")).length, 0, "every piece of the hand was played");
      assert.match(refusal, /\w{4,}/, "the refusal is shown in words");
      const over = (await page.textContent("#game-over")) ?? "";
      assert.match(over, /^Game over after 1 round\. Winners?: .+ Final scores: Ann -?\d+, Bot 2 -?\d+, Bot 3 -?\d+, Bot 4 -?\d+\.$/);
      assert.ok((await page.textContent("#scores"))?.includes("Round scoring"), "the round's scoring was shown");
      await page.close();
    } finally {
      await server.stop();
    }
  });

  for (const mode of ["guest", "jwt"] as const) {
    it(`a reload mid-game takes the same seat back (${mode === "jwt" ? "JWT from ?token=" : "guest mode: reconnection token"})`, async () => {
      const server = await startTestServer(mode === "jwt" ? { JWT_SECRET: SECRET } : {});
      try {
        const page = await session.browser.newPage();
        if (mode === "jwt") {
          const token = await playerToken(SECRET, "player-reload", { name: "Reloader" });
          await page.goto(`${server.url}/play/?token=${encodeURIComponent(token)}`);
          assert.ok(!page.url().includes("token="), "the token leaves the address bar");
          assert.equal(await page.inputValue("#token"), token);
        }
        const roomId = await createTable(page, server.url, "Reloader");
        // play a little, then reload in the middle of the game
        await playToGameOver(page, { stopAfterMoves: 2 });
        const handBefore = await handIds(page);
        await page.reload();
        await page.waitForSelector("#room:not([hidden])");
        await page.waitForSelector(".seat.me");
        assert.equal(new URL(page.url()).searchParams.get("room"), roomId);
        assert.match((await page.textContent(".seat.me .name")) ?? "", /^Reloader \(you\)/);
        await page.waitForFunction(() => document.querySelectorAll("#hand .piece").length > 0);
        const handAfter = await handIds(page);
        // the same seat: the same pieces, less any a bot played for it while the page was away
        assert.ok(handAfter.every((id) => handBefore.includes(id)), "the hand after the reload is the seat's own");
        await playToGameOver(page);
        assert.match((await page.textContent("#game-over")) ?? "", /^Game over/);
        await page.close();
      } finally {
        await server.stop();
      }
    });
  }

  it("plays a card battle practice game against a bot to its end", async () => {
    const server = await startTestServer();
    try {
      const page = await session.browser.newPage();
      await page.goto(`${server.url}/play`);
      await page.fill("#name", "Cara");
      await page.click("summary");
      await page.fill("#options", JSON.stringify({ bots: 1, bot_delay_ms: 120, turn_time_limit: 0 }));
      await page.click("#create-battle");
      await page.waitForSelector("#room:not([hidden])");
      assert.match(new URL(page.url()).search, /game=card_battle_practice/);
      const moves = await playBattleToEnd(page);
      assert.ok(moves > 0, "the player made moves through the page");
      assert.match((await page.textContent("#game-over")) ?? "", /^Game over: (Cara wins — that's you!|Bot 1 wins\.|a draw\.)$/);
      await fitsTheScreen(page);
      await page.close();
    } finally {
      await server.stop();
    }
  });
});
