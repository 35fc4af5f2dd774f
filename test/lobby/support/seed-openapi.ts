/**
 * Reads seed 004 as it is stored: an OpenAPI 3.0 YAML document whose line
 * breaks (and so its indentation) were lost. No YAML parser can read that, so
 * this reads the parts the lobby's conformance test needs, by the structure
 * every OpenAPI document has: the operations under `paths` (operationId,
 * `$ref`'d parameters, request body, responses) and the `components`'
 * parameters and schemas (type, format, nullable, enum, required, properties,
 * items, minimum/maximum, minLength/maxLength, allOf). Whatever it does not
 * understand in an operation or schema it is asked for, it refuses loudly
 * rather than skip, so a change of the seed cannot pass unnoticed.
 */
import type { Schema } from "./json-schema.js";

/** A parameter as the seed defines it. */
export interface SeedParameter {
  name: string;
  in: string;
  required: boolean;
  schema: Schema;
}

/** One operation of the seed. */
export interface SeedOperation {
  method: string;
  path: string;
  operationId: string;
  parameters: SeedParameter[];
  requestBody?: { required: boolean; schema: Schema };
  /** Status → response schema (a `$ref`), or undefined for an error response shared from `components.responses`. */
  responses: Record<string, Schema | undefined>;
}

/** What the tests read from the seed. */
export interface SeedDocument {
  operations: SeedOperation[];
  /** `components.schemas`, `allOf` merged, in the JSON form the test's schema validator reads. */
  schemas: Record<string, Schema>;
}

const METHODS = "get|post|put|patch|delete";
const SCHEMA_REF = /^\$ref: "#\/components\/schemas\/(\w+)"/;

function between(text: string, start: string | RegExp, end: string | RegExp, from = 0): { body: string; end: number } {
  const s = typeof start === "string" ? text.indexOf(start, from) : text.slice(from).search(start) + from;
  if (s < from) throw new Error(`seed: cannot find ${String(start)}`);
  const bodyStart = s + (typeof start === "string" ? start.length : (text.slice(s).match(start)?.[0].length ?? 0));
  const rest = text.slice(bodyStart);
  const e = typeof end === "string" ? rest.indexOf(end) : rest.search(end);
  if (e < 0) throw new Error(`seed: cannot find ${String(end)} after ${String(start)}`);
  return { body: rest.slice(0, e), end: bodyStart + e };
}

/** Splits `text` at every match of `key` (a regex whose group 1 is the key), giving each key its text up to the next. */
function splitByKeys(text: string, key: RegExp): Array<[string, string]> {
  const matches = [...text.matchAll(key)];
  return matches.map((m, i) => [m[1]!, text.slice(m.index + m[0].length, i + 1 < matches.length ? matches[i + 1]!.index : text.length).trim()]);
}

/** A YAML list written inline (`[a, b]`) or as a flattened block (`- a - b`), at the start of `text`. */
function readList(text: string): string[] {
  const flow = /^\[([^\]]*)\]/.exec(text);
  if (flow !== null) return flow[1]!.split(",").map((v) => v.trim()).filter((v) => v !== "");
  const items: string[] = [];
  const block = /^- ([^\s]+)\s*/;
  let rest = text;
  for (let m = block.exec(rest); m !== null; m = block.exec(rest)) {
    items.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  if (items.length === 0) throw new Error(`seed: expected a list at "${text.slice(0, 40)}"`);
  return items;
}

/** The value of `key:` in `text` (searched as a whole key, after a space or at the start). */
function keyValue(text: string, key: string): string | undefined {
  const m = new RegExp(`(?:^| )${key.replace("$", "\\$")}: `).exec(text);
  return m === null ? undefined : text.slice(m.index + m[0].length);
}

