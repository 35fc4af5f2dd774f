/**
 * The hidden-hand rule for spectators, end to end: hundreds of seeded bot
 * games of both games through the real server and real SDK clients, each
 * watched by two spectators (one per wire profile, one joining before the
 * start and one after it; in every fourth game the late one drops and comes
 * back with its JWT), who also ask for a full sync at the end. No piece
 * of any hand — as the rules engine's replay of the stored game says they
 * were dealt — may appear anywhere in what a spectator decoded or received,
 * except as a play that really happened; the seats' own views are as before
 * (each sees its whole hand, and nobody else's).
 *
 * SPECTATOR_GAMES sets the number of games per game (default 200, so 400 in
 * all); SPECTATOR_CONCURRENCY the rooms played at once (default 12).
 */
import assert from "node:assert/strict";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { cardGame, liapGame, runPool, type CheckedGame } from "./support.js";

const SECRET = "s".repeat(40);
const GAMES = Number(process.env.SPECTATOR_GAMES ?? 200);
const CONCURRENCY = Number(process.env.SPECTATOR_CONCURRENCY ?? 12);

function report(games: CheckedGame[]) {
  const leaks = games.flatMap((g) => g.spectatorLeaks);
  const seatProblems = games.flatMap((g) => g.seatProblems);
  assert.deepEqual(leaks.slice(0, 20), [], `${leaks.length} hidden pieces reached spectators (first 20 shown)`);
  assert.deepEqual(seatProblems.slice(0, 20), [], `${seatProblems.length} problems with the seats' own views (first 20 shown)`);
  // the checker had something to check: every game was watched through to its end
  for (const game of games) assert.ok(game.events > 10 && game.states > 5, `${game.roomId}: spectators saw ${game.events} events and ${game.states} states`);
  // a quarter of the games had a spectator drop and come back mid-game
  assert.equal(games.reduce((n, g) => n + g.reconnections, 0), games.filter((_, i) => i % 4 === 1).length);
}

describe("spectators never see a hidden piece (seeded bot games, real server and SDK clients)", function () {
  this.timeout(300_000);
  let server: RunningServer & { url: string };
  let env: { wsUrl: string; db: RunningServer["database"]["db"]; secret: string };

  before(async () => {
    server = await startTestServer({ JWT_SECRET: SECRET, MAX_CONNECTIONS_PER_IP: "0" });
    env = { wsUrl: `ws://127.0.0.1:${server.port}`, db: server.database.db, secret: SECRET };
  });
  after(async () => {
    await server?.stop();
  });

  it(`Liap Tui: ${GAMES} games, two spectators each`, async () => {
    report(await runPool(GAMES, CONCURRENCY, (i) => liapGame(env, i)));
  });

  it(`card battle: ${GAMES} games of 2 to 4 players, two spectators each`, async () => {
    report(await runPool(GAMES, CONCURRENCY, (i) => cardGame(env, i)));
  });
});
