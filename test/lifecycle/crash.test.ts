import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakePlatform } from "../platform/fake-platform.js";
import { CardBattlePlayer, playerToken } from "../support/card-battle-client.js";
import { createRoom, expectSettled, finishGame, JWT_SECRET, openRoom, startNode, terminate } from "./support.js";

describe("kill -9 on a single node without Redis, then a restart (real processes)", function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("reports every lost room aborted (process_error) exactly once, and create answers from what exists", async () => {
    const platform = await FakePlatform.start();
    const dataDir = mkdtempSync(join(tmpdir(), "lifecycle-crash-"));
    dirs.push(dataDir);
    const storage = { kind: "pglite" as const, dataDir };
    let node = await startNode({ storage, nodeName: "crash-node", platformUrl: platform.url });
    try {
      const over = await openRoom(node, 2);
      const playing = await openRoom(node, 2);
      const waiting = await openRoom(node, 1);
      await finishGame(over);
      await expectSettled([platform], [over.roomId], []);

      node.proc.child.kill("SIGKILL");
      await node.proc.exited;
      node = await startNode({ storage, nodeName: "crash-node", platformUrl: platform.url });
      await expectSettled([platform], [over.roomId], [playing.roomId, waiting.roomId]);
      for (const id of [playing.roomId, waiting.roomId]) {
        const aborted = platform.requests.find((r) => r.path === `/internal/rooms/${id}/aborted` && r.answered === 200);
        assert.equal((aborted!.body as { reason: string }).reason, "process_error");
      }

      // a lost room's id may be created again, and the room then really exists
      const again = await createRoom(node, playing.roomId, playing.playerIds);
      assert.equal(again.status, 200);
      assert.equal(again.body.created, true);
      const player = await CardBattlePlayer.join(node.ws, playing.roomId, playing.playerIds[0]!, await playerToken(JWT_SECRET, playing.playerIds[0]!), 0);
      await player.sdk.leave();
      // a finished game stays finished
      const finished = await createRoom(node, over.roomId, over.playerIds);
      assert.equal(finished.status, 409);
      assert.deepEqual(finished.body, { created: false, reason: "room_finished" });

      // a second restart reports nothing again
      const before = platform.requests.length;
      node.proc.child.kill("SIGKILL");
      await node.proc.exited;
      node = await startNode({ storage, nodeName: "crash-node", platformUrl: platform.url });
      // the re-created room was lost too: its own (new) life ends aborted once more
      await waitForAbortCount(platform, playing.roomId, 2);
      const newCalls = platform.requests.slice(before).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(newCalls, [`PUT /internal/rooms/${playing.roomId}/aborted`], "only the re-created room's new life is reported");
    } finally {
      await terminate(node, 20_000);
      await platform.close();
    }
  });
});

async function waitForAbortCount(platform: FakePlatform, roomId: string, n: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if ((platform.acknowledged("aborted").get(roomId) ?? 0) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${n} aborted for ${roomId}; got ${platform.calls().join(", ")}`);
}
