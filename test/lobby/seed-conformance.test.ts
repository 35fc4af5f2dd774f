/**
 * Conformance with seed 004 itself (test/fixtures/seed-004.txt, a copy of the
 * seed): the served OpenAPI document must have every in-scope lobby operation
 * of the seed with its parameters, request body, success status, required
 * fields, types, formats and enums, and every way ours differs must be in
 * EXTENSIONS below with its reason. Then a client that knows only the seed
 * (its operations by operationId, its X-User-ID header, its schemas) plays
 * create → invite by code → redeem without a body → apply → approve → start
 * (then lists the invitee's race names) against a real server over real sockets, on PostgreSQL and on PGlite.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { mountLobbyWith } from "../../src/http/lobby/index.js";
import type { RunningServer } from "../../src/server.js";
import { startTestServer } from "../support/server.js";
import { createTempDatabase, type TempDatabase } from "../support/services.js";
import { validate, type Schema } from "./support/json-schema.js";
import { readSeed, type SeedDocument, type SeedOperation } from "./support/seed-openapi.js";

const SEED = readFileSync(new URL("../fixtures/seed-004.txt", import.meta.url), "utf8");
const isLobbyPath = (path: string) => path.startsWith("/api/v1/user/lobby/") || path.startsWith("/api/v1/admin/games");


/** Every way the served document differs from the seed's in-scope part, each with its one-line reason. */
const EXTENSIONS: Record<string, string> = {
  "parameter X-User-ID (header): required true in the seed, false here": "a bearer JWT may stand in for X-User-ID (browsers; LOBBY_TRUST_USER_HEADER off); one of the two is required",
  "GET /api/v1/user/lobby/games/{game_id}/memberships: extra optional parameters page, page_size": "every list is paged; the total is in X-Total-Count since the seed's shape has no total field",
  "GET /api/v1/user/lobby/my/games: extra optional parameters page, page_size": "every list is paged (total in X-Total-Count)",
  "GET /api/v1/user/lobby/my/applications: extra optional parameters page, page_size": "every list is paged (total in X-Total-Count)",
  "GET /api/v1/user/lobby/my/invites: extra optional parameters page, page_size": "every list is paged (total in X-Total-Count)",
  "GET /api/v1/user/lobby/my/race-names: extra optional parameters page, page_size": "every list is paged (total in X-Total-Count)",
  "POST /api/v1/user/lobby/games/{game_id}/invites/{invite_id}/redeem: optional request body LobbyInviteAnswerRequest added":
    "optional {code, race_name}: a code given is checked, race_name names the member of an invite without one; no body is needed",
  "POST /api/v1/user/lobby/games/{game_id}/invites/{invite_id}/decline: optional request body LobbyInviteAnswerRequest added":
    "optional {code}: a code given is checked; no body is needed",
  "LobbyGameCreateRequest.game_name: maxLength 128 added": "bounded input: names are shown in listings",
  "LobbyGameCreateRequest.description: maxLength 4000 added": "bounded input",
  "LobbyGameUpdateRequest.game_name: maxLength 128 added": "bounded input, as at create",
  "LobbyGameUpdateRequest.description: maxLength 4000 added": "bounded input, as at create",
  "AdminGameCreateRequest.game_name: maxLength 128 added": "bounded input, as at create",
  "AdminGameCreateRequest.description: maxLength 4000 added": "bounded input, as at create",
  "LobbyApplicationSubmitRequest.race_name: maxLength 32 added": "race names become seat names in the rooms",
  "LobbyInviteIssueRequest.race_name: maxLength 32 added": "race names become seat names in the rooms",
  "RaceNameRegisterRequest.name: maxLength 32 added": "no race name is longer, so a longer one is refused (400) rather than looked up",
};

type Doc = Record<string, unknown>;

/** Resolves a local `$ref` (repeatedly) in `root`. */
function deref(schema: Schema, root: Doc): { schema: Schema; name?: string } {
  let name: string | undefined;
  while (typeof schema.$ref === "string") {
    name = schema.$ref.split("/").at(-1);
    let node: unknown = root;
    for (const part of schema.$ref.slice(2).split("/")) node = (node as Doc)[part];
    assert.ok(node !== undefined, `unresolved ${schema.$ref}`);
    schema = node as Schema;
  }
  return { schema, name };
}

/**
 * How `ours` differs from `seed` at `where`. Requests: ours must accept what the seed allows (same required set, same
 * enums, no added enum or bound unless listed). Responses: ours must send what the seed promises (its required fields, its
 * types and enums; narrower enums and non-null values are fine).
 */
