/**
 * A plain-WebSocket seed-003 client for gateway tests (Node 22's global
 * WebSocket: no Colyseus anywhere): records every frame, checks each one
 * against the seed-003 shapes, plays by itself from the events alone, and
 * records any piece of another seat it ever receives.
 */
import { z } from "zod";

const envelope = z.object({
  event: z.string(),
  data: z.unknown(),
  room_id: z.string(),
  server_time: z.number(),
  sequence_number: z.number().int().min(0),
});

const piece = z.object({ id: z.string().regex(/^p\d+$/), rank: z.enum(["GENERAL", "ADVISOR", "ELEPHANT", "HORSE", "CHARIOT", "CANNON", "SOLDIER"]), color: z.enum(["RED", "BLACK"]), point: z.number().int() });
const player = z.object({ name: z.string(), position: z.number().int().min(0).max(3), score: z.number(), is_active: z.boolean(), is_bot: z.boolean() });
const gameError = z.object({ code: z.string().regex(/^[1-4]\d{3}$/), message: z.string(), timestamp: z.number(), recoverable: z.boolean(), details: z.record(z.string(), z.unknown()).optional() });

/** The seed-003 shape of each server event the gateway may send (events not listed are checked for the envelope only). */
export const SEED003_SHAPES: Record<string, z.ZodType> = {
  // spectators get `player_name: null` from the rooms (no seat, no name)
  connected: z.object({ connection_id: z.string().min(1), room_id: z.string(), player_name: z.string().nullable().optional(), reconnected: z.boolean() }),
  room_joined: z.object({ room_id: z.string(), room_name: z.string(), players: z.array(z.object({ name: z.string(), position: z.number().int(), is_bot: z.boolean() })), game_state: z.unknown() }),
  player_joined: z.object({ player_name: z.string(), position: z.number().int(), is_bot: z.boolean(), timestamp: z.number() }),
  phase_change: z.object({
    phase: z.enum(["NOT_STARTED", "PREPARATION", "DECLARATION", "TURN", "SCORING", "GAME_OVER"]),
    phase_data: z.record(z.string(), z.unknown()),
    game_state: z.object({ round_number: z.number().int(), turn_number: z.number().int(), players: z.array(player).length(4), scores: z.record(z.string(), z.number()) }),
    sequence_number: z.number().int().min(1),
    server_time: z.number(),
  }),
  hand_updated: z.object({ pieces: z.array(piece).max(8), count: z.number().int() }).refine((d) => d.count === d.pieces.length, "count is the number of pieces"),
  declaration_accepted: z.object({ player: z.string(), declaration: z.number().int().min(0).max(8) }),
  play_accepted: z.object({ player: z.string(), pieces_played: z.array(z.string()).min(1), play_type: z.string() }),
  redeal_decision_accepted: z.object({ player: z.string(), decision: z.enum(["accept", "decline"]) }),
  game_over: z.object({
    winners: z.array(z.string()).min(1),
    final_scores: z.record(z.string(), z.number()),
    rounds_played: z.number().int().min(1),
    game_duration: z.number(),
    statistics: z.object({ total_turns: z.number().int(), perfect_declarations: z.number().int(), redeals: z.number().int() }),
  }),
  pong: z.object({ client_time: z.number(), server_time: z.number(), latency: z.number() }),
  error: gameError,
  validation_error: gameError,
  room_created: z.object({ room_id: z.string().min(1), room_name: z.string(), creator: z.string(), created_at: z.number() }),
  room_list: z.object({ rooms: z.array(z.object({ room_id: z.string() }).passthrough()), total_count: z.number().int() }),
  sync_response: z.object({ current_sequence: z.number().int(), missed_events: z.array(z.object({ sequence: z.number().int(), event: z.string(), data: z.unknown() })), full_state: z.unknown() }),
};

export interface Frame {
  event: string;
  data: Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
  error?: unknown;
  room_id: string;
  server_time: number;
  sequence_number: number;
}

