import assert from "node:assert/strict";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("HTTP side-app (real socket)", () => {
  let server: RunningServer & { url: string };
  before(async () => {
    server = await startTestServer({
      MONITOR_USER: "ops",
      MONITOR_PASSWORD: "correct horse",
      CORS_ORIGINS: "https://play.example.com",
    });
  });
  after(async () => {
    await server?.stop();
  });

  it("GET /healthz answers ok", async () => {
    const res = await fetch(`${server.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: "ok" });
  });

  it("GET /readyz answers ready once started", async () => {
    const res = await fetch(`${server.url}/readyz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: "ready" });
  });

  it("/colyseus refuses requests without credentials or with wrong ones", async () => {
    for (const headers of [{} as Record<string, string>, { Authorization: basic("ops", "wrong") }, { Authorization: basic("other", "correct horse") }, { Authorization: "Bearer x" }]) {
      const res = await fetch(`${server.url}/colyseus/`, { headers });
      assert.equal(res.status, 401);
      assert.match(res.headers.get("www-authenticate") ?? "", /^Basic realm=/);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, "unauthorized");
    }
    const api = await fetch(`${server.url}/colyseus/api`, {});
    assert.equal(api.status, 401);
  });

  it("/colyseus serves the monitor with the credentials", async () => {
    const res = await fetch(`${server.url}/colyseus/`, { headers: { Authorization: basic("ops", "correct horse") } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /html/);
  });

  it("GET /metrics exposes the Prometheus metrics", async () => {
    await fetch(`${server.url}/healthz`);
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    for (const name of [
      "game_rooms",
      "game_connected_clients",
      "game_messages_received_total",
      "game_messages_sent_total",
      "platform_callback_attempts_total",
      "platform_callback_failures_total",
      "platform_persist_failed_backlog",
      "http_request_duration_seconds_bucket",
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
    ]) {
      assert.ok(text.includes(name), `missing metric ${name}`);
    }
    assert.match(text, /http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*\} \d+/);
    // none that walks every handle or open file of the process on each scrape (a pause per scrape at 10,000 connections)
    for (const name of ["nodejs_active_handles", "nodejs_active_requests", "nodejs_active_resources", "process_open_fds"]) {
      assert.ok(!text.includes(name), `${name} is collected`);
    }
  });

  it("reflects only allowed origins (CORS allow-list), also on matchmaking routes", async () => {
    const allowed = await fetch(`${server.url}/healthz`, { headers: { Origin: "https://play.example.com" } });
    assert.equal(allowed.headers.get("access-control-allow-origin"), "https://play.example.com");
    assert.equal(allowed.headers.get("access-control-allow-credentials"), "true");

    const denied = await fetch(`${server.url}/healthz`, { headers: { Origin: "https://evil.example.com" } });
    assert.equal(denied.headers.get("access-control-allow-origin"), null);

    const preflight = await fetch(`${server.url}/matchmake/joinOrCreate/liap_tui`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example.com", "Access-Control-Request-Method": "POST" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);

    const goodPreflight = await fetch(`${server.url}/matchmake/joinOrCreate/liap_tui`, {
      method: "OPTIONS",
      headers: { Origin: "https://play.example.com", "Access-Control-Request-Method": "POST" },
    });
    assert.equal(goodPreflight.headers.get("access-control-allow-origin"), "https://play.example.com");
  });

  it("answers unknown paths with a JSON 404 envelope", async () => {
    const res = await fetch(`${server.url}/no/such/path`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, "not_found");
  });

  it("GET /readyz answers 503 starting once draining begins", async () => {
    server.readiness.markDraining();
    const res = await fetch(`${server.url}/readyz`);
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), { status: "starting" });
    const live = await fetch(`${server.url}/healthz`);
    assert.equal(live.status, 200);
  });
});

describe("monitor without credentials", () => {
  it("is not mounted at all (in production, and in development too)", async () => {
    const server = await startTestServer({ NODE_ENV: "production", JWT_SECRET: "p".repeat(32) });
    try {
      const res = await fetch(`${server.url}/colyseus/`);
      assert.equal(res.status, 404);
    } finally {
      await server.stop();
    }
  });
});
