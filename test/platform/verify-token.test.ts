import assert from "node:assert/strict";
import { PlatformClient } from "../../src/platform/client.js";
import { PLATFORM_UNAVAILABLE } from "../../src/platform/types.js";
import { captureLogger, counterValue, FakePlatform, recordingSleep, testMetrics } from "./fake-platform.js";

const API_KEY = "test-internal-api-key-0123456789";

describe("platform client: token verification", () => {
  let platform: FakePlatform;
  let clock: number;
  let client: PlatformClient;
  let metrics: ReturnType<typeof testMetrics>;
  let lines: Array<Record<string, unknown>>;

  beforeEach(async () => {
    platform = await FakePlatform.start();
    clock = 1_000_000;
    metrics = testMetrics();
    const captured = captureLogger();
    lines = captured.lines;
    client = new PlatformClient({
      baseUrl: platform.url,
      apiKey: API_KEY,
      logger: captured.logger,
      metrics,
      timeoutMs: 200,
      sleep: recordingSleep().sleep,
      now: () => clock,
    });
  });
  afterEach(async () => {
    await platform.close();
  });

  const active = { valid: true, user_id: "u-1", display_name: "Player1", role: "player", status: "active" };

  it("sends POST /internal/auth/verify with the token and parses a valid answer", async () => {
    platform.script([{ status: 200, body: active }]);
    assert.deepEqual(await client.verifyToken("jwt.token.here"), active);
    const [req] = platform.requests;
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/internal/auth/verify");
    assert.equal(req.headers["x-internal-api-key"], API_KEY);
    assert.equal(req.headers["content-type"], "application/json");
    assert.deepEqual(req.body, { token: "jwt.token.here" });
    assert.ok(!JSON.stringify(lines).includes("jwt.token.here"), "the token is never logged");
  });

  it("parses an invalid answer with its reason", async () => {
    platform.script([{ status: 200, body: { valid: false, reason: "expired" } }]);
    assert.deepEqual(await client.verifyToken("old"), { valid: false, reason: "expired" });
  });

  it("parses a frozen account: valid token, status frozen", async () => {
    const frozen = { ...active, status: "frozen" };
    platform.script([{ status: 200, body: frozen }]);
    assert.deepEqual(await client.verifyToken("t"), frozen);
  });

  it("reuses a valid answer for 30 s without asking again", async () => {
    platform.script([{ status: 200, body: active }], { status: 200, body: { valid: false, reason: "revoked" } });
    await client.verifyToken("t");
    clock += 29_000;
    assert.deepEqual(await client.verifyToken("t"), active);
    assert.equal(platform.requests.length, 1, "cache hit: no second request");
    clock += 2_000;
    assert.deepEqual(await client.verifyToken("t"), { valid: false, reason: "revoked" });
    assert.equal(platform.requests.length, 2);
    assert.equal(await counterValue(metrics.callbackAttempts, { kind: "verify", outcome: "ok" }), 2);
  });

  it("reuses an invalid answer for 5 s only", async () => {
    platform.script([{ status: 200, body: { valid: false, reason: "expired" } }], { status: 200, body: active });
    await client.verifyToken("t");
    clock += 4_000;
    assert.deepEqual(await client.verifyToken("t"), { valid: false, reason: "expired" });
    assert.equal(platform.requests.length, 1);
    clock += 1_500;
    assert.deepEqual(await client.verifyToken("t"), active);
    assert.equal(platform.requests.length, 2);
  });

  it("caches per token", async () => {
    platform.respond((req) => ({ status: 200, body: { ...active, user_id: (req.body as { token: string }).token } }));
    const [a, b] = [await client.verifyToken("a"), await client.verifyToken("b")];
    assert.equal(a.valid && a.user_id, "a");
    assert.equal(b.valid && b.user_id, "b");
    assert.equal(platform.requests.length, 2);
  });

  it("concurrent checks of one token share one request", async () => {
    platform.respond(() => ({ status: 200, body: active, delayMs: 50 }));
    const results = await Promise.all([client.verifyToken("t"), client.verifyToken("t"), client.verifyToken("t")]);
    assert.deepEqual(results, [active, active, active]);
    assert.equal(platform.requests.length, 1);
  });

  it("platform down: platform_unavailable after the retries, not cached", async () => {
    platform.script([{ status: 500 }, { status: 500 }, { status: 500 }], { status: 200, body: active });
    assert.deepEqual(await client.verifyToken("t"), { valid: false, reason: PLATFORM_UNAVAILABLE });
    assert.equal(platform.requests.length, 3);
    assert.deepEqual(await client.verifyToken("t"), active);
    assert.equal(platform.requests.length, 4);
  });

  it("an answer of the wrong shape is platform_unavailable, logged, not cached", async () => {
    platform.script([{ status: 200, body: { valid: "yes" } }]);
    assert.deepEqual(await client.verifyToken("t"), { valid: false, reason: PLATFORM_UNAVAILABLE });
    assert.ok(lines.some((l) => l.level === 50 && String(l.msg).includes("unexpected body")));
    await client.verifyToken("t");
    assert.equal(platform.requests.length, 2);
  });

  it("401 on verify: platform_unavailable and a security event", async () => {
    platform.script([{ status: 401 }]);
    assert.deepEqual(await client.verifyToken("t"), { valid: false, reason: PLATFORM_UNAVAILABLE });
    assert.equal(platform.requests.length, 1);
    assert.ok(lines.some((l) => l.security_event === true && l.kind === "verify"));
  });
});
