/**
 * The gateways for clients that speak no Colyseus, on the server's own port:
 * - `/ws/lobby` and `/ws/{room_id}`: seed 003 as plain JSON over a plain WebSocket;
 * - `/socket/websocket?vsn=2.0.0`: Phoenix Channels v2 (src/phoenix/).
 * Each is routed before Colyseus's transport sees the upgrade; every gateway
 * connection into a room is a real Colyseus client of it (src/gateway/room-link.ts).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { randomUUID } from "node:crypto";
import { WebSocketServer, type WebSocket } from "ws";
import type { TokenVerifier } from "../auth/jwt.js";
import { addressList, clientAddressOf } from "../http/addresses.js";
import type { Logger } from "../logger.js";
import { ErrorCode, gameError } from "../protocol/codes.js";
import { envelope } from "../protocol/envelope.js";
import { identify } from "./identity.js";
import { LobbyFeed } from "./lobby-feed.js";
import { LobbySocket } from "./lobby-socket.js";
import { RoomLink, type InternalAddressOf } from "./room-link.js";
import { RoomSocket } from "./room-socket.js";
import { SeatStore } from "./seat-store.js";
import { SharedEncoding } from "./shared-encoding.js";
import { installUpgradeRoutes, pathnameOf, queryOf, type UpgradeRoute } from "./upgrade-routes.js";

/** Largest frame a gateway client may send (as on the Colyseus transport); a larger one closes the socket (1009). */
export const GATEWAY_MAX_FRAME_BYTES = 4 * 1024;

/** Timings of held seats (tests shorten them). */
export interface GatewayTuning {
  /** How long a seat taken from the lobby waits for the player's room socket. */
  pendingSeatMs?: number;
  /** How long the gateway keeps a dropped seat's way back (the rooms' reconnection window is 60 s by default). */
  droppedSeatMs?: number;
  /** Phoenix: a socket that sends nothing (not even a heartbeat) for this long is closed. */
  phoenixIdleMs?: number;
}

export interface GatewaySettings {
  server: Server;
  verifyToken?: TokenVerifier;
  trustedProxies: readonly string[];
  logger: Logger;
  tuning?: GatewayTuning;
  /** Where another node's Colyseus process is reached directly (its INTERNAL_ADDRESS in the cluster registry). */
  internalAddressOf?: InternalAddressOf;
  /** Extra upgrade routes (the Phoenix endpoint). */
  extraRoutes?: (shared: GatewayShared) => UpgradeRoute[];
}

/** What the gateways share: the way into rooms, held seats, identity, the socket server. */
export interface GatewayShared {
  link: RoomLink;
  seats: SeatStore;
  wss: WebSocketServer;
  verifyToken?: TokenVerifier;
  guestsAllowed: boolean;
  clientAddress(req: IncomingMessage): string;
  logger: Logger;
  tuning: GatewayTuning;
}

/** A running gateway. */
export interface Gateway {
  shared: GatewayShared;
  stop(): void;
}

/** Room ids as Colyseus and the internal API make them (no path separators, bounded). */
const ROOM_PATH = /^\/ws\/([A-Za-z0-9_-]{1,64})$/;

/**
 * The gateways' own way into this node's rooms: a loopback-only HTTP server
 * that hands every upgrade to Colyseus's transport, so the gateway's inner
 * connections do not count against the public port's per-address cap (they
 * all come from 127.0.0.1) and cannot be starved by it.
 */
async function startLoopback(colyseusUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): Promise<Server> {
  const loopback = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  loopback.on("upgrade", colyseusUpgrade);
  await new Promise<void>((resolve, reject) => {
    loopback.once("error", reject);
    loopback.listen(0, "127.0.0.1", () => resolve());
  });
  return loopback;
}

export async function installGateway(settings: GatewaySettings): Promise<Gateway> {
  const isTrusted = addressList(settings.trustedProxies);
  const tuning = settings.tuning ?? {};
  let loopbackPort = 0;
  const shared: GatewayShared = {
    link: new RoomLink(() => `http://127.0.0.1:${loopbackPort}`, settings.internalAddressOf),
    seats: new SeatStore(tuning.pendingSeatMs ?? 30_000, tuning.droppedSeatMs ?? 60_000),
    wss: new WebSocketServer({ noServer: true, maxPayload: GATEWAY_MAX_FRAME_BYTES, perMessageDeflate: false }),
    verifyToken: settings.verifyToken,
    guestsAllowed: settings.verifyToken === undefined,
    clientAddress: (req) => clientAddressOf(req, isTrusted),
    logger: settings.logger,
    tuning,
  };
  const feed = new LobbyFeed("liap_tui");
  const encoding = new SharedEncoding();
  const seed003: UpgradeRoute = {
    matches: (pathname) => pathname === "/ws/lobby" || ROOM_PATH.test(pathname),
    handle: (req, socket, head) => upgradeSeed003(shared, feed, encoding, req, socket, head),
  };
  const colyseusUpgrade = installUpgradeRoutes(settings.server, [seed003, ...(settings.extraRoutes?.(shared) ?? [])]);
  const loopback = await startLoopback(colyseusUpgrade);
  loopbackPort = (loopback.address() as AddressInfo).port;
  return {
    shared,
    stop() {
      feed.stop();
      shared.seats.clear();
      for (const client of shared.wss.clients) client.close(1001, "server shutting down");
      shared.wss.close();
      loopback.close();
      loopback.closeAllConnections();
    },
  };
}

function upgradeSeed003(shared: GatewayShared, feed: LobbyFeed, encoding: SharedEncoding, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const pathname = pathnameOf(req);
  const query = queryOf(req);
  const token = query.get("token") ?? undefined;
  const playerName = boundedName(query.get("player_name"));
  const spectate = query.get("spectate") === "true";
  const ip = shared.clientAddress(req);
  const roomId = pathname === "/ws/lobby" ? "lobby" : ROOM_PATH.exec(pathname)![1]!;
  // identity first, so no frame arrives before the socket's handlers are in place
  void identify(shared.verifyToken, token, playerName, ip, shared.guestsAllowed).then((result) => {
    if (socket.destroyed) return;
    shared.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      if (!result.ok) {
        ws.send(JSON.stringify(envelope("error", gameError(ErrorCode.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED: the token was refused"), roomId, 0, Date.now())));
        ws.close(1008, "unauthorized");
        return;
      }
      if (roomId === "lobby") {
        void new LobbySocket(ws, result.identity, { link: shared.link, seats: shared.seats, feed, guestsAllowed: shared.guestsAllowed, roomName: "liap_tui" }).start(randomUUID());
        return;
      }
      new RoomSocket(ws, roomId, result.identity, playerName, spectate, { link: shared.link, encoding, seats: shared.seats, logger: shared.logger, guestsAllowed: shared.guestsAllowed }).start();
    });
  });
}

function boundedName(value: string | null): string | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed.slice(0, 32);
}
