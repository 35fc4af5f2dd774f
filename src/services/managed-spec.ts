/**
 * The spec of a room the matchmaking service creates (seed 000) and the
 * single-use ticket under which it travels: the internal API stores the spec
 * in presence (shared by every node with Redis), the room's onCreate takes it
 * by the ticket its create options carry. Also the presence key of a
 * process's unsettled managed rooms, which survivors read if it dies.
 */
import { matchMaker } from "@colyseus/core";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { GAME_RULES } from "../games/registry.js";

/** Presence set of the unsettled managed rooms a process holds, so survivors can report them if it dies. */
export function managedRoomsKey(processId: string): string {
  return `gs:rooms:${processId}`;
}

/**
 * The create option carrying the single-use ticket under which the internal API stored a managed room's spec.
 * The spec itself never travels in room options: clients cannot set this option (the matchmaking edge
 * refuses every option outside a room type's allow-list), and a ticket names nothing without the server-side entry.
 */
export const MANAGED_TICKET_OPTION = "managedTicket";

/** How long a stored spec waits for its room's onCreate (it is read once, on whichever node creates the room). */
const TICKET_TTL_SECONDS = 60;

const ticketKey = (ticket: string) => `gs:managed-spec:${ticket}`;

const specSchema = z.object({
  roomId: z.string().min(1).max(128),
  gameRules: z.enum(GAME_RULES),
  gameTypeId: z.string().optional(),
  playerIds: z.array(z.string().min(1)).min(1),
  /** Seat names by player id (e.g. lobby race names); otherwise the verified display name is used. */
  names: z.record(z.string(), z.string()).default({}),
  /** Game options as the matchmaking service sent them (`config` of the create request). */
  config: z.record(z.string(), z.unknown()).default({}),
  seed: z.string().optional(),
  joinTimeoutMs: z.number().int().min(0),
});

/** What a managed room is created with. */
export type ManagedSpec = z.infer<typeof specSchema>;

/** A managed create the room must refuse (no such ticket, or a malformed spec: a wiring bug). */
export class ManagedSpecError extends Error {
  override name = "ManagedSpecError";
}

/**
 * Stores a spec in presence under a fresh unguessable ticket, for the room's onCreate to take; returns the ticket.
 */
export async function storeManagedSpec(spec: ManagedSpec): Promise<string> {
  const ticket = randomBytes(24).toString("base64url");
  await matchMaker.presence.setex(ticketKey(ticket), JSON.stringify(specSchema.parse(spec)), TICKET_TTL_SECONDS);
  return ticket;
}

/** Creates a managed room as the internal API does: the spec stays server-side, only its ticket is a create option. */
export async function createManagedRoom(roomName: string, spec: ManagedSpec) {
  const ticket = await storeManagedSpec(spec);
  try {
    return await matchMaker.createRoom(roomName, { [MANAGED_TICKET_OPTION]: ticket });
  } finally {
    await matchMaker.presence.del(ticketKey(ticket));
  }
}

/**
 * The managed spec named by a room's create options, taken (read and deleted) from presence; undefined when the
 * options carry no ticket. Throws ManagedSpecError for an unknown, expired or used ticket or a malformed spec.
 */
export async function takeManagedSpec(options: unknown): Promise<ManagedSpec | undefined> {
  const ticket = options !== null && typeof options === "object" && Object.hasOwn(options, MANAGED_TICKET_OPTION)
    ? (options as Record<string, unknown>)[MANAGED_TICKET_OPTION]
    : undefined;
  if (ticket === undefined) return undefined;
  if (typeof ticket !== "string" || !/^[A-Za-z0-9_-]{32}$/.test(ticket)) throw new ManagedSpecError("malformed managed room ticket");
  const stored: unknown = await matchMaker.presence.get(ticketKey(ticket));
  if (typeof stored !== "string") throw new ManagedSpecError("unknown or used managed room ticket");
  await matchMaker.presence.del(ticketKey(ticket));
  const parsed = specSchema.safeParse(JSON.parse(stored));
  if (!parsed.success) throw new ManagedSpecError(`malformed managed room spec: ${parsed.error.message}`);
  return parsed.data;
}