/** One seed-003 connection. */
export class Seed003Client {
  readonly frames: Frame[] = [];
  /** Every problem found: shape mismatches, other seats' pieces, sequence going back. */
  readonly problems: string[] = [];
  closed?: { code: number; reason: string };
  name?: string;
  private waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  private closeWaiters: Array<() => void> = [];
  private ownPieces = new Set<string>();
  /** Every piece this seat was ever dealt (replayed hand_updated events of earlier deals are checked against it). */
  private ownEver = new Set<string>();
  private lastBroadcastSequence = 0;

  private constructor(readonly socket: WebSocket) {
    socket.addEventListener("message", (event: MessageEvent) => this.onFrame(event.data));
    socket.addEventListener("close", (event: { code: number; reason: string }) => {
      this.closed = { code: event.code, reason: event.reason };
      for (const resolve of this.closeWaiters) resolve();
    });
  }

  /** Opens a connection; `sameSeatAs` names an earlier connection of the same seat, whose dealt pieces are this one's own too. */
  static open(url: string, sameSeatAs?: Seed003Client): Promise<Seed003Client> {
    const socket = new WebSocket(url);
    const client = new Seed003Client(socket);
    if (sameSeatAs !== undefined) {
      client.ownPieces = new Set(sameSeatAs.ownPieces);
      client.ownEver = new Set(sameSeatAs.ownEver);
    }
    return new Promise((resolve, reject) => {
      socket.addEventListener("open", () => resolve(client), { once: true });
      socket.addEventListener("error", () => reject(new Error(`could not open ${url}`)), { once: true });
    });
  }

  send(event: string, data: unknown = {}): void {
    this.socket.send(JSON.stringify({ event, data }));
  }

  sendRaw(data: string | Uint8Array): void {
    this.socket.send(data);
  }

  all(event: string): Frame[] {
    return this.frames.filter((f) => f.event === event);
  }

