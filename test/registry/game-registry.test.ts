/**
 * The game registry is the only `game_rules` → room mapping: every registered
 * game round-trips through the internal create into its room type, the lobby
 * and the listing read the same entries, and src/ reaches rooms/ only through
 * the entry point.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { matchMaker } from "@colyseus/core";
import { GAME_ROOM_NAMES, GAME_RULES, GAMES } from "../../src/games/registry.js";
import { DEFAULT_ENGINE_VERSIONS, LOBBY_GAMES } from "../../src/lobby/rules.js";
import { assertPoliciesCover } from "../../src/services/room-options.js";
import type { RunningServer } from "../../src/server.js";
import { gameRooms, roomOptionPolicies, SIDE_ROOMS } from "../../rooms/index.js";
import { startTestServer } from "../support/server.js";

const KEY = "internal-key-registry-000";
const ROOT = join(import.meta.dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

const importsOf = (file: string) => [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)[^"']*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);

describe("game registry", function () {
  this.timeout(60_000);

  describe("one mapping", () => {
    it("gives every registered game a room definition and option rules, and the lobby the same games", () => {
      const rooms = gameRooms();
      const policies = roomOptionPolicies();
      for (const rules of GAME_RULES) {
        assert.ok(Object.hasOwn(rooms, GAMES[rules].room), `room ${GAMES[rules].room} is defined`);
        assert.ok(Object.hasOwn(policies, GAMES[rules].room), `room ${GAMES[rules].room} has option rules`);
        assert.deepEqual(LOBBY_GAMES[rules], GAMES[rules]);
        assert.ok(DEFAULT_ENGINE_VERSIONS.some((v) => v.version === `${rules}@${GAMES[rules].engineVersion}`));
      }
      assert.deepEqual([...GAME_ROOM_NAMES].sort(), Object.keys(rooms).filter((name) => name !== "lobby" && !SIDE_ROOMS.includes(name)).sort());
      for (const side of SIDE_ROOMS) assert.ok(Object.hasOwn(policies, side), `side room ${side} has option rules`);
    });

    it("refuses at start-up a server serving a game room without its option rules", () => {
      assert.throws(() => assertPoliciesCover(["liap_tui"], {}), /liap_tui.*without option rules/);
      assert.doesNotThrow(() => assertPoliciesCover(["liap_tui", "card_battle"], roomOptionPolicies()));
    });

    it("keeps src/ free of rooms/ but for the entry point, and src/games/ free of the rest of the project", () => {
      const offenders: string[] = [];
      for (const file of sourceFiles(join(ROOT, "src"))) {
        const path = relative(ROOT, file);
        for (const spec of importsOf(file)) {
          if (spec.includes("rooms/") && path !== "src/main.ts") offenders.push(`${path} → ${spec}`);
          // pure rules: relative imports that stay inside src/games/ only (no framework, no other layer)
          const inside = spec.startsWith(".") && relative(join(ROOT, "src", "games"), resolve(dirname(file), spec)).split(sep)[0] !== "..";
          if (path.startsWith("src/games/") && !inside) offenders.push(`${path} → ${spec}`);
        }
      }
      assert.deepEqual(offenders, []);
    });
  });

  describe("through the internal API", () => {
    let server: RunningServer & { url: string };
    before(async () => {
      server = await startTestServer({ INTERNAL_API_KEYS: KEY, JOIN_TIMEOUT: "60" });
    });
    after(async () => {
      await server?.stop();
    });

    for (const rules of GAME_RULES) {
      it(`creates a ${rules} room as room type ${GAMES[rules].room}, and refuses player counts outside ${GAMES[rules].minPlayers}-${GAMES[rules].maxPlayers}`, async () => {
        const game = GAMES[rules];
        const create = async (players: number) => {
          const roomId = `reg-${rules}-${players}-${randomUUID().slice(0, 8)}`;
          const ids = Array.from({ length: players }, (_, i) => `${roomId}-p${i}`);
          const response = await fetch(`${server.url}/internal/rooms/create`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-Internal-Api-Key": KEY },
            body: JSON.stringify({ room_id: roomId, player_ids: ids, config: { player_count: players, game_rules: rules } }),
          });
          return { roomId, status: response.status, body: (await response.json()) as Record<string, unknown> };
        };
        const made = await create(game.maxPlayers);
        assert.equal(made.status, 200, JSON.stringify(made.body));
        const [live] = await matchMaker.query({ roomId: made.roomId });
        assert.equal(live?.name, game.room);
        await matchMaker.remoteRoomCall(made.roomId, "terminate", ["admin_terminated"]);

        const tooFew = await create(game.minPlayers - 1);
        assert.equal(tooFew.status, 400);
        assert.match(JSON.stringify(tooFew.body), new RegExp(`${rules} needs`));
      });
    }
  });
});
