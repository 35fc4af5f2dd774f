/**
 * The lobby's request bodies and query parameters (seed 004 schemas), as zod
 * schemas. Unknown fields are refused (the seed's `additionalProperties: false`).
 */
import { z } from "zod";
import { cronProblem } from "./cron.js";
import { invalid } from "./errors.js";
import { engineVersionProblem } from "./rules.js";

/** A UUID in any version, as the gateway forwards user ids; kept lower-case. */
export const uuidText = z.guid().transform((v) => v.toLowerCase());

/** Free text from a client: PostgreSQL text cannot hold NUL, so it is refused here (400), not at the write (500). */
const text = () => z.string().refine((v) => !v.includes("\u0000"), "must not contain NUL characters");

const dateTime = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
const gameName = text().refine((v) => v.trim().length > 0, "must not be empty").pipe(z.string().max(128));
const description = text().pipe(z.string().max(4000));
const players = z.number().int().min(1).max(1000);
const gap = z.number().int().min(0).max(100_000);
const turnSchedule = text().superRefine((v, ctx) => {
  const problem = cronProblem(v);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: `not a five-field cron expression: ${problem}` });
});
// only the form here: the game it means (and whether the bounds fit it) is the games service's, with the lobby's default game
const engineVersion = text().superRefine((v, ctx) => {
  const problem = engineVersionProblem(v);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});

const gameFields = {
  game_name: gameName,
  description: description.optional(),
  min_players: players,
  max_players: players,
  start_gap_hours: gap,
  start_gap_players: gap,
  enrollment_ends_at: dateTime,
  turn_schedule: turnSchedule,
  target_engine_version: engineVersion,
};

/** `LobbyGameCreateRequest`: a private game created by a user. */
export const userGameCreateSchema = z
  .object({ ...gameFields, visibility: z.literal("private", { message: 'must be "private" (public games are created by administrators)' }) })
  .strict();

/** `AdminGameCreateRequest`: a public game created by an administrator. */
export const adminGameCreateSchema = z.object(gameFields).strict();

/** `LobbyGameUpdateRequest`: the owner's partial update. */
export const gameUpdateSchema = z
  .object({
    game_name: gameName.optional(),
    description: description.optional(),
    enrollment_ends_at: dateTime.optional(),
    turn_schedule: turnSchedule.optional(),
    target_engine_version: engineVersion.optional(),
    min_players: players.optional(),
    max_players: players.optional(),
    start_gap_hours: gap.optional(),
    start_gap_players: gap.optional(),
  })
  .strict();

/** A create request as the services use it. */
export type GameCreateInput = z.infer<typeof adminGameCreateSchema>;
/** An update request as the services use it. */
export type GameUpdateInput = z.infer<typeof gameUpdateSchema>;

/** `LobbyApplicationSubmitRequest`. */
export const applicationSubmitSchema = z.object({ race_name: text() }).strict();

/** `LobbyInviteIssueRequest`: user-bound when `invited_user_id` is set, else code-based. */
export const inviteIssueSchema = z
  .object({
    invited_user_id: uuidText.optional(),
    race_name: text().optional(),
    expires_at: dateTime.optional(),
  })
  .strict();

/** The body of redeem and decline (this server's addition): the code of a code-based invite, and a race name when the invite has none. */
export const inviteAnswerSchema = z
  .object({
    code: text().pipe(z.string().trim().min(1).max(64)).optional(),
    race_name: text().optional(),
  })
  .strict();

/** `RaceNameRegisterRequest`: the race name (any spelling with its canonical key) to register. */
export const raceNameRegisterSchema = z.object({ name: text() }).strict();

/** `AdminGameBanMemberRequest`. */
export const banMemberSchema = z.object({ user_id: uuidText, reason: text().pipe(z.string().trim().min(1).max(1000)) }).strict();

/** Largest `page_size`. */
export const MAX_PAGE_SIZE = 200;
/** `page_size` when none is given. */
export const DEFAULT_PAGE_SIZE = 50;

const positiveInt = (fallback: number, max: number) =>
  z
    .union([z.string(), z.undefined()])
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from 1 to ${max}` });
        return z.NEVER;
      }
      return Number(v);
    });

/** The `page` and `page_size` query parameters. */
export const pagingSchema = z.object({
  page: positiveInt(1, 1_000_000),
  page_size: positiveInt(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
});

/** A page request. */
export type Paging = z.infer<typeof pagingSchema>;

/** Parses `input` with `schema`, or throws an `invalid` lobby error naming each bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what = "request body"): z.output<T> {
  if (input === undefined || input === null) {
    throw invalid(`${what} is required (a JSON object)`);
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues
    .map((issue) => {
      const path = issue.path.map(String).join(".");
      if (issue.code === "unrecognized_keys") return `unknown field(s): ${issue.keys.join(", ")}`;
      return path === "" ? issue.message : `${path}: ${issue.message}`;
    })
    .join("; ");
  throw invalid(`invalid ${what}: ${details}`);
}

/** Parses the query's paging parameters, or throws an `invalid` lobby error. */
export function parsePaging(query: unknown): Paging {
  const q = (query ?? {}) as Record<string, unknown>;
  const single = (v: unknown) => (Array.isArray(v) ? "not a single value" : v);
  return parseOrThrow(pagingSchema, { page: single(q.page), page_size: single(q.page_size) }, "query");
}
