// The play page's replay viewer: a finished game's event stream as one seat (or a spectator) received it, from
// GET /api/games/{room_id}/replay (README "Replays"), stepped through one event at a time. The table at each step is
// folded from the events alone. Liap Tui streams are asked for in the seed003 profile, whose every phase_change carries
// the whole phase data and game_state and whose hand_updated follows every change of the seat's hand, so the table at
// any step is the last of each; card battle's two profiles are the same. Loaded after play.js (shares $, el, PHASE_NAMES…).
"use strict";

const replay = { roomId: "", seat: "", events: [], tables: [], at: 0 };
// a game just played may still be being stored when its page asks: "not finished" is asked again a few times
const REPLAY_RETRIES = 5;
const REPLAY_RETRY_MS = 400;

$("replay-open").onclick = () => openReplay($("replay-id").value.trim(), $("replay-seat").value.trim());
$("replay-first").onclick = () => showStep(0);
$("replay-prev").onclick = () => showStep(replay.at - 1);
$("replay-next").onclick = () => showStep(replay.at + 1);
$("replay-last").onclick = () => showStep(replay.events.length - 1);
$("replay-close").onclick = () => closeReplay();

if (params.get("replay") && !params.get("room")) openReplay(params.get("replay"), params.get("seat") ?? "spectator");

/** Shows the viewer for `roomId` as `seat` (a seat number or "spectator") and loads the stream. */
async function openReplay(roomId, seat) {
  seat = /^\d{1,2}$/.test(seat) ? seat : "spectator";
  $("replay-id").value = roomId;
  if (![...$("replay-seat").options].some((o) => o.value === seat)) $("replay-seat").append(el("option", { value: seat, textContent: `Seat ${Number(seat) + 1}` }));
  $("replay-seat").value = seat;
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(roomId)) return replayError("Enter the room id of a finished game.");
  Object.assign(replay, { roomId, seat, events: [], tables: [], at: 0 });
  history.replaceState(null, "", `${location.pathname}?${new URLSearchParams({ replay: roomId, seat })}`);
  $("connect").hidden = true;
  $("room").hidden = true;
  $("replay").hidden = false;
  $("replay-title").textContent = `Replay of ${roomId} — ${seat === "spectator" ? "as a spectator" : `seat ${Number(seat) + 1}`}`;
  $("replay-steps").hidden = true;
  $("replay-notice").hidden = true;
  const token = $("token").value.trim();
  if (!token) return replayError("Replays need a JWT: guests can't read them. Paste your player JWT into the JWT field (or open the page with ?token=…) and try again.");
  setStatus("loading the replay…");
  try {
    const stream = await fetchReplay(roomId, seat, token);
    replay.events = stream.events;
    replay.tables = tablesOf(stream.game_rules, stream.events);
  } catch (error) {
    setStatus("not connected");
    return replayError(error.message);
  }
  setStatus(`replay of ${roomId}`);
  if (replay.events.length === 0) return replayError("This replay holds no events.");
  $("replay-steps").hidden = false;
  showStep(0);
}

async function fetchReplay(roomId, seat, token) {
  const query = new URLSearchParams({ seat, protocol: "seed003" });
  for (let attempt = 0; ; attempt++) {
    let response;
    try {
      response = await fetch(`/api/games/${encodeURIComponent(roomId)}/replay?${query}`, { headers: { Authorization: `Bearer ${token}` } });
    } catch {
      throw new Error("Could not reach the server: check the connection and try again.");
    }
    const body = await response.json().catch(() => null);
    if (response.ok && Array.isArray(body?.events)) return body;
    const message = body?.error?.message ?? "";
    if (response.status === 404 && /not finished/.test(message) && attempt < REPLAY_RETRIES) {
      await new Promise((resolve) => setTimeout(resolve, REPLAY_RETRY_MS));
      continue;
    }
    throw new Error(refusalOf(response.status, message, response.headers.get("Retry-After")));
  }
}

/** The replay route's refusals in words. */
function refusalOf(status, message, retryAfter) {
  switch (status) {
    case 400: return `The server refused the request: ${message || "bad seat or room id"}.`;
    case 401: return "Your JWT was not accepted (missing, expired or not for this server): replays need a valid player JWT.";
    case 403: return `Not yours to watch: ${message || "you may read your own seat's replay only"}. Pick the seat you held, or the spectator's view.`;
    case 404: return `No replay here: ${message || "no such room"}.`;
    case 429: return `Too many replay requests: try again in ${retryAfter ?? "a few"} seconds.`;
    default: return `The server could not give the replay (HTTP ${status}${message ? `: ${message}` : ""}).`;
  }
}

