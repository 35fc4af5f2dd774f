/**
 * Mutated HTTP requests built from the served OpenAPI document: every
 * operation gets valid-looking requests from its schemas, then hostile
 * mutations of the body (wrong types, missing and extra fields, prototype
 * keys, NUL characters, huge numbers, deep nesting, oversized bodies within
 * and over the 64 KB limit, broken JSON), of the path parameters and query
 * strings, and of the authentication.
 */
import { randomUUID } from "node:crypto";
import { describeValue, HOSTILE_STRINGS, mutateObject, prototypeObject } from "./hostile-values.js";
import type { Prng } from "./prng.js";

/** A schema node of the document. */
export type Schema = { [key: string]: unknown };

/** One operation of the document. */
export interface Operation {
  method: string;
  path: string;
  spec: Schema;
}

/** Credentials the fuzzer may present, valid ones included. */
export interface Credentials {
  bearer: () => Promise<string>;
  adminBasic: string;
  internalKey: string;
  /** Ids of objects that exist, by path parameter name. */
  knownIds: Record<string, string[]>;
}

/** A request to send, and how it was made (for failure reports). */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  operation: string;
  mutations: string[];
  /** The body parsed back, when it is JSON (for the prototype-key rule). */
  hasPrototypeKey: boolean;
  bodyBytes: number;
}

/** The JSON body limit of every route. */
export const BODY_LIMIT = 64 * 1024;

/** All operations of the document (path × method). */
export function operationsOf(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, spec] of Object.entries(item)) ops.push({ method: method.toUpperCase(), path, spec });
  }
  return ops;
}

/** A value valid under `schema` (as far as this small generator knows). */
export function sample(schema: Schema, root: Schema, rng: Prng, depth = 0): unknown {
  if (typeof schema.$ref === "string") return sample(resolve(schema.$ref, root), root, rng, depth);
  if (Array.isArray(schema.enum)) return rng.pick(schema.enum);
  switch (schema.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      const required = (schema.required ?? []) as string[];
      for (const [name, prop] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        if (depth < 4 && (required.includes(name) || rng.chance(0.5))) out[name] = sample(prop, root, rng, depth + 1);
      }
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(Number(schema.minItems ?? 0), rng.int(0, 2)) }, () => sample((schema.items ?? {}) as Schema, root, rng, depth + 1));
    case "integer": {
      const min = typeof schema.minimum === "number" ? schema.minimum : 0;
      const max = typeof schema.maximum === "number" ? schema.maximum : min + 10;
      return rng.int(min, Math.min(max, min + 20));
    }
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum + rng.next() : rng.next() * 10;
    case "boolean":
      return rng.chance(0.5);
    case "string":
      if (schema.format === "uuid") return randomUUID();
      if (schema.format === "date-time") return new Date(Date.now() + rng.int(1, 30) * 86_400_000).toISOString();
      return "fuzz".padEnd(Math.max(4, Number(schema.minLength ?? 1)), "z").slice(0, Number(schema.maxLength ?? 64));
    default:
      return {};
  }
}

function resolve(ref: string, root: Schema): Schema {
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = (node as Record<string, unknown>)[part];
  return node as Schema;
}

