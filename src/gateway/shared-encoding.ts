/**
 * One JSON encoding per room event for all the seed-003 gateway seats of a
 * node: a room numbers every event it sends (one sequence per room, a new
 * number for each event, reply and private message), so room id plus
 * sequence number names one body of the seed003 profile, and the text made
 * for the first seat that receives it serves the others. The event's
 * server time (one per event, the same for every recipient) is part of the
 * key too, so a later room reusing an id (a managed room created again)
 * never meets an earlier one's text. Bounded: the most recent events only.
 */

const MAX_ENTRIES = 512;

export class SharedEncoding {
  private readonly texts = new Map<string, string>();

  /** The JSON text of a room message payload (the room's seed-003 envelope). */
  text(payload: unknown): string {
    const envelope = payload as { room_id?: unknown; sequence_number?: unknown; event?: unknown; server_time?: unknown } | null;
    if (
      envelope === null ||
      typeof envelope !== "object" ||
      typeof envelope.room_id !== "string" ||
      typeof envelope.sequence_number !== "number" ||
      typeof envelope.server_time !== "number"
    ) {
      return JSON.stringify(payload);
    }
    const key = `${envelope.room_id}\u0000${envelope.sequence_number}\u0000${envelope.server_time}\u0000${String(envelope.event)}`;
    const known = this.texts.get(key);
    if (known !== undefined) return known;
    const text = JSON.stringify(payload);
    if (this.texts.size >= MAX_ENTRIES) this.texts.delete(this.texts.keys().next().value!);
    this.texts.set(key, text);
    return text;
  }
}
