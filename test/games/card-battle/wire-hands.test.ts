/**
 * src/games/card-battle/wire.ts, `CardBattleWire.step`: over seeded bot games, each step sends a player's
 * `hand_updated` exactly when that player's hand differs from the one last sent to them, once, after the public
 * events of the step's last change to that hand; and the hand it carries is the hand after the step.
 */
import assert from "node:assert/strict";
import { applyAction, botAction, createGame, currentPlayer, initialEvents, type CardBattleEvent } from "../../../src/games/card-battle/index.js";
import { CardBattleWire, handOwnerOf } from "../../../src/games/card-battle/wire.js";
import { seedRng } from "../../../src/games/shared/prng.js";

const PLAYERS = ["ann", "ben", "cat", "dan"];

describe("card battle wire: hand_updated", () => {
  it("goes to a player once per step when their hand changed, after that hand's last change, with the hand after the step", () => {
    let sent = 0;
    for (let g = 0; g < 40; g++) {
      const playerIds = PLAYERS.slice(0, 2 + (g % 3));
      let game = createGame({ seed: `wire-hands-${g}`, playerIds });
      const wire = new CardBattleWire();
      const lastSent = new Map<string, string>();
      const rng = seedRng(`bots-${g}`);
      const check = (events: readonly CardBattleEvent[]) => {
        const out = wire.step(events, game, playerIds, null);
        const publicCount = out.filter((o) => o.event !== "hand_updated").length;
        for (const [seat, playerId] of playerIds.entries()) {
          const now = game.players.find((p) => p.id === playerId)!.hand.map((c) => c.id).join(",");
          const updates = out.flatMap((o, i) => (o.event === "hand_updated" && o.to.kind === "seat" && o.to.seat === seat ? [i] : []));
          const changed = lastSent.get(playerId) !== now;
          assert.equal(updates.length, changed ? 1 : 0, `game ${g}: ${playerId}'s hand ${changed ? "changed" : "did not change"}`);
          if (!changed) continue;
          const at = updates[0]!;
          const carried = (out[at]!.data as { cards: Array<{ id: string }> }).cards.map((c) => c.id).join(",");
          assert.equal(carried, now, "the hand after the step");
          // the public events of this player's last hand change in the step come before it
          const lastChange = events.findLastIndex((e) => handOwnerOf(e) === playerId);
          const publicBefore = events.slice(0, lastChange + 1).filter((e) => e.type !== "card_drawn" && e.type !== "game_over").length;
          assert.ok(out.slice(0, at).filter((o) => o.event !== "hand_updated").length >= publicBefore, "after the change's own events");
          lastSent.set(playerId, now);
          sent++;
        }
        assert.ok(publicCount <= events.length);
      };
      check(initialEvents(game));
      for (let step = 0; step < 400 && game.status === "playing"; step++) {
        const action = botAction(game, currentPlayer(game)!, "medium", rng);
        const result = applyAction(game, action);
        assert.ok(result.ok, "a bot's move is legal");
        game = result.state;
        check(result.events);
      }
    }
    assert.ok(sent > 500, `${sent} hands sent`);
  });
});
