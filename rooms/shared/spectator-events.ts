/**
 * What the public sees of the room's events: the one rule for a spectator's
 * live events, its `sync_request` answers and a replay's public stream
 * (`seat=spectator`). Pure: a logged event in, its public form out.
 */
import { seedBodyOf, type LoggedEvent } from "./event-log.js";

/** A wire profile (rooms/shared/messenger.ts): `native` or `seed003`. */
export type PublicProfile = "native" | "seed003";

/** An event as a spectator receives it. */
export interface PublicEvent {
  sequence: number;
  event: string;
  data: unknown;
}

/**
 * The public form of a logged event in a profile, or null when the public
 * sees nothing of it. Events to everybody are public as they were sent (the
 * profile's body). Events to one seat (its hand, its own acknowledgements)
 * have no public form in either game: what they say publicly — a play, a
 * declaration, hand sizes — reaches everybody through `phase_change`, the
 * game's broadcast events and the synced state. A body marked "not in this
 * profile" (a symbol, e.g. a native `phase_change` that says nothing new)
 * is not sent.
 */
export function publicEventOf(entry: LoggedEvent, profile: PublicProfile): PublicEvent | null {
  if (entry.audience.kind !== "all") return null;
  const data = profile === "native" && entry.native !== undefined ? entry.native : seedBodyOf(entry);
  if (typeof data === "symbol") return null;
  return { sequence: entry.sequence, event: entry.event, data };
}
