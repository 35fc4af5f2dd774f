/**
 * Room options of the card battle: defaults from the rules and validation into
 * a normalised copy (the caller's object is never touched).
 */

import { CARD_KINDS } from "./cards.js";
import type { CardBattleOptions, CardBattleOptionsInput, DeckComposition } from "./types.js";

/** Deck composition of the rules: 24 cards per player. */
export const DEFAULT_DECK: Readonly<DeckComposition> = Object.freeze({
  strike: 10,
  heavy_strike: 4,
  guard: 4,
  heal: 4,
  draw_two: 2,
});

/** Defaults of every option, as in the rules. */
export const DEFAULT_OPTIONS: Readonly<CardBattleOptions> = Object.freeze({
  maxHp: 30,
  maxTurns: 200,
  startingHand: 4,
  maxConsecutiveTimeouts: 3,
  deck: DEFAULT_DECK,
  strikeDamage: 3,
  heavyStrikeDamage: 5,
  guardShield: 3,
  healAmount: 3,
  drawTwoCount: 2,
});

type NumericOption = Exclude<keyof CardBattleOptions, "deck">;

/** Lower bound of each numeric option (all must be integers). */
const MINIMUMS: Record<NumericOption, number> = {
  maxHp: 1,
  maxTurns: 1,
  startingHand: 0,
  maxConsecutiveTimeouts: 1,
  strikeDamage: 0,
  heavyStrikeDamage: 0,
  guardShield: 0,
  healAmount: 0,
  drawTwoCount: 0,
};

const NUMERIC_KEYS = Object.keys(MINIMUMS) as NumericOption[];
const KNOWN_KEYS = new Set<string>([...NUMERIC_KEYS, "deck"]);

/** Upper bound for every number, to keep a typo from creating an absurd game. */
const MAX_VALUE = 1_000_000;

/** Reads one integer option or throws a RangeError naming it. */
function integerOption(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > MAX_VALUE) {
    throw new RangeError(`option ${name} must be an integer from ${min} to ${MAX_VALUE}, got ${String(value)}`);
  }
  return value;
}

/** Validates a (partial) deck override; kinds not given keep their default count. */
function normalizeDeck(deck: unknown): DeckComposition {
  if (deck === undefined) return { ...DEFAULT_DECK };
  if (typeof deck !== "object" || deck === null || Array.isArray(deck)) {
    throw new RangeError("option deck must be an object mapping card kinds to copy counts");
  }
  const given = deck as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(CARD_KINDS as readonly string[]).includes(key)) {
      throw new RangeError(`option deck has unknown card kind "${key}" (known: ${CARD_KINDS.join(", ")})`);
    }
  }
  const out = { ...DEFAULT_DECK };
  for (const kind of CARD_KINDS) out[kind] = integerOption(`deck.${kind}`, given[kind], DEFAULT_DECK[kind], 0);
  return out;
}

/** Fills defaults and validates; throws a RangeError with a clear message on a bad or unknown option. */
export function normalizeOptions(partial?: CardBattleOptionsInput): CardBattleOptions {
  if (partial !== undefined && (typeof partial !== "object" || partial === null || Array.isArray(partial))) {
    throw new RangeError("options must be an object");
  }
  const given: Record<string, unknown> = { ...partial };
  for (const key of Object.keys(given)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new RangeError(`unknown option "${key}" (known: ${[...KNOWN_KEYS].join(", ")})`);
    }
  }
  const out: CardBattleOptions = { ...DEFAULT_OPTIONS, deck: normalizeDeck(given.deck) };
  for (const key of NUMERIC_KEYS) out[key] = integerOption(key, given[key], DEFAULT_OPTIONS[key], MINIMUMS[key]);

  const deckSize = CARD_KINDS.reduce((sum, kind) => sum + out.deck[kind], 0);
  if (deckSize < 1) throw new RangeError("option deck must hold at least one card");
  if (out.startingHand > deckSize) {
    throw new RangeError(`option startingHand (${out.startingHand}) exceeds the deck size (${deckSize})`);
  }
  return out;
}
