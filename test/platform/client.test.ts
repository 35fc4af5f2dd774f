import assert from "node:assert/strict";
import { PlatformClient, type PlatformClientOptions } from "../../src/platform/client.js";
import { backoffDelay } from "../../src/platform/backoff.js";
import { isoSeconds } from "../../src/platform/payloads.js";
import type { FinishedPayload } from "../../src/platform/types.js";
import { freePort } from "../support/net.js";
import { captureLogger, counterValue, FakePlatform, recordingSleep, testMetrics } from "./fake-platform.js";

const API_KEY = "test-internal-api-key-0123456789";

/** A client against `baseUrl` with short timings unless overridden. */
function makeClient(baseUrl: string, overrides: Partial<PlatformClientOptions> = {}) {
  const { logger, lines } = captureLogger();
  const metrics = testMetrics();
  const recorder = recordingSleep();
  const client = new PlatformClient({
    baseUrl,
    apiKey: API_KEY,
    logger,
    metrics,
    timeoutMs: 200,
    sleep: recorder.sleep,
    ...overrides,
  });
  return { client, lines, metrics, delays: recorder.delays };
}

const finished: FinishedPayload = {
  winnerId: "uuid1",
  resultData: {
    players: { uuid1: { hp: 5, result: "winner" }, uuid2: { hp: 0, result: "loser" } },
    turns_played: 12,
    duration_seconds: 340,
  },
  finishedAt: new Date("2026-02-10T01:08:00.000Z"),
};

