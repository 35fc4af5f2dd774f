/**
 * The rules engine: `applyAction(state, action)` checks an action and either
 * refuses it (a value, the state untouched) or returns the next state and the
 * events of that action, in order.
 *
 * Checks, in order: well-formed action → game not over (`game-over`) → seated
 * player (`not-a-player`) → still alive (`eliminated`) → their turn unless it is a
 * surrender (`not-your-turn`) → for `play_card`, card and target (`invalid-play`).
 * A `targetId` given with a non-damage card is ignored, whatever it names.
 */

import { isDamageCard } from "./cards.js";
import { playCard } from "./effects.js";
import { eliminate, settle } from "./flow.js";
import { cloneState, currentPlayer, findPlayer, validTargets } from "./state.js";
import type {
  ActionResult,
  Card,
  CardBattleAction,
  CardBattleEvent,
  CardBattleState,
  PlayerState,
  RuleError,
  RuleErrorCode,
} from "./types.js";

const ACTION_TYPES: ReadonlySet<string> = new Set(["play_card", "pass", "surrender", "timeout"]);

/** Builds a refusal. */
function refuse(code: RuleErrorCode, message: string, details?: Record<string, unknown>): { ok: false; error: RuleError } {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

/** Builds an `invalid-play` refusal whose details start with the reason. */
function invalidPlay(reason: string, message: string, details: Record<string, unknown> = {}): { ok: false; error: RuleError } {
  return refuse("invalid-play", message, { reason, ...details });
}

/** Checks who is acting; returns their seat or a refusal. */
function checkActor(state: CardBattleState, action: CardBattleAction): PlayerState | { ok: false; error: RuleError } {
  if (typeof action !== "object" || action === null || !ACTION_TYPES.has((action as { type?: unknown }).type as string)) {
    return invalidPlay("unknown_action", "unknown action type", { known: [...ACTION_TYPES] });
  }
  if (state.status !== "playing") return refuse("game-over", "the game is over");
  const player = findPlayer(state, action.playerId);
  if (player === undefined) {
    return refuse("not-a-player", `${String(action.playerId)} is not a player of this game`, { player_id: action.playerId });
  }
  if (player.eliminated) {
    return refuse("eliminated", `${player.id} has been eliminated`, { player_id: player.id, reason: player.eliminationReason });
  }
  const current = currentPlayer(state);
  if (action.type !== "surrender" && player.id !== current) {
    return refuse("not-your-turn", `it is ${String(current)}'s turn`, { current_player_id: current });
  }
  return player;
}

/** Checks a `play_card`: the card must be in hand, a damage card needs a valid target. */
function checkPlay(
  state: CardBattleState,
  player: PlayerState,
  action: Extract<CardBattleAction, { type: "play_card" }>,
): { card: Card; target: PlayerState | null } | { ok: false; error: RuleError } {
  const cardId = action.cardId;
  const card = player.hand.find((c) => c.id === cardId);
  if (card === undefined) {
    const exists = state.players.some((p) => [p.hand, p.deck, p.discard].some((pile) => pile.some((c) => c.id === cardId)));
    return exists
      ? invalidPlay("card_not_in_hand", `card ${String(cardId)} is not in your hand`, { card_id: cardId })
      : invalidPlay("unknown_card", `there is no card ${String(cardId)}`, { card_id: cardId });
  }
  if (!isDamageCard(card.kind)) return { card, target: null };

  const targets = validTargets(state, player.id);
  const targetId = action.targetId;
  const details = { card_id: card.id, target_id: targetId ?? null, valid_targets: targets };
  if (targetId === undefined || targetId === null) {
    if (targets.length === 1) return { card, target: findPlayer(state, targets[0])! };
    return invalidPlay("target_required", `${card.kind} needs a target_id: one of ${targets.join(", ")}`, details);
  }
  if (targetId === player.id) return invalidPlay("target_self", "you cannot target yourself", details);
  const target = findPlayer(state, targetId);
  if (target === undefined) return invalidPlay("target_unknown", `${String(targetId)} is not a player`, details);
  if (target.eliminated) return invalidPlay("target_eliminated", `${target.id} has been eliminated`, details);
  return { card, target };
}

/** Applies one action: the next state and its events, or a refusal that leaves `state` as it was. */
export function applyAction(state: CardBattleState, action: CardBattleAction): ActionResult {
  const actor = checkActor(state, action);
  if ("ok" in actor) return actor;

  let play: { card: Card; target: PlayerState | null } | undefined;
  if (action.type === "play_card") {
    const checked = checkPlay(state, actor, action);
    if ("ok" in checked) return checked;
    play = checked;
  }

  const draft = cloneState(state);
  const player = draft.players[actor.seat]!;
  const events: CardBattleEvent[] = [];
  switch (action.type) {
    case "play_card": {
      const target = play!.target === null ? null : draft.players[play!.target.seat]!;
      player.consecutiveTimeouts = 0;
      playCard(draft, player, play!.card, target, events);
      settle(draft, true, events);
      break;
    }
    case "pass":
      player.consecutiveTimeouts = 0;
      events.push({ type: "player_passed", player_id: player.id });
      settle(draft, true, events);
      break;
    case "timeout":
      player.consecutiveTimeouts += 1;
      events.push({ type: "player_timeout", player_id: player.id, auto_action: "pass", consecutive: player.consecutiveTimeouts });
      if (player.consecutiveTimeouts >= draft.options.maxConsecutiveTimeouts) eliminate(draft, player, "timeout", events);
      settle(draft, true, events);
      break;
    case "surrender": {
      const wasTheirTurn = draft.currentSeat === player.seat;
      eliminate(draft, player, "surrender", events);
      settle(draft, wasTheirTurn, events);
      break;
    }
  }
  return { ok: true, state: draft, events };
}
