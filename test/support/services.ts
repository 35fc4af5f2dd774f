/**
 * Real PostgreSQL and Redis for the service-backed suites. They are required,
 * not optional: when a service is down these helpers fail the test with a
 * message saying how to start it.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** Admin connection string of the test PostgreSQL server. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** The test Redis server. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A fresh, empty PostgreSQL database that `drop()` removes again. */
export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the test server, so each suite migrates from scratch. */
export async function createTempDatabase(): Promise<TempDatabase> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (error) {
    await admin.end({ timeout: 1 });
    throw new Error(
      `PostgreSQL at ${TEST_DATABASE_URL} is required for this test (start it with ` +
        "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`): " +
        (error instanceof Error ? error.message : String(error)),
    );
  }
  await admin.end({ timeout: 1 });
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleaner = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      try {
        await cleaner.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await cleaner.end({ timeout: 1 });
      }
    },
  };
}
