/**
 * A room's life as the database records it: each state change and the
 * callback it owes the matchmaking service are written in ONE transaction,
 * so neither exists without the other. Every room path (managed or not, both
 * games, the dead-node reaper, start-up recovery) goes through these. A
 * transition happens at most once (finished and aborted are final), and a
 * callback is recorded only for managed rooms.
 *
 * The writes of every game (ready, started, finished, aborted) are each ONE
 * statement: the state change is a common table expression named `moved`,
 * and the callback's row is inserted from it. A statement is atomic on its
 * own, and one round trip instead of a transaction's four to six matters:
 * on embedded PGlite every statement is parsed and planned on the server's
 * own thread (BENCHMARKS.md, "Per-game database work").
 */
import { and, eq, inArray, notInArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { gameReplays, gameResults, lifecycleOutbox, rooms, type LifecycleEventKind, type NewGameReplayRow, type NewGameResultRow, type RoomStatus } from "../../drizzle/schema/index.js";
import { bindRow, placeholdersOf, runCompiled, slot, StatementCache } from "./compiled.js";
import type { Database, Executor } from "./database.js";
import { bindOutboxEvent, insertOutboxEventFrom, insertOutboxEvents, type OutboxEvent } from "./outbox.js";

/** Statuses after which nothing changes any more. */
const FINAL: RoomStatus[] = ["finished", "aborted"];
/** Statuses of a room still alive. */
const LIVE: RoomStatus[] = ["created", "ready", "running"];

/** A room starting its life. */
export interface RoomStart {
  id: string;
  gameRules: string;
  nodeName: string;
  playerIds?: string[];
  config?: Record<string, unknown>;
  managed: boolean;
}

/** The one-statement writes below, each compiled once per shape. */
const writes = new StatementCache();

/** How many lifecycle writes were compiled so far (for tests: a shape compiles once, whatever the number of rooms). */
export function compiledWrites(): number {
  return writes.compilations;
}

/**
 * Records a room as ready (and, if managed, its `ready` callback). An id
 * whose earlier room was aborted starts a new life; any other existing id is
 * left alone. True when the room was recorded now.
 */
export async function recordRoomReady(db: Database, room: RoomStart, ready: object | undefined, at: Date = new Date()): Promise<boolean> {
  const row = {
    id: room.id,
    gameRules: room.gameRules,
    nodeName: room.nodeName,
    status: "ready" as const,
    managed: room.managed,
    playerIds: room.playerIds ?? [],
    config: room.config ?? {},
    createdAt: at,
    startedAt: null,
    finishedAt: null,
  };
  const values: Record<string, unknown> = {};
  const rowShape = bindRow(row, "room_", values);
  const owed = room.managed && ready !== undefined;
  if (owed) bindOutboxEvent({ roomId: room.id, kind: "ready", payload: ready }, at, values);
  return changeOwing(db, `ready:${rowShape}:${owed}`, values, () => {
    const template = placeholdersOf(row, "room_");
    const written = db
      .insert(rooms)
      .values(template)
      .onConflictDoUpdate({ target: rooms.id, set: template, setWhere: eq(rooms.status, "aborted") })
      .returning({ managed: rooms.managed });
    return owingStatement(written, [], owed ? "ready" : undefined);
  });
}

/** The update moving a room to a status unless it is already final, returning whether it is managed. */
function transitionQuery(db: Executor, roomId: string, status: RoomStatus, from: RoomStatus[] | "not-final", at: Date) {
  const stamp = status === "running" ? { startedAt: at } : { finishedAt: at };
  return db
    .update(rooms)
    .set({ status, ...stamp })
    .where(and(eq(rooms.id, roomId), from === "not-final" ? notInArray(rooms.status, FINAL) : inArray(rooms.status, from)))
    .returning({ managed: rooms.managed });
}

/** Moves a room to a status unless it is already final; returns whether it moved and whether it is managed. */
async function transition(tx: Executor, roomId: string, status: RoomStatus, from: RoomStatus[] | "not-final", at: Date): Promise<{ moved: boolean; managed: boolean }> {
  const moved = await transitionQuery(tx, roomId, status, from, at);
  return { moved: moved.length > 0, managed: moved[0]?.managed ?? false };
}

/**
 * One statement of: `before` (writes that happen regardless), the state
 * change `change` (a query returning `managed` for each row it moved), and,
 * when `owed` names one, the callback, inserted only if the change moved a
 * managed room. It returns how many rows the change moved.
 */
function owingStatement(change: SQLWrapper, before: SQL[], owed: LifecycleEventKind | undefined): SQL {
  const ctes: SQL[] = before.map((write, i) => sql`${sql.raw(`w${i}`)} as (${write})`);
  ctes.push(sql`moved as (${change.getSQL()})`);
  if (owed !== undefined) ctes.push(sql`owed as (${insertOutboxEventFrom("moved", owed)})`);
  return sql`with ${sql.join(ctes, sql`, `)} select count(*)::int as moved from moved`;
}

/** Runs the write of `shape` (compiled by `build` the first time) with `values`; true when its change moved a row. */
async function changeOwing(db: Database, shape: string, values: Record<string, unknown>, build: () => SQL): Promise<boolean> {
  const [row] = await runCompiled<{ moved: number | string }>(db, writes.statement(shape, build), values);
  return Number(row?.moved ?? 0) > 0;
}

/** A transition's template: `room_id` and `at` are placeholders. */
function transitionTemplate(db: Database, status: RoomStatus, from: RoomStatus[] | "not-final") {
  return transitionQuery(db, slot<string>("room_id"), status, from, slot<Date>("at"));
}

/** The values of a transition's template, with the callback it owes. */
function transitionValues(roomId: string, owed: OutboxEvent, at: Date): Record<string, unknown> {
  const values: Record<string, unknown> = { room_id: roomId, at };
  bindOutboxEvent(owed, at, values);
  return values;
}

/** The game began: the room runs (and, if managed, `started` is owed). True when it moved now. */
export async function recordRoomStarted(db: Database, roomId: string, started: object, at: Date = new Date()): Promise<boolean> {
  const values = transitionValues(roomId, { roomId, kind: "started", payload: started }, at);
  return changeOwing(db, "started", values, () => owingStatement(transitionTemplate(db, "running", ["created", "ready"]), [], "started"));
}

/**
 * The game ended normally: its result row, its replay record (when it fit the
 * cap), the room's `finished` status and (if managed) the `finished`
 * callback, together. A second call for the same room changes nothing. True
 * when the room was finished now.
 */
export async function recordGameFinished(db: Database, result: NewGameResultRow, finished: object, replay?: NewGameReplayRow): Promise<boolean> {
  const values = transitionValues(result.roomId, { roomId: result.roomId, kind: "finished", payload: finished }, result.finishedAt);
  const resultShape = bindRow(result, "result_", values);
  const replayShape = replay === undefined ? "none" : bindRow(replay, "replay_", values);
  return changeOwing(db, `finished:${resultShape}:${replayShape}`, values, () => {
    const before: SQL[] = [db.insert(gameResults).values(placeholdersOf(result, "result_")).onConflictDoNothing({ target: gameResults.roomId }).getSQL()];
    if (replay !== undefined) before.push(db.insert(gameReplays).values(placeholdersOf(replay, "replay_")).onConflictDoNothing({ target: gameReplays.roomId }).getSQL());
    return owingStatement(transitionTemplate(db, "finished", "not-final"), before, "finished");
  });
}

/** The room ended abnormally: status `aborted` and (if managed) the `aborted` callback, together. True when it moved now. */
export async function recordRoomAborted(db: Database, roomId: string, aborted: object, at: Date = new Date()): Promise<boolean> {
  const values = transitionValues(roomId, { roomId, kind: "aborted", payload: aborted }, at);
  return changeOwing(db, "aborted", values, () => owingStatement(transitionTemplate(db, "aborted", "not-final"), [], "aborted"));
}

/**
 * A managed room lost with a dead node (the reaper's path). Where this
 * node's database records the room, as `recordRoomAborted`. Where it does not
 * (each node keeps its own database, e.g. embedded PGlite), the room was
 * recorded in the dead node's database, out of reach: the `aborted` callback
 * is recorded here alone, unless this database already owes this room's end.
 * True when the abort was recorded now.
 */
export async function recordLostRoomAborted(db: Database, roomId: string, aborted: object, at: Date = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { moved, managed } = await transition(tx, roomId, "aborted", "not-final", at);
    if (moved) {
      if (managed) await insertOutboxEvents(tx, [{ roomId, kind: "aborted", payload: aborted }], at);
      return true;
    }
    const [known] = await tx.select({ id: rooms.id }).from(rooms).where(eq(rooms.id, roomId)).limit(1);
    if (known !== undefined) return false;
    const [ended] = await tx
      .select({ id: lifecycleOutbox.id })
      .from(lifecycleOutbox)
      .where(and(eq(lifecycleOutbox.roomId, roomId), inArray(lifecycleOutbox.kind, ["finished", "aborted"])))
      .limit(1);
    if (ended !== undefined) return false;
    await insertOutboxEvents(tx, [{ roomId, kind: "aborted", payload: aborted }], at);
    return true;
  });
}

