/** Plays the human seat of a card battle practice game through the play page, by clicks only: strikes when it can, else passes. */
import type { Page } from "playwright-core";

// The functions passed to page.evaluate/waitForFunction run in the browser; the test project compiles without DOM types.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Plays until the page shows the game's end; the number of moves made by clicks. */
export async function playBattleToEnd(page: Page): Promise<number> {
  let moves = 0;
  for (;;) {
    const next = await page.waitForFunction(
      () => {
        const over = document.querySelector("#game-over");
        if (over !== null && !over.hidden) return "over";
        return document.querySelector("#pass") !== null ? "turn" : false;
      },
      undefined,
      { timeout: 30_000, polling: 50 },
    );
    if ((await next.jsonValue()) === "over") return moves;
    const turn = await page.textContent("#table-info");
    const strike = await page.$("#hand .card[data-kind='strike'], #hand .card[data-kind='heavy_strike']");
    if (strike !== null) {
      await strike.click();
      await page.click(".target");
    } else {
      await page.click("#pass");
    }
    moves++;
    await page.waitForFunction(
      (before) => document.querySelector("#pass") === null || document.querySelector("#table-info")?.textContent !== before,
      turn,
      { timeout: 30_000, polling: 50 },
    );
  }
}
