/**
 * `npm run bench`: plays complete bot games through each pure rules engine on
 * one core and prints games and actions per second, as JSON lines.
 *   npm run bench -- [durationMsPerGame]   (default 5000)
 */
import { benchCardBattle } from "./card-battle-bench.js";
import { benchLiapTui } from "./liap-tui-bench.js";

const durationMs = Number(process.argv[2] ?? 5000);
if (!Number.isFinite(durationMs) || durationMs <= 0) {
  process.stderr.write("usage: npm run bench -- [durationMsPerGame > 0]\n");
  process.exit(2);
}

const liapTui = await benchLiapTui(durationMs);
process.stdout.write(`${JSON.stringify({ bench: "liap_tui rules engine, medium bots, one core", ...liapTui })}\n`);
const cardBattle = await benchCardBattle(durationMs);
process.stdout.write(`${JSON.stringify({ bench: "card_battle rules engine, 4 medium bots, one core", ...cardBattle })}\n`);
