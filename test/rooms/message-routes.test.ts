import assert from "node:assert/strict";
import { z } from "zod";
import { MessageRoutes } from "../../rooms/shared/message-routes.js";

describe("MessageRoutes (a room class's shared message table)", () => {
  const routes = new MessageRoutes<{ seen: string[] }, never>()
    .on("play", z.object({ id: z.string() }), (room, _client, data) => room.seen.push(data.id))
    .on("ping", z.object({}), (room) => room.seen.push("ping"), () => false);

  it("finds a route by its type, and hands the room to the handler", () => {
    const room = { seen: [] as string[] };
    routes.get("play")!.handle(room, undefined as never, { id: "p1" });
    assert.deepEqual(room.seen, ["p1"]);
    assert.equal(routes.get("ping")!.check!(room, undefined as never, {}), false);
  });

  it("finds nothing for a type that is not a routed string, inherited names included", () => {
    for (const type of [undefined, null, 5, {}, ["play"], "__proto__", "constructor", "toString", "hasOwnProperty", "Play", "play "]) {
      assert.equal(routes.get(type), undefined, String(type));
    }
  });

  it("lists the types in order, with their schemas", () => {
    assert.deepEqual(routes.types(), ["play", "ping"]);
    assert.deepEqual([...routes.schemas().keys()], ["play", "ping"]);
    assert.equal(routes.has("play"), true);
    assert.equal(routes.has("__proto__"), false);
  });

  it("refuses a type routed twice", () => {
    assert.throws(() => new MessageRoutes().on("a", z.object({}), () => {}).on("a", z.object({}), () => {}), /routed twice/);
  });
});
