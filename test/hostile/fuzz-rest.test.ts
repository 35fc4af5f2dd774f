/**
 * Fuzzes every route of the served OpenAPI document (the lobby, the internal
 * API, /matchmake/*, probes) on a real server process (issue 9): at least
 * 2,000 mutated requests (times FUZZ_SCALE). Pass criteria: no 5xx (a 503
 * is accepted only where the document lists it, with its body), every 4xx
 * carries the route's documented error envelope (the seed-004 envelope for
 * the lobby and the server, the seed-000 shapes for the internal API, the
 * matchmaker's own), a body with a prototype key or over the 64 KB limit is
 * never accepted, and the process stays up and keeps serving.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { validate, type Schema } from "../lobby/support/json-schema.js";
import { playerToken } from "../support/card-battle-client.js";
import { HostileServer, INTERNAL_KEY, JWT_SECRET } from "./support/hostile-server.js";
import { FUZZ_SCALE, FUZZ_SEED, Prng } from "./support/prng.js";
import { formatViolations } from "./support/report.js";
import { BODY_LIMIT, describeRequest, makeRequest, operationsOf, type Credentials, type FuzzRequest, type Operation } from "./support/rest-fuzzer.js";

const FILE = "test/hostile/fuzz-rest.test.ts";
const REQUESTS = Math.round(2_000 * FUZZ_SCALE);
const CONCURRENCY = 8;
const ADMIN = { user: "fuzzadmin", password: "fuzz-admin-password-1234" };

interface RestViolation {
  criterion: string;
  operation: string;
  request: string;
  status: number | string;
  body: string;
  note?: string;
}

describe("hostile: REST fuzzing against a real server process", function () {
  this.timeout(Math.max(120_000, 120_000 * FUZZ_SCALE));
  let server: HostileServer;

  before(async () => {
    server = await HostileServer.start({ ADMIN_USERNAME: ADMIN.user, ADMIN_PASSWORD: ADMIN.password, MAX_ROOMS: "400" });
  });
  after(async () => {
    await server?.stop();
  });

  it(`answers ${REQUESTS} mutated requests over every documented route without a 5xx and with each contract's error envelope`, async () => {
    const rng = new Prng(`${FUZZ_SEED}/rest`);
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as Schema;
    const operations = operationsOf(doc);
    assert.ok(operations.length >= 30, `the document lists ${operations.length} operations`);
    const creds = await credentials(server, rng);
    const violations: RestViolation[] = [];
    const hits = new Map<string, number>();

    let next = 0;
    const worker = async (lane: number) => {
      const laneRng = rng.fork(`lane-${lane}`);
      while (next < REQUESTS && server.alive) {
        const index = next++;
        // every operation in turn, so each route gets its share
        const op = operations[index % operations.length]!;
        const req = await makeRequest(op, doc, server.url, creds, laneRng);
        hits.set(req.operation, (hits.get(req.operation) ?? 0) + 1);
        violations.push(...(await sendAndCheck(req, op, doc)));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, lane) => worker(lane)));

    const problems: string[] = [];
    if (!server.alive) problems.push(`the server process exited (${String(server.exitCode)}); last output:\n${server.proc.output().slice(-3000)}`);
    else {
      const health = await fetch(`${server.url}/healthz`).catch(() => undefined);
      if (health?.status !== 200) problems.push(`GET /healthz answered ${health?.status ?? "nothing"} after the run`);
      const list = await fetch(`${server.url}/api/v1/user/lobby/my/games`, { headers: { Authorization: `Bearer ${await playerToken(JWT_SECRET, randomUUID())}` } }).catch(() => undefined);
      if (list?.status !== 200) problems.push(`a valid lobby request answered ${list?.status ?? "nothing"} after the run`);
    }
    const missing = operations.map((o) => `${o.method} ${o.path}`).filter((name) => (hits.get(name) ?? 0) === 0);
    if (missing.length > 0) problems.push(`operations never fuzzed: ${missing.join(", ")}`);
    console.log(`      fuzz-rest: ${JSON.stringify({ seed: FUZZ_SEED, requests: next, operations: operations.length, violations: violations.length })}`);
    const report = formatViolations(violations, FILE, (v) => `- ${v.request}\n    → ${v.status} ${v.body}${v.note ? `\n    (${v.note})` : ""}`, 3, (v) => `${v.operation} → ${v.status}`);
    assert.ok(problems.length === 0 && violations.length === 0, `${problems.map((p) => `* ${p}`).join("\n")}\n${violations.length > 0 ? report : `FUZZ_SEED=${FUZZ_SEED}`}`);
  });
});

/** Valid credentials and a few existing objects to aim path parameters at. */
async function credentials(server: HostileServer, rng: Prng): Promise<Credentials> {
  const owner = randomUUID();
  const ownerToken = await playerToken(JWT_SECRET, owner);
  const knownIds: Record<string, string[]> = { game_id: [], application_id: [], invite_id: [], membership_id: [], room_id: [] };
  const create = await fetch(`${server.url}/api/v1/user/lobby/games`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ownerToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      game_name: "Fuzz target",
      visibility: "private",
      min_players: 4,
      max_players: 4,
      start_gap_hours: 0,
      start_gap_players: 0,
      enrollment_ends_at: new Date(Date.now() + 3_600_000).toISOString(),
      turn_schedule: "0 */6 * * *",
      target_engine_version: "liap_tui@1.0.0",
    }),
  });
  assert.equal(create.status, 201, `creating the target game: ${await create.clone().text()}`);
  knownIds.game_id!.push(String(((await create.json()) as { game_id?: string; id?: string }).game_id ?? ""));
  const room = `fuzz-room-${rng.int(0, 1e6)}`;
  knownIds.room_id!.push(room);
  const users = [owner, ...Array.from({ length: 5 }, () => randomUUID())];
  return {
    // a few users, so their per-user rate limits leave room for real work
    bearer: () => playerToken(JWT_SECRET, rng.pick(users)),
    adminBasic: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64")}`,
    internalKey: INTERNAL_KEY,
    knownIds,
  };
}