/** A refusal in words, with the form below it to try again (a JWT to paste, another seat or room). */
function replayError(text) {
  $("connect").hidden = false;
  $("replay").hidden = false;
  $("replay-steps").hidden = true;
  $("replay-notice").textContent = text;
  $("replay-notice").hidden = false;
}

function closeReplay() {
  $("replay").hidden = true;
  $("connect").hidden = false;
  history.replaceState(null, "", location.pathname);
  setStatus("not connected");
}

// ---------------------------------------------------------------- the table at each step

/** The table after each event: every step's fold of the events up to it. */
function tablesOf(gameRules, events) {
  const fold = gameRules === "liap_tui" ? liapStep : battleStep;
  const tables = [];
  let table = {};
  for (const event of events) {
    table = fold(table, event.event, event.data ?? {});
    tables.push(table);
  }
  return tables;
}

function liapStep(table, type, data) {
  switch (type) {
    case "phase_change": return { ...table, phase: data.phase, phaseData: data.phase_data ?? {}, gameState: data.game_state ?? table.gameState };
    case "hand_updated": return { ...table, hand: data.pieces ?? [] };
    case "game_over": return { ...table, phase: "GAME_OVER", gameOver: data };
    default: return table;
  }
}

function battleStep(table, type, data) {
  const players = (table.players ?? []).map((p) => ({ ...p }));
  const player = (id) => players.find((p) => p.id === id);
  switch (type) {
    case "game_started":
      return { ...table, phase: "PLAYING", players: (data.players ?? []).map((p) => ({ id: p.player_id, name: p.name, hp: p.hp, shield: 0, out: "" })) };
    case "turn_started": return { ...table, turn: data.turn_number, current: data.player_id };
    case "card_played":
      for (const effect of data.effects ?? []) {
        const target = player(effect.target_id ?? effect.player_id);
        if (!target) continue;
        if (effect.hp_after !== undefined) target.hp = effect.hp_after;
        if (effect.shield_after !== undefined) target.shield = effect.shield_after;
      }
      return { ...table, players };
    case "player_eliminated":
      if (player(data.player_id)) player(data.player_id).out = data.reason;
      return { ...table, players };
    case "hand_updated": return { ...table, hand: data.cards ?? [] };
    case "game_over": return { ...table, phase: "FINISHED", gameOver: data };
    default: return table;
  }
}

// ---------------------------------------------------------------- rendering a step

function showStep(index) {
  const last = replay.events.length - 1;
  replay.at = Math.max(0, Math.min(last, index));
  const event = replay.events[replay.at];
  const table = replay.tables[replay.at];
  $("replay-position").textContent = `Event ${replay.at + 1} of ${replay.events.length}`;
  $("replay-first").disabled = $("replay-prev").disabled = replay.at === 0;
  $("replay-next").disabled = $("replay-last").disabled = replay.at === last;
  $("replay-event").textContent = `${event.event}${describe(event.event, event.data ?? {}, table) ? ` — ${describe(event.event, event.data ?? {}, table)}` : ""}`;
  if (table.gameState !== undefined || table.phaseData !== undefined) renderLiapTable(table);
  else renderBattleTable(table);
}

/** One line on what the event says, where a few words do better than its data. */
function describe(type, data, table) {
  const nameOf = (id) => table.players?.find((p) => p.id === id)?.name ?? id;
  switch (type) {
    case "phase_change": return PHASE_NAMES[data.phase] ?? data.phase;
    case "hand_updated": return `${data.count ?? data.cards?.length ?? 0} in hand`;
    case "declaration_accepted": return `${data.player} declares ${data.declaration}`;
    case "play_accepted": return `${data.player} plays ${data.pieces_played?.length ?? 0} piece(s) (${data.play_type})`;
    case "redeal_decision_accepted": return `${data.player}: ${data.decision} the redeal`;
    case "special_bonus": return data.message ?? `${data.player}: ${data.bonus_type}`;
    case "player_timeout": return `${data.player ?? nameOf(data.player_id)} ran out of time`;
    case "turn_started": return `turn ${data.turn_number}: ${nameOf(data.player_id)}`;
    case "card_played": return `${nameOf(data.player_id)} plays ${CARD_NAMES[data.card?.kind] ?? data.card?.kind}${data.target_id ? ` on ${nameOf(data.target_id)}` : ""}`;
    case "player_passed": return `${nameOf(data.player_id)} passes`;
    case "player_eliminated": return `${nameOf(data.player_id)} is out (${data.reason})`;
    case "game_over":
      if (Array.isArray(data.winners)) return `winner${data.winners.length === 1 ? "" : "s"}: ${data.winners.join(", ") || "none"}`;
      return data.winner_id ? `${nameOf(data.winner_id)} wins` : "a draw";
    default: return "";
  }
}

