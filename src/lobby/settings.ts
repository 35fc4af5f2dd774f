/**
 * The lobby's settings, read from the environment and validated once when the
 * lobby is mounted (a bad value stops the server with a message naming the
 * variable, as the main configuration does).
 */
import { z } from "zod";
import { addressListProblem, commaList, flag, optionalText } from "../env-schema.js";
import { GAME_RULES } from "../games/registry.js";
import { isLobbyGameRules, LOBBY_GAMES, type LobbyGameRules } from "./rules.js";

/** The game a plain-semver `target_engine_version` means when LOBBY_DEFAULT_GAME is not set. */
export const DEFAULT_LOBBY_GAME: LobbyGameRules = "simple_card_battle";

/** Validated lobby settings. */
export interface LobbySettings {
  /** Whether `X-User-ID` is taken as the caller's identity (only behind a gateway on the internal network). */
  trustUserHeader: boolean;
  /**
   * Who may set `X-User-ID` when it is trusted: requests carrying `X-Gateway-Secret` equal to `secret`, or coming
   * from one of `addresses` (IPs or CIDR ranges). Neither set: any caller (refused at start in production).
   */
  gateway?: { secret?: string; addresses: string[] };
  /** The first administrator, created at start when no account of that name exists. */
  bootstrapAdmin?: { username: string; password: string };
  /** Extra room options merged into the config of every room the lobby starts, by game rules. */
  roomConfig: Partial<Record<LobbyGameRules, Record<string, unknown>>>;
  /** The game a seed-style plain semver `target_engine_version` (e.g. `1.0.0`) targets. */
  defaultGame: LobbyGameRules;
}

/** Thrown when a lobby variable holds an unusable value. */
export class LobbySettingsError extends Error {
  constructor(public readonly problems: Array<{ variable: string; message: string }>) {
    super("Invalid lobby configuration:\n" + problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n"));
    this.name = "LobbySettingsError";
  }
}

const roomConfigSchema = z
  .object(Object.fromEntries(GAME_RULES.map((rules) => [rules, z.record(z.string(), z.unknown()).optional()])) as Record<LobbyGameRules, z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>>)
  .strict();

const envSchema = z
  .object({
    LOBBY_TRUST_USER_HEADER: flag(false),
    LOBBY_GATEWAY_SECRET: optionalText.superRefine((v, ctx) => {
      if (v !== undefined && v.length < 16) ctx.addIssue({ code: "custom", message: "must be at least 16 characters" });
    }),
    LOBBY_GATEWAY_ADDRESSES: commaList.superRefine((entries, ctx) => {
      const problem = addressListProblem(entries);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    }),
    ADMIN_USERNAME: optionalText.superRefine((v, ctx) => {
      if (v !== undefined && !/^[A-Za-z0-9._@-]{1,64}$/.test(v)) {
        ctx.addIssue({ code: "custom", message: "must be 1 to 64 letters, digits or . _ @ - (no colon: it is a Basic auth user name)" });
      }
    }),
    // not trimmed: a password is taken exactly as written
    ADMIN_PASSWORD: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v === "" ? undefined : v))
      .superRefine((v, ctx) => {
        if (v !== undefined && (v.length < 8 || v.length > 72)) {
          ctx.addIssue({ code: "custom", message: "must be 8 to 72 characters (bcrypt reads at most 72 bytes)" });
        }
      }),
    LOBBY_ROOM_CONFIG: optionalText.transform((v, ctx) => {
      if (v === undefined) return {};
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON object" });
        return z.NEVER;
      }
      const checked = roomConfigSchema.safeParse(parsed);
      if (!checked.success) {
        ctx.addIssue({ code: "custom", message: `must be a JSON object like {${GAME_RULES.map((rules) => `"${rules}": {...}`).join(", ")}}` });
        return z.NEVER;
      }
      return checked.data;
    }),
    LOBBY_DEFAULT_GAME: optionalText.transform((v, ctx) => {
      if (v === undefined) return DEFAULT_LOBBY_GAME;
      if (!isLobbyGameRules(v)) {
        ctx.addIssue({ code: "custom", message: `must be one of ${Object.keys(LOBBY_GAMES).join(", ")}` });
        return z.NEVER;
      }
      return v;
    }),
  })
  .superRefine((env, ctx) => {
    if ((env.ADMIN_USERNAME === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [env.ADMIN_USERNAME === undefined ? "ADMIN_USERNAME" : "ADMIN_PASSWORD"],
        message: "ADMIN_USERNAME and ADMIN_PASSWORD must be set together",
      });
    }
  });

/** Checks that hold only in production: no unrestricted X-User-ID trust, long enough admin passwords. */
export interface LobbyStrictness {
  production: boolean;
  minPassword: number;
}

/** Reads and validates the lobby's variables from `env` (defaults to `process.env`); throws `LobbySettingsError`. */
export function loadLobbySettings(env: NodeJS.ProcessEnv = process.env, strictness: LobbyStrictness = { production: false, minPassword: 0 }): LobbySettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new LobbySettingsError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "environment"), message: issue.message })),
    );
  }
  const e = parsed.data;
  const gateway =
    e.LOBBY_GATEWAY_SECRET !== undefined || e.LOBBY_GATEWAY_ADDRESSES.length > 0
      ? { secret: e.LOBBY_GATEWAY_SECRET, addresses: e.LOBBY_GATEWAY_ADDRESSES }
      : undefined;
  const problems: Array<{ variable: string; message: string }> = [];
  if (strictness.production && e.LOBBY_TRUST_USER_HEADER && gateway === undefined) {
    problems.push({
      variable: "LOBBY_TRUST_USER_HEADER",
      message: "may be on in production only with LOBBY_GATEWAY_SECRET or LOBBY_GATEWAY_ADDRESSES (anyone could otherwise claim any user)",
    });
  }
  if (strictness.production && e.ADMIN_PASSWORD !== undefined && e.ADMIN_PASSWORD.length < strictness.minPassword) {
    problems.push({ variable: "ADMIN_PASSWORD", message: `must be at least ${strictness.minPassword} characters in production` });
  }
  if (problems.length > 0) throw new LobbySettingsError(problems);
  return {
    trustUserHeader: e.LOBBY_TRUST_USER_HEADER,
    ...(gateway === undefined ? {} : { gateway }),
    bootstrapAdmin:
      e.ADMIN_USERNAME !== undefined && e.ADMIN_PASSWORD !== undefined ? { username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD } : undefined,
    roomConfig: e.LOBBY_ROOM_CONFIG,
    defaultGame: e.LOBBY_DEFAULT_GAME,
  };
}
