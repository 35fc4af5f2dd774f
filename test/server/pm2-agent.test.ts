import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { stopPm2Agent } from "../../src/pm2-agent.js";
import { startTestServer } from "../support/server.js";

interface Agent {
  init(): void;
  destroy(): void;
}
const agent = async (): Promise<Agent> => (await import("@pm2/io")).default as unknown as Agent;

/** How often something lists the process's open handles (PM2's agent does, each second), over `ms`. */
async function handleListingsDuring(ms: number): Promise<number> {
  const processWithHandles = process as unknown as { _getActiveHandles: () => unknown[] };
  const original = processWithHandles._getActiveHandles;
  let calls = 0;
  processWithHandles._getActiveHandles = function (this: unknown) {
    calls++;
    return original.call(this);
  };
  try {
    await sleep(ms);
  } finally {
    processWithHandles._getActiveHandles = original;
  }
  return calls;
}

/** The agent's error hooks on the process (bound methods of its notifier). */
const agentHooks = () =>
  [...process.listeners("uncaughtException"), ...process.listeners("unhandledRejection")].filter((hook) => /^bound on(UncaughtException|UnhandledRejection)$/.test(hook.name)).length;

describe("PM2's agent, which Colyseus imports", function () {
  this.timeout(15_000);

  after(async () => (await agent()).destroy());

  it("is stopped: no timer lists every open handle, and its error hooks are gone", async () => {
    const io = await agent();
    io.init(); // running, as after Colyseus's import
    assert.ok((await handleListingsDuring(1_200)) > 0, "the running agent should list the handles every second");
    assert.ok(agentHooks() > 0);
    assert.equal(await stopPm2Agent({}), true);
    assert.equal(await handleListingsDuring(1_200), 0);
    assert.equal(agentHooks(), 0, "the agent's process hooks are still installed");
  });

  it("is left running under PM2", async () => {
    const io = await agent();
    io.init();
    assert.equal(await stopPm2Agent({ pm_id: "3" }), false);
    assert.ok((await handleListingsDuring(1_200)) > 0);
  });

  it("is stopped by a starting server", async () => {
    (await agent()).init();
    const server = await startTestServer();
    try {
      assert.equal(await handleListingsDuring(1_200), 0);
      assert.equal(agentHooks(), 0);
    } finally {
      await server.stop();
    }
  });
});