function compareSchemas(seedNode: Schema, ourNode: Schema, where: string, direction: "request" | "response", seedDoc: Doc, ourDoc: Doc, out: Set<string>): void {
  const seedResolved = deref(seedNode, seedDoc);
  const seed = seedResolved.schema;
  const ours = deref(ourNode, ourDoc).schema;
  where = seedResolved.name ?? where;
  if (seed.type !== undefined && ours.type !== seed.type) out.add(`${where}: type ${String(seed.type)} in the seed, ${String(ours.type)} here`);
  if (seed.format !== undefined && ours.format !== seed.format) out.add(`${where}: format ${String(seed.format)} in the seed, ${String(ours.format)} here`);
  if (direction === "request" && seed.nullable === true && ours.nullable !== true) out.add(`${where}: nullable in the seed, not here`);
  if (direction === "response" && ours.nullable === true && seed.nullable !== true) out.add(`${where}: may be null here, not in the seed`);
  const seedEnum = seed.enum as unknown[] | undefined;
  const ourEnum = ours.enum as unknown[] | undefined;
  if (seedEnum !== undefined) {
    const same = ourEnum !== undefined && ourEnum.length === seedEnum.length && seedEnum.every((v) => ourEnum.includes(v));
    if (!same) out.add(`${where}: enum ${JSON.stringify(seedEnum)} in the seed, ${JSON.stringify(ourEnum)} here`);
  } else if (ourEnum !== undefined && direction === "request") {
    out.add(`${where}: enum added`);
  }
  for (const bound of ["minimum", "minLength", "maximum", "maxLength"]) {
    if (seed[bound] !== undefined && ours[bound] !== seed[bound]) out.add(`${where}: ${bound} ${String(seed[bound])} in the seed, ${String(ours[bound])} here`);
    else if (seed[bound] === undefined && ours[bound] !== undefined && direction === "request") out.add(`${where}: ${bound} ${String(ours[bound])} added`);
  }
  if (seed.items !== undefined) {
    if (ours.items === undefined) out.add(`${where}: array items missing here`);
    else compareSchemas(seed.items as Schema, ours.items as Schema, `${where}[]`, direction, seedDoc, ourDoc, out);
  }
  if (seed.type === "object") {
    const seedRequired = (seed.required ?? []) as string[];
    const ourRequired = (ours.required ?? []) as string[];
    for (const name of seedRequired) if (!ourRequired.includes(name)) out.add(`${where}.${name}: required in the seed, optional here`);
    if (direction === "request") for (const name of ourRequired) if (!seedRequired.includes(name)) out.add(`${where}.${name}: required here, optional in the seed`);
    if (seed.additionalProperties === false && ours.additionalProperties !== false) out.add(`${where}: additional properties allowed here`);
    const seedProps = (seed.properties ?? {}) as Record<string, Schema>;
    const ourProps = (ours.properties ?? {}) as Record<string, Schema>;
    for (const [name, property] of Object.entries(seedProps)) {
      if (ourProps[name] === undefined) out.add(`${where}.${name}: missing here`);
      else compareSchemas(property, ourProps[name]!, `${where}.${name}`, direction, seedDoc, ourDoc, out);
    }
    for (const name of Object.keys(ourProps)) if (seedProps[name] === undefined) out.add(`${where}.${name}: property added`);
  }
}

type OurParameter = { name: string; in: string; required?: boolean; schema?: Schema };
type OurOperation = { operationId?: string; parameters?: OurParameter[]; requestBody?: { required?: boolean; content?: Record<string, { schema: Schema }> }; responses: Record<string, unknown> };

