/**
 * Queries on `lifecycle_outbox`: plain functions taking the database (or a
 * transaction) first. Rows of one room are delivered strictly in `id` order:
 * only a room's oldest pending row is ever due.
 */
import { and, asc, count, eq, inArray, isNotNull, isNull, like, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { lifecycleOutbox, type LifecycleEventKind, type OutboxRow } from "../../drizzle/schema/index.js";
import { rowsOf, type Database, type Executor } from "./database.js";

/** One callback to record, with the body the contract sends. */
export interface OutboxEvent {
  roomId: string;
  kind: LifecycleEventKind;
  payload: object;
}

/** Records callbacks owed to the platform (call inside the transaction of the state change that causes them). */
export async function insertOutboxEvents(db: Executor, events: readonly OutboxEvent[], at: Date = new Date()): Promise<void> {
  if (events.length === 0) return;
  await db.insert(lifecycleOutbox).values(
    events.map((event) => ({
      roomId: event.roomId,
      kind: event.kind,
      payload: event.payload as Record<string, unknown>,
      createdAt: at,
      nextAttemptAt: at,
      updatedAt: at,
    })),
  );
}

/**
 * The same record as `insertOutboxEvents`, as the template of a statement of
 * its own (src/db/compiled.ts): one row of callback `kind` for each row of
 * the common table expression `source` whose `managed` column is true (the
 * state change that owes the callback). `bindOutboxEvent` gives its values.
 */
export function insertOutboxEventFrom(source: string, kind: LifecycleEventKind): SQL {
  const when = sql`${sql.placeholder("owed_at")}::timestamptz`;
  return sql`insert into ${lifecycleOutbox} (room_id, kind, payload, created_at, next_attempt_at, updated_at)
    select ${sql.placeholder("owed_room_id")}, ${kind}, ${sql.placeholder("owed_payload")}::jsonb, ${when}, ${when}, ${when}
    from ${sql.identifier(source)} where ${sql.identifier(source)}.managed`;
}

/** The values of `insertOutboxEventFrom`'s template for `event` recorded at `at`. */
export function bindOutboxEvent(event: OutboxEvent, at: Date, values: Record<string, unknown>): void {
  values.owed_room_id = event.roomId;
  values.owed_payload = JSON.stringify(event.payload);
  values.owed_at = at.toISOString();
}

/**
 * Takes up to `limit` rows due at `now`, each the oldest pending row of its
 * room, and leases them to `worker` until `leaseUntil`: no other worker (of
 * this node or another sharing the database) takes them, nor any later row
 * of the same room, while the lease runs.
 */
export async function claimDueOutbox(db: Database, worker: string, now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
  // one statement: the subquery locks the due rows (skipping those another worker is taking), the update leases them
  const due = sql`(select o.id from ${lifecycleOutbox} o
    where o.state = 'pending' and o.next_attempt_at <= ${now.toISOString()}::timestamptz
      and not exists (select 1 from ${lifecycleOutbox} p where p.room_id = o.room_id and p.state = 'pending' and p.id < o.id)
    order by o.id
    limit ${limit}
    for update skip locked)`;
  const claimed = await db
    .update(lifecycleOutbox)
    .set({ claimedBy: worker, nextAttemptAt: leaseUntil, updatedAt: now })
    .where(inArray(lifecycleOutbox.id, due))
    .returning();
  return claimed.sort((a, b) => a.id - b.id);
}

/**
 * Notes the platform's acknowledgement, at most once (only a pending row is
 * acknowledged). Says whether it was, and whether the row's room has a later
 * callback pending: it was waiting behind this one and is due now.
 */
export async function acknowledgeOutbox(db: Database, id: number, attempts: number, at: Date = new Date()): Promise<{ acknowledged: boolean; roomHasMore: boolean }> {
  const acked = db
    .update(lifecycleOutbox)
    .set({ state: "acknowledged", acknowledgedAt: at, attempts: sql`${lifecycleOutbox.attempts} + ${attempts}`, claimedBy: null, lastError: null, updatedAt: at })
    .where(and(eq(lifecycleOutbox.id, id), eq(lifecycleOutbox.state, "pending")))
    .returning({ id: lifecycleOutbox.id, roomId: lifecycleOutbox.roomId });
  const result = await db.execute(sql`with acked as (${acked.getSQL()})
    select (select count(*) from acked)::int as acknowledged,
      exists (select 1 from ${lifecycleOutbox} p join acked a on p.room_id = a.room_id where p.state = 'pending' and p.id > a.id) as more`);
  const [row] = rowsOf<{ acknowledged: number | string; more: boolean | string }>(result);
  return { acknowledged: Number(row?.acknowledged ?? 0) > 0, roomHasMore: row?.more === true || row?.more === "t" };
}

/** Gives a row up for good: the platform does not know the room (404). */
export async function dropOutbox(db: Database, id: number, attempts: number, lastError: string, at: Date = new Date()): Promise<void> {
  await db
    .update(lifecycleOutbox)
    .set({ state: "dropped", attempts: sql`${lifecycleOutbox.attempts} + ${attempts}`, lastError, claimedBy: null, updatedAt: at })
    .where(and(eq(lifecycleOutbox.id, id), eq(lifecycleOutbox.state, "pending")));
}

/** Notes failed attempts and when to try next; the lease ends. */
export async function recordOutboxFailure(
  db: Database,
  id: number,
  attempts: number,
  lastError: string,
  nextAttemptAt: Date,
  at: Date = new Date(),
): Promise<void> {
  await db
    .update(lifecycleOutbox)
    .set({ attempts: sql`${lifecycleOutbox.attempts} + ${attempts}`, lastError, nextAttemptAt, claimedBy: null, updatedAt: at })
    .where(and(eq(lifecycleOutbox.id, id), eq(lifecycleOutbox.state, "pending")));
}

/**
 * At a node's start: leases its previous life held end, and every owed row
 * not held by a live worker becomes due now (the platform may be back; the
 * next failure puts it on its schedule again). Returns how many rows.
 */
export async function makeOwedDueNow(db: Database, nodeName: string, keep: string, at: Date = new Date()): Promise<number> {
  const mine = like(lifecycleOutbox.claimedBy, `${escapeLike(nodeName)}/%`);
  const released = await db
    .update(lifecycleOutbox)
    .set({ claimedBy: null, nextAttemptAt: at, updatedAt: at })
    .where(and(eq(lifecycleOutbox.state, "pending"), or(isNull(lifecycleOutbox.claimedBy), and(mine, ne(lifecycleOutbox.claimedBy, keep)))))
    .returning({ id: lifecycleOutbox.id });
  return released.length;
}

/** Ends the leases one worker holds (it is stopping): its rows are due at once for whoever runs next. */
export async function releaseWorkerLeases(db: Database, worker: string, at: Date = new Date()): Promise<void> {
  await db
    .update(lifecycleOutbox)
    .set({ claimedBy: null, nextAttemptAt: at, updatedAt: at })
    .where(and(eq(lifecycleOutbox.state, "pending"), eq(lifecycleOutbox.claimedBy, worker)));
}

/**
 * Notes on a room's owed `finished` row that it waits behind an earlier
 * callback the platform did not acknowledge; returns its body, if any (it is
 * then as owed as if its own delivery had failed).
 */
export async function markFinishedWaiting(db: Database, roomId: string, reason: string, at: Date = new Date()): Promise<Record<string, unknown> | undefined> {
  const [row] = await db
    .update(lifecycleOutbox)
    .set({ lastError: reason, updatedAt: at })
    .where(and(eq(lifecycleOutbox.roomId, roomId), eq(lifecycleOutbox.kind, "finished"), eq(lifecycleOutbox.state, "pending")))
    .returning({ payload: lifecycleOutbox.payload });
  return row?.payload;
}

/** Whether the room has a `finished` row in any state. */
export async function hasFinishedEvent(db: Database, roomId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: lifecycleOutbox.id })
    .from(lifecycleOutbox)
    .where(and(eq(lifecycleOutbox.roomId, roomId), eq(lifecycleOutbox.kind, "finished")))
    .limit(1);
  return row !== undefined;
}

