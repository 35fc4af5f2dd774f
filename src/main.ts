/**
 * Entrypoint: `npm start`. Reads the configuration (a bad value stops here
 * with a message naming the variable), starts the server, and stops it
 * gracefully on SIGTERM or SIGINT.
 */
import { ConfigError, loadConfig, type Config } from "./config.js";
import { startServer, type RunningServer } from "./server.js";
import { GAME_ROOM_NAMES, gameRooms } from "../rooms/index.js";
import { mountLobby } from "./http/lobby/index.js";

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  let running: RunningServer;
  try {
    running = await startServer(config, { rooms: gameRooms(), listedGames: GAME_ROOM_NAMES, routers: [mountLobby] });
  } catch (error) {
    process.stderr.write(`server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }

  const stopAndExit = (code: number) => {
    running.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        running.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stopAndExit(0));
  process.once("SIGINT", () => stopAndExit(0));
  process.on("unhandledRejection", (reason) => {
    running.logger.error({ err: reason }, "unhandled promise rejection");
  });
  process.on("uncaughtException", (error) => {
    running.logger.fatal({ err: error }, "uncaught exception; shutting down");
    stopAndExit(1);
  });
}

void main();
