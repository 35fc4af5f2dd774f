/**
 * The Phoenix Channels v2 endpoint, `/socket/websocket?vsn=2.0.0`, on the
 * server's port. Identity: the `token` connect parameter (a JWT), checked when
 * the socket opens and again by each room; a refused token makes every join
 * answer `{reason: "unauthorized"}`. Topics: `room:{room_id}` always,
 * `conversation:{room_id}` (seed 002's chat, src/phoenix/conversation-topic.ts)
 * when the server has the chat service; further handlers are plugged in
 * through ServerExtensions.phoenixTopics.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import type { GatewayShared } from "../gateway/index.js";
import { identify } from "../gateway/identity.js";
import { queryOf, refuseUpgrade, type UpgradeRoute } from "../gateway/upgrade-routes.js";
import { addressList } from "../http/addresses.js";
import { secretsEqual } from "../http/basic-auth.js";
import { roomTopic } from "./room-topic.js";
import { PhoenixSocket } from "./socket.js";
import type { TopicHandler } from "./topics.js";

export type { TopicHandler, Channel, ChannelOutput, JoinRequest, JoinResult, PushReply } from "./topics.js";

/** Phoenix's own default: a socket silent for this long is closed (its client heartbeats every 30 s). */
export const PHOENIX_IDLE_MS = 60_000;

/** Who may pass seed 002's `account_id`/`profile_id` in a join payload: the lobby's trusted-gateway rule. */
export interface TrustedGatewaySettings {
  /** LOBBY_TRUST_USER_HEADER. */
  trust: boolean;
  /** LOBBY_GATEWAY_SECRET (sent as `X-Gateway-Secret` on the upgrade) / LOBBY_GATEWAY_ADDRESSES; undefined = any caller (development only). */
  gateway?: { secret?: string; addresses: readonly string[] };
}

function trustedGatewayCheck(settings: TrustedGatewaySettings): (req: IncomingMessage) => boolean {
  if (!settings.trust) return () => false;
  const gateway = settings.gateway;
  if (gateway === undefined) return () => true;
  const isGatewayAddress = addressList(gateway.addresses);
  return (req) => {
    const secret = req.headers["x-gateway-secret"];
    if (gateway.secret !== undefined && typeof secret === "string" && secretsEqual(secret, gateway.secret)) return true;
    return isGatewayAddress(req.socket.remoteAddress);
  };
}

export function phoenixRoute(shared: GatewayShared, extraTopics: readonly TopicHandler[] = [], trusted: TrustedGatewaySettings = { trust: false }): UpgradeRoute {
  const topics = [roomTopic(shared), ...extraTopics];
  const fromTrustedGateway = trustedGatewayCheck(trusted);
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
          new PhoenixSocket(ws, result.ok ? result.identity : undefined, fromTrustedGateway(req), topics, shared.tuning.phoenixIdleMs ?? PHOENIX_IDLE_MS);
        });
      });
    },
  };
}
