/**
 * A small validator for the part of JSON Schema (OpenAPI 3.0 flavour) the
 * served document uses: type, properties, required, additionalProperties,
 * items, enum, nullable, format (uuid, date-time), minimum, maximum,
 * minLength, maxLength, minItems, maxItems and local $ref.
 */

/** A schema node as the document holds it. */
export type Schema = { [key: string]: unknown };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const KNOWN = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "nullable",
  "format",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "$ref",
  "description",
  "default",
]);

/** Problems of `value` against `schema` (empty when it matches); `$ref`s resolve in `root`. */
export function validate(value: unknown, schema: Schema, root: Schema, path = "$"): string[] {
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key)) return [`${path}: the validator does not know schema keyword "${key}"`];
  }
  if (typeof schema.$ref === "string") return validate(value, resolve(schema.$ref, root), root, path);
  if (value === null) return schema.nullable === true ? [] : [`${path}: null is not allowed`];
  const problems: string[] = [];
  const type = schema.type as string | undefined;
  if (type !== undefined && !hasType(value, type)) return [`${path}: expected ${type}, got ${JSON.stringify(value)}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === "string") {
    if (schema.format === "uuid" && !UUID.test(value)) problems.push(`${path}: "${value}" is not a uuid`);
    if (schema.format === "date-time" && (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) problems.push(`${path}: "${value}" is not a date-time`);
    if (typeof schema.minLength === "number" && value.length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) problems.push(`${path}: below ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) problems.push(`${path}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) problems.push(`${path}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) problems.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.items !== undefined) value.forEach((item, i) => problems.push(...validate(item, schema.items as Schema, root, `${path}[${i}]`)));
  }
  if (type === "object" && typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in object)) problems.push(`${path}: missing required "${name}"`);
    }
    for (const [name, item] of Object.entries(object)) {
      const property = properties[name];
      if (property !== undefined) problems.push(...validate(item, property, root, `${path}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${path}: unexpected property "${name}"`);
      else if (typeof schema.additionalProperties === "object" && schema.additionalProperties !== null) {
        problems.push(...validate(item, schema.additionalProperties as Schema, root, `${path}.${name}`));
      }
    }
  }
  return problems;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function resolve(ref: string, root: Schema): Schema {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (node === undefined || node === null || typeof node !== "object") throw new Error(`unresolved $ref ${ref}`);
  return node as Schema;
}
