/**
 * The HTTP client for the platform's internal API (Phoenix → Rails): one
 * method per callback of the contract, with its retry policy — 5 s per
 * request, at most 3 attempts with exponential backoff and jitter; 5xx,
 * timeouts and network errors are retried; 401 (logged as a security event),
 * 404 and other 4xx are not. Failures come back as values, never as throws.
 */
import { z } from "zod";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { backoffDelay, sleep as realSleep } from "./backoff.js";
import { attemptRequest, type AttemptResult } from "./http-attempt.js";
import { abortedBody, finishedBody, readyBody, startedBody } from "./payloads.js";
import { TtlCache } from "./ttl-cache.js";
import {
  PLATFORM_UNAVAILABLE,
  type AbortReason,
  type CallbackFailureKind,
  type CallbackKind,
  type CallbackOutcome,
  type FinishedBody,
  type LifecycleCallback,
  type FinishedPayload,
  type StartedPayload,
  type TokenVerification,
} from "./types.js";

/** Settings of a `PlatformClient`; every number has the contract's default. */
export interface PlatformClientOptions {
  /** The platform's address, e.g. "http://api-server:3001" (a trailing "/internal" is accepted too). */
  baseUrl: string;
  /** Sent as X-Internal-Api-Key on every request. */
  apiKey: string;
  logger: Logger;
  metrics: Metrics;
  /** Time limit of one request. */
  timeoutMs?: number;
  /** Attempts per callback, the first included. */
  maxAttempts?: number;
  /** First backoff step; each next step doubles, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Waits between attempts (tests inject a recorder). */
  sleep?: (ms: number) => Promise<void>;
  /** Random source of the jitter, in [0, 1). */
  random?: () => number;
  /** How long a `valid: true` answer of verifyToken is reused. */
  verifyValidTtlMs?: number;
  /** How long a `valid: false` answer of verifyToken is reused. */
  verifyInvalidTtlMs?: number;
  /** Most tokens kept in the verification cache. */
  verifyCacheSize?: number;
  /** Clock of the verification cache, in milliseconds. */
  now?: () => number;
}

/** How one attempt counts: its metric label and what to do next. */
export interface AttemptVerdict {
  label: "ok" | "5xx" | "timeout" | "network" | "401" | "404" | "4xx" | "3xx";
  next: "done" | "retry" | Exclude<CallbackFailureKind, "exhausted">;
}

/** Classifies one attempt by the contract's error table. */
export function classifyAttempt(result: AttemptResult): AttemptVerdict {
  if (result.type === "timeout") return { label: "timeout", next: "retry" };
  if (result.type === "network") return { label: "network", next: "retry" };
  const status = result.status;
  if (status >= 200 && status < 300) return { label: "ok", next: "done" };
  if (status === 401) return { label: "401", next: "unauthorized" };
  if (status === 404) return { label: "404", next: "not_found" };
  if (status >= 500) return { label: "5xx", next: "retry" };
  if (status >= 400) return { label: "4xx", next: "rejected" };
  return { label: "3xx", next: "rejected" };
}

const verificationSchema = z.union([
  z.object({
    valid: z.literal(true),
    user_id: z.string(),
    display_name: z.string(),
    role: z.string(),
    status: z.string(),
  }),
  z.object({ valid: z.literal(false), reason: z.string() }),
]);

/** One request of a callback, before it is sent. */
interface CallbackRequest {
  kind: CallbackKind;
  method: "POST" | "PUT";
  /** Path below /internal. */
  path: string;
  body: unknown;
  roomId?: string;
  maxAttempts?: number;
  /** Checked before each retry; false stops retrying (shutdown). */
  mayRetry?: () => boolean;
}

/** The platform's internal API as typed methods. */
export class PlatformClient {
  private readonly root: string;
  private readonly apiKey: string;
  private readonly logger: Logger;
  private readonly metrics: Metrics;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: { baseDelayMs: number; maxDelayMs: number };
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly verifyTtl: { valid: number; invalid: number };
  private readonly verifications: TtlCache<TokenVerification>;
  private readonly verifying = new Map<string, Promise<TokenVerification>>();

