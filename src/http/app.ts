/**
 * The Express side-app sharing the game server's port: probes, metrics, the
 * operators' monitor, and the routes other contracts add. Handlers stay thin
 * over services; every unmatched path and every unexpected failure answers
 * in JSON.
 */
import express, { type Application, type ErrorRequestHandler, type RequestHandler } from "express";
import { monitor } from "@colyseus/monitor";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { GAME_ROOM_NAMES } from "../games/registry.js";
import type { Metrics } from "../metrics.js";
import type { Readiness } from "../readiness.js";
import { AuthFailureGuard } from "./auth-failures.js";
import { requireBasicAuth } from "./basic-auth.js";
import { probeRoutes } from "./probes.js";
import { addressList } from "./addresses.js";
import { forbiddenKeyReviver, isForbiddenKeyError } from "./safe-json.js";
import { playPageRoutes } from "./play.js";

/** What the HTTP layer needs from the rest of the server. */
export interface HttpDependencies {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  readiness: Readiness;
  /** Extra routers mounted by other contracts (internal API, lobby), in order. */
  routers?: Array<(app: Application) => void>;
}

/** Mounts every HTTP route on the app Colyseus created for its transport. */
export function mountHttp(app: Application, deps: HttpDependencies): void {
  const { config, logger, metrics, readiness } = deps;
  app.disable("x-powered-by");
  // X-Forwarded-For is believed only from the configured reverse proxies (TRUSTED_PROXIES); otherwise req.ip is the peer
  const isProxy = addressList(config.edge.trustedProxies);
  app.set("trust proxy", (address: string) => isProxy(address));
  app.use(recordLatency(metrics));

  app.use(probeRoutes(readiness));

  app.get("/metrics", async (_req, res, next) => {
    try {
      res.set("Content-Type", metrics.registry.contentType).send(await metrics.registry.metrics());
    } catch (error) {
      next(error);
    }
  });

  if (config.monitor !== undefined) {
    const failures = new AuthFailureGuard("colyseus-monitor", config.authFailuresPerMinute, logger);
    app.use("/colyseus", requireBasicAuth(config.monitor, "colyseus-monitor", failures), monitor() as unknown as RequestHandler);
  } else {
    logger.warn("monitor not mounted: set MONITOR_USER and MONITOR_PASSWORD to serve @colyseus/monitor at /colyseus");
  }

  app.get("/", (_req, res) => {
    res.json({ service: "tabletop-game-server", node_name: config.nodeName, games: GAME_ROOM_NAMES });
  });

  app.use(playPageRoutes());

  for (const mount of deps.routers ?? []) mount(app);

  app.use((req, res) => {
    res.status(404).json({ error: { code: "not_found", message: `no route for ${req.method} ${req.path}` } });
  });
  app.use(jsonErrors(logger));
}

/** Observes every request's latency, labelled by the matched route (never the raw path, to bound cardinality). */
function recordLatency(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    res.on("finish", () => {
      const routePath = (req.route as { path?: string } | undefined)?.path;
      const route = routePath !== undefined ? `${req.baseUrl}${routePath}` : req.baseUrl || "unmatched";
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

/** Turns body-parser and path-decoding failures into 400 and anything else into a logged 500, always as JSON. */
function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = errorStatus(error);
    if (status >= 400 && status < 500) {
      res.status(status === 413 ? 413 : 400).json({ error: { code: "invalid_request", message: requestProblem(error, status) } });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, "unhandled HTTP error");
    res.status(500).json({ error: { code: "internal_error", message: "internal server error" } });
  };
}

/** The HTTP status an error carries (body-parser's and the router's set one), else 500. */
export function errorStatus(error: unknown): number {
  return typeof error === "object" && error !== null && "status" in error ? Number(error.status) : 500;
}

/**
 * A path parameter that is not valid percent-encoding (e.g. `/internal/rooms/%/terminate`): Express's
 * router fails to decode it while matching the route, for any method, before any handler runs.
 */
export function isPathDecodeError(error: unknown): boolean {
  return error instanceof URIError;
}

/** What was wrong with a refused request: its path, or its body (never echoing either). */
export function requestProblem(error: unknown, status: number): string {
  return isPathDecodeError(error) ? "request path is not valid percent-encoding" : bodyProblem(error, status);
}

/** What was wrong with a refused request body (never echoing it). */
function bodyProblem(error: unknown, status: number): string {
  if (status === 413) return "request body is too large (at most 64 KB)";
  if (isForbiddenKeyError(error)) return "request body has a forbidden key (__proto__, constructor or prototype)";
  return "request body is not valid JSON";
}

/** Largest JSON body any route accepts. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * JSON body parsing for routers that take bodies: bounded (a bad client cannot exhaust memory) and
 * refusing keys that could reach a prototype (400).
 */
export const jsonBody = express.json({ limit: MAX_JSON_BODY_BYTES, reviver: forbiddenKeyReviver });
