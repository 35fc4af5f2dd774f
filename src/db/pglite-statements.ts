/**
 * Named prepared statements for embedded PGlite. PGlite runs every query as
 * six protocol steps through WebAssembly (parse, describe statement, bind,
 * describe portal, execute, sync), so PostgreSQL parses and plans the same
 * text again on every call: most of the database CPU of a game
 * (BENCHMARKS.md, "Prepared statements on PGlite"). postgres.js prepares
 * each text once on a real server; this does the same for PGlite: the first
 * call of a text parses it under a name and keeps its parameter types and
 * row description, and every later call sends bind, execute and sync in one
 * step. At most `maxStatements` texts are kept; the least recently used is
 * closed when a new one comes.
 *
 * Only plain top-level queries take this path (drizzle's `db.execute` and
 * query builders outside a transaction). A query with options other than
 * `rowMode` and `parsers`, and any query inside `transaction()`, runs as
 * PGlite runs it.
 */
import { parse, protocol, type PGlite, type QueryOptions, type Results } from "@electric-sql/pglite";

const { serialize } = protocol;

/** A statement PostgreSQL holds under `name`. */
interface Prepared {
  name: string;
  paramTypes: number[];
  /** The statement's RowDescription (undefined when it returns no rows). */
  rowDescription: unknown;
}

type BackendMessage = Awaited<ReturnType<PGlite["execProtocolStream"]>>[number];

/** Options this path handles; any other option sends the query the usual way. */
const HANDLED_OPTIONS = new Set(["rowMode", "parsers"]);

function handles(options: QueryOptions | undefined): boolean {
  if (options === undefined) return true;
  for (const key of Object.keys(options)) {
    if (HANDLED_OPTIONS.has(key)) continue;
    if ((options as Record<string, unknown>)[key] !== undefined) return false;
  }
  return true;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Keeps the statements of `client` prepared; call once, after migrations, on a ready client. */
export function prepareStatements(client: PGlite, maxStatements = 256): void {
  const plainQuery = client.query.bind(client);
  // least recently used first (a Map keeps insertion order; a hit moves the text to the end)
  const prepared = new Map<string, Prepared>();
  let nextName = 0;

  /**
   * Sends protocol messages and a Sync in one step. After an error PostgreSQL skips to the Sync, so the
   * session is ready for the next query either way (PGlite then throws the error).
   */
  function run(messages: Uint8Array[]): Promise<BackendMessage[]> {
    return client.execProtocolStream(concat([...messages, serialize.sync()]), { syncToFs: false });
  }

  async function prepare(text: string): Promise<Prepared> {
    const name = `s${nextName++}`;
    const reply = await run([serialize.parse({ name, text }), serialize.describe({ type: "S", name })]);
    const parameters = reply.find((message) => message.name === "parameterDescription") as { dataTypeIDs?: number[] } | undefined;
    const rows = reply.find((message) => message.name === "rowDescription");
    const statement = { name, paramTypes: parameters?.dataTypeIDs ?? [], rowDescription: rows };
    if (prepared.size >= maxStatements) {
      const [oldestText, oldest] = prepared.entries().next().value as [string, Prepared];
      prepared.delete(oldestText);
      await run([serialize.close({ type: "S", name: oldest.name })]);
    }
    prepared.set(text, statement);
    return statement;
  }

  async function execute(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results> {
    let statement = prepared.get(text);
    if (statement === undefined) statement = await prepare(text);
    else {
      prepared.delete(text);
      prepared.set(text, statement);
    }
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = client.serializers[statement.paramTypes[i]!];
      return serializer !== undefined ? serializer(value) : String(value);
    });
    const reply = await run([serialize.bind({ statement: statement.name, values }), serialize.execute({})]);
    await client.syncToFs();
    const messages = statement.rowDescription === undefined ? reply : [statement.rowDescription as BackendMessage, ...reply];
    return parse.parseResults(messages, client.parsers, options)[0]!;
  }

  client.query = (async <T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> => {
    if (!handles(options)) return plainQuery<T>(text, params, options);
    await client._checkReady();
    return client._runExclusiveTransaction(() => client._runExclusiveQuery(() => execute(text, params, options))) as Promise<Results<T>>;
  }) as PGlite["query"];
}
