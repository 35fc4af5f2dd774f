/**
 * A room's schema side without sockets, for sync tests: a seat's StateView
 * (its player and that player's hand, as the rooms give it) with a decoder
 * that receives exactly what the room's serializer would send that seat.
 */
import { Decoder, StateView, type Encoder, type Schema } from "@colyseus/schema";

export interface SchemaSeat<S extends Schema> {
  view: StateView;
  decoder: Decoder<S>;
}

/** Joins a seat: its view of `player` (hand included) and a decoder holding the full state it would be sent. */
export function connectSeat<S extends Schema>(encoder: Encoder<S>, player: Schema & { hand: object }, fresh: S): SchemaSeat<S> {
  const view = new StateView();
  view.add(player);
  view.subscribe(player.hand as Parameters<StateView["subscribe"]>[0]);
  const decoder = new Decoder(fresh);
  const it = { offset: 0 };
  encoder.encodeAll(it);
  // the shared full state, then this view's part after it, as one frame (as the room's serializer sends it)
  decoder.decode(encoder.encodeAllView(view, it.offset, it));
  return { view, decoder };
}

/** Encodes one patch, decodes it on every seat, and ends the encoder's tick. */
export function patchSeats<S extends Schema>(encoder: Encoder<S>, seats: readonly SchemaSeat<S>[]): void {
  const it = { offset: 0 };
  encoder.encode(it);
  const sharedOffset = it.offset;
  for (const seat of seats) seat.decoder.decode(encoder.encodeView(seat.view, sharedOffset, it));
  encoder.discardChanges();
}
