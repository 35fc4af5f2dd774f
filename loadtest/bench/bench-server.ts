/**
 * The bench server: the production server (same configuration, transport,
 * database and game rooms as `src/main.ts`) with the yardstick rooms
 * registered too: the stock minimal Colyseus room the benchmark compares
 * against, and the same room with hidden hands. Only `npm run bench:rooms`
 * and its CI test start it; production never registers them. Prints one JSON line `{"bench_server_ready":true,"port":N,"pid":P}` once
 * listening; stops on SIGTERM or SIGINT. With `BENCH_ALLOC_PROFILE=<file>` it
 * also samples allocations and writes them there on SIGUSR2
 * (./allocation-profile.ts). Its `/metrics` also carry the heap bytes allocated
 * since it started (./heap-allocation.ts), which the bench reads per phase.
 */
import { defineRoom } from "@colyseus/core";
import { ConfigError, loadConfig } from "../../src/config.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { GAME_ROOM_NAMES, gameRooms, roomOptionPolicies } from "../../rooms/index.js";
import { STOCK_HIDDEN_ROOM_NAME, STOCK_ID_HAND_ROOM_NAME, STOCK_ROOM_NAME, StockHiddenRoom, StockIdHandRoom, StockRoom } from "./stock-room.js";
import { startAllocationProfile } from "./allocation-profile.js";
import { ALLOCATED_METRIC, AllocationMeter } from "./heap-allocation.js";
import { Gauge } from "prom-client";

async function main(): Promise<void> {
  let running: RunningServer;
  try {
    running = await startServer(loadConfig(), {
      rooms: { ...gameRooms(), [STOCK_ROOM_NAME]: defineRoom(StockRoom), [STOCK_HIDDEN_ROOM_NAME]: defineRoom(StockHiddenRoom), [STOCK_ID_HAND_ROOM_NAME]: defineRoom(StockIdHandRoom) },
      roomOptions: roomOptionPolicies(),
      listedGames: GAME_ROOM_NAMES,
    });
  } catch (error) {
    process.stderr.write(`bench server failed to start: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const allocation = new AllocationMeter();
  new Gauge({
    name: ALLOCATED_METRIC,
    help: "Bytes the JavaScript heap allocated since the bench server started (from V8's per-GC heap statistics)",
    registers: [running.metrics.registry],
    collect() {
      this.set(allocation.read());
    },
  });
  const allocationProfile = process.env.BENCH_ALLOC_PROFILE;
  if (allocationProfile !== undefined && allocationProfile !== "") await startAllocationProfile(allocationProfile, process.env.BENCH_ALLOC_PROFILE_SURVIVORS === "1");
  process.stdout.write(`${JSON.stringify({ bench_server_ready: true, port: running.port, pid: process.pid })}\n`);
  const stop = () => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

void main();
