// The play page: a plain client of the rooms (docs/protocol.md), on the @colyseus/sdk browser build (window.Colyseus).
// One Liap Tui table or card battle practice game at a time; the room id is in the address (?room=…, ?game=…) so the
// page can be shared and reloaded: a reload takes the seat back with the stored reconnection token.
// A finished game's replay is stepped through by replay.js (the "Watch the replay" button after game_over opens it).
"use strict";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const LIAP = "liap_tui";
const BATTLE = "card_battle_practice";
const DAMAGE_CARDS = new Set(["strike", "heavy_strike"]);
const CARD_NAMES = { strike: "Strike", heavy_strike: "Heavy strike", guard: "Guard", heal: "Heal", draw_two: "Draw two" };
const PHASE_NAMES = {
  NOT_STARTED: "Waiting for players", PREPARATION: "Redeal decisions", DECLARATION: "Declarations", TURN: "Playing",
  SCORING: "Round scoring", GAME_OVER: "Game over", WAITING: "Waiting for players", PLAYING: "Playing", FINISHED: "Finished",
};

const session = {
  room: null, game: null, me: "", myId: "", selected: new Set(), selectedCard: "", log: [],
};

// ---------------------------------------------------------------- start-up

// a token in the address is taken once and then kept out of it (and out of shared links)
if (params.has("token")) {
  sessionStorage.setItem("play:token", params.get("token"));
  params.delete("token");
  history.replaceState(null, "", `${location.pathname}${params.size ? `?${params}` : ""}`);
}
$("token").value = sessionStorage.getItem("play:token") ?? "";
$("name").value = localStorage.getItem("play:name") ?? "";

$("create-liap").onclick = () => enter(LIAP, (client) => client.create(LIAP, { player_name: playerName(), options: gameOptions() }));
$("create-battle").onclick = () => enter(BATTLE, (client) => client.create(BATTLE, { player_name: playerName(), ...gameOptions() }));
$("join").onclick = () => joinById(LIAP, $("join-id").value.trim());
$("copy-link").onclick = () => navigator.clipboard?.writeText($("share-link").value).then(() => setStatus("link copied"), () => $("share-link").select());
$("leave").onclick = () => leave();
$("fill-bots").onclick = () => {
  const state = session.room?.state;
  for (let i = 0; i < 4; i++) if (!state?.players.at(i)?.occupied) send("add_bot", { position: i });
};
$("start").onclick = () => send("start_game", {});
$("watch-replay").onclick = () => watchReplayOfThisGame();
setInterval(renderTimer, 250);

if (params.get("room")) joinById(params.get("game") === BATTLE ? BATTLE : LIAP, params.get("room"));

// ---------------------------------------------------------------- connecting

function newClient() {
  const client = new Colyseus.Client(location.origin);
  const token = $("token").value.trim();
  sessionStorage.setItem("play:token", token);
  if (token) client.auth.token = token;
  return client;
}

function playerName() {
  const name = $("name").value.trim();
  localStorage.setItem("play:name", name);
  return name || undefined;
}

function gameOptions() {
  const text = $("options").value.trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Error("Game options must be JSON, e.g. {\"win_score\": 20}");
  }
}

/** Joins by id: with a stored reconnection token first (a reload), else as a new player. */
function joinById(game, roomId) {
  if (!roomId) return showNotice("Enter a room id or open an invite link.");
  const stored = sessionStorage.getItem(`play:reconnect:${roomId}`);
  return enter(game, async (client) => {
    if (stored) {
      try {
        return await client.reconnect(stored);
      } catch {
        sessionStorage.removeItem(`play:reconnect:${roomId}`); // the seat is gone: join anew
      }
    }
    return client.joinById(roomId, { player_name: playerName() });
  });
}

async function enter(game, connect) {
  hideNotice();
  setStatus("connecting…");
  let room;
  try {
    room = await connect(newClient());
  } catch (error) {
    setStatus("not connected");
    return showNotice(`Could not join: ${error.message ?? error}`);
  }
  session.room = room;
  session.game = game;
  session.selected.clear();
  session.selectedCard = "";
  sessionStorage.setItem(`play:reconnect:${room.roomId}`, room.reconnectionToken);
  const link = new URL("/play/", location.origin);
  link.searchParams.set("room", room.roomId);
  if (game === BATTLE) link.searchParams.set("game", BATTLE);
  history.replaceState(null, "", `${link.pathname}${link.search}`);
  $("share-link").value = link.href;
  $("connect").hidden = true;
  $("room").hidden = false;
  $("scores").hidden = true;
  $("game-over").hidden = true;
  $("watch-replay").hidden = true;
  setStatus(`in room ${room.roomId}`);

  room.onMessage("*", (type, envelope) => onEvent(type, envelope));
  room.onStateChange(() => render());
  room.onDrop?.(() => setStatus("connection lost: reconnecting…"));
  room.onReconnect?.(() => {
    sessionStorage.setItem(`play:reconnect:${room.roomId}`, room.reconnectionToken);
    setStatus(`in room ${room.roomId}`);
  });
  room.onLeave((code) => {
    if (session.room !== room) return;
    setStatus(`left the room (code ${code})`);
  });
  render();
}

