/**
 * Entrypoint: `npm start`. Reads the configuration (a bad value stops here
 * with a message naming the variable), starts the server, and stops it
 * gracefully on SIGTERM or SIGINT: games in progress get SHUTDOWN_TIMEOUT_MS
 * to finish, then the process exits 0 (src/server.ts has the sequence).
 */
import { ConfigError, loadConfig, type Config } from "./config.js";
import { startServer, type RunningServer } from "./server.js";
import { GAME_ROOM_NAMES, gameRooms, roomOptionPolicies } from "../rooms/index.js";
import { mountLobby } from "./http/lobby/index.js";
import { missingServerNodeFlags } from "./node-flags.js";
import { usableCores } from "./cpu-cores.js";

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
    running = await startServer(config, { rooms: gameRooms(), roomOptions: roomOptionPolicies(), listedGames: GAME_ROOM_NAMES, routers: [mountLobby] });
  } catch (error) {
    process.stderr.write(`server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  // the CPU affinity or, in a container, its CPU quota (src/cpu-cores.ts)
  const cores = usableCores();
  const missingFlags = missingServerNodeFlags(process.execArgv, process.env.NODE_OPTIONS, cores);
  if (missingFlags.length > 0) {
    running.logger.warn(
      { missing: missingFlags, cores },
      "started without the server's node flags (see README, Production command): garbage collection will cost more CPU per move, more memory per player or, on one core, longer stalls",
    );
  }

  let stopping = false;
  const stopAndExit = (code: number) => {
    if (stopping) {
      running.logger.info("already shutting down; waiting for the grace to end");
      return;
    }
    stopping = true;
    // a last resort: the sequence is bounded by itself (grace + a few seconds); this only guards against a hang
    setTimeout(() => {
      running.logger.fatal("shutdown did not complete in time; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs + 20_000).unref();
    running.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        running.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  // SIGTERM starts the shutdown grace (see README); a repeated signal does not cut it short
  process.on("SIGTERM", () => stopAndExit(0));
  process.on("SIGINT", () => stopAndExit(0));
  process.on("unhandledRejection", (reason) => {
    running.logger.error({ err: reason }, "unhandled promise rejection");
  });
  process.on("uncaughtException", (error) => {
    running.logger.fatal({ err: error }, "uncaught exception; shutting down");
    stopAndExit(1);
  });
}

void main();
