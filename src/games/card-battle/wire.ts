/**
 * What a card battle sends (the `card_battle` room live, a replay afterwards): the rules' events as seed-003 event
 * payloads, the result in the shape of the `finished` callback, and the
 * per-viewer `full_state` of `sync_response`. Everything is built from the
 * viewer projections of view.ts (`playerView`, `ownHand`), so no other
 * player's hand can slip into a message.
 */
import type { Card, CardBattleEvent, CardBattleResult, CardBattleState, CardBattleView, PlayerResult } from "./types.js";
import { ownHand } from "./view.js";
import { TO_ALL, toSeat, type OutgoingEvent } from "../shared/outgoing.js";

/** `{id, kind}` of one card. */
export interface WireCard {
  id: string;
  kind: string;
}

/** `result_data` of `game_over`, identical to the one of the `finished` callback. */
export interface CardBattleResultData {
  players: Record<string, { hp: number; result: PlayerResult }>;
  turns_played: number;
  duration_seconds: number;
  [extra: string]: unknown;
}

/** A seat as the room knows it, for the parts of the state the rules do not hold. */
export interface SeatInfo {
  playerId: string;
  name: string;
  position: number;
  connected: boolean;
}

/** One outbound event for everybody. */
export interface PublicEvent {
  event: string;
  data: unknown;
}

/** A card on the wire. */
export function wireCard(card: Card): WireCard {
  return { id: card.id, kind: card.kind };
}

/** The result plus the game's duration (whole seconds). */
export function wireResultData(result: CardBattleResult["result_data"], durationSeconds: number): CardBattleResultData {
  return { players: result.players, turns_played: result.turns_played, duration_seconds: Math.round(durationSeconds) };
}

/**
 * The broadcast event for one rules event, or null for those the room handles
 * itself (`card_drawn` becomes the drawer's private `hand_updated`; `game_over`
 * needs the duration). `deadline` is the turn timer's (epoch ms, null when off).
 */
export function publicEvent(event: CardBattleEvent, deadline: number | null): PublicEvent | null {
  switch (event.type) {
    case "game_started":
      return { event: "game_started", data: { players: event.players, first_player_id: event.first_player_id } };
    case "turn_started":
      return { event: "turn_started", data: { player_id: event.player_id, turn_number: event.turn_number, deadline } };
    case "card_played":
      return {
        event: "card_played",
        data: { player_id: event.player_id, card: wireCard(event.card), target_id: event.target_id, effects: event.effects },
      };
    case "player_passed":
      return { event: "player_passed", data: { player_id: event.player_id } };
    case "player_timeout":
      return {
        event: "player_timeout",
        data: { player_id: event.player_id, auto_action: event.auto_action, consecutive: event.consecutive },
      };
    case "player_eliminated":
      return { event: "player_eliminated", data: { player_id: event.player_id, reason: event.reason } };
    case "card_drawn":
    case "game_over":
      return null;
  }
}

/** The player whose hand an event changes, if any. */
export function handOwnerOf(event: CardBattleEvent): string | undefined {
  return event.type === "card_played" || event.type === "card_drawn" ? event.player_id : undefined;
}

/** The room's phase name. */
export type RoomPhase = "WAITING" | "PLAYING" | "FINISHED";

/** The room's state as one viewer may see it (`sync_response.full_state`). */
export function fullState(
  phase: RoomPhase,
  seats: readonly SeatInfo[],
  view: CardBattleView | null,
  deadline: number | null,
  maxHp: number,
) {
  if (view === null) {
    return {
      phase,
      turn_number: 0,
      current_player_id: null,
      turn_deadline: null,
      players: seats.map((s) => ({
        player_id: s.playerId,
        name: s.name,
        position: s.position,
        hp: maxHp,
        max_hp: maxHp,
        shield: 0,
        hand_size: 0,
        deck_size: 0,
        discard: [],
        eliminated: false,
        elimination_reason: null,
        consecutive_timeouts: 0,
        connected: s.connected,
      })),
      hand: null,
      winner_id: null,
      end_reason: null,
    };
  }
  return {
    phase,
    turn_number: view.turn_number,
    current_player_id: view.current_player_id,
    turn_deadline: deadline,
    players: view.players.map((p) => ({ ...p, connected: seats[p.position]?.connected ?? false })),
    hand: view.hand,
    winner_id: view.result?.winner_id ?? null,
    end_reason: view.end_reason,
  };
}