function leave() {
  const room = session.room;
  if (room) {
    sessionStorage.removeItem(`play:reconnect:${room.roomId}`);
    session.room = null;
    if (session.game === LIAP) room.send("leave_room", {});
    room.leave().catch(() => {});
  }
  history.replaceState(null, "", location.pathname);
  $("room").hidden = true;
  $("connect").hidden = false;
  setStatus("not connected");
}

function send(type, payload) {
  hideNotice();
  session.room?.send(type, payload);
}

// ---------------------------------------------------------------- events

function onEvent(type, envelope) {
  const data = envelope?.data ?? {};
  addLog(type, data);
  switch (type) {
    case "connected":
      if (data.player_name) session.me = data.player_name;
      if (data.player_id) session.myId = data.player_id;
      break;
    case "reconnected":
      session.me = data.player_name ?? session.me;
      break;
    case "error":
    case "validation_error":
      showNotice(refusalText(data));
      break;
    case "play_accepted":
    case "declaration_accepted":
      session.selected.clear();
      break;
    case "phase_change":
      if (envelope.data.phase === "SCORING" && data.phase_data?.round_scores) renderRoundScores(data.phase_data.round_scores);
      if (envelope.data.phase === "PREPARATION") $("scores").hidden = true;
      break;
    case "game_over":
      renderGameOver(data);
      $("watch-replay").hidden = false;
      break;
    case "room_closed":
      showNotice(`The room was closed (${data.reason}).`);
      break;
  }
  render();
}

/** A refusal in words: the server's message, with what the rules allow where it says. */
function refusalText(error) {
  let text = error.message ?? "Refused.";
  if (Array.isArray(error.details?.allowed)) text += ` You may declare: ${error.details.allowed.join(", ")}.`;
  if (error.code === "4001") text = "Too many actions at once: wait a moment and try again.";
  return text;
}

// ---------------------------------------------------------------- rendering

function render() {
  const state = session.room?.state;
  if (!state || !state.players) return;
  if (session.game === LIAP) renderLiap(state);
  else renderBattle(state);
  renderTimer();
}