/** Builds one mutated request for `op`. */
export async function makeRequest(op: Operation, doc: Schema, base: string, creds: Credentials, rng: Prng): Promise<FuzzRequest> {
  const mutations: string[] = [];
  const headers: Record<string, string> = { "X-Forwarded-For": `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}` };
  let method = op.method;
  if (rng.chance(0.04)) {
    method = rng.pick(["PUT", "DELETE", "PATCH", "OPTIONS", "POST", "GET"]);
    mutations.push(`method ${method}`);
  }

  // path parameters
  let path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const known = creds.knownIds[name] ?? [];
    const roll = rng.next();
    let value: string;
    if (name === "method") value = roll < 0.8 ? rng.pick(["joinOrCreate", "create", "join", "joinById", "reconnect"]) : hostileSegment(rng);
    else if (name === "room_name") value = roll < 0.8 ? rng.pick(["liap_tui", "card_battle", "liap_tui", "lobby"]) : hostileSegment(rng);
    else if (roll < 0.4 && known.length > 0) value = rng.pick(known);
    else if (roll < 0.7) value = randomUUID();
    else value = hostileSegment(rng);
    if (roll >= 0.7 || name === "method" || name === "room_name") mutations.push(`path ${name}=${describeValue(decodeSafe(value), 80)}`);
    return value;
  });

  // query string
  const query: string[] = [];
  const params = ((op.spec.parameters ?? []) as Schema[]).filter((p) => p.in === "query");
  for (const param of params) {
    if (rng.chance(0.5)) query.push(`${encodeURIComponent(String(param.name))}=${encodeURIComponent(String(sample(param.schema as Schema, doc, rng)))}`);
  }
  if (rng.chance(0.35)) {
    const name = params.length > 0 && rng.chance(0.7) ? String(rng.pick(params).name) : rng.pick(["__proto__[polluted]", "constructor[prototype][x]", "page", "limit", "game", "a[b][c]", "x".repeat(300)]);
    const value = rng.pick([...HOSTILE_STRINGS, "-1", "99999999999999999999", "1e309", "NaN", "1.5", "0", "", "%00", "x".repeat(2000)]).replace(/[\ud800-\udfff]/g, "?");
    query.push(`${encodeURIComponent(name)}=${value === "%00" ? value : encodeURIComponent(value)}`);
    if (rng.chance(0.3)) query.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
    mutations.push(`query ${describeValue(name, 60)}=${describeValue(value, 60)}`);
  }
  if (query.length > 0) path += `?${query.join("&")}`;

  // authentication
  const security = (op.spec.security ?? [{}]) as Array<Record<string, unknown>>;
  const scheme = Object.keys(security[0] ?? {})[0];
  const auth = rng.next();
  if (auth < 0.75) await applyValidAuth(scheme, headers, creds);
  else if (auth < 0.85) mutations.push("no auth");
  else {
    const bad = badAuth(scheme, rng, creds);
    Object.assign(headers, bad.headers);
    mutations.push(`auth ${bad.description}`);
  }

  // body
  let body: string | undefined;
  let hasPrototypeKey = false;
  const content = (op.spec.requestBody as Schema | undefined)?.content as Record<string, { schema: Schema }> | undefined;
  const bodySchema = content?.["application/json"]?.schema;
  if (bodySchema !== undefined || rng.chance(0.1)) {
    const valid = bodySchema === undefined ? {} : sample(bodySchema, doc, rng);
    const made = hostileBody(valid, rng);
    body = made.text;
    hasPrototypeKey = made.prototypeKey;
    mutations.push(...made.mutations);
    headers["Content-Type"] = rng.chance(0.93) ? "application/json" : rng.pick(["text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-16", "multipart/form-data"]);
    if (headers["Content-Type"] !== "application/json") mutations.push(`content-type ${headers["Content-Type"]}`);
  }
  if (body !== undefined && (method === "GET" || method === "HEAD")) body = undefined;
  return {
    method,
    url: base + path,
    headers,
    body,
    operation: `${op.method} ${op.path}`,
    mutations,
    hasPrototypeKey: body !== undefined && hasPrototypeKey,
    bodyBytes: body === undefined ? 0 : Buffer.byteLength(body),
  };
}

function decodeSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function hostileSegment(rng: Prng): string {
  const raw = rng.pick([...HOSTILE_STRINGS, "x".repeat(rng.int(200, 3000)), "..", "%", "%00", "%2e%2e%2f", "a/b", "0", "-1", "1e400"]);
  if (raw === "%" || raw === "%00" || raw === "%2e%2e%2f") return raw;
  // "." and ".." (even percent-encoded) are resolved away by the URL itself, reaching another route: dots around a NUL instead
  if (raw === "." || raw === "..") return ".%00.";
  return encodeURIComponent(raw.replace(/[\ud800-\udfff]/g, "?")) || "%20";
}

async function applyValidAuth(scheme: string | undefined, headers: Record<string, string>, creds: Credentials): Promise<void> {
  if (scheme === "UserHeader" || scheme === "BearerAuth") headers.Authorization = `Bearer ${await creds.bearer()}`;
  else if (scheme === "AdminBasicAuth") headers.Authorization = creds.adminBasic;
  else if (scheme === "InternalApiKey") headers["X-Internal-Api-Key"] = creds.internalKey;
}