  waitFor(event: string, match: (data: Frame["data"]) => boolean = () => true, timeoutMs = 15_000, fromIndex = 0): Promise<Frame> {
    const found = this.frames.slice(fromIndex).find((f) => f.event === event && match(f.data));
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name ?? "client"}: no ${event} within ${timeoutMs} ms; got ${this.frames.map((f) => f.event).slice(-15).join(",")}`)), timeoutMs);
      this.waiters.push({
        match: (f) => f.event === event && match(f.data),
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  waitClosed(timeoutMs = 10_000): Promise<void> {
    if (this.closed !== undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("socket did not close")), timeoutMs);
      this.closeWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.close();
  }

  /** Plays by itself from the seed-003 events: declines redeals, declares 1 (or an allowed value), plays its first pieces. */
  autoplay(): void {
    let lastKey = "";
    const act = (frame: Frame) => {
      const me = this.name;
      if (me === undefined) return;
      if (frame.event === "error" && frame.data.code === "2004") {
        const allowed = (frame.data.details?.allowed as number[] | undefined) ?? [];
        if (allowed.length > 0) this.send("declare", { declaration: allowed[allowed.length - 1] });
        return;
      }
      if (frame.event !== "phase_change") return;
      const { phase, phase_data: pd } = frame.data as { phase: string; phase_data: Record<string, unknown> };
      const key = JSON.stringify([phase, pd.round_number, pd.redeal_multiplier, pd.turn_number, pd.current_player, pd.current_declarer, pd.pending_decisions, Object.keys((pd.current_plays as object) ?? {}).length]);
      if (key === lastKey) return;
      if (phase === "PREPARATION" && Array.isArray(pd.pending_decisions) && pd.pending_decisions.includes(me)) {
        lastKey = key;
        this.send("decline_redeal", { player_name: me });
      } else if (phase === "DECLARATION" && pd.current_declarer === me) {
        lastKey = key;
        this.send("declare", { player_name: me, declaration: 1 });
      } else if (phase === "TURN" && pd.current_player === me) {
        lastKey = key;
        const count = typeof pd.required_piece_count === "number" ? pd.required_piece_count : 1;
        this.send("play", { player_name: me, piece_ids: [...this.ownPieces].slice(0, count) });
      }
    };
    this.onEach = act;
    for (const frame of this.frames) act(frame);
  }

  private onEach?: (frame: Frame) => void;

  private onFrame(raw: unknown): void {
    if (typeof raw !== "string") {
      this.problems.push("a binary frame was received");
      return;
    }
    let frame: Frame;
    try {
      frame = JSON.parse(raw) as Frame;
    } catch {
      this.problems.push("a frame was not JSON");
      return;
    }
    this.check(frame);
    this.frames.push(frame);
    if (frame.event === "connected" && typeof frame.data.player_name === "string") this.name = frame.data.player_name;
    this.onEach?.(frame);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(frame)) return true;
      w.resolve(frame);
      return false;
    });
  }

  /** Seed-003 shape, sequence order, and no piece of another seat outside the plays everybody sees. */
  private check(frame: Frame): void {
    const outer = envelope.safeParse(frame);
    if (!outer.success) {
      this.problems.push(`${frame.event}: envelope ${outer.error.message.slice(0, 200)}`);
      return;
    }
    const shape = SEED003_SHAPES[frame.event];
    if (shape !== undefined) {
      const inner = shape.safeParse(frame.data);
      if (!inner.success) this.problems.push(`${frame.event}: ${inner.error.message.slice(0, 300)}`);
    }
    if ((frame.event === "error" || frame.event === "validation_error") && JSON.stringify(frame.error) !== JSON.stringify(frame.data)) {
      this.problems.push(`${frame.event}: the error body is not under "error" as well`);
    }
    if (frame.event === "phase_change") {
      if (frame.sequence_number <= this.lastBroadcastSequence) this.problems.push(`phase_change sequence ${frame.sequence_number} after ${this.lastBroadcastSequence}`);
      this.lastBroadcastSequence = frame.sequence_number;
    }
    if (frame.event === "hand_updated") {
      const pieces = (frame.data.pieces as Array<{ id: string }>) ?? [];
      if (pieces.length === 8) this.ownPieces = new Set();
      const now = new Set(pieces.map((p) => p.id));
      // a hand only shrinks within a deal; a new deal replaces it
      this.ownPieces = pieces.length === 8 ? now : new Set([...this.ownPieces].filter((id) => now.has(id)));
      for (const id of now) {
        this.ownPieces.add(id);
        this.ownEver.add(id);
      }
      return;
    }
    const replayedHands = new Set<string>();
    if (frame.event === "sync_response") {
      const missed = (frame.data.missed_events as Array<{ event: string }> | undefined) ?? [];
      missed.forEach((m, i) => m.event === "hand_updated" && replayedHands.add(`missed_events.${i}`));
    }
    this.findPieces(frame.data, [], (path, ids) => {
      if (path.includes("current_plays") || path.includes("turn_plays") || path.includes("pieces_played")) return;
      const replayed = replayedHands.has(path.slice(0, 2).join("."));
      const foreign = ids.filter((id) => !(replayed ? this.ownEver : this.ownPieces).has(id));
      if (foreign.length > 0) this.problems.push(`${frame.event} at ${path.join(".")}: pieces ${foreign.join(",")} of another seat`);
    });
  }

  private findPieces(value: unknown, path: string[], found: (path: string[], ids: string[]) => void): void {
    if (Array.isArray(value)) {
      const ids = value.filter((v): v is { id: string } => typeof v === "object" && v !== null && typeof (v as { id?: unknown }).id === "string" && /^p\d+$/.test((v as { id: string }).id)).map((v) => v.id);
      if (ids.length > 0) found(path, ids);
      value.forEach((item, index) => this.findPieces(item, [...path, String(index)], found));
      return;
    }
    if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) this.findPieces(item, [...path, key], found);
    }
  }
}