function renderLiap(state) {
  // our seat is the one whose hand this client can see, should `connected` have come before its handler
  if (!session.me) session.me = findPlayer(state, (p) => p.hand !== undefined && p.hand.length > 0)?.name ?? "";
  const me = session.me;
  const mySeat = findPlayer(state, (p) => p.name === me);
  const isHost = mySeat?.is_host === true;
  $("table-info").textContent = `${PHASE_NAMES[state.phase] ?? state.phase} · round ${state.round_number || "–"} · multiplier ×${state.redeal_multiplier} · turn ${state.turn_number || "–"}`;

  const seats = $("seats");
  seats.replaceChildren();
  for (let i = 0; i < 4; i++) {
    const p = state.players.at(i);
    const li = el("li", { className: "seat", dataset: { position: String(i) } });
    if (p?.name === me) li.classList.add("me");
    const acting = p?.name && (state.current_player === p.name || [...state.awaiting_players].includes(p.name));
    if (acting) li.classList.add("active");
    if (!p?.occupied) {
      li.append(el("div", { className: "name", textContent: `Seat ${i + 1}: empty` }));
      if (isHost && state.phase === "NOT_STARTED") li.append(button("Add bot", () => send("add_bot", { position: i }), "add-bot"));
    } else {
      const tags = [p.is_host ? "host" : "", p.is_bot ? "bot" : "", p.connected || p.is_bot ? "" : "away"].filter(Boolean).join(", ");
      li.append(el("div", { className: "name", textContent: `${p.name}${p.name === me ? " (you)" : ""}${tags ? ` — ${tags}` : ""}` }));
      li.append(el("div", { className: "stats", textContent: `score ${p.score} · declared ${p.declared < 0 ? "–" : p.declared} · piles ${p.captured} · pieces ${p.hand_size}` }));
    }
    seats.append(li);
  }
  $("host-controls").hidden = !(isHost && state.phase === "NOT_STARTED");

  const plays = $("plays");
  plays.replaceChildren();
  state.current_plays.forEach((play) => {
    const pieces = [...play.pieces].map((id) => pieceLabel(pieceOf(id))).join(" ");
    plays.append(el("div", { className: "play", textContent: `${play.player}: ${pieces} (${play.play_type || "—"})` }));
  });

  // the own hand, selectable during this player's turn
  const hand = $("hand");
  hand.replaceChildren();
  const myTurn = state.current_player === me && me !== "";
  // the synced hand is a list of piece ids; liap-tui-pieces.js (generated from the rules) names them
  const pieces = mySeat?.hand ? [...mySeat.hand].map(pieceOf) : [];
  for (const piece of pieces) {
    const b = el("button", { className: `piece ${piece.color.toLowerCase()}`, dataset: { id: piece.id } });
    b.append(document.createTextNode(piece.rank), el("small", { textContent: `${piece.color} · ${piece.point}` }));
    if (session.selected.has(piece.id)) b.classList.add("selected");
    b.onclick = () => {
      if (session.selected.has(piece.id)) session.selected.delete(piece.id);
      else session.selected.add(piece.id);
      render();
    };
    hand.append(b);
  }
  for (const id of [...session.selected]) if (!pieces.some((p) => p.id === id)) session.selected.delete(id);

  const actions = $("actions");
  actions.replaceChildren();
  let prompt = "";
  if (state.phase === "PREPARATION" && [...state.awaiting_players].includes(me)) {
    prompt = "Your hand is weak (no piece above 9 points): ask for a redeal? A redeal doubles the round's scores.";
    actions.append(button("Redeal", () => send("accept_redeal", {}), "accept-redeal"), button("Keep my hand", () => send("decline_redeal", {}), "decline-redeal"));
  } else if (state.phase === "DECLARATION" && myTurn) {
    prompt = "Your declaration: how many piles will you capture this round?";
    for (let v = 0; v <= 8; v++) actions.append(button(String(v), () => send("declare", { declaration: v }), "declare", { value: String(v) }));
  } else if (state.phase === "TURN" && myTurn) {
    const count = state.required_piece_count;
    prompt = count > 0 ? `Your turn: select ${count} piece${count > 1 ? "s" : ""} and play.` : "Your turn to lead: select 1–6 pieces forming a combination and play.";
    actions.append(button("Play selected", () => send("play", { piece_ids: [...session.selected] }), "play-selected"));
  } else if (state.phase === "NOT_STARTED") {
    prompt = isHost ? "Fill the empty seats (invite people with the link, or add bots), then start." : "Waiting for the host to start.";
  } else if (state.phase !== "GAME_OVER" && me) {
    const waitingFor = state.current_player || [...state.awaiting_players].join(", ");
    prompt = waitingFor ? `Waiting for ${waitingFor}.` : "";
  }
  $("prompt").textContent = prompt;
}

function renderBattle(state) {
  // our seat is the one whose hand this client can see, should `connected` have come before its handler
  if (!session.myId) session.myId = findPlayer(state, (p) => p.hand !== undefined && p.hand.length > 0)?.id ?? "";
  const myId = session.myId;
  const me = findPlayer(state, (p) => p.id === myId);
  $("table-info").textContent = `${PHASE_NAMES[state.phase] ?? state.phase} · turn ${state.turn_number || "–"}`;
  $("host-controls").hidden = true;
  $("plays").replaceChildren();
  const myTurn = state.phase === "PLAYING" && state.current_player_id === myId;
  const needsTarget = myTurn && DAMAGE_CARDS.has(cardKind(me, session.selectedCard));

  const seats = $("seats");
  seats.replaceChildren();
  state.players.forEach((p) => {
    const li = el("li", { className: "seat", dataset: { player: p.id } });
    if (p.id === myId) li.classList.add("me");
    if (p.id === state.current_player_id) li.classList.add("active");
    li.append(el("div", { className: "name", textContent: `${p.name}${p.id === myId ? " (you)" : ""}${p.eliminated ? " — out" : p.connected ? "" : " — bot"}` }));
    li.append(el("div", { className: "stats", textContent: `HP ${p.hp} · shield ${p.shield} · cards ${p.hand_size} · deck ${p.deck_size}` }));
    if (needsTarget && p.id !== myId && !p.eliminated) {
      li.append(button(`Target ${p.name}`, () => playCard(p.id), "target", { player: p.id }));
    }
    seats.append(li);
  });

  const hand = $("hand");
  hand.replaceChildren();
  const cards = me?.hand ? [...me.hand] : [];
  for (const card of cards) {
    const b = el("button", { className: "card", dataset: { id: card.id, kind: card.kind } });
    b.append(document.createTextNode(CARD_NAMES[card.kind] ?? card.kind));
    if (session.selectedCard === card.id) b.classList.add("selected");
    b.onclick = () => {
      session.selectedCard = session.selectedCard === card.id ? "" : card.id;
      render();
    };
    hand.append(b);
  }
  if (!cards.some((c) => c.id === session.selectedCard)) session.selectedCard = "";

  const actions = $("actions");
  actions.replaceChildren();
  let prompt = "";
  if (myTurn) {
    prompt = needsTarget ? "Choose a target for your card." : "Your turn: choose a card and play it, or pass.";
    if (session.selectedCard && !needsTarget) actions.append(button("Play card", () => playCard(null), "play-card"));
    actions.append(button("Pass", () => send("pass", {}), "pass"));
  } else if (state.phase === "PLAYING") {
    const current = findPlayer(state, (p) => p.id === state.current_player_id);
    prompt = `Waiting for ${current?.name ?? "the next player"}.`;
  }
  if (state.phase === "PLAYING" && me && !me.eliminated) actions.append(button("Surrender", () => send("surrender", {}), "surrender", {}, "secondary"));
  $("prompt").textContent = prompt;
}

