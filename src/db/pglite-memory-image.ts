/**
 * In-memory PGlite databases (`DATA_DIR=:memory:`), each a fresh database
 * with the migrated schema. Creating a PGlite runs `initdb` in WebAssembly:
 * 1.3–2 s of CPU. Starting one from a data-directory image of a freshly
 * migrated database takes about 0.35 s. A process that opens one in-memory
 * database (a server, the bench) keeps no image. From its second one on
 * (test suites, tools that open many), it keeps one, taken right after that
 * database's migrations and before anyone uses it, so every later database
 * starts from the same empty, migrated state. The image is an uncompressed
 * tar of about 40 MB, held for the life of the process.
 */
import { PGlite } from "@electric-sql/pglite";

/** How in-memory databases were started in this process (for tests). */
export const memoryDatabaseStarts = { created: 0, fromImage: 0 };

let opened = 0;
let image: Promise<Blob | undefined> | undefined;

/** Opens a fresh in-memory database; `migrate` brings a new one up to the schema (on an image it finds nothing to do). */
export async function openMemoryPglite(migrate: (client: PGlite) => Promise<void>): Promise<PGlite> {
  opened++;
  const kept = image === undefined ? undefined : await image;
  if (kept !== undefined) {
    const client = new PGlite({ loadDataDir: kept });
    await client.waitReady;
    await migrate(client);
    memoryDatabaseStarts.fromImage++;
    return client;
  }
  const client = new PGlite();
  await client.waitReady;
  await migrate(client);
  memoryDatabaseStarts.created++;
  if (opened >= 2 && image === undefined) {
    // a failed dump only costs the speed-up: later databases are created as this one was
    image = client.dumpDataDir("none").catch(() => undefined);
    await image;
  }
  return client;
}
