/** `GET /api/v1/openapi.json`: the OpenAPI document of this server's HTTP surface (public; 60 requests a minute per client address). */
import { Router } from "express";
import type { Logger } from "pino";
import { buildOpenApiDocument } from "../../lobby/openapi.js";
import type { LobbyGameRules } from "../../lobby/rules.js";
import { PUBLIC_GET_LIMIT, SlidingWindowLimiter } from "../../lobby/rate-limit.js";
import { lobbyErrors, rateLimit, registerRoutes } from "./common.js";

/** Where the document is served. */
export const OPENAPI_PATH = "/api/v1/openapi.json";

/** Serves the document, built once (its descriptions name the lobby's default game). */
export function openApiRoutes(logger: Logger, defaultGame: LobbyGameRules): Router {
  const document = buildOpenApiDocument(defaultGame);
  const limiter = new SlidingWindowLimiter(PUBLIC_GET_LIMIT);
  const router = Router();
  registerRoutes(router, [
    {
      method: "get",
      path: OPENAPI_PATH,
      before: [rateLimit(limiter, (req) => req.ip ?? "unknown")],
      handler: async (_req, res) => {
        res.status(200).json(document);
      },
    },
  ]);
  router.use(OPENAPI_PATH, lobbyErrors(logger));
  return router;
}
