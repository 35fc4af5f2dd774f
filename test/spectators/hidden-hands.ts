/**
 * The hidden-hand checker: given everything a spectator decoded (state
 * snapshots after every patch) and received (every event), and the game's
 * ground truth (ledger.ts), lists every place where a piece of a hand showed.
 *
 * A piece id may reach the public only as part of a play that really
 * happened (the table's current plays, a `card_played`, a discard pile of
 * played cards). Every other occurrence of a piece id, anywhere in a state
 * snapshot or an event payload (keys and values, at any depth), is a leak;
 * so is any event addressed to one seat (`hand_updated`, `play_accepted`,
 * `declaration_accepted`) reaching a spectator at all.
 */
import { dealKey, playKey, type CardLedger, type LiapLedger } from "./ledger.js";

/** What one spectator saw, in order. */
export type Observation = { kind: "state"; json: unknown } | { kind: "event"; type: string; data: unknown };

/** Events only a seat may receive. */
const SEAT_EVENTS = new Set(["hand_updated", "play_accepted", "declaration_accepted"]);

const LIAP_PIECE = /^p\d+$/;
const CARD = /^c\d+$/;

/** Every piece-like string (keys and values) in `value`, with its path; `skip` prunes subtrees checked elsewhere. */
function piecesIn(value: unknown, pattern: RegExp, path: string, skip: (path: string) => boolean, out: string[]): string[] {
  if (skip(path)) return out;
  if (typeof value === "string") {
    if (pattern.test(value)) out.push(`${path}=${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => piecesIn(item, pattern, `${path}[${i}]`, skip, out));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (pattern.test(key)) out.push(`${path} key ${key}`);
      piecesIn(item, pattern, `${path}.${key}`, skip, out);
    }
  }
  return out;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json | undefined => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined);
const ids = (pieces: unknown): string[] => (Array.isArray(pieces) ? pieces.map((p) => (typeof p === "string" ? p : String(obj(p)?.id))) : []);

// ------------------------------------------------------------------ Liap Tui

/**
 * Liap Tui: pieces may show only in a real play of the current deal — the
 * synced `current_plays` and a `phase_data.current_plays` (in `phase_change`,
 * `room_joined`/`reconnected`'s `game_state`, `sync_response`'s `full_state`
 * and its missed events), or a timed-out player's `auto_action`.
 * `seatOf` maps a seat name to its position.
 */
export function liapLeaks(observations: readonly Observation[], ledger: LiapLedger, seatOf: (name: string) => number | undefined): string[] {
  const leaks: string[] = [];
  const checkPlay = (where: string, deal: string, seat: number | string | undefined, pieces: unknown) => {
    const key = playKey(deal, seat ?? "?", ids(pieces));
    const known = deal === "any" ? ledger.playsAnyDeal.has(key) : ledger.plays.has(key);
    if (!known) leaks.push(`${where}: a "play" that never happened: ${key}`);
  };
  /** Checks the plays of a phase_data and returns the paths they occupy. */
  const phaseData = (where: string, data: unknown) => {
    const pd = obj(data);
    const plays = obj(pd?.current_plays);
    if (pd === undefined || plays === undefined) return;
    const deal = dealKey(Number(pd.round_number), Number(pd.redeal_multiplier));
    for (const [name, play] of Object.entries(plays)) checkPlay(`${where}.current_plays.${name}`, deal, seatOf(name), obj(play)?.pieces);
  };
  const isPlayPath = (path: string) =>
    /(^|\.)phase_data\.current_plays$/.test(path) || /^\$\.data\.auto_action\.piece_ids$/.test(path) || path === "$.current_plays";

  observations.forEach((o, index) => {
    if (o.kind === "state") {
      const state = obj(o.json) ?? {};
      const deal = dealKey(Number(state.round_number), Number(state.redeal_multiplier));
      const plays = Array.isArray(state.current_plays) ? state.current_plays : [];
      for (const play of plays) checkPlay(`state #${index} current_plays`, deal, Number(obj(play)?.position), obj(play)?.pieces);
      for (const found of piecesIn(state, LIAP_PIECE, "$", isPlayPath, [])) leaks.push(`state #${index}: ${found}`);
      return;
    }
    const where = `event #${index} ${o.type}`;
    if (SEAT_EVENTS.has(o.type)) leaks.push(`${where}: a seat's own event reached the spectator`);
    const data = obj(o.data) ?? {};
    phaseData(`${where}.phase_data`, data.phase_data);
    phaseData(`${where}.game_state.phase_data`, obj(data.game_state)?.phase_data);
    phaseData(`${where}.full_state.phase_data`, obj(data.full_state)?.phase_data);
    const autoAction = obj(data.auto_action);
    if (autoAction?.piece_ids !== undefined) checkPlay(`${where}.auto_action`, "any", seatOf(String(data.player)), autoAction.piece_ids);
    const missed = Array.isArray(data.missed_events) ? data.missed_events : [];
    missed.forEach((m, i) => {
      const event = obj(m) ?? {};
      if (SEAT_EVENTS.has(String(event.event))) leaks.push(`${where}.missed_events[${i}]: a seat's own event (${String(event.event)})`);
      phaseData(`${where}.missed_events[${i}].phase_data`, obj(event.data)?.phase_data);
    });
    for (const found of piecesIn({ data: o.data }, LIAP_PIECE, "$", isPlayPath, [])) leaks.push(`${where}: ${found}`);
  });
  return leaks;
}