/**
 * Start-up recovery: every room recorded on `nodeName` that is still alive
 * belongs to this node's previous life (this life has none yet) and is lost.
 * Marks them aborted and records their `aborted` callbacks, in one
 * transaction. Returns the ids of the rooms aborted.
 */
export async function abortRoomsOfNode(db: Database, nodeName: string, abortedBody: (roomId: string) => object, at: Date = new Date()): Promise<string[]> {
  return db.transaction(async (tx) => {
    const lost = await tx
      .update(rooms)
      .set({ status: "aborted", finishedAt: at })
      .where(and(eq(rooms.nodeName, nodeName), inArray(rooms.status, LIVE)))
      .returning({ id: rooms.id, managed: rooms.managed });
    const events: OutboxEvent[] = lost.filter((room) => room.managed).map((room) => ({ roomId: room.id, kind: "aborted", payload: abortedBody(room.id) }));
    await insertOutboxEvents(tx, events, at);
    return lost.map((room) => room.id);
  });
}

/** Rooms of a node still recorded alive (for tests and diagnostics). */
export async function liveRoomsOfNode(db: Database, nodeName: string): Promise<string[]> {
  const rows = await db
    .select({ id: rooms.id })
    .from(rooms)
    .where(and(eq(rooms.nodeName, nodeName), inArray(rooms.status, LIVE)));
  return rows.map((row) => row.id);
}
