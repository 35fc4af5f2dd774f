/**
 * The Phoenix Channels v2 endpoint, `/socket/websocket?vsn=2.0.0`, on the
 * server's port. Identity: the `token` connect parameter (a JWT), checked when
 * the socket opens and again by each room; a refused token makes every join
 * answer `{reason: "unauthorized"}`. Topics: `room:{room_id}` always;
 * further handlers (a chat's `conversation:{id}`) are plugged in through
 * ServerExtensions.phoenixTopics.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import type { GatewayShared } from "../gateway/index.js";
import { identify } from "../gateway/identity.js";
import { queryOf, refuseUpgrade, type UpgradeRoute } from "../gateway/upgrade-routes.js";
import { roomTopic } from "./room-topic.js";
import { PhoenixSocket } from "./socket.js";
import type { TopicHandler } from "./topics.js";

export type { TopicHandler, Channel, ChannelOutput, JoinRequest, JoinResult, PushReply } from "./topics.js";

/** Phoenix's own default: a socket silent for this long is closed (its client heartbeats every 30 s). */
export const PHOENIX_IDLE_MS = 60_000;

export function phoenixRoute(shared: GatewayShared, extraTopics: readonly TopicHandler[] = []): UpgradeRoute {
  const topics = [roomTopic(shared), ...extraTopics];
  return {
    matches: (pathname) => pathname === "/socket/websocket",
    handle: (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const query = queryOf(req);
      if (query.get("vsn") !== "2.0.0") {
        refuseUpgrade(socket, 400, "only the Phoenix v2 serializer is served: connect with vsn=2.0.0");
        return;
      }
      const token = query.get("token") ?? undefined;
      void identify(shared.verifyToken, token, undefined, shared.clientAddress(req), shared.guestsAllowed).then((result) => {
        if (socket.destroyed) return;
        shared.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
          new PhoenixSocket(ws, result.ok ? result.identity : undefined, topics, shared.tuning.phoenixIdleMs ?? PHOENIX_IDLE_MS);
        });
      });
    },
  };
}
