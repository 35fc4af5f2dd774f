/**
 * Play order: the seats rotated so that a given seat comes first (rules §2.1).
 */
import type { Seat } from "./types.js";

/** All seats in seat order. */
export const SEATS: readonly Seat[] = Object.freeze([0, 1, 2, 3] as const);

const ORDERS: readonly (readonly Seat[])[] = SEATS.map((s) => Object.freeze(SEATS.map((_, i) => ((s + i) % 4) as Seat)));

/** Play order starting at `first` (a fresh array): first, first+1, first+2, first+3 (mod 4). */
export function playOrderFrom(first: Seat): Seat[] {
  return ORDERS[first]!.slice();
}

/** True if `value` is a seat number 0..3. */
export function isSeat(value: unknown): value is Seat {
  return value === 0 || value === 1 || value === 2 || value === 3;
}
