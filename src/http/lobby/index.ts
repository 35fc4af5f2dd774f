/**
 * Mounts the lobby (seed 004) on the server's Express app: the user surface,
 * the admin games surface and the OpenAPI document; and follows the rooms of
 * lobby games through the server's lifecycle hooks. Its settings are part of
 * the server's configuration (validated at start with every other variable).
 */
import type { Application } from "express";
import { createLocalVerifier } from "../../auth/jwt.js";
import type { ServerContext } from "../../server.js";
import { createLobby } from "../../lobby/lobby.js";
import { roomFollower, roomGateway } from "../../lobby/runtime.js";
import type { LobbySettings } from "../../lobby/settings.js";
import { adminLobbyRoutes } from "./admin.js";
import { openApiRoutes } from "./openapi.js";
import { userLobbyRoutes } from "./user.js";

/** Mounts the lobby with the server's configured lobby settings (LOBBY_TRUST_USER_HEADER, ADMIN_USERNAME, ADMIN_PASSWORD, LOBBY_ROOM_CONFIG). */
export function mountLobby(app: Application, context: ServerContext): void {
  mountLobbyWith(context.config.lobby)(app, context);
}

/** A mount function for the given settings (tests use it to vary them without touching the environment). */
export function mountLobbyWith(settings: LobbySettings): (app: Application, context: ServerContext) => void {
  return (app, context) => {
    const logger = context.logger.child({ component: "lobby" });
    const lobby = createLobby({ db: context.db, rooms: roomGateway(context.managedRooms), settings, logger });
    context.lifecycleHooks.push(roomFollower(context.db, logger));
    const verifyToken = createLocalVerifier(context.config);
    if (settings.trustUserHeader && settings.gateway === undefined) {
      logger.warn("LOBBY_TRUST_USER_HEADER is on with no LOBBY_GATEWAY_SECRET or LOBBY_GATEWAY_ADDRESSES: any caller can claim any user id (refused when NODE_ENV=production)");
    }
    if (!settings.trustUserHeader && verifyToken === undefined) {
      logger.warn("LOBBY_TRUST_USER_HEADER is off and no JWT_SECRET or JWKS_URL is set: every lobby user request will be refused (401)");
    }
    app.use(openApiRoutes(logger, settings.defaultGame));
    app.use(userLobbyRoutes({ lobby, identity: { trustUserHeader: settings.trustUserHeader, gateway: settings.gateway, verifyToken }, logger }));
    app.use(adminLobbyRoutes(lobby, logger, context.config.authFailuresPerMinute));
  };
}