function renderLiapTable(table) {
  const pd = table.phaseData ?? {};
  const gs = table.gameState ?? {};
  $("replay-info").textContent = `${PHASE_NAMES[table.phase] ?? table.phase ?? "–"} · round ${pd.round_number ?? gs.round_number ?? "–"} · multiplier ×${pd.redeal_multiplier ?? gs.redeal_multiplier ?? 1} · turn ${pd.turn_number ?? gs.turn_number ?? "–"}`;
  const seats = $("replay-seats");
  seats.replaceChildren();
  const acting = pd.current_player ?? pd.current_declarer ?? "";
  for (const p of gs.players ?? []) {
    const li = el("li", { className: `seat${p.name === acting ? " active" : ""}` });
    const piles = pd.pile_counts?.[p.name] ?? p.captured;
    li.append(el("div", { className: "name", textContent: `${p.name}${p.is_bot ? " — bot" : ""}` }));
    li.append(el("div", { className: "stats", textContent: `score ${p.score} · declared ${p.declared === null || p.declared < 0 ? "–" : p.declared} · piles ${piles} · pieces ${p.hand_size}` }));
    seats.append(li);
  }
  const plays = $("replay-plays");
  plays.replaceChildren();
  for (const [name, play] of Object.entries(pd.current_plays ?? {})) {
    plays.append(el("div", { className: "play", textContent: `${name}: ${(play.pieces ?? []).map(pieceLabel).join(" ")} (${play.play_type || "—"})` }));
  }
  renderReplayHand((table.hand ?? []).map((piece) => ({ className: `piece ${String(piece.color).toLowerCase()}`, id: piece.id, label: piece.rank, small: `${piece.color} · ${piece.point}` })), table.hand !== undefined);
  const scores = table.gameOver?.final_scores ?? pd.final_scores;
  if (scores) renderReplayScores("Final scores", ["Player", "Score"], Object.entries(scores));
  else if (pd.round_scores) renderReplayScores("Round scoring", ["Player", "Declared", "Captured", "Round", "Total"], Object.entries(pd.round_scores).map(([n, r]) => [n, r.declared, r.captured, r.round_score, r.total_score]));
  else renderReplayScores("Scores", ["Player", "Score"], Object.entries(gs.scores ?? {}));
}

function renderBattleTable(table) {
  $("replay-info").textContent = `${PHASE_NAMES[table.phase] ?? table.phase ?? "–"} · turn ${table.turn ?? "–"}`;
  const seats = $("replay-seats");
  seats.replaceChildren();
  for (const p of table.players ?? []) {
    const li = el("li", { className: `seat${p.id === table.current ? " active" : ""}` });
    li.append(el("div", { className: "name", textContent: `${p.name}${p.out ? ` — out (${p.out})` : ""}` }));
    li.append(el("div", { className: "stats", textContent: `HP ${p.hp} · shield ${p.shield}` }));
    seats.append(li);
  }
  $("replay-plays").replaceChildren();
  renderReplayHand((table.hand ?? []).map((card) => ({ className: "card", id: card.id, label: CARD_NAMES[card.kind] ?? card.kind, small: "" })), table.hand !== undefined);
  const result = table.gameOver?.result_data?.players;
  if (result) renderReplayScores("Result", ["Player", "HP", "Result"], Object.entries(result).map(([id, r]) => [table.players?.find((p) => p.id === id)?.name ?? id, r.hp, r.result]));
  else $("replay-scores").replaceChildren();
}

/** The seat's hand as the stream holds it at this step (a spectator's stream holds none). */
function renderReplayHand(items, known) {
  const hand = $("replay-hand");
  hand.replaceChildren();
  $("replay-hand-label").textContent = known ? `Hand (${items.length})` : replay.seat === "spectator" ? "Hands are private: a spectator's stream holds none." : "No hand dealt yet at this point.";
  for (const item of items) {
    const piece = el("span", { className: item.className, dataset: { id: item.id } });
    piece.append(document.createTextNode(item.label));
    if (item.small) piece.append(el("small", { textContent: item.small }));
    hand.append(piece);
  }
}

function renderReplayScores(caption, headings, rows) {
  if (rows.length === 0) return $("replay-scores").replaceChildren();
  const table = el("table");
  const head = el("tr");
  for (const h of headings) head.append(el("th", { textContent: h }));
  table.append(el("caption", { textContent: caption }), head);
  for (const row of rows) {
    const tr = el("tr");
    for (const v of row) tr.append(el("td", { textContent: String(v) }));
    table.append(tr);
  }
  $("replay-scores").replaceChildren(table);
}