describe("platform client", () => {
  let platform: FakePlatform;
  beforeEach(async () => {
    platform = await FakePlatform.start();
  });
  afterEach(async () => {
    await platform.close();
  });

  describe("request shapes (seed contract)", () => {
    it("ready: POST /internal/rooms with room, node and status", async () => {
      const { client } = makeClient(platform.url);
      const outcome = await client.reportReady("room-1", "game-server-1");
      assert.deepEqual(outcome, { ok: true, status: 200, body: { acknowledged: true }, attempts: 1 });
      const [req] = platform.requests;
      assert.equal(req.method, "POST");
      assert.equal(req.path, "/internal/rooms");
      assert.equal(req.headers["x-internal-api-key"], API_KEY);
      assert.equal(req.headers["content-type"], "application/json");
      assert.deepEqual(req.body, { room_id: "room-1", node_name: "game-server-1", status: "ready" });
    });

    it("started: PUT /internal/rooms/:room_id/started with UTC seconds and player ids", async () => {
      const { client } = makeClient(platform.url);
      platform.script([{ status: 200, body: { acknowledged: true, room_status: "playing" } }]);
      const outcome = await client.reportStarted("room-1", {
        startedAt: new Date("2026-02-10T01:02:00.789Z"),
        playerIds: ["uuid1", "uuid2"],
      });
      assert.deepEqual(outcome, { ok: true, status: 200, body: { acknowledged: true, room_status: "playing" }, attempts: 1 });
      const [req] = platform.requests;
      assert.equal(req.method, "PUT");
      assert.equal(req.path, "/internal/rooms/room-1/started");
      assert.equal(req.headers["x-internal-api-key"], API_KEY);
      assert.equal(req.headers["content-type"], "application/json");
      assert.equal(req.rawBody, '{"room_id":"room-1","started_at":"2026-02-10T01:02:00Z","player_ids":["uuid1","uuid2"]}');
    });

    it("finished: PUT /internal/rooms/:room_id/finished with exactly the seed's body", async () => {
      const { client } = makeClient(platform.url);
      platform.script([{ status: 200, body: { acknowledged: true, game_result_id: "gr-1" } }]);
      const outcome = await client.reportFinished("room-1", finished);
      assert.equal(outcome.ok, true);
      assert.deepEqual(outcome.ok && outcome.body, { acknowledged: true, game_result_id: "gr-1" });
      const [req] = platform.requests;
      assert.equal(req.method, "PUT");
      assert.equal(req.path, "/internal/rooms/room-1/finished");
      assert.equal(req.headers["x-internal-api-key"], API_KEY);
      assert.equal(req.headers["content-type"], "application/json");
      assert.deepEqual(req.body, {
        room_id: "room-1",
        winner_id: "uuid1",
        result_data: {
          players: { uuid1: { hp: 5, result: "winner" }, uuid2: { hp: 0, result: "loser" } },
          turns_played: 12,
          duration_seconds: 340,
        },
        finished_at: "2026-02-10T01:08:00Z",
      });
    });

    it("finished: a null winner and extra result_data fields (Liap Tui) pass through unchanged", async () => {
      const { client } = makeClient(platform.url);
      const resultData = {
        players: { a: { score: 31, result: "winner" }, b: { score: 12, result: "loser" } },
        turns_played: 40,
        duration_seconds: 900,
        rounds: [{ round: 1, declarations: { a: 2, b: 3 }, captured: { a: 2, b: 1 } }],
        redeals: 1,
        game_rules: "liap_tui",
      };
      await client.reportFinished("room-9", { winnerId: null, resultData, finishedAt: new Date("2026-02-10T01:08:00Z") });
      const body = platform.requests[0].body as Record<string, unknown>;
      assert.equal(body.winner_id, null);
      assert.deepEqual(body.result_data, resultData);
      assert.deepEqual(Object.keys(body), ["room_id", "winner_id", "result_data", "finished_at"]);
    });

    it("aborted: PUT /internal/rooms/:room_id/aborted for each of the four reasons", async () => {
      const { client } = makeClient(platform.url);
      const reasons = ["join_timeout", "all_disconnected", "admin_terminated", "process_error"] as const;
      for (const reason of reasons) {
        await client.reportAborted("room-1", reason, new Date("2026-02-10T01:04:00Z"));
      }
      assert.deepEqual(
        platform.requests.map((r) => [r.method, r.path, r.headers["x-internal-api-key"]]),
        reasons.map(() => ["PUT", "/internal/rooms/room-1/aborted", API_KEY]),
      );
      assert.deepEqual(
        platform.requests.map((r) => r.body),
        reasons.map((reason) => ({ room_id: "room-1", reason, aborted_at: "2026-02-10T01:04:00Z" })),
      );
    });

    it("accepts the seed's base URL form ending in /internal, and escapes room ids in paths", async () => {
      const { client } = makeClient(`${platform.url}/internal/`);
      await client.reportReady("r", "n");
      await client.reportAborted("a/b c", "process_error", new Date("2026-02-10T01:04:00Z"));
      assert.deepEqual(platform.calls(), ["POST /internal/rooms", "PUT /internal/rooms/a%2Fb%20c/aborted"]);
      assert.equal((platform.requests[1].body as { room_id: string }).room_id, "a/b c");
    });

    it("writes times as ISO-8601 UTC with seconds precision", () => {
      assert.equal(isoSeconds(new Date("2026-02-10T01:02:00.999Z")), "2026-02-10T01:02:00Z");
      assert.equal(isoSeconds(new Date("2026-02-10T03:02:00+02:00")), "2026-02-10T01:02:00Z");
      assert.throws(() => isoSeconds(new Date("nonsense")), RangeError);
    });
  });

  describe("retry policy", () => {
    it("500 then 200: two attempts, success, one backoff", async () => {
      const { client, metrics, delays } = makeClient(platform.url);
      platform.script([{ status: 500, body: { error: "boom" } }]);
      const outcome = await client.reportFinished("room-1", finished);
      assert.deepEqual(outcome, { ok: true, status: 200, body: { acknowledged: true }, attempts: 2 });
      assert.equal(platform.requests.length, 2);
      assert.deepEqual(platform.requests[0].body, platform.requests[1].body);
      assert.equal(delays.length, 1);
      assert.equal(await counterValue(metrics.callbackAttempts, { kind: "finished", outcome: "5xx" }), 1);
      assert.equal(await counterValue(metrics.callbackAttempts, { kind: "finished", outcome: "ok" }), 1);
      assert.equal(await counterValue(metrics.callbackFailures, { kind: "finished" }), 0);
    });

    it("401: one attempt, unauthorized, logged as a security event", async () => {
      const { client, lines, metrics, delays } = makeClient(platform.url);
      platform.script([{ status: 401, body: { error: "unauthorized" } }]);
      const outcome = await client.reportStarted("room-1", { startedAt: new Date(), playerIds: ["a"] });
      assert.deepEqual(outcome, { ok: false, kind: "unauthorized", status: 401, error: "HTTP 401", attempts: 1 });
      assert.equal(platform.requests.length, 1);
      assert.deepEqual(delays, []);
      const security = lines.filter((l) => l.security_event === true);
      assert.equal(security.length, 1);
      assert.equal(security[0].level, 50, "error level");
      assert.equal(security[0].kind, "started");
      assert.equal(security[0].room_id, "room-1");
      assert.equal(security[0].status, 401);
      assert.ok(!JSON.stringify(lines).includes(API_KEY), "the key itself is never logged");
      assert.equal(await counterValue(metrics.callbackAttempts, { kind: "started", outcome: "401" }), 1);
      assert.equal(await counterValue(metrics.callbackFailures, { kind: "started" }), 1);
    });

    it("404: one attempt, not_found, no throw", async () => {
      const { client, metrics } = makeClient(platform.url);
      platform.script([{ status: 404, body: { error: "room_not_found" } }]);
      const outcome = await client.reportReady("room-x", "node");
      assert.deepEqual(outcome, { ok: false, kind: "not_found", status: 404, error: "HTTP 404", attempts: 1 });
      assert.equal(platform.requests.length, 1);
      assert.equal(await counterValue(metrics.callbackAttempts, { kind: "ready", outcome: "404" }), 1);
    });

    it("another 4xx: one attempt, rejected", async () => {
      const { client } = makeClient(platform.url);
      platform.script([{ status: 422, body: { error: "invalid" } }]);
      const outcome = await client.reportAborted("room-1", "join_timeout");
      assert.deepEqual(outcome, { ok: false, kind: "rejected", status: 422, error: "HTTP 422", attempts: 1 });
      assert.equal(platform.requests.length, 1);
    });

    it("5xx every time: three attempts, exhausted, counted as a failure", async () => {
      const { client, metrics, lines } = makeClient(platform.url);
      platform.respond(() => ({ status: 503 }));
      const outcome = await client.reportFinished("room-1", finished);
      assert.deepEqual(outcome, { ok: false, kind: "exhausted", status: 503, error: "HTTP 503", attempts: 3 });
      assert.equal(platform.requests.length, 3);
      assert.equal(await counterValue(metrics.callbackAttempts, { kind: "finished", outcome: "5xx" }), 3);
      assert.equal(await counterValue(metrics.callbackFailures, { kind: "finished" }), 1);
      assert.ok(lines.some((l) => l.level === 50 && l.msg === "platform callback failed after 3 attempts"));
    });

    it("a platform that never answers: each attempt is cut at the time limit, retried, exhausted", async () => {
      const { client, metrics } = makeClient(platform.url, { timeoutMs: 200 });
      platform.respond(() => "hang");
      const started = Date.now();
      const outcome = await client.reportReady("room-1", "node");
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.kind, "exhausted");
      assert.match((!outcome.ok && outcome.error) || "", /^timeout: no answer within 200 ms$/);
      assert.equal(platform.requests.length, 3);
      for (const req of platform.requests) {
        await waitUntil(() => req.endedAt !== undefined);
        const held = (req.endedAt ?? 0) - req.receivedAt;
        assert.ok(held >= 150 && held < 600, `attempt held ${held} ms`);
      }
      assert.ok(Date.now() - started < 2_000);
      assert.equal(await counterValue(metrics.callbackAttempts, { kind: "ready", outcome: "timeout" }), 3);
    });

    it("connection refused: retried, exhausted, never thrown", async () => {
      const port = await freePort();
      const { client, metrics, delays } = makeClient(`http://127.0.0.1:${port}`);
      const outcome = await client.reportFinished("room-1", finished);
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.kind, "exhausted");
      assert.equal(outcome.attempts, 3);
      assert.match((!outcome.ok && outcome.error) || "", /^network: ECONNREFUSED/);
      assert.equal(delays.length, 2);
      assert.equal(await counterValue(metrics.callbackAttempts, { kind: "finished", outcome: "network" }), 3);
      assert.equal(await counterValue(metrics.callbackFailures, { kind: "finished" }), 1);
    });

    it("waits grow between attempts and carry jitter", async () => {
      const runs: number[][] = [];
      for (let i = 0; i < 8; i++) {
        const { client, delays } = makeClient(platform.url, { maxAttempts: 4 });
        platform.respond(() => ({ status: 500 }));
        await client.reportReady("room-1", "node");
        runs.push([...delays]);
      }
      for (const delays of runs) {
        assert.equal(delays.length, 3);
        // equal jitter over 250 · 2^(n-1): [125, 250], [250, 500], [500, 1000]
        assert.ok(delays[0] >= 125 && delays[0] <= 250, `first wait ${delays[0]}`);
        assert.ok(delays[1] >= 250 && delays[1] <= 500, `second wait ${delays[1]}`);
        assert.ok(delays[2] >= 500 && delays[2] <= 1000, `third wait ${delays[2]}`);
        assert.ok(delays[0] <= delays[1] && delays[1] <= delays[2]);
      }
      assert.ok(new Set(runs.map((d) => d[0])).size > 1, "first waits differ between runs (jitter)");
    });

    it("backoff is capped at maxDelayMs and spans the jitter range", () => {
      const settings = { baseDelayMs: 250, maxDelayMs: 4_000 };
      assert.equal(backoffDelay(1, settings, () => 0), 125);
      assert.equal(backoffDelay(1, settings, () => 0.999999), 250);
      assert.equal(backoffDelay(3, settings, () => 0), 500);
      assert.equal(backoffDelay(10, settings, () => 0), 2_000);
      assert.equal(backoffDelay(10, settings, () => 0.999999), 4_000);
    });

    it("the real waits are slept when no sleep is injected", async () => {
      const { client } = makeClient(platform.url, { sleep: undefined, baseDelayMs: 100, maxDelayMs: 100 });
      platform.script([{ status: 502 }]);
      const outcome = await client.reportReady("room-1", "node");
      assert.equal(outcome.ok, true);
      const gap = platform.requests[1].receivedAt - platform.requests[0].receivedAt;
      assert.ok(gap >= 45, `waited ${gap} ms between attempts`);
    });

    it("honours the contract's real 5 s limit: three attempts, each cut at ~5 s", async function () {
      this.timeout(30_000);
      const { logger } = captureLogger();
      const recorder = recordingSleep();
      const client = new PlatformClient({ baseUrl: platform.url, apiKey: API_KEY, logger, metrics: testMetrics(), sleep: recorder.sleep });
      platform.respond(() => "hang");
      const started = Date.now();
      const outcome = await client.reportFinished("room-1", finished);
      const elapsed = Date.now() - started;
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.kind, "exhausted");
      assert.equal(!outcome.ok && outcome.error, "timeout: no answer within 5000 ms");
      assert.equal(platform.requests.length, 3);
      for (const req of platform.requests) {
        await waitUntil(() => req.endedAt !== undefined);
        const held = (req.endedAt ?? 0) - req.receivedAt;
        assert.ok(held >= 4_900 && held < 5_600, `attempt held ${held} ms`);
      }
      assert.equal(recorder.delays.length, 2);
      assert.ok(elapsed >= 14_700 && elapsed < 17_000, `whole callback took ${elapsed} ms`);
    });
  });
});

/** Polls a synchronous condition for up to a second. */
async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), "condition not reached");
}