  constructor(options: PlatformClientOptions) {
    this.root = internalRoot(options.baseUrl);
    this.apiKey = options.apiKey;
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.backoff = { baseDelayMs: options.baseDelayMs ?? 250, maxDelayMs: options.maxDelayMs ?? 4_000 };
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.verifyTtl = { valid: options.verifyValidTtlMs ?? 30_000, invalid: options.verifyInvalidTtlMs ?? 5_000 };
    this.verifications = new TtlCache(options.verifyCacheSize ?? 10_000, options.now ?? Date.now);
  }

  /** POST /internal/rooms: the room process is up on `nodeName`. */
  reportReady(roomId: string, nodeName: string): Promise<CallbackOutcome> {
    return this.send({ kind: "ready", method: "POST", path: "/rooms", body: readyBody(roomId, nodeName), roomId });
  }

  /** PUT /internal/rooms/:room_id/started: every expected player joined and the game began. */
  reportStarted(roomId: string, started: StartedPayload): Promise<CallbackOutcome> {
    return this.send({
      kind: "started",
      method: "PUT",
      path: `/rooms/${encodeURIComponent(roomId)}/started`,
      body: startedBody(roomId, started),
      roomId,
    });
  }

  /**
   * PUT /internal/rooms/:room_id/finished: the game ended normally. The caller
   * must have stored the result in `game_results` (and awaited that write)
   * before calling.
   */
  reportFinished(roomId: string, finished: FinishedPayload): Promise<CallbackOutcome> {
    return this.deliverFinished(finishedBody(roomId, finished));
  }

  /** Sends an already built `finished` body (also used by redelivery, with its own attempt count and metric kind). */
  deliverFinished(
    body: FinishedBody,
    options: { maxAttempts?: number; kind?: "finished" | "finished_redelivery" } = {},
  ): Promise<CallbackOutcome> {
    return this.send({
      kind: options.kind ?? "finished",
      method: "PUT",
      path: `/rooms/${encodeURIComponent(body.room_id)}/finished`,
      body,
      roomId: body.room_id,
      maxAttempts: options.maxAttempts,
    });
  }

  /**
   * Sends one recorded lifecycle callback (a body built by `payloads.ts` and
   * stored in the outbox) to its route, with the retry policy; `maxAttempts`
   * overrides the attempt count (redelivery makes one per pass) and
   * `mayRetry` can stop retrying early.
   */
  deliverEvent(
    kind: LifecycleCallback,
    roomId: string,
    body: unknown,
    options: { maxAttempts?: number; redelivery?: boolean; mayRetry?: () => boolean } = {},
  ): Promise<CallbackOutcome> {
    const room = encodeURIComponent(roomId);
    const route = kind === "ready" ? { method: "POST" as const, path: "/rooms" } : { method: "PUT" as const, path: `/rooms/${room}/${kind}` };
    return this.send({
      kind: kind === "finished" && options.redelivery === true ? "finished_redelivery" : kind,
      ...route,
      body,
      roomId,
      maxAttempts: options.maxAttempts,
      mayRetry: options.mayRetry,
    });
  }

  /** PUT /internal/rooms/:room_id/aborted: the room ended abnormally. */
  reportAborted(roomId: string, reason: AbortReason, abortedAt: Date = new Date()): Promise<CallbackOutcome> {
    return this.send({
      kind: "aborted",
      method: "PUT",
      path: `/rooms/${encodeURIComponent(roomId)}/aborted`,
      body: abortedBody(roomId, reason, abortedAt),
      roomId,
    });
  }

  /**
   * POST /internal/auth/verify: the platform's verdict on a player's token
   * (frozen accounts come back `valid: true` with their `status`). Answers are
   * reused for a short while and concurrent checks of one token share one
   * request. When the platform cannot answer the result is
   * `{ valid: false, reason: "platform_unavailable" }`, which is not cached.
   */
  verifyToken(token: string): Promise<TokenVerification> {
    const cached = this.verifications.get(token);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.verifying.get(token);
    if (pending !== undefined) return pending;
    const request = this.askVerify(token).finally(() => this.verifying.delete(token));
    this.verifying.set(token, request);
    return request;
  }