function badAuth(scheme: string | undefined, rng: Prng, creds: Credentials): { headers: Record<string, string>; description: string } {
  const options: Array<[string, Record<string, string>]> = [
    ["bearer garbage", { Authorization: "Bearer not.a.jwt" }],
    ["bearer empty", { Authorization: "Bearer " }],
    ["bearer alg none", { Authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"x"}').toString("base64url")}.` }],
    ["basic malformed", { Authorization: "Basic !!!notbase64" }],
    ["basic no colon", { Authorization: `Basic ${Buffer.from("admin").toString("base64")}` }],
    ["x-user-id junk", { "X-User-ID": rng.pick(["not-a-uuid", "__proto__", "00000000-0000-0000-0000-000000000000' OR 1=1", "x".repeat(500)]) }],
    ["internal key wrong", { "X-Internal-Api-Key": "wrong-key-wrong-key-000" }],
    ["internal key empty", { "X-Internal-Api-Key": "" }],
    ["internal key prefix", { "X-Internal-Api-Key": creds.internalKey.slice(0, -1) }],
  ];
  // a wrong password for a real or unknown admin costs a bcrypt round (~250 ms): rare
  if (scheme === "AdminBasicAuth" && rng.chance(0.1)) {
    options.length = 0;
    options.push(["basic wrong password", { Authorization: `Basic ${Buffer.from(`fuzzadmin:wrong-${rng.int(0, 9)}`).toString("base64")}` }]);
  }
  const [description, headers] = rng.pick(options);
  return { headers, description };
}

/** A hostile JSON body (text) made from a valid one. */
function hostileBody(valid: unknown, rng: Prng): { text: string; prototypeKey: boolean; mutations: string[] } {
  const roll = rng.next();
  const asObject = (typeof valid === "object" && valid !== null ? valid : {}) as Record<string, unknown>;
  if (roll < 0.08) return { text: JSON.stringify(valid), prototypeKey: false, mutations: ["valid body"] };
  if (roll < 0.5) {
    const mutated = mutateObject(rng, asObject, 8_000);
    const text = JSON.stringify(mutated) ?? "null";
    return { text, prototypeKey: /"(__proto__|constructor|prototype)"\s*:/.test(text), mutations: [`body ${describeValue(mutated, 300)}`] };
  }
  if (roll < 0.6) {
    const withProto = prototypeObject(rng, asObject);
    const text = JSON.stringify(withProto);
    return { text, prototypeKey: true, mutations: [`body with prototype key ${describeValue(withProto, 300)}`] };
  }
  if (roll < 0.7) {
    // NUL and other control characters in every string field
    const text = JSON.stringify(asObject, (_k, v: unknown) => (typeof v === "string" ? `${v}\u0000${rng.pick(["", "\u0001", "\u001f", "\ud800"])}` : v));
    return { text, prototypeKey: false, mutations: [`NUL in strings ${describeValue(text, 300)}`] };
  }
  if (roll < 0.78) {
    // numbers JSON.parse turns into Infinity, huge integers, -0
    const key = Object.keys(asObject)[0] ?? "x";
    const literal = rng.pick(["1e400", "-1e400", "123456789012345678901234567890", "-0", "1e-400", "9007199254740993", "0.1e1", "1E+2"]);
    const text = JSON.stringify({ ...asObject, [key]: "__N__" }).replace('"__N__"', literal);
    return { text, prototypeKey: false, mutations: [`${key}=${literal}`] };
  }
  if (roll < 0.84) {
    const depth = rng.pick([100, 1_000, 10_000, 30_000]);
    const kind = rng.pick(["array", "object"] as const);
    // written as text: JSON.stringify itself overflows the stack at these depths
    const text = kind === "array" ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    return { text, prototypeKey: false, mutations: [`nesting ${depth} ${kind}s (${text.length} B)`] };
  }
  if (roll < 0.9) {
    // oversized: just under or well over the 64 KB limit
    const over = rng.chance(0.5);
    const size = over ? rng.pick([BODY_LIMIT + 1_024, 256 * 1024, 1024 * 1024]) : BODY_LIMIT - 2_048;
    const key = Object.keys(asObject)[0] ?? "padding";
    const text = JSON.stringify({ ...asObject, [key]: "x".repeat(size) });
    return { text, prototypeKey: false, mutations: [`${over ? "over" : "under"}-limit body of ${text.length} B`] };
  }
  const broken = rng.pick(['{"a":', "{'a':1}", "[1,2", "nul", "\u0000", '{"a":1}}', '{"a":"\\u00"}', "", " ", "{\"a\":1,\"a\":2}", '{"__proto__":1,"__proto__":2}', "\ufeff{}"]);
  return { text: broken, prototypeKey: broken.includes("__proto__"), mutations: [`raw body ${describeValue(broken)}`] };
}

/** A short description of a request for failure reports. */
export function describeRequest(req: FuzzRequest): string {
  const headers = Object.entries(req.headers)
    .filter(([k]) => k !== "X-Forwarded-For")
    .map(([k, v]) => `${k}: ${describeValue(v, 80)}`)
    .join("; ");
  return `${req.method} ${req.url.length > 300 ? `${req.url.slice(0, 300)}…` : req.url} [${req.operation}] headers {${headers}} body ${req.body === undefined ? "none" : describeValue(req.body, 300)} (${req.bodyBytes} B); mutations: ${req.mutations.join(" | ") || "none"}`;
}

