/**
 * The rooms' schema buffers (SCHEMA_BUFFER_BYTES, rooms/shared/patching.ts)
 * hold the largest Liap Tui state without growing: every name 32 four-byte
 * characters, every list full, a seat's hand in its view.
 */
import assert from "node:assert/strict";
import { Encoder, StateView } from "@colyseus/schema";
import { LiapTuiPlayerState, LiapTuiState, PlayState } from "../../schema/liap-tui.js";
import { SCHEMA_BUFFER_BYTES } from "../../rooms/shared/patching.js";
import { gameRooms } from "../../rooms/index.js";

function largestLiapState(): LiapTuiState {
  const name = (i: number) => "😀".repeat(31) + String(i);
  const s = new LiapTuiState();
  s.room_name = "😀".repeat(64);
  Object.assign(s, { phase: "TURN", current_player: name(0), starter: name(1), starter_reason: "has_general_red", display_pause: "turn_result", timer_kind: "redeal_decision" });
  Object.assign(s, { turn_starter: name(0), turn_winner: name(1), last_winner: name(2) });
  for (let i = 0; i < 4; i++) {
    const player = new LiapTuiPlayerState();
    Object.assign(player, { name: name(i), redeal_decision: "decline", score: -1_000_000, declared: 8 });
    // piece ids are "p0".."p31": three characters at most
    for (let k = 0; k < 8; k++) player.hand.push(`p${24 + k}`);
    s.players.push(player);
    for (const list of [s.awaiting_players, s.turn_order, s.declaration_order, s.weak_hands, s.winners]) list.push(name(i));
    s.declarations.set(name(i), 8);
    const play = new PlayState();
    Object.assign(play, { player: name(i), position: i, play_type: "THREE_OF_A_KIND_PAIR" });
    for (let k = 0; k < 6; k++) play.pieces.push(`p${10 + k}`);
    s.current_plays.push(play);
  }
  return s;
}

describe("schema encode buffers", () => {
  it("registering the rooms sets the buffer size", () => {
    gameRooms();
    assert.equal(Encoder.BUFFER_SIZE, SCHEMA_BUFFER_BYTES);
  });

  it("hold the largest Liap Tui state with its owner's hand, without growing", () => {
    Encoder.BUFFER_SIZE = SCHEMA_BUFFER_BYTES;
    const state = largestLiapState();
    const encoder = new Encoder(state);
    const it = { offset: 0 };
    const shared = encoder.encodeAll(it);
    const view = new StateView();
    view.add(state.players[0]!.hand);
    const withHand = encoder.encodeAllView(view, it.offset, it);
    assert.ok(withHand.length > shared.length, "the view adds the hand");
    assert.ok(withHand.length <= SCHEMA_BUFFER_BYTES, `${withHand.length} bytes fit in ${SCHEMA_BUFFER_BYTES}`);
    assert.ok(shared.length > SCHEMA_BUFFER_BYTES / 2, `the case is a real test of the size (${shared.length} bytes)`);
  });
});
