/**
 * Opens the database chosen by configuration and applies the committed
 * migrations: PostgreSQL through postgres.js when DATABASE_URL is set, else
 * embedded PGlite stored in DATA_DIR (or kept in memory when DATA_DIR is
 * ":memory:"). Both speak the same schema and the same drizzle queries.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { openMemoryPglite } from "./pglite-memory-image.js";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import postgres from "postgres";
import * as schema from "../../drizzle/schema/index.js";
import { shareTextParsers } from "./pglite-parsers.js";
import { prepareStatements } from "./pglite-statements.js";

/** The drizzle database, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction of that database. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Where a query can run: the database itself or a transaction in progress. */
export type Executor = Database | Transaction;

/** An open database with the means to close it. */
export interface DatabaseHandle {
  db: Database;
  kind: "postgres" | "pglite";
  /** Human-readable location, without credentials, for the start-up log. */
  description: string;
  close(): Promise<void>;
}

/** Where the committed migrations live. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle/migrations", import.meta.url));

/** Arbitrary constant naming the advisory lock that serialises migrations between nodes. */
const MIGRATION_LOCK_ID = 7_240_117;

/** Settings `openDatabase` needs. */
export interface DatabaseSettings {
  databaseUrl?: string;
  dataDir: string;
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(settings: DatabaseSettings): Promise<DatabaseHandle> {
  return settings.databaseUrl !== undefined
    ? openPostgres(settings.databaseUrl)
    : openPglite(settings.dataDir);
}

async function openPostgres(databaseUrl: string): Promise<DatabaseHandle> {
  await migratePostgresWithLock(databaseUrl);
  const client = postgres(databaseUrl, { max: 10, onnotice: () => {} });
  const db = drizzlePostgres({ client, schema });
  const url = new URL(databaseUrl);
  return {
    db,
    kind: "postgres",
    description: `postgres://${url.host}${url.pathname}`,
    close: () => client.end({ timeout: 5 }),
  };
}

/** Runs migrations on one connection holding an advisory lock, so nodes starting together do not race. */
async function migratePostgresWithLock(databaseUrl: string): Promise<void> {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    try {
      await migratePostgres(drizzlePostgres({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir === ":memory:";
  let location = "memory";
  const migrate = (client: PGlite) => migratePglite(drizzlePglite({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  let client: PGlite;
  if (inMemory) {
    client = await openMemoryPglite(migrate);
  } else {
    location = resolve(join(dataDir, "pglite"));
    mkdirSync(location, { recursive: true });
    client = new PGlite(location);
    await client.waitReady;
    await migrate(client);
  }
  const db = drizzlePglite({ client, schema });
  // after the migrations, so no statement is prepared against a schema still changing; the shared parsers wrap it
  prepareStatements(client);
  shareTextParsers(client);
  return {
    db,
    kind: "pglite",
    description: `pglite (${location})`,
    close: () => client.close(),
  };
}

/** Rows of a raw query, whichever driver ran it (postgres.js returns an array, PGlite an object with `rows`). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
