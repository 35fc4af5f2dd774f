/** Plays the human seat of a Liap Tui table through the play page, by clicks only, as a person would. */
import type { Page } from "playwright-core";

// The functions passed to page.evaluate/waitForFunction run in the browser; the test project compiles without DOM types.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Game options for browser games: one round, no display pauses, quick bots (slow enough that the player stays under the rate limit of 10 messages a second), no move timers on the human. */
export const BROWSER_GAME = {
  max_rounds: 1,
  bot_delay_ms: 60,
  round_start_pause: 0,
  turn_result_pause: 0,
  scoring_pause: 0.2,
  redeal_timeout: 0,
  declaration_timeout: 0,
  play_timeout: 0,
};

/** What the page offers the player right now. */
async function nextAction(page: Page): Promise<"game_over" | "redeal" | "declare" | "play"> {
  // runs in the page: no helper functions inside (the test compiler would wrap them in a helper the page lacks)
  const handle = await page.waitForFunction(
    () => {
      const checks: Array<[string, string]> = [["#game-over", "game_over"], ["#decline-redeal", "redeal"], [".declare", "declare"], ["#play-selected", "play"]];
      for (const [selector, action] of checks) {
        const node = document.querySelector(selector);
        if (node !== null && !node.hidden && node.offsetParent !== null) {
          if (action !== "play" || document.querySelectorAll("#hand .piece").length > 0) return action;
        }
      }
      return false;
    },
    undefined,
    { timeout: 30_000, polling: 50 },
  );
  return (await handle.jsonValue()) as "game_over" | "redeal" | "declare" | "play";
}

/** How many pieces the prompt asks for (1 when leading). */
async function requiredPieces(page: Page): Promise<number> {
  const prompt = (await page.textContent("#prompt")) ?? "";
  const match = /select (\d+) piece/.exec(prompt);
  return match === null ? 1 : Number(match[1]);
}

/** What the player sees change after a move: table line, prompt, pieces in hand. */
async function snapshot(page: Page): Promise<string> {
  return page.evaluate(() => `${document.querySelector("#table-info")?.textContent}|${document.querySelector("#prompt")?.textContent}|${document.querySelectorAll("#hand .piece").length}`);
}

/** Waits until the page shows something other than `before` (the move was taken or refused). */
async function moved(page: Page, before: string): Promise<void> {
  await page.waitForFunction(
    (was) => {
      const notice = document.querySelector("#notice");
      const now = `${document.querySelector("#table-info")?.textContent}|${document.querySelector("#prompt")?.textContent}|${document.querySelectorAll("#hand .piece").length}`;
      return (notice !== null && !notice.hidden) || now !== was;
    },
    before,
    { timeout: 30_000, polling: 50 },
  );
}

/** Plays until the page shows the game's end; `onFirstPlay` runs once when the first play is asked of us. */
export async function playToGameOver(page: Page, options: { onFirstPlay?: () => Promise<void>; stopAfterMoves?: number } = {}): Promise<number> {
  let moves = 0;
  let firstPlay = true;
  for (;;) {
    if (options.stopAfterMoves !== undefined && moves >= options.stopAfterMoves) return moves;
    const action = await nextAction(page);
    if (action === "game_over") return moves;
    const before = await snapshot(page);
    if (action === "redeal") {
      await page.click("#decline-redeal");
    } else if (action === "declare") {
      await page.click(".declare[data-value='1']");
      await moved(page, before);
      const notice = await page.$("#notice:not([hidden])");
      const allowed = /You may declare: ([\d, ]+)\./.exec((await notice?.textContent()) ?? "");
      if (allowed !== null) await page.click(`.declare[data-value='${allowed[1]!.split(", ")[0]}']`);
    } else {
      if (firstPlay && options.onFirstPlay !== undefined) await options.onFirstPlay();
      firstPlay = false;
      const count = await requiredPieces(page);
      // the page redraws the hand on every change: pieces are found by id for each click
      const ids: string[] = await page.evaluate(() => Array.from(document.querySelectorAll("#hand .piece"), (n: { dataset: { id: string } }) => n.dataset.id));
      for (const id of ids.slice(0, count)) await page.click(`#hand .piece[data-id='${id}']`);
      await page.click("#play-selected");
    }
    moves++;
    await moved(page, before).catch(() => {});
  }
}

/** Opens the page, creates a Liap Tui table with BROWSER_GAME's options, fills it with bots and starts; the room id. */
export async function createTable(page: Page, url: string, name: string): Promise<string> {
  await page.goto(`${url}/play`);
  await page.fill("#name", name);
  await page.click("summary");
  await page.fill("#options", JSON.stringify(BROWSER_GAME));
  await page.click("#create-liap");
  await page.waitForSelector("#room:not([hidden])");
  await page.waitForSelector(".seat.me");
  await page.click("#fill-bots");
  await page.waitForFunction(() => document.querySelectorAll(".add-bot").length === 0);
  await page.click("#start");
  return new URL(page.url()).searchParams.get("room") ?? "";
}
