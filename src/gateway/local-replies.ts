/**
 * Replies the gateway itself makes on a seed-003 socket (refused frames,
 * acknowledgements of events the rooms do not need), in the seed's envelope.
 * They reuse the last sequence number the connection saw instead of taking a
 * new one: like the rooms' replies to one connection they are never logged
 * or replayed, and the room's numbering stays the room's.
 * A connection's refusals are rate-limited (10/s, bursts of 20); beyond that
 * they are dropped without an answer (the connection stays open).
 */
import type { WebSocket } from "ws";
import { gameError, type ErrorCodeValue } from "../protocol/codes.js";
import { envelope } from "../protocol/envelope.js";
import { readFrame, type InboundEvent } from "./frames.js";

export class LocalReplies {
  private tokens = 20;
  private last = Date.now();

  constructor(
    private readonly socket: WebSocket,
    private readonly roomId: string,
    private readonly lastSequence: () => number,
  ) {}

  /** Sends `{event, data}` in the envelope. */
  send(event: string, data: unknown): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(envelope(event, data, this.roomId, this.lastSequence(), Date.now())));
  }

  /** A `validation_error` (or `error`) with a seed code; dropped when the connection refuses too often. */
  refuse(event: "validation_error" | "error", code: ErrorCodeValue, message: string, details?: Record<string, unknown>): void {
    if (!this.admit()) return;
    this.send(event, gameError(code, message, details));
  }

  /** Parses one client frame; a bad one is refused here (`validation_error`) and yields undefined. */
  readFrame(frame: Buffer, isBinary: boolean): InboundEvent | undefined {
    const result = readFrame(frame, isBinary);
    if (result.ok) return result.value;
    this.refuse("validation_error", result.problem.code, result.problem.message, result.problem.details);
    return undefined;
  }

  private admit(): boolean {
    const now = Date.now();
    this.tokens = Math.min(20, this.tokens + ((now - this.last) / 1000) * 10);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