// ------------------------------------------------------------------ card battle

/**
 * Card battle: the synced state holds no card but the hands (which a
 * spectator must never decode); cards may show only as a real `card_played`
 * or in a discard pile (played cards), live or in a sync answer.
 */
export function cardLeaks(observations: readonly Observation[], ledger: CardLedger): string[] {
  const leaks: string[] = [];
  const played = (where: string, playerId: unknown, card: unknown) => {
    const id = String(obj(card)?.id);
    if (!ledger.plays.has(`${String(playerId)}|${id}`)) leaks.push(`${where}: card ${id} of ${String(playerId)} was never played`);
  };
  const discards = (where: string, fullState: unknown) => {
    const players = obj(fullState)?.players;
    if (!Array.isArray(players)) return;
    for (const p of players) for (const card of (obj(p)?.discard as unknown[] | undefined) ?? []) played(`${where}.discard`, obj(p)?.player_id, card);
  };
  const isPublicPath = (path: string) => /\.discard$/.test(path) || path === "$.data.card" || /^\$\.data\.missed_events\[\d+\]\.data\.card$/.test(path);

  observations.forEach((o, index) => {
    if (o.kind === "state") {
      for (const found of piecesIn(o.json, CARD, "$", () => false, [])) leaks.push(`state #${index}: ${found}`);
      return;
    }
    const where = `event #${index} ${o.type}`;
    if (SEAT_EVENTS.has(o.type)) leaks.push(`${where}: a seat's own event reached the spectator`);
    const data = obj(o.data) ?? {};
    if (o.type === "card_played") played(where, data.player_id, data.card);
    discards(`${where}.full_state`, data.full_state);
    const missed = Array.isArray(data.missed_events) ? data.missed_events : [];
    missed.forEach((m, i) => {
      const event = obj(m) ?? {};
      if (SEAT_EVENTS.has(String(event.event))) leaks.push(`${where}.missed_events[${i}]: a seat's own event (${String(event.event)})`);
      if (event.event === "card_played") played(`${where}.missed_events[${i}]`, obj(event.data)?.player_id, obj(event.data)?.card);
    });
    for (const found of piecesIn({ data: o.data }, CARD, "$", isPublicPath, [])) leaks.push(`${where}: ${found}`);
  });
  return leaks;
}