function playCard(targetId) {
  const cardId = session.selectedCard;
  session.selectedCard = "";
  send("play_card", targetId ? { card_id: cardId, target_id: targetId } : { card_id: cardId });
}

function renderTimer() {
  const state = session.room?.state;
  const deadline = state?.deadline || state?.turn_deadline || 0;
  const left = deadline ? Math.max(0, Math.ceil((deadline - Date.now()) / 1000)) : 0;
  $("timer").textContent = deadline ? `Time left: ${left} s${state.timer_kind ? ` (${state.timer_kind.replace(/_/g, " ")})` : ""}` : "";
}

function renderRoundScores(rows) {
  const table = el("table");
  const head = el("tr");
  for (const h of ["Player", "Declared", "Captured", "Round", "Total"]) head.append(el("th", { textContent: h }));
  table.append(el("caption", { textContent: "Round scoring" }), head);
  for (const [name, row] of Object.entries(rows)) {
    const tr = el("tr");
    for (const v of [name, row.declared, row.captured, row.round_score, row.total_score]) tr.append(el("td", { textContent: String(v) }));
    table.append(tr);
  }
  $("scores").replaceChildren(table);
  $("scores").hidden = false;
}

function renderGameOver(data) {
  let text;
  if (session.game === LIAP) {
    const scores = Object.entries(data.final_scores ?? {}).map(([n, s]) => `${n} ${s}`).join(", ");
    text = `Game over after ${data.rounds_played} round${data.rounds_played === 1 ? "" : "s"}. Winner${data.winners.length === 1 ? "" : "s"}: ${data.winners.join(", ") || "none"}. Final scores: ${scores}.`;
  } else {
    const winner = findPlayer(session.room.state, (p) => p.id === data.winner_id);
    text = data.winner_id ? `Game over: ${winner?.name ?? data.winner_id} wins${data.winner_id === session.myId ? " — that's you!" : "."}` : "Game over: a draw.";
  }
  $("game-over").textContent = text;
  $("game-over").hidden = false;
}

/** Leaves the finished game for its replay (replay.js), as the seat this page held. */
function watchReplayOfThisGame() {
  const room = session.room;
  if (!room) return;
  let seat = 0; // a practice room's player holds seat 0
  if (session.game === LIAP) room.state.players.forEach((p, i) => { if (p.name === session.me) seat = i; });
  const roomId = room.roomId;
  leave();
  openReplay(roomId, String(seat));
}

// ---------------------------------------------------------------- helpers

function findPlayer(state, match) {
  let found;
  state.players.forEach((p) => {
    if (found === undefined && match(p)) found = p;
  });
  return found;
}

function cardKind(player, cardId) {
  if (!player?.hand || !cardId) return "";
  return [...player.hand].find((c) => c.id === cardId)?.kind ?? "";
}

/** The piece with this id (rank, colour, points) from the generated piece table. */
function pieceOf(id) {
  return globalThis.LIAP_TUI_PIECES?.[id] ?? { id, rank: id, color: "?", point: 0 };
}

function pieceLabel(piece) {
  return `${piece.rank}(${piece.color[0]}${piece.point})`;
}

function el(tag, props = {}) {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  return node;
}

function button(label, onclick, id, data = {}, className = "") {
  const b = el("button", { textContent: label, className, dataset: data });
  if (id && !Object.keys(data).length && !["add-bot", "declare", "target"].includes(id)) b.id = id;
  else b.classList.add(id);
  b.onclick = onclick;
  return b;
}

function setStatus(text) {
  $("status").textContent = text;
}

function showNotice(text) {
  $("notice").textContent = text;
  $("notice").hidden = false;
}

function hideNotice() {
  $("notice").hidden = true;
}

function addLog(type, data) {
  const item = el("li", { textContent: `${type} ${JSON.stringify(data).slice(0, 160)}` });
  const log = $("log");
  log.prepend(item);
  while (log.childElementCount > 100) log.lastElementChild.remove();
}