/** A schema that is a leaf or an array (`type`, `format`, `enum`, bounds, `items`), or a `$ref`. */
function leafSchema(text: string, where: string): Schema {
  const ref = SCHEMA_REF.exec(text);
  if (ref !== null) return { $ref: `#/components/schemas/${ref[1]}` };
  const type = /^type: (\w+)/.exec(text)?.[1];
  if (type === undefined) throw new Error(`seed: ${where}: no type in "${text.slice(0, 60)}"`);
  if (type === "object") throw new Error(`seed: ${where}: inline objects are not supported`);
  const schema: Schema = { type };
  if (type === "array") {
    const items = keyValue(text, "items");
    if (items === undefined) throw new Error(`seed: ${where}: array without items`);
    schema.items = leafSchema(items, `${where}[]`);
    return schema;
  }
  const format = keyValue(text, "format");
  if (format !== undefined) schema.format = format.split(" ")[0];
  if (/(?:^| )nullable: true\b/.test(text)) schema.nullable = true;
  const values = keyValue(text, "enum");
  if (values !== undefined) schema.enum = readList(values);
  for (const bound of ["minimum", "maximum", "minLength", "maxLength", "default"]) {
    const value = keyValue(text, bound);
    if (value !== undefined) schema[bound] = Number(value.split(" ")[0]);
  }
  return schema;
}

/** An object schema: `additionalProperties`, `required`, `properties` (each a leaf, array or `$ref`). */
function objectSchema(text: string, where: string): Schema {
  const at = text.search(/(?:^| )properties: /);
  const head = at < 0 ? text : text.slice(0, at);
  const schema: Schema = { type: "object" };
  const additional = /(?:^| )additionalProperties: (true|false)/.exec(head);
  if (additional !== null) schema.additionalProperties = additional[1] === "true";
  const required = keyValue(head, "required");
  if (required !== undefined) schema.required = readList(required);
  const properties: Record<string, Schema> = {};
  if (at >= 0) {
    const body = text.slice(at).replace(/^ ?properties: /, "");
    // a property is a snake_case key followed by its schema; `items:` right after `type: array` belongs to that array
    const starts = [...body.matchAll(/(?:^| )([a-z][a-z0-9_]*): (?=type: |\$ref: )/g)].filter(
      (m) => !(m[1] === "items" && /type: array$/.test(body.slice(0, m.index).trimEnd())),
    );
    starts.forEach((m, i) => {
      const chunk = body.slice(m.index + m[0].length, i + 1 < starts.length ? starts[i + 1]!.index : body.length).trim();
      if (/(?:^| )(required|properties|additionalProperties|allOf): /.test(chunk)) throw new Error(`seed: ${where}.${m[1]}: nested structure is not supported`);
      properties[m[1]!] = leafSchema(chunk, `${where}.${m[1]}`);
    });
  }
  schema.properties = properties;
  return schema;
}