/** Every difference between the seed's in-scope operations and the served document. */
function differences(seed: SeedDocument, served: Doc): Set<string> {
  const out = new Set<string>();
  const seedDoc: Doc = { components: { schemas: seed.schemas } };
  const paths = served.paths as Record<string, Record<string, OurOperation>>;
  for (const op of seed.operations) {
    const label = `${op.method.toUpperCase()} ${op.path}`;
    const ours = paths[op.path]?.[op.method];
    if (ours === undefined) {
      out.add(`${label}: not served`);
      continue;
    }
    if (ours.operationId !== op.operationId) out.add(`${label}: operationId ${op.operationId} in the seed, ${String(ours.operationId)} here`);

    const ourParams = ours.parameters ?? [];
    const same = (a: { name: string; in: string }, b: { name: string; in: string }) => a.in === b.in && (a.in === "header" ? a.name.toLowerCase() === b.name.toLowerCase() : a.name === b.name);
    for (const parameter of op.parameters) {
      const mine = ourParams.find((p) => same(p, parameter));
      const key = `parameter ${parameter.name} (${parameter.in})`;
      if (mine === undefined) {
        out.add(`${label}: ${key} missing`);
        continue;
      }
      if ((mine.required ?? false) !== parameter.required) out.add(`${key}: required ${parameter.required} in the seed, ${mine.required ?? false} here`);
      compareSchemas(parameter.schema, mine.schema ?? {}, key, "request", seedDoc, served, out);
    }
    const extra = ourParams.filter((p) => !op.parameters.some((s) => same(p, s)));
    if (extra.length > 0) {
      const optional = extra.every((p) => p.required !== true);
      out.add(`${label}: extra ${optional ? "optional" : "REQUIRED"} parameters ${extra.map((p) => p.name).join(", ")}`);
    }

    const ourBody = ours.requestBody?.content?.["application/json"]?.schema;
    if (op.requestBody !== undefined) {
      if (ourBody === undefined) out.add(`${label}: request body missing`);
      else {
        if ((ours.requestBody?.required ?? false) !== op.requestBody.required) out.add(`${label}: request body required ${op.requestBody.required} in the seed`);
        compareSchemas(op.requestBody.schema, ourBody, label, "request", seedDoc, served, out);
      }
    } else if (ourBody !== undefined) {
      const name = typeof ourBody.$ref === "string" ? ourBody.$ref.split("/").at(-1) : "inline";
      out.add(`${label}: ${ours.requestBody?.required === true ? "REQUIRED" : "optional"} request body ${String(name)} added`);
    }

    for (const [status, schema] of Object.entries(op.responses)) {
      if (status === "501") continue; // every operation is implemented: never answered
      const mine = ours.responses[status] as { content?: Record<string, { schema: Schema }> } | undefined;
      if (mine === undefined) {
        out.add(`${label}: status ${status} not documented here`);
        continue;
      }
      {
        // the seed's error responses are shared components, every one an ErrorResponse
        const expected = schema ?? { $ref: "#/components/schemas/ErrorResponse" };
        const ourSchema = mine.content?.["application/json"]?.schema;
        if (ourSchema === undefined) out.add(`${label}: status ${status} has no JSON body here`);
        else compareSchemas(expected, ourSchema, `${label} ${status}`, "response", seedDoc, served, out);
      }
    }
  }
  return out;
}

/** A client written from the seed alone: operations by operationId, identity in X-User-ID, bodies checked against the seed's schemas. */
class SeedClient {
  private readonly seedDoc: Doc;

  constructor(
    private readonly seed: SeedDocument,
    private readonly baseUrl: string,
  ) {
    this.seedDoc = { components: { schemas: seed.schemas } };
  }

  private operation(id: string): SeedOperation {
    const op = this.seed.operations.find((o) => o.operationId === id);
    assert.ok(op !== undefined, `the seed has no ${id}`);
    return op;
  }