/**
 * The events of one step of a card battle (the start, or an action), in the
 * order a room sends them: the rules' events as seed 003's, each hand to its
 * owner once per step (after its last change), and any other hand that
 * changed. The mapper remembers the hand each player was last sent. One per
 * game: the room's, or a replay's.
 */
export class CardBattleWire {
  /** The hand each player was last sent (the rules' array and its card ids), to send `hand_updated` only on change. */
  private readonly sentHands = new Map<string, SentHand>();

  /** `playerIds` in seat order; `running` the turn timer after the step, if any (for `turn_started.deadline`). */
  step(events: readonly CardBattleEvent[], game: CardBattleState, playerIds: readonly string[], running: { turnNumber: number; deadline: number } | null): OutgoingEvent[] {
    const out: OutgoingEvent[] = [];
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      if (event.type === "game_over") continue;
      const deadline = event.type === "turn_started" && running?.turnNumber === event.turn_number ? running.deadline : null;
      const wire = publicEvent(event, deadline);
      if (wire !== null) out.push({ event: wire.event, to: TO_ALL, data: wire.data });
      const owner = handOwnerOf(event);
      if (owner !== undefined && !handChangesLater(events, index, owner)) out.push(this.hand(game, playerIds, owner));
    }
    // anyone whose hand changed without an event of their own (e.g. no opening hand) still learns it
    for (const playerId of playerIds) {
      const hand = handOf(game, playerId);
      const sent = this.sentHands.get(playerId);
      // the rules give a changed hand a new array: the same array needs no key
      if (sent !== undefined && sent.hand === hand) continue;
      const key = handKey(hand);
      if (sent?.key !== key) out.push(this.hand(game, playerIds, playerId));
      else sent.hand = hand;
    }
    return out;
  }

  /** `hand_updated` to its owner (also sent by the room when a player joins again), noted as sent. */
  hand(game: CardBattleState, playerIds: readonly string[], playerId: string): OutgoingEvent {
    const hand = handOf(game, playerId);
    this.sentHands.set(playerId, { hand, key: handKey(hand) });
    return { event: "hand_updated", to: toSeat(playerIds.indexOf(playerId)), data: { cards: ownHand(game, playerId) ?? [] } };
  }
}

/** A hand as last sent: the rules' array (undefined: not a player) and its card ids. */
interface SentHand {
  hand: readonly Card[] | undefined;
  key: string;
}

/** `game_over`, to everybody, with the result as stored. */
export function gameOverEvent(event: Extract<CardBattleEvent, { type: "game_over" }>, resultData: CardBattleResult["result_data"] | Record<string, unknown>): OutgoingEvent {
  return { event: "game_over", to: TO_ALL, data: { winner_id: event.winner_id, result_data: resultData } };
}

/** Whether an event after `index` changes `owner`'s hand again (a step has a handful of events: a scan, no map). */
function handChangesLater(events: readonly CardBattleEvent[], index: number, owner: string): boolean {
  for (let i = index + 1; i < events.length; i++) if (handOwnerOf(events[i]!) === owner) return true;
  return false;
}

/** A player's hand in the rules' state (undefined: not a player). */
function handOf(game: CardBattleState, playerId: string): readonly Card[] | undefined {
  return game.players.find((p) => p.id === playerId)?.hand;
}

/** A hand as a comparable key (card ids in order). */
function handKey(hand: readonly Card[] | undefined): string {
  return (hand ?? []).map((c) => c.id).join(",");
}
