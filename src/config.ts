/**
 * The one place that reads settings from the environment. Every setting has a
 * default; `loadConfig` validates them all at once and throws a `ConfigError`
 * naming each bad variable, so a misconfigured server never starts half-way.
 */
import { hostname } from "node:os";
import { z } from "zod";
import { loadLobbySettings, LobbySettingsError, type LobbySettings } from "./lobby/settings.js";
import { addressListProblem, commaList, integer, optionalText, url } from "./env-schema.js";

/** Thrown when one or more environment variables hold unusable values. */
export class ConfigError extends Error {
  constructor(public readonly problems: Array<{ variable: string; message: string }>) {
    super(
      "Invalid configuration:\n" +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Shortest monitor and admin password NODE_ENV=production accepts. */
export const MIN_PRODUCTION_PASSWORD = 12;

/** `host[:port][/path]` (host a name, IPv4 or bracketed IPv6): no scheme, query or trailing slash (the SDK appends `/<process>/<room>`). */
const INTERNAL_ADDRESS = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*$/;

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).optional().default("development"),
    PORT: integer(2567, 0, 65535),
    HOST: optionalText.transform((v) => v ?? "0.0.0.0"),
    NODE_NAME: optionalText.transform((v) => v ?? hostname()),
    PUBLIC_ADDRESS: optionalText,
    INTERNAL_ADDRESS: optionalText.superRefine((v, ctx) => {
      if (v !== undefined && !INTERNAL_ADDRESS.test(v)) {
        ctx.addIssue({ code: "custom", message: `must be host:port, optionally with a path and without a scheme (e.g. node-a:2567), got "${v.slice(0, 64)}"` });
      }
    }),
    DATABASE_URL: url(["postgres:", "postgresql:"]),
    DATA_DIR: optionalText.transform((v) => v ?? "./data"),
    REDIS_URL: url(["redis:", "rediss:"]),
    JWT_SECRET: optionalText.superRefine((v, ctx) => {
      if (v !== undefined && v.length < 32) {
        ctx.addIssue({ code: "custom", message: "must be at least 32 characters (HS256 needs a 256-bit secret)" });
      }
    }),
    JWKS_URL: url(["http:", "https:"]),
    INTERNAL_API_KEYS: commaList.superRefine((keys, ctx) => {
      for (const key of keys) {
        if (key.length < 16) {
          ctx.addIssue({ code: "custom", message: "every key must be at least 16 characters" });
          return;
        }
      }
    }),
    PLATFORM_URL: url(["http:", "https:"]),
    PLATFORM_API_KEY: optionalText,
    MAX_ROOMS: integer(1000, 1, 1_000_000),
    MAX_CLIENT_ROOMS: integer(200, 0, 1_000_000),
    CLIENT_CREATES_PER_MINUTE: integer(30, 1, 100_000),
    MAX_CONNECTIONS_PER_IP: integer(64, 0, 1_000_000),
    TRUSTED_PROXIES: commaList.superRefine((entries, ctx) => {
      const problem = addressListProblem(entries);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    }),
    HTTP_HEADERS_TIMEOUT_MS: integer(10_000, 1_000, 120_000),
    HTTP_REQUEST_TIMEOUT_MS: integer(30_000, 1_000, 300_000),
    AUTH_FAILURES_PER_MINUTE: integer(10, 1, 10_000),
    MONITOR_USER: optionalText,
    MONITOR_PASSWORD: optionalText,
    TRANSPORT: z.enum(["ws", "uws"], { message: 'must be "ws" or "uws"' }).optional().default("ws"),
    LOG_LEVEL: z
      .enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` })
      .optional(),
    CORS_ORIGINS: commaList,
    SHUTDOWN_TIMEOUT_MS: integer(30_000, 0, 3_600_000),
    AUTH_VERIFY: z.enum(["local", "remote"], { message: 'must be "local" or "remote"' }).optional(),
    JOIN_TIMEOUT: integer(60, 1, 3600),
    SPECTATOR_LIMIT: integer(16, 0, 1000),
    OUTBOX_RETENTION_DAYS: integer(7, 0, 3650),
    PRACTICE_ROOMS: z.enum(["on", "off"], { message: 'must be "on" or "off"' }).optional(),
  })
  .superRefine((env, ctx) => {
    if ((env.MONITOR_USER === undefined) !== (env.MONITOR_PASSWORD === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [env.MONITOR_USER === undefined ? "MONITOR_USER" : "MONITOR_PASSWORD"],
        message: "MONITOR_USER and MONITOR_PASSWORD must be set together",
      });
    }
    if (env.AUTH_VERIFY === "remote" && env.PLATFORM_URL === undefined) {
      ctx.addIssue({ code: "custom", path: ["AUTH_VERIFY"], message: "remote verification needs PLATFORM_URL" });
    }
    if (env.PLATFORM_URL !== undefined && env.PLATFORM_API_KEY === undefined) {
      ctx.addIssue({ code: "custom", path: ["PLATFORM_API_KEY"], message: "is required when PLATFORM_URL is set" });
    }
    if (env.NODE_ENV === "production" && env.MONITOR_PASSWORD !== undefined && env.MONITOR_PASSWORD.length < MIN_PRODUCTION_PASSWORD) {
      ctx.addIssue({ code: "custom", path: ["MONITOR_PASSWORD"], message: `must be at least ${MIN_PRODUCTION_PASSWORD} characters in production` });
    }
    if (env.NODE_ENV === "production" && env.REDIS_URL !== undefined && env.PUBLIC_ADDRESS === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["PUBLIC_ADDRESS"],
        message: "is required in production when REDIS_URL is set: without it clients cannot reach rooms on other nodes (seat reservation expired)",
      });
    }
    if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({ code: "custom", path: ["HTTP_HEADERS_TIMEOUT_MS"], message: "must not exceed HTTP_REQUEST_TIMEOUT_MS" });
    }
    if (env.NODE_ENV === "production" && env.JWT_SECRET === undefined && env.JWKS_URL === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["JWT_SECRET"],
        message: "is required in production (or JWKS_URL): guest mode is refused when NODE_ENV=production",
      });
    }
  });

/** Validated, typed server settings. */
export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  nodeName: string;
  publicAddress?: string;
  /** Where the other nodes reach this node directly (host:port[/path]); the gateways connect there to rooms it holds. */
  internalAddress?: string;
  databaseUrl?: string;
  dataDir: string;
  redisUrl?: string;
  jwtSecret?: string;
  jwksUrl?: string;
  internalApiKeys: string[];
  platformUrl?: string;
  platformApiKey?: string;
  /** Managed rooms (created by the matchmaking service) a node holds at most. */
  maxRooms: number;
  /** Rooms created by clients through matchmaking a node holds at most (counted apart from maxRooms). */
  maxClientRooms: number;
  /** Room-creating matchmaking calls one user (or guest address) may make per minute. */
  clientCreatesPerMinute: number;
  /** Request timeouts, the per-address connection cap and the trusted proxies (src/http/edge.ts). */
  edge: { headersTimeoutMs: number; requestTimeoutMs: number; maxConnectionsPerIp: number; trustedProxies: string[] };
  /** Failed basic-auth logins (monitor, lobby admin) per client address and per user name a minute before refusals. */
  authFailuresPerMinute: number;
  monitor?: { user: string; password: string };
  transport: "ws" | "uws";
  logLevel: (typeof LOG_LEVELS)[number];
  corsOrigins: string[];
  shutdownTimeoutMs: number;
  /** How players' JWTs are checked in managed rooms: locally (JWT_SECRET/JWKS_URL) or by the platform. */
  authVerify: "local" | "remote";
  /** Seconds the expected players of a managed room have to join. */
  joinTimeoutSeconds: number;
  /** Spectators one room admits at most (0 = none). */
  spectatorLimit: number;
  /** Days acknowledged or dropped lifecycle callbacks stay in the outbox (0 = for ever). */
  outboxRetentionDays: number;
  /** Whether players may create card battle practice rooms against bots (PRACTICE_ROOMS; on by default outside production). */
  practiceRooms: boolean;
  /** Lobby settings (LOBBY_TRUST_USER_HEADER, ADMIN_USERNAME, ADMIN_PASSWORD, LOBBY_ROOM_CONFIG, LOBBY_DEFAULT_GAME). */
  lobby: LobbySettings;
}

/** Reads and validates every setting from `env` (defaults to `process.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "environment"), message: issue.message }));
  let lobby: LobbySettings | undefined;
  try {
    lobby = loadLobbySettings(env, { production: env.NODE_ENV === "production", minPassword: MIN_PRODUCTION_PASSWORD });
  } catch (error) {
    if (!(error instanceof LobbySettingsError)) throw error;
    problems.push(...error.problems);
  }
  if (!parsed.success || lobby === undefined) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    nodeName: e.NODE_NAME,
    publicAddress: e.PUBLIC_ADDRESS,
    internalAddress: e.INTERNAL_ADDRESS,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET,
    jwksUrl: e.JWKS_URL,
    internalApiKeys: e.INTERNAL_API_KEYS,
    platformUrl: e.PLATFORM_URL,
    platformApiKey: e.PLATFORM_API_KEY,
    maxRooms: e.MAX_ROOMS,
    maxClientRooms: e.MAX_CLIENT_ROOMS,
    clientCreatesPerMinute: e.CLIENT_CREATES_PER_MINUTE,
    edge: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
      trustedProxies: e.TRUSTED_PROXIES,
    },
    authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    monitor:
      e.MONITOR_USER !== undefined && e.MONITOR_PASSWORD !== undefined
        ? { user: e.MONITOR_USER, password: e.MONITOR_PASSWORD }
        : undefined,
    transport: e.TRANSPORT,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === "test" ? "warn" : "info"),
    corsOrigins: e.CORS_ORIGINS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    authVerify: e.AUTH_VERIFY ?? (e.JWT_SECRET === undefined && e.JWKS_URL === undefined && e.PLATFORM_URL !== undefined ? "remote" : "local"),
    joinTimeoutSeconds: e.JOIN_TIMEOUT,
    spectatorLimit: e.SPECTATOR_LIMIT,
    outboxRetentionDays: e.OUTBOX_RETENTION_DAYS,
    practiceRooms: e.PRACTICE_ROOMS === undefined ? e.NODE_ENV !== "production" : e.PRACTICE_ROOMS === "on",
    lobby,
  };
}
