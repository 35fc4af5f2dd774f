/**
 * A gateway connection's way into a game room: it asks Colyseus matchmaking
 * in this process for a seat (through the matchmaking guard, so the rooms'
 * option allow-lists and create limits apply exactly as on `/matchmake`),
 * then connects a real `@colyseus/sdk` client to the room: over loopback
 * when this node holds the room, to the owning node's INTERNAL_ADDRESS (or,
 * when it published none, its PUBLIC_ADDRESS) when another does (the
 * matchmaking driver finds it on any node). The room sees
 * an ordinary client: seat reservation, onAuth with the player's JWT,
 * StateView, reconnection, rate limits.
 */
import { createAuthContext, matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { ErrorCode, type ErrorCodeValue } from "../protocol/codes.js";

/** How a gateway connection asks for its seat. */
export interface SeatRequest {
  method: "create" | "joinById" | "reconnect";
  /** Room type for `create`; room id for `joinById` and `reconnect`. */
  target: string;
  /** Client options (they pass the room type's allow-list). */
  options: Record<string, unknown>;
  /** The player's JWT, if any: checked by matchmaking and by the room's onAuth. */
  token?: string;
  /** The client's address (create limits in guest mode). */
  ip?: string;
}

/** The address (`host:port[/path]`) at which other nodes reach a Colyseus process directly, if it published one. */
export type InternalAddressOf = (processId: string) => Promise<string | undefined>;

/** Opens SDK connections to rooms on behalf of gateway clients. */
export class RoomLink {
  constructor(
    private readonly loopbackUrl: () => string,
    private readonly internalAddressOf: InternalAddressOf = async () => undefined,
  ) {}

  /** Reserves a seat and connects to the room; throws a SeatRefusal when matchmaking or the room refuses. */
  async open(request: SeatRequest): Promise<Room> {
    const context = createAuthContext({ headers: {}, token: request.token, remoteAddress: request.ip });
    let reservation: Record<string, unknown> & { processId: string; publicAddress?: string };
    try {
      reservation = await matchMaker.controller.invokeMethod(request.method, request.target, { ...request.options }, context);
    } catch (error) {
      throw SeatRefusal.from(error);
    }
    if (request.method === "reconnect") reservation.reconnectionToken = request.options.reconnectionToken;
    const client = new Client(this.loopbackUrl());
    if (request.token !== undefined) client.auth.token = request.token;
    if (reservation.processId === matchMaker.processId) {
      // this node holds the room: loopback, whatever address clients use
      delete reservation.publicAddress;
    } else {
      // another node: its direct address first (the public one may be a proxy only clients reach)
      const internal = await this.internalAddressOf(reservation.processId).catch(() => undefined);
      if (internal !== undefined) reservation.publicAddress = internal;
      else if (reservation.publicAddress === undefined) {
        throw new SeatRefusal(ErrorCode.CONNECTION_FAILED, "the room lives on another node that has neither INTERNAL_ADDRESS nor PUBLIC_ADDRESS");
      }
    }
    try {
      return await client.consumeSeatReservation(reservation as never);
    } catch (error) {
      throw SeatRefusal.from(error);
    }
  }
}

/** How long a reconnection keeps trying while the room has not yet seen the drop (its close may still be in flight). */
const RECONNECT_ATTEMPTS = 10;
const RECONNECT_PAUSE_MS = 150;

/**
 * Takes a dropped seat back with its SDK reconnection token (`roomId:token`).
 * The client may come back before the room has even seen the old connection
 * close (the room accepts the token only from then on), so a refused token
 * is tried again for a moment; undefined when the seat cannot be had back.
 */
export async function reconnectSeat(link: RoomLink, roomId: string, reconnectionToken: string, token: string | undefined, ip: string | undefined): Promise<Room | undefined> {
  const secret = reconnectionToken.split(":")[1] ?? "";
  const request: SeatRequest = { method: "reconnect", target: roomId, options: { reconnectionToken: secret }, token, ip };
  const notSeenYet = (error: SeatRefusal) => error.code === ErrorCode.ROOM_NOT_FOUND && !/disposed/.test(error.message);
  return openRetrying(link, request, notSeenYet).catch(() => undefined);
}

/**
 * Joins a room by id. A player whose previous connection the room has not yet
 * seen drop (it went away through another node's gateway a moment ago) is
 * refused as already in the room: that refusal is tried again for as long as
 * a reconnection would be, then stands.
 */
export function joinSeat(link: RoomLink, request: SeatRequest): Promise<Room> {
  return openRetrying(link, request, (error) => error.code === ErrorCode.ALREADY_IN_ROOM);
}

/** Opens a seat, trying a refusal that `retryable` says may pass again every RECONNECT_PAUSE_MS, RECONNECT_ATTEMPTS times in all. */
async function openRetrying(link: RoomLink, request: SeatRequest, retryable: (error: SeatRefusal) => boolean): Promise<Room> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await link.open(request);
    } catch (error) {
      if (!(error instanceof SeatRefusal) || !retryable(error) || attempt >= RECONNECT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_PAUSE_MS));
    }
  }
}

/** A refused seat, with the seed-003 code that says why. */
export class SeatRefusal extends Error {
  constructor(
    readonly code: ErrorCodeValue,
    message: string,
  ) {
    super(message);
    this.name = "SeatRefusal";
  }

  /** Maps matchmaking and room refusals (HTTP-like statuses, Colyseus codes, the rooms' seed codes) to a seed code. */
  static from(error: unknown): SeatRefusal {
    if (error instanceof SeatRefusal) return error;
    const code = typeof (error as { code?: unknown })?.code === "number" ? (error as { code: number }).code : undefined;
    const message = (error instanceof Error ? error.message : "the seat could not be taken").slice(0, 200);
    return new SeatRefusal(seedCodeOf(code, message), message);
  }
}

const SEED_CODES = new Set<string>(Object.values(ErrorCode));

function seedCodeOf(code: number | undefined, message: string): ErrorCodeValue {
  if (code !== undefined && SEED_CODES.has(String(code))) return String(code) as ErrorCodeValue;
  if (code === 401 || code === 403) return ErrorCode.AUTHENTICATION_FAILED;
  if (code === 429) return ErrorCode.RATE_LIMITED;
  if (code === 503) return ErrorCode.MAINTENANCE_MODE;
  if (/full/i.test(message)) return ErrorCode.ROOM_FULL;
  if (code === 404 || code === 410 || /not found|disposed|locked|expired/i.test(message)) return ErrorCode.ROOM_NOT_FOUND;
  if (code === 400) return ErrorCode.INVALID_MESSAGE_FORMAT;
  return ErrorCode.CONNECTION_FAILED;
}