  private async askVerify(token: string): Promise<TokenVerification> {
    const outcome = await this.send({ kind: "verify", method: "POST", path: "/auth/verify", body: { token } });
    if (!outcome.ok) return { valid: false, reason: PLATFORM_UNAVAILABLE };
    const parsed = verificationSchema.safeParse(outcome.body);
    if (!parsed.success) {
      this.logger.error({ kind: "verify", issues: parsed.error.issues }, "platform answered token verification with an unexpected body");
      return { valid: false, reason: PLATFORM_UNAVAILABLE };
    }
    const verification = parsed.data;
    this.verifications.set(token, verification, verification.valid ? this.verifyTtl.valid : this.verifyTtl.invalid);
    return verification;
  }

  /** Sends one callback with the retry policy; resolves with its outcome. */
  private async send(request: CallbackRequest): Promise<CallbackOutcome> {
    const maxAttempts = Math.max(1, request.maxAttempts ?? this.maxAttempts);
    const context = { kind: request.kind, ...(request.roomId !== undefined ? { room_id: request.roomId } : {}) };
    let last: AttemptResult | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1 && request.mayRetry?.() === false) return this.fail(request, context, "exhausted", last, attempt - 1);
      const result = await attemptRequest({
        method: request.method,
        url: `${this.root}${request.path}`,
        headers: { "Content-Type": "application/json", "X-Internal-Api-Key": this.apiKey },
        body: request.body,
        timeoutMs: this.timeoutMs,
      });
      last = result;
      const verdict = classifyAttempt(result);
      this.metrics.callbackAttempts.inc({ kind: request.kind, outcome: verdict.label });
      if (verdict.next === "done") {
        return result.type === "response"
          ? { ok: true, status: result.status, body: result.body, attempts: attempt }
          : this.fail(request, context, "exhausted", result, attempt);
      }
      if (verdict.next !== "retry") return this.fail(request, context, verdict.next, result, attempt);
      if (attempt < maxAttempts) {
        const delayMs = backoffDelay(attempt, this.backoff, this.random);
        this.logger.warn(
          { ...context, attempt, outcome: verdict.label, error: describe(result), retry_in_ms: delayMs },
          "platform callback attempt failed; retrying",
        );
        await this.sleep(delayMs);
      }
    }
    return this.fail(request, context, "exhausted", last, maxAttempts);
  }

  /** Logs and counts a callback that will not succeed, and builds its outcome. */
  private fail(
    request: CallbackRequest,
    context: Record<string, string>,
    kind: CallbackFailureKind,
    result: AttemptResult | undefined,
    attempts: number,
  ): CallbackOutcome {
    const status = result?.type === "response" ? result.status : undefined;
    const error = result === undefined ? undefined : describe(result);
    const fields = { ...context, attempts, status, error, path: request.path };
    if (kind === "unauthorized") {
      this.logger.error({ ...fields, security_event: true }, "platform refused our internal API key (401); not retrying");
    } else if (kind === "not_found") {
      this.logger.warn(fields, "platform does not know this resource (404); not retrying");
    } else if (kind === "rejected") {
      this.logger.error(fields, "platform rejected the callback; not retrying");
    } else {
      this.logger.error(fields, `platform callback failed after ${attempts} attempt${attempts === 1 ? "" : "s"}`);
    }
    this.metrics.callbackFailures.inc({ kind: request.kind });
    return { ok: false, kind, attempts, ...(status !== undefined ? { status } : {}), ...(error !== undefined ? { error } : {}) };
  }
}

/** "http://h:3001", "http://h:3001/" and "http://h:3001/internal" all become "http://h:3001/internal". */
function internalRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  return trimmed.endsWith("/internal") ? trimmed : `${trimmed}/internal`;
}

function describe(result: AttemptResult): string {
  return result.type === "response" ? `HTTP ${result.status}` : `${result.type}: ${result.error}`;
}