/** Sends the request and returns what it broke. */
async function sendAndCheck(req: FuzzRequest, op: Operation, doc: Schema): Promise<RestViolation[]> {
  const out: RestViolation[] = [];
  const flag = (criterion: string, status: number | string, body: string, note?: string) => out.push({ criterion, operation: `${req.method} ${req.operation.split(" ")[1]}`, request: describeRequest(req), status, body: body.slice(0, 500), note });
  let res: Response;
  try {
    res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error);
    // a server may answer 413 and close before reading an oversized body: the client then sees a reset
    if (req.bodyBytes > BODY_LIMIT) return out;
    flag("keeps serving", "no answer", "", cause);
    return out;
  }
  const text = await res.text();
  const status = res.status;
  // a mutated method may land on another documented operation of the same path (chat's GET and POST): that one's contract applies
  const answered = (doc.paths as Record<string, Record<string, Operation["spec"]>>)[op.path]?.[req.method.toLowerCase()];
  const documented = responseSchema(answered === undefined ? op : { ...op, method: req.method, spec: answered }, req.method, status);
  if (status >= 500) {
    const allowed = status === 503 && documented !== undefined && validateJson(text, documented, doc).length === 0;
    if (!allowed) flag("no 5xx", status, text);
    return out;
  }
  if (status >= 400) {
    const schema = documented ?? { $ref: "#/components/schemas/ErrorResponse" };
    const problems = validateJson(text, schema, doc);
    if (problems.length > 0) flag("error envelope of the route", status, text, `expected ${describeSchema(schema)}: ${problems.slice(0, 3).join("; ")}`);
    return out;
  }
  // a preflight (OPTIONS) or HEAD never reads the body
  if (req.method === "OPTIONS" || req.method === "HEAD") return out;
  if (req.hasPrototypeKey) flag("prototype keys refused", status, text, "a body with __proto__/constructor/prototype keys was accepted");
  if (req.bodyBytes > BODY_LIMIT) flag("body limit", status, text, `a ${req.bodyBytes}-byte body was accepted (limit ${BODY_LIMIT})`);
  return out;
}

/** The documented JSON schema of this status for the operation (or its `default`); undefined when undocumented. */
function responseSchema(op: Operation, method: string, status: number): Schema | undefined {
  if (method !== op.method) return undefined;
  const responses = (op.spec.responses ?? {}) as Record<string, { content?: Record<string, { schema: Schema }> }>;
  return (responses[String(status)] ?? responses.default)?.content?.["application/json"]?.schema;
}

function validateJson(text: string, schema: Schema, doc: Schema): string[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`not JSON: ${text.slice(0, 120)}`];
  }
  return validate(body, schema, doc);
}

function describeSchema(schema: Schema): string {
  return typeof schema.$ref === "string" ? schema.$ref.split("/").pop()! : JSON.stringify(schema).slice(0, 80);
}
