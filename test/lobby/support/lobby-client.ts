/**
 * An HTTP client for the lobby tests: calls as a user (X-User-ID or a bearer
 * JWT) or as an administrator (basic auth), and records every response so a
 * final test can check each body against the served OpenAPI document.
 */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { validate, type Schema } from "./json-schema.js";

/** One recorded exchange. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  body: unknown;
  contentType: string;
}

/** A response as the tests read it. */
export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** How to call. */
export interface CallOptions {
  user?: string;
  bearer?: string;
  admin?: { user: string; password: string };
  body?: unknown;
  /** Raw body text (sent as JSON content type). */
  raw?: string;
  headers?: Record<string, string>;
  /** "manual" to see a redirect itself instead of where it leads. */
  redirect?: "follow" | "manual";
}

/** The JWT secret the lobby test servers use. */
export const JWT_SECRET = "lobby-test-secret-".padEnd(48, "x");

/** A signed HS256 JWT for `sub`. */
export function tokenFor(sub: string, secret = JWT_SECRET): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(sub).setExpirationTime("1h").sign(new TextEncoder().encode(secret));
}

/** A fresh user id. */
export const newUser = () => randomUUID();

/** Calls a server and records what it answered. */
export class LobbyClient {
  readonly exchanges: Exchange[] = [];

  constructor(readonly baseUrl: string) {}

  /** Any call. */
  async call<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.user !== undefined) headers["X-User-ID"] = options.user;
    if (options.bearer !== undefined) headers.Authorization = `Bearer ${options.bearer}`;
    if (options.admin !== undefined) headers.Authorization = `Basic ${Buffer.from(`${options.admin.user}:${options.admin.password}`).toString("base64")}`;
    let payload: string | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload, redirect: options.redirect ?? "follow" });
    const contentType = res.headers.get("content-type") ?? "";
    const text = await res.text();
    const body = contentType.includes("application/json") && text !== "" ? (JSON.parse(text) as unknown) : text;
    this.exchanges.push({ method, path: path.split("?")[0]!, status: res.status, body, contentType });
    return { status: res.status, body: body as T, headers: res.headers };
  }

  /** A call as a user (X-User-ID). */
  as(user: string) {
    return {
      get: <T = Record<string, unknown>>(path: string) => this.call<T>("GET", `/api/v1/user/lobby${path}`, { user }),
      post: <T = Record<string, unknown>>(path: string, body?: unknown) => this.call<T>("POST", `/api/v1/user/lobby${path}`, { user, body }),
      patch: <T = Record<string, unknown>>(path: string, body?: unknown) => this.call<T>("PATCH", `/api/v1/user/lobby${path}`, { user, body }),
    };
  }

  /** A call as an administrator. */
  asAdmin(admin: { user: string; password: string }) {
    return {
      get: <T = Record<string, unknown>>(path: string) => this.call<T>("GET", `/api/v1/admin${path}`, { admin }),
      post: <T = Record<string, unknown>>(path: string, body?: unknown) => this.call<T>("POST", `/api/v1/admin${path}`, { admin, body }),
    };
  }
}

/** Game settings for a create request, with overrides. */
export function gameBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    game_name: "Test game",
    visibility: "private",
    min_players: 4,
    max_players: 4,
    start_gap_hours: 0,
    start_gap_players: 0,
    enrollment_ends_at: new Date(Date.now() + 3600_000).toISOString(),
    turn_schedule: "0 */6 * * *",
    target_engine_version: "liap_tui@1.0.0",
    ...overrides,
  };
}

type Operation = { responses: Record<string, { content?: Record<string, { schema: Schema }> }> };

/** Problems of the recorded exchanges against the document: unknown operations, undocumented statuses, bodies off their schema. */
export function checkAgainstDocument(exchanges: Exchange[], document: Schema): string[] {
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const templates = Object.keys(paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  }));
  const problems: string[] = [];
  for (const exchange of exchanges) {
    const label = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    const match = templates.find((t) => t.pattern.test(exchange.path));
    const operation = match === undefined ? undefined : paths[match.template]![exchange.method.toLowerCase()];
    if (operation === undefined) {
      // methods the document does not list answer 405 and unknown paths 404, both in the error envelope
      if (exchange.status === 405 || exchange.status === 404) {
        problems.push(...validate(exchange.body, { $ref: "#/components/schemas/ErrorResponse" }, document).map((p) => `${label}: ${p}`));
      } else {
        problems.push(`${label}: no such operation in the document`);
      }
      continue;
    }
    const response = operation.responses[String(exchange.status)] ?? operation.responses.default;
    if (response === undefined) {
      problems.push(`${label}: status not documented`);
      continue;
    }
    const type = Object.keys(response.content ?? {}).find((t) => exchange.contentType.startsWith(t));
    if (type === undefined) {
      problems.push(`${label}: content type ${exchange.contentType} not documented`);
      continue;
    }
    if (type === "application/json") {
      problems.push(...validate(exchange.body, response.content![type]!.schema, document).map((p) => `${label}: ${p}`));
    }
  }
  return problems;
}