/** The schemas of `components.schemas` that `roots` name and everything they reference, `allOf` merged into one object. */
function readSchemas(text: string, roots: string[]): Record<string, Schema> {
  const bodies = new Map(splitByKeys(text, /(?:^| )([A-Z][A-Za-z0-9]*): (?=type: |allOf: )/g));
  const out: Record<string, Schema> = {};
  const parse = (name: string): Schema => {
    const known = out[name];
    if (known !== undefined) return known;
    const body = bodies.get(name);
    if (body === undefined) throw new Error(`seed: no schema ${name}`);
    let schema: Schema;
    if (body.startsWith("allOf: ")) {
      schema = { type: "object", additionalProperties: false, required: [], properties: {} };
      for (const part of body.slice("allOf: ".length).split(/(?:^| )- (?=\$ref: |type: )/).filter((p) => p.trim() !== "")) {
        const ref = SCHEMA_REF.exec(part.trim());
        const piece = ref !== null ? parse(ref[1]!) : objectSchema(part.trim().replace(/^type: object/, "").trim(), name);
        (schema.required as string[]).push(...((piece.required as string[] | undefined) ?? []));
        Object.assign(schema.properties as Schema, piece.properties);
      }
    } else {
      schema = body.startsWith("type: object") ? objectSchema(body.slice("type: object".length).trim(), name) : leafSchema(body, name);
    }
    out[name] = schema;
    for (const ref of JSON.stringify(schema).matchAll(/#\/components\/schemas\/(\w+)/g)) parse(ref[1]!);
    return schema;
  };
  for (const root of roots) parse(root);
  return out;
}

function readParameters(text: string): Record<string, SeedParameter> {
  const out: Record<string, SeedParameter> = {};
  for (const [key, body] of splitByKeys(text, /(?:^| )([A-Z][A-Za-z0-9]*): (?=name: )/g)) {
    const m = /^name: (\S+) in: (\w+) required: (true|false)\b/.exec(body);
    if (m === null) throw new Error(`seed: parameter ${key} is not "name, in, required"`);
    const schema = keyValue(body, "schema");
    if (schema === undefined) throw new Error(`seed: parameter ${key} has no schema`);
    out[key] = { name: m[1]!, in: m[2]!, required: m[3] === "true", schema: leafSchema(schema, `parameter ${key}`) };
  }
  return out;
}

function readOperation(method: string, path: string, text: string, parameters: Record<string, SeedParameter>): SeedOperation {
  const where = `${method.toUpperCase()} ${path}`;
  const operationId = /(?:^| )operationId: (\w+)/.exec(text)?.[1];
  if (operationId === undefined) throw new Error(`seed: ${where}: no operationId`);
  const responsesAt = text.search(/ responses: "/);
  if (responsesAt < 0) throw new Error(`seed: ${where}: no responses`);
  const head = text.slice(0, responsesAt);
  const op: SeedOperation = { method, path, operationId, parameters: [], responses: {} };
  const params = keyValue(head, "parameters");
  if (params !== undefined) {
    const list = params.split(/ requestBody: /)[0]!;
    if (/(?:^| )- name: /.test(list)) throw new Error(`seed: ${where}: inline parameters are not supported`);
    for (const m of list.matchAll(/\$ref: "#\/components\/parameters\/(\w+)"/g)) {
      const parameter = parameters[m[1]!];
      if (parameter === undefined) throw new Error(`seed: ${where}: unknown parameter ${m[1]}`);
      op.parameters.push(parameter);
    }
  }
  const body = keyValue(head, "requestBody");
  if (body !== undefined) {
    const m = /^required: (true|false) content: application\/json: schema: \$ref: "#\/components\/schemas\/(\w+)"/.exec(body);
    if (m === null) throw new Error(`seed: ${where}: request body is not one JSON $ref`);
    op.requestBody = { required: m[1] === "true", schema: { $ref: `#/components/schemas/${m[2]}` } };
  }
  for (const [status, response] of splitByKeys(text.slice(responsesAt), / "(\d{3})": /g)) {
    if (response.startsWith("$ref: ")) {
      op.responses[status] = undefined;
      continue;
    }
    const schema = / content: application\/json: schema: (\$ref: "[^"]+")/.exec(" " + response);
    if (schema === null) throw new Error(`seed: ${where}: response ${status} has no JSON schema`);
    op.responses[status] = leafSchema(schema[1]!, `${where} ${status}`);
  }
  return op;
}

/** Reads the seed's operations (those whose path passes `inScope`) and its component schemas. */
export function readSeed(text: string, inScope: (path: string) => boolean): SeedDocument {
  const flat = text.replace(/\s+/g, " ");
  const paths = between(flat, " paths: ", " components: parameters: ");
  const parameterText = between(flat, " components: parameters: ", " securitySchemes: ");
  const schemaText = between(flat, " schemas: HealthzResponse: ", / responses: [A-Z]\w*: description: /, parameterText.end);
  const parameters = readParameters(parameterText.body);
  const operations: SeedOperation[] = [];
  for (const [path, pathBody] of splitByKeys(paths.body, new RegExp(`(?:^| )(/[^\\s:]+): (?=(?:${METHODS}): )`, "g"))) {
    if (!inScope(path)) continue;
    for (const [method, body] of splitByKeys(" " + pathBody, new RegExp(`(?:^| )(${METHODS}): (?=tags: )`, "g"))) {
      operations.push(readOperation(method, path, body, parameters));
    }
  }
  const roots = [...JSON.stringify(operations).matchAll(/#\/components\/schemas\/(\w+)/g)].map((m) => m[1]!);
  return { operations, schemas: readSchemas("HealthzResponse: " + schemaText.body, ["ErrorResponse", ...roots]) };
}
