/**
 * Drives stock rooms (loadtest/bench/stock-room.ts) with the light wire
 * client: rooms of four, the first client creates the room and three join it
 * by id; every client then sends `act {n}` (n counting up) at its own steady
 * rate, starting at a random phase. An action's latency runs from the send to
 * the first state change in which the sender's own decoded `value` reaches n.
 */
import { Samples } from "../stats.js";
import { wireJoin, type WireRoom } from "../wire-client.js";
import { SignJWT } from "jose";
import type { WorkerTask } from "./protocol.js";

/** What a driver needs of its generator's task: where, how many rooms, how fast, and the secret to sign creators' JWTs. */
export type StockDriveOptions = Pick<WorkerTask, "url" | "rooms" | "rate" | "rampUpSeconds" | "durationSeconds" | "jwtSecret">;

/** What one driver saw. */
export interface StockDriveResult {
  clients: number;
  actionsSent: number;
  patch: Samples;
  /** Actions whose effect no state change had shown when the run ended. */
  unseen: number;
  errors: Record<string, number>;
  errorSamples: string[];
  disconnects: number;
}

interface StockStateLike {
  players?: { get(key: string): { value?: number } | undefined };
}

/** Runs the stock load on `roomName` (a stock room: loadtest/bench/stock-room.ts); `onSecond` gets the running count of actions sent. */
export async function driveStockRooms(options: StockDriveOptions, roomName: string, onSecond?: (actionsSent: number) => void): Promise<StockDriveResult> {
  const result: StockDriveResult = { clients: 0, actionsSent: 0, patch: new Samples(), unseen: 0, errors: {}, errorSamples: [], disconnects: 0 };
  const error = (category: string, message: string) => {
    result.errors[category] = (result.errors[category] ?? 0) + 1;
    if (result.errorSamples.length < 20) result.errorSamples.push(`${category}: ${message}`);
  };
  const t0 = Date.now();
  const stopAt = t0 + (options.rampUpSeconds + options.durationSeconds) * 1000;
  const rooms: WireRoom[][] = [];
  const timers: NodeJS.Timeout[] = [];
  const ticker = setInterval(() => onSecond?.(result.actionsSent), 1_000);
  let stopping = false;

  const actor = (room: WireRoom) => {
    const pending: Array<{ n: number; at: number }> = [];
    let n = 0;
    room.onStateChange((state) => {
      if (pending.length === 0) return;
      const value = (state as StockStateLike).players?.get(room.sessionId)?.value ?? 0;
      const now = performance.now();
      while (pending.length > 0 && pending[0]!.n <= value) result.patch.add(now - pending.shift()!.at);
    });
    room.onDrop((code) => {
      if (stopping) return;
      result.disconnects++;
      error("unexpected_disconnect", `${room.sessionId} dropped (${code})`);
    });
    const periodMs = 1000 / options.rate;
    const start = setTimeout(() => {
      const act = () => {
        if (!room.isOpen) return;
        n++;
        pending.push({ n, at: performance.now() });
        result.actionsSent++;
        room.send("act", { n });
      };
      act();
      timers.push(setInterval(act, periodMs));
    }, Math.random() * periodMs);
    timers.push(start);
    return () => pending.length;
  };

  const unseenCounters: Array<() => number> = [];
  const openRoom = async (index: number) => {
    await sleep(options.rooms <= 1 ? 0 : (options.rampUpSeconds * 1000 * index) / options.rooms);
    if (Date.now() >= stopAt) return;
    try {
      const token = await new SignJWT({ name: `stock ${index}` })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(`stock-${index}`)
        .setIssuedAt()
        .setExpirationTime("2h")
        .sign(new TextEncoder().encode(options.jwtSecret));
      const first = await wireJoin(options.url, "create", roomName, {}, token);
      const others = await Promise.all([1, 2, 3].map(() => wireJoin(options.url, "joinById", first.roomId, {})));
      const members = [first, ...others];
      rooms.push(members);
      result.clients += members.length;
      for (const room of members) unseenCounters.push(actor(room));
    } catch (failure) {
      error("join_failed", failure instanceof Error ? failure.message : String(failure));
    }
  };
  await Promise.all(Array.from({ length: options.rooms }, (_, i) => openRoom(i)));
  await sleep(Math.max(0, stopAt - Date.now()));
  stopping = true;
  clearInterval(ticker);
  onSecond?.(result.actionsSent);
  for (const timer of timers) clearInterval(timer);
  // give actions in flight a moment to come back before counting them unseen
  await sleep(500);
  result.unseen = unseenCounters.reduce((sum, count) => sum + count(), 0);
  await Promise.all(rooms.flat().map((room) => room.leave()));
  return result;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
