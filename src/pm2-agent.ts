/**
 * Colyseus imports PM2's agent, `@pm2/io` (an optional peer: production's
 * `npm ci --omit=dev` leaves it out, while the test tools bring it in), for
 * two gauges PM2 shows. Importing it starts the whole agent: timers that list
 * every open handle each second and every 3 s (at 10,000 players, arrays of
 * 10,000 sockets), an event-loop histogram, and `uncaughtException` and
 * `unhandledRejection` hooks of its own, which print every error again and
 * keep an unhandled rejection from ending the process. This server reports
 * through `/metrics`, so where the agent is installed it is stopped, unless
 * the process runs under PM2 (`pm_id` set).
 */

/** Stops the agent when it is installed and PM2 does not run this process; true when stopped. */
export async function stopPm2Agent(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (env.pm_id !== undefined) return false;
  let agent: { destroy(): void };
  try {
    // one agent per process (the module keeps its instance on a global symbol): the one Colyseus imports
    agent = (await import("@pm2/io")).default;
  } catch {
    return false;
  }
  agent.destroy();
  // destroy() misses the agent's process hooks: it adds bound functions and removes the unbound ones
  for (const hook of process.listeners("uncaughtException")) {
    if (hook.name === "bound onUncaughtException") process.removeListener("uncaughtException", hook);
  }
  for (const hook of process.listeners("unhandledRejection")) {
    if (hook.name === "bound onUnhandledRejection") process.removeListener("unhandledRejection", hook);
  }
  return true;
}
