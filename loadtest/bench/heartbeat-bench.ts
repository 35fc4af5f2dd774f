/**
 * `npm run bench:heartbeat -- [clients] [seconds]`: event-loop delay of a `ws`
 * server holding N idle client connections, under the stock @colyseus/ws-transport
 * heartbeat (every client pinged in one loop every 3 s; the loop is copied from
 * its `autoTerminateUnresponsiveClients`) and under the spread heartbeat of
 * src/transport.ts (3 s, then the server's 5 s), one after the other on the
 * same connections. The clients live in a child process (a process may hold at
 * most 20,000 open files here); with taskset, the server side runs on core 0
 * and the clients on core 1. Prints, per heartbeat: the longest heartbeat tick
 * and the event-loop delay p50/p99/max over the window.
 */
import { spawn, spawnSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import WebSocket, { WebSocketServer } from "ws";
import { HEARTBEAT_INTERVAL_MS, SpreadHeartbeat } from "../../src/transport.js";

type Socket = WebSocket & { pingCount: number };
const noop = () => undefined;

async function clientsMain(url: string, count: number): Promise<void> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, count - i) }, () => {
        const socket = new WebSocket(url, { perMessageDeflate: false });
        sockets.push(socket);
        return new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
      }),
    );
  }
  process.send?.("connected");
  process.once("disconnect", () => process.exit(0));
}

async function serverMain(count: number, seconds: number): Promise<void> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  await new Promise((resolve) => wss.once("listening", resolve));
  wss.on("connection", (socket: Socket) => {
    socket.pingCount = 0;
    socket.on("pong", () => {
      socket.pingCount = 0;
    });
  });
  const port = (wss.address() as AddressInfo).port;
  const pin = spawnSync("taskset", ["-c", "1", "true"]).status === 0;
  const script = fileURLToPath(import.meta.url);
  const args = ["--import", "tsx", script, "--clients-of", `ws://127.0.0.1:${port}`, String(count)];
  const child = spawn(pin ? "taskset" : process.execPath, pin ? ["-c", "1", process.execPath, ...args] : args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  await new Promise((resolve) => child.once("message", resolve));
  process.stdout.write(`${wss.clients.size} clients connected${pin ? " (clients pinned to core 1)" : ""}\n`);
  const clients = wss.clients as unknown as Set<Socket>;

  const modes: Array<{ name: string; start: (tick: (f: () => void) => () => void) => () => void }> = [
    {
      name: "stock: all clients in one loop every 3 s",
      start: (tick) => {
        const timer = setInterval(
          tick(() =>
            clients.forEach((client) => {
              if (client.pingCount >= 2) return client.terminate();
              client.pingCount++;
              client.ping(noop);
            }),
          ),
          3_000,
        );
        return () => clearInterval(timer);
      },
    },
    ...[3_000, HEARTBEAT_INTERVAL_MS].map((interval) => ({
      name: `spread: ${interval / 1000} s interval in 100 ms slices`,
      start: (tick: (f: () => void) => () => void) => {
        const heartbeat = new SpreadHeartbeat(clients, interval, 2);
        const timer = setInterval(tick(() => heartbeat.slice()), 100);
        return () => clearInterval(timer);
      },
    })),
  ];
  for (const mode of modes) {
    let longest = 0;
    const tick = (f: () => void) => () => {
      const t = performance.now();
      f();
      longest = Math.max(longest, performance.now() - t);
    };
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const stop = mode.start(tick);
    delay.enable();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    delay.disable();
    stop();
    const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - 1) * 10) / 10);
    process.stdout.write(
      `${mode.name.padEnd(44)} longest tick ${longest.toFixed(1)} ms; event-loop delay p50 ${ms(delay.percentile(50))} / p99 ${ms(delay.percentile(99))} / max ${ms(delay.max)} ms; clients left ${clients.size}\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  child.disconnect();
  wss.close();
  setTimeout(() => process.exit(0), 500).unref();
}

const argv = process.argv.slice(2);
if (argv[0] === "--clients-of") void clientsMain(argv[1]!, Number(argv[2]));
else void serverMain(Number(argv[0] ?? 10_000), Number(argv[1] ?? 15));
