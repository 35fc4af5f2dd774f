/**
 * drizzle's PGlite driver passes the same type parsers with every query:
 * timestamps, intervals, dates and their arrays kept as the text PostgreSQL
 * sends. PGlite merges per-query parsers into a fresh copy of its whole parser
 * table (hundreds of entries, one per array type) for every query, and that
 * copy was a fifth of the CPU of a primary-key select (BENCHMARKS.md,
 * "PGlite's per-query parser copy"). Installed once on the client, the same
 * parsers give the same rows; a query's own parsers are then dropped, but
 * only when they cover exactly these types (so any other parsers still work).
 */
import { types, type PGlite, type QueryOptions, type Transaction } from "@electric-sql/pglite";

/** The types drizzle's PGlite driver keeps as text (drizzle-orm/pglite/session.js). */
const TEXT_TYPES: readonly number[] = [
  types.TIMESTAMP,
  types.TIMESTAMPTZ,
  types.INTERVAL,
  types.DATE,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
];
const TEXT_TYPE_KEYS = new Set(TEXT_TYPES.map(String));

type QueryFn = PGlite["query"];

/** True when `parsers` sets exactly the text types (what drizzle passes). */
function onlyTextTypes(parsers: object): boolean {
  const keys = Object.keys(parsers);
  return keys.length === TEXT_TYPE_KEYS.size && keys.every((key) => TEXT_TYPE_KEYS.has(key));
}

/** The options without drizzle's per-query parsers (already installed on the client). */
function withoutTextParsers(options: QueryOptions | undefined): QueryOptions | undefined {
  if (options?.parsers === undefined || !onlyTextTypes(options.parsers)) return options;
  const { parsers: _installed, ...rest } = options;
  return rest;
}

function sharingParsers(query: QueryFn): QueryFn {
  return ((sql: string, params?: unknown[], options?: QueryOptions) => query(sql, params, withoutTextParsers(options))) as QueryFn;
}

/** Installs drizzle's text parsers on a ready client and stops them being copied per query (also inside transactions). */
export function shareTextParsers(client: PGlite): void {
  for (const type of TEXT_TYPES) client.parsers[type] = (value: string) => value;
  client.query = sharingParsers(client.query.bind(client));
  const transaction = client.transaction.bind(client);
  client.transaction = ((callback: (tx: Transaction) => Promise<unknown>) =>
    transaction((tx) => {
      tx.query = sharingParsers(tx.query);
      return callback(tx);
    })) as PGlite["transaction"];
}