  /** Calls an operation; asserts the seed's success status and that the answer matches the seed's schema. */
  async call(id: string, user: string, pathParams: Record<string, string> = {}, body?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const op = this.operation(id);
    assert.equal(op.requestBody !== undefined, body !== undefined, `${id}: the seed ${op.requestBody === undefined ? "has no" : "requires a"} body`);
    if (body !== undefined) assert.deepEqual(validate(body, op.requestBody!.schema, this.seedDoc), [], `${id}: the client sends only what the seed allows`);
    let path = op.path;
    for (const parameter of op.parameters.filter((p) => p.in === "path")) {
      assert.ok(pathParams[parameter.name] !== undefined, `${id}: path parameter ${parameter.name}`);
      path = path.replace(`{${parameter.name}}`, encodeURIComponent(pathParams[parameter.name]!));
    }
    const headers: Record<string, string> = { "X-User-ID": user };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(this.baseUrl + path, { method: op.method.toUpperCase(), headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = (await res.json()) as Record<string, unknown>;
    const [success, schema] = Object.entries(op.responses).find(([status]) => status.startsWith("2"))!;
    assert.equal(res.status, Number(success), `${id}: ${JSON.stringify(answer)}`);
    assert.deepEqual(validate(answer, schema!, this.seedDoc), [], `${id}: the answer matches the seed's schema`);
    return answer;
  }
}

describe("lobby conformance with seed 004 (read from test/fixtures/seed-004.txt)", function () {
  this.timeout(60_000);
  const seed = readSeed(SEED, isLobbyPath);

  it("reads the seed's 32 lobby operations, the race-name registry's two among them", () => {
    assert.equal(seed.operations.length, 32);
    const ids = seed.operations.map((op) => op.operationId);
    for (const id of ["userLobbyMyRaceNames", "userLobbyRaceNamesRegister"]) assert.ok(ids.includes(id), `${id} is a seed operation`);
    const register = seed.operations.find((op) => op.operationId === "userLobbyRaceNamesRegister")!;
    assert.deepEqual(Object.keys(register.responses).sort(), ["200", "400", "404", "409", "500", "501"]);
    assert.deepEqual(seed.schemas.RaceNameRegisterRequest!.required, ["name"]);
    // the reader really reads: a few facts of the seed, spelled out
    const redeem = seed.operations.find((op) => op.operationId === "userLobbyInvitesRedeem")!;
    assert.equal(redeem.requestBody, undefined, "the seed's redeem has no body");
    assert.deepEqual(seed.schemas.LobbyGameCreateRequest!.required, [
      "game_name", "visibility", "min_players", "max_players", "start_gap_hours", "start_gap_players", "enrollment_ends_at", "turn_schedule", "target_engine_version",
    ]);
    assert.deepEqual((seed.schemas.LobbyInviteDetail!.properties as Record<string, Schema>).status!.enum, ["pending", "redeemed", "declined", "revoked", "expired"]);
    assert.equal(((seed.schemas.LobbyGameDetail!.properties as Record<string, Schema>).runtime_status as Schema).type, "string", "allOf merged");
  });

  for (const database of ["postgres", "pglite"] as const) {
    describe(`against a real server on ${database === "postgres" ? "PostgreSQL" : "PGlite"}`, () => {
      let temp: TempDatabase | undefined;
      let server: RunningServer & { url: string };

      before(async () => {
        const env: Record<string, string> = {};
        if (database === "postgres") {
          temp = await createTempDatabase();
          env.DATABASE_URL = temp.url;
        }
        server = await startTestServer(env, { routers: [mountLobbyWith({ trustUserHeader: true, roomConfig: {}, defaultGame: "simple_card_battle" })] });
      });
      after(async () => {
        await server?.stop();
        await temp?.drop();
      });

      it("serves every in-scope seed operation as the seed defines it; every difference is a listed extension", async () => {
        const served = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as Doc;
        const found = differences(seed, served);
        const unlisted = [...found].filter((d) => EXTENSIONS[d] === undefined);
        assert.deepEqual(unlisted, [], "differences from the seed that are not listed extensions");
        const stale = Object.keys(EXTENSIONS).filter((d) => !found.has(d));
        assert.deepEqual(stale, [], "listed extensions the document no longer has");
      });

      it("a seed-only client: create, invite by code, redeem without a body, apply, approve, start, list race names", async () => {
        const client = new SeedClient(seed, server.url);
        const [owner, invitee, applicant] = [randomUUID(), randomUUID(), randomUUID()];
        const created = await client.call("userLobbyGamesCreate", owner, {}, {
          game_name: "Seed client game",
          visibility: "private",
          min_players: 2,
          max_players: 4,
          start_gap_hours: 0,
          start_gap_players: 0,
          enrollment_ends_at: new Date(Date.now() + 3600_000).toISOString(),
          turn_schedule: "0 */6 * * *",
          target_engine_version: "1.0.0",
        });
        assert.equal(created.status, "draft");
        assert.equal(created.target_engine_version, "1.0.0");
        const game_id = created.game_id as string;
        assert.equal((await client.call("userLobbyGamesOpenEnrollment", owner, { game_id })).status, "enrollment_open");

        const invite = await client.call("userLobbyInvitesIssue", owner, { game_id }, {});
        assert.equal(typeof invite.code, "string");
        assert.equal(invite.invited_user_id, null);
        const redeemed = await client.call("userLobbyInvitesRedeem", invitee, { game_id, invite_id: invite.invite_id as string });
        assert.equal(redeemed.status, "redeemed");

        const application = await client.call("userLobbyApplicationsSubmit", applicant, { game_id }, { race_name: "Seed Readers" });
        assert.equal(application.status, "pending");
        const approved = await client.call("userLobbyApplicationsApprove", owner, { game_id, application_id: application.application_id as string });
        assert.equal(approved.status, "approved");

        const members = await client.call("userLobbyMembershipsList", owner, { game_id });
        const items = members.items as Array<Record<string, unknown>>;
        assert.deepEqual(items.map((m) => [m.user_id, m.status]), [[invitee, "active"], [applicant, "active"]]);

        assert.equal((await client.call("userLobbyGamesReadyToStart", owner, { game_id })).status, "ready_to_start");
        const started = await client.call("userLobbyGamesStart", owner, { game_id });
        assert.equal(started.status, "starting");
        const detail = await client.call("userLobbyGamesGet", invitee, { game_id });
        assert.equal(detail.status, "starting");

        // the invitee's race name is held in the game under way (a reservation); nothing to register yet
        const raceNames = await client.call("userLobbyMyRaceNames", invitee);
        const inviteeMember = items.find((m) => m.user_id === invitee)!;
        assert.deepEqual(
          (raceNames.items as Array<Record<string, unknown>>).map((r) => [r.name, r.canonical, r.status, r.game_id]),
          [[inviteeMember.race_name, inviteeMember.canonical_key, "reservation", game_id]],
        );
      });
    });
  }
});
