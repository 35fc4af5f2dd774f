/**
 * Statements whose SQL text is built once per shape and then only filled in.
 * Building a statement through drizzle's query builders (objects for every
 * column, condition and common table expression, then a walk to text) for
 * every room cost card battle about 5 % of its CPU and a tenth of the bytes
 * it allocated (BENCHMARKS.md, "What card battle allocates per step, and
 * what half of its CPU is"). A shape names
 * everything that changes the text (which columns, which are null, which
 * callback); its values go in through drizzle placeholders, which keep each
 * column's own encoding (JSON, timestamps).
 *
 * Only for top-level statements on the database itself: the text runs on the
 * driver behind drizzle (postgres.js prepared, or PGlite's prepared path of
 * pglite-statements.ts), not inside a transaction.
 */
import { fillPlaceholders, sql, type Placeholder, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Database } from "./database.js";

/** SQL text with its parameters: constants, and placeholders filled per call. */
export interface CompiledStatement {
  text: string;
  params: unknown[];
}

/** Our drizzle instances use no casing option, so a default dialect writes the same text as theirs. */
const dialect = new PgDialect();

/** The statements of one module, compiled at their first use. */
export class StatementCache {
  private readonly compiled = new Map<string, CompiledStatement>();
  private builds = 0;

  /** The statement of `shape`, built by `build` the first time only. */
  statement(shape: string, build: () => SQL): CompiledStatement {
    let statement = this.compiled.get(shape);
    if (statement === undefined) {
      const query = dialect.sqlToQuery(build());
      this.builds++;
      statement = { text: query.sql, params: query.params };
      this.compiled.set(shape, statement);
    }
    return statement;
  }

  /** How many statements were compiled so far (for tests). */
  get compilations(): number {
    return this.builds;
  }
}

/** The driver calls this needs: postgres.js's `unsafe`, or PGlite's `query`. */
interface DriverClient {
  unsafe?: (text: string, params: unknown[], options: { prepare: boolean }) => Promise<unknown[]>;
  query?: (text: string, params: unknown[]) => Promise<{ rows: unknown[] }>;
}

/** Runs a compiled statement with `values` for its placeholders; returns its rows. */
export async function runCompiled<Row>(db: Database, statement: CompiledStatement, values: Record<string, unknown>): Promise<Row[]> {
  const params = fillPlaceholders(statement.params, values);
  const client = (db as unknown as { $client: DriverClient }).$client;
  if (typeof client.unsafe === "function") return (await client.unsafe(statement.text, params, { prepare: true })) as Row[];
  if (typeof client.query === "function") return (await client.query(statement.text, params)).rows as Row[];
  throw new Error("runCompiled: the database's driver is neither postgres.js nor PGlite");
}

/**
 * The columns of `row` as placeholders named `prefix` + column, for a
 * statement's template: undefined columns are left out (their defaults
 * apply) and nulls stay constants (a placeholder's encoder cannot take null).
 */
export function placeholdersOf<Row extends object>(row: Row, prefix: string): Row {
  const template: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined) continue;
    template[key] = value === null ? null : sql.placeholder(prefix + key);
  }
  return template as Row;
}

/**
 * Puts the values of `row` into `values` under the names `placeholdersOf`
 * gives them, and returns the row's shape: which columns are set, and
 * which of them are null.
 */
export function bindRow(row: object, prefix: string, values: Record<string, unknown>): string {
  let shape = "";
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined) continue;
    if (value === null) shape += `${key}=null,`;
    else {
      shape += `${key},`;
      values[prefix + key] = value;
    }
  }
  return shape;
}

/** A placeholder, typed as the value it stands for (query builders' `set` and conditions take values, not placeholders). */
export function slot<T>(name: string): T {
  return sql.placeholder(name) as Placeholder as unknown as T;
}
