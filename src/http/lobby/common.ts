/**
 * What the lobby's route modules share: the seed-004 error envelope and the
 * mapping of lobby errors to it, route tables with 405 for other methods,
 * the start-up gate, rate limiting, and path parameters.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response, Router } from "express";
import type { Logger } from "pino";
import { LobbyError, invalid, type LobbyErrorKind } from "../../lobby/errors.js";
import type { SlidingWindowLimiter } from "../../lobby/rate-limit.js";
import type { Sweeper } from "../../lobby/sweeper.js";
import { errorStatus, jsonBody, requestProblem } from "../app.js";

/** The closed set of `ErrorBody.code`. */
export type ErrorCode =
  | "not_implemented"
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "method_not_allowed"
  | "internal_error"
  | "service_unavailable";

/** HTTP status and envelope code of each lobby error. 429 has no code of its own in the seed: the closest is `service_unavailable` (try again later). */
const MAPPING: Record<LobbyErrorKind, { status: number; code: ErrorCode }> = {
  invalid: { status: 400, code: "invalid_request" },
  unauthenticated: { status: 401, code: "unauthorized" },
  forbidden: { status: 403, code: "forbidden" },
  not_found: { status: 404, code: "not_found" },
  conflict: { status: 409, code: "conflict" },
  rate_limited: { status: 429, code: "service_unavailable" },
  unavailable: { status: 503, code: "service_unavailable" },
};

/** Answers with the seed's error envelope. */
export function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** Maps lobby errors to their statuses, body-parser failures to 400, and anything else to a logged 500. */
export function lobbyErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof LobbyError) {
      const { status, code } = MAPPING[error.kind];
      if (error.retryAfterSeconds !== undefined) res.set("Retry-After", String(error.retryAfterSeconds));
      sendError(res, status, code, error.message);
      return;
    }
    const status = errorStatus(error);
    if (status >= 400 && status < 500) {
      sendError(res, 400, "invalid_request", requestProblem(error, status));
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, "lobby request failed");
    sendError(res, 500, "internal_error", "internal server error");
  };
}

/** The HTTP methods the lobby serves. */
export type Method = "get" | "post" | "patch";

/** One route: method, path, middleware to run first, and the handler. */
export interface RouteSpec {
  method: Method;
  path: string;
  before?: RequestHandler[];
  handler: (req: Request, res: Response) => Promise<void>;
}

/**
 * Registers the routes (under `prefix`), and answers 405 `method_not_allowed` (with `Allow`) for other methods on their paths.
 * Every POST and PATCH body is parsed after the route's own middleware, also where the handler reads none: a body
 * with a prototype key (or that is not JSON) is refused with 400 on every route alike.
 */
export function registerRoutes(router: Router, routes: RouteSpec[], prefix = ""): void {
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    const body = route.method === "get" ? [] : [jsonBody];
    router[route.method](prefix + route.path, ...(route.before ?? []), ...body, route.handler);
    methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method.toUpperCase()]);
  }
  for (const [path, methods] of methodsByPath) {
    const allow = methods.includes("GET") ? [...methods, "HEAD"] : methods;
    router.all(prefix + path, (req, res) => {
      res.set("Allow", allow.join(", "));
      sendError(res, 405, "method_not_allowed", `${req.method} is not allowed here; use ${methods.join(" or ")}`);
    });
  }
}

/** Applies the lobby's due time-driven changes before the handler runs. */
export function sweepFirst(sweeper: Sweeper): RequestHandler {
  return async (_req, _res, next) => {
    try {
      await sweeper.sweep();
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Holds requests until the lobby's start-up work is done; 503 if it failed. */
export function readyGate(ready: Promise<void>): RequestHandler {
  let failed = false;
  ready.catch(() => {
    failed = true;
  });
  return async (_req, _res, next) => {
    if (!failed) {
      try {
        await ready;
        next();
        return;
      } catch {
        // falls through to the refusal
      }
    }
    next(new LobbyError("unavailable", "the lobby is not available: its start-up failed"));
  };
}

/** Refuses the request with 429 when the caller (as `keyOf` names it) is over the limiter's budget. */
export function rateLimit(limiter: SlidingWindowLimiter, keyOf: (req: Request, res: Response) => string): RequestHandler {
  return (req, res, next) => {
    const decision = limiter.take(keyOf(req, res));
    res.set("X-RateLimit-Limit", String(limiter.limit));
    if (decision.allowed) {
      res.set("X-RateLimit-Remaining", String(decision.remaining));
      next();
      return;
    }
    res.set("X-RateLimit-Remaining", "0");
    next(
      new LobbyError(
        "rate_limited",
        `too many requests: at most ${limiter.limit} a minute; try again in ${decision.retryAfterSeconds} s`,
        decision.retryAfterSeconds,
      ),
    );
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path parameter that must be a UUID (lower-cased), or a 400. */
export function uuidParam(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== "string" || !UUID.test(value)) throw invalid(`${name} must be a UUID`);
  return value.toLowerCase();
}

/** Sends an `{items}` list, with the total behind the page in `X-Total-Count` (the seed's list shape has no total field). */
export function sendItems<T>(res: Response, list: { items: T[]; total: number }): void {
  res.set("X-Total-Count", String(list.total));
  res.status(200).json({ items: list.items });
}
