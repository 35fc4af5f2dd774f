/**
 * docs/protocol.md lists exactly the messages each room registers and the events its code sends, and names every
 * payload field of every message schema. The lists come from the code (a live room's message registry, the payload
 * schemas handed to MessageGate, the rooms' sources), so a new message or event fails here until it is documented.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { matchMaker } from "@colyseus/core";
import type { z } from "zod";
import { ErrorCode } from "../../src/protocol/codes.js";
import { cardBattleSpec, createCardBattleRoom } from "../support/card-battle-client.js";
import { startTestServer } from "../support/server.js";
import { documentedGames, gateSchemas, registeredMessages, sentEvents, type DocumentedGame } from "./protocol-sources.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DOC = "docs/protocol.md";

/** Each game room: how to create one here, and where its code lives. */
const ROOMS = [
  { room: "liap_tui", sources: ["rooms/liap-tui", "rooms/shared", "src/games/liap-tui/wire.ts", "src/games/shared/outgoing.ts"], create: async () => (await matchMaker.createRoom("liap_tui", {})).roomId },
  { room: "card_battle", sources: ["rooms/card-battle", "rooms/shared", "src/games/card-battle/wire.ts", "src/games/shared/outgoing.ts"], create: () => createCardBattleRoom(cardBattleSpec(["doc-a", "doc-b"])) },
];

function difference(a: Iterable<string>, b: Iterable<string>): string[] {
  const other = new Set(b);
  return [...a].filter((x) => !other.has(x)).sort();
}

describe(`${DOC} against the code`, function () {
  this.timeout(30_000);
  const markdown = readFileSync(join(ROOT, DOC), "utf8");
  const games = documentedGames(markdown);
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const live = new Map<string, { messages: string[]; schemas: Map<string, z.ZodObject> }>();

  before(async () => {
    server = await startTestServer();
    for (const { room, create } of ROOMS) {
      const liveRoom = matchMaker.getLocalRoomById(await create());
      live.set(room, { messages: registeredMessages(liveRoom), schemas: gateSchemas(liveRoom) });
    }
  });
  after(() => server.stop());

  for (const { room, sources } of ROOMS) {
    const doc = (): DocumentedGame => {
      const game = games.get(room);
      assert.ok(game !== undefined, `${DOC} has no "## Game: … (\`${room}\`)" section`);
      return game;
    };

    it(`${room}: lists exactly the messages the room registers`, () => {
      const { messages } = live.get(room)!;
      assert.ok(messages.length > 0, "the room registered no messages (registry not found?)");
      const documented = [...doc().messages.keys()];
      assert.deepEqual(difference(messages, documented), [], `registered by ${room} but not in ${DOC} (add a #### entry under its Messages)`);
      assert.deepEqual(difference(documented, messages), [], `in ${DOC} but not registered by ${room} (remove the entry)`);
    });

    it(`${room}: names every payload field of each message's schema`, () => {
      const { schemas } = live.get(room)!;
      const game = doc();
      const missing: string[] = [];
      for (const [type, schema] of schemas) {
        const entry = game.messages.get(type) ?? "";
        for (const field of Object.keys(schema.shape)) {
          const named = new RegExp(`\\b${field}\\b`);
          if (!named.test(entry) && !named.test(game.messagesPreface)) missing.push(`${type}.${field}`);
        }
      }
      assert.deepEqual(missing, [], `payload fields not named in ${DOC}`);
    });

    it(`${room}: lists exactly the events the room code sends`, () => {
      const { events: sent, unresolved } = sentEvents(ROOT, sources);
      assert.deepEqual(unresolved, [], "events sent under a name this test cannot read: pass a string literal, a constant (`const NAME = \"x\"` or `NAME: \"x\"` under rooms/ or src/), or a variable named `event` filled from `event: \"x\"` mappings");
      assert.ok(sent.includes("error"), "the scan found no `error` event (sources moved?)");
      const documented = [...doc().events.keys()];
      assert.deepEqual(difference(sent, documented), [], `sent by ${sources.join(", ")} but not in ${DOC} (add a #### entry under its Events)`);
      assert.deepEqual(difference(documented, sent), [], `in ${DOC} but not sent by ${sources.join(", ")} (remove the entry)`);
    });
  }

  it("lists every error code with its name", () => {
    const missing = Object.entries(ErrorCode).filter(([name, code]) => !new RegExp(`\\| \`${code}\` \\| ${name} \\|`).test(markdown));
    assert.deepEqual(missing.map(([name, code]) => `${code} ${name}`), [], `error codes missing from the table in ${DOC}`);
  });

  it("has no documented game without a room", () => {
    assert.deepEqual(difference(games.keys(), ROOMS.map((r) => r.room)), []);
  });
});
