/** Starts an in-process server on a free port with in-memory PGlite, for HTTP and room tests. */
import { loadConfig } from "../../src/config.js";
import { startServer, type RunningServer, type ServerExtensions } from "../../src/server.js";
import { GAME_ROOM_NAMES, gameRooms, roomOptionPolicies } from "../../rooms/index.js";

/** Starts a server from environment-style settings layered over test defaults. */
export async function startTestServer(env: Record<string, string> = {}, extensions: ServerExtensions = {}): Promise<RunningServer & { url: string }> {
  const config = loadConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    DATA_DIR: ":memory:",
    NODE_NAME: "test-node",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    SHUTDOWN_TIMEOUT_MS: "1000",
    ...env,
  });
  const running = await startServer(config, { rooms: gameRooms(), roomOptions: roomOptionPolicies(), listedGames: GAME_ROOM_NAMES, ...extensions });
  return { ...running, url: `http://127.0.0.1:${running.port}` };
}