/** Every row of a room, oldest first. */
export async function roomOutbox(db: Database, roomId: string): Promise<OutboxRow[]> {
  return db.select().from(lifecycleOutbox).where(eq(lifecycleOutbox.roomId, roomId)).orderBy(asc(lifecycleOutbox.id));
}

/** Number of rows still owed to the platform. */
export async function countPendingOutbox(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(lifecycleOutbox).where(eq(lifecycleOutbox.state, "pending"));
  return row?.n ?? 0;
}

/** Owed `finished` rows whose delivery (or that of an earlier callback of the room) failed: the contract's `persist_failed`. */
function persistFailedWhere() {
  return and(eq(lifecycleOutbox.kind, "finished"), eq(lifecycleOutbox.state, "pending"), isNotNull(lifecycleOutbox.lastError));
}

/** One unacknowledged result as GET /internal/persist-failed lists it (times in ISO-8601 UTC). */
export interface PersistFailedEntry {
  room_id: string;
  payload: Record<string, unknown>;
  attempts: number;
  last_error: string | null;
  created_at: string;
  next_attempt_at: string;
}

/** Every unacknowledged result whose delivery failed, oldest first. */
export async function listPersistFailed(db: Database): Promise<PersistFailedEntry[]> {
  const rows = await db.select().from(lifecycleOutbox).where(persistFailedWhere()).orderBy(asc(lifecycleOutbox.id));
  return rows.map((row) => ({
    room_id: row.roomId,
    payload: row.payload,
    attempts: row.attempts,
    last_error: row.lastError,
    created_at: row.createdAt.toISOString(),
    next_attempt_at: row.nextAttemptAt.toISOString(),
  }));
}

/** Number of unacknowledged results whose delivery failed. */
export async function countPersistFailed(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(lifecycleOutbox).where(persistFailedWhere());
  return row?.n ?? 0;
}

/**
 * Deletes up to `limit` settled rows (acknowledged by the platform, or
 * dropped because it does not know the room) last changed before `before`,
 * oldest first; returns how many. Owed rows are never deleted, however old.
 */
export async function pruneSettledOutbox(db: Database, before: Date, limit: number): Promise<number> {
  const oldest = db
    .select({ id: lifecycleOutbox.id })
    .from(lifecycleOutbox)
    .where(and(ne(lifecycleOutbox.state, "pending"), lt(lifecycleOutbox.updatedAt, before)))
    .orderBy(asc(lifecycleOutbox.id))
    .limit(limit);
  const deleted = await db.delete(lifecycleOutbox).where(inArray(lifecycleOutbox.id, oldest)).returning({ id: lifecycleOutbox.id });
  return deleted.length;
}

/** Rows due now that nobody holds, for tests and diagnostics. */
export async function dueOutbox(db: Database, now: Date = new Date()): Promise<OutboxRow[]> {
  return db
    .select()
    .from(lifecycleOutbox)
    .where(and(eq(lifecycleOutbox.state, "pending"), lte(lifecycleOutbox.nextAttemptAt, now)))
    .orderBy(asc(lifecycleOutbox.id));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
