// The shortest complete Liap Tui client: creates a room (or joins one), fills the empty seats with server bots,
// starts the game and plays it to game_over from the synced state. Run against a server:
//   node client/examples/liap-tui-bot.mjs [server-url] [room-id]
// Env: TOKEN = a player JWT (servers with JWT_SECRET); ROOM_OPTIONS = JSON game options, e.g. '{"win_score":10}'.
// client/examples/liap_tui_bot.dart is the same program in Dart, line for line.
import { Client } from "@colyseus/sdk";

const url = process.argv[2] ?? "http://localhost:2567";
const roomId = process.argv[3];
const client = new Client(url);
if (process.env.TOKEN) client.auth.token = process.env.TOKEN;

const room = roomId
  ? await client.joinById(roomId, { player_name: "js-bot" })
  : await client.create("liap_tui", { player_name: "js-bot", options: JSON.parse(process.env.ROOM_OPTIONS ?? "{}") });
console.log(`room ${room.roomId}`);

let me = ""; // our seat's name, from room_joined
let lastMove = ""; // the state we last acted on: one move per state

room.onMessage("room_joined", ({ data }) => {
  me = data.players[data.position].name;
  if (data.host === me) {
    for (const seat of data.players) if (seat.name === "") room.send("add_bot", {});
    room.send("start_game", {});
  }
});
room.onMessage("error", ({ data }) => {
  // 2004: the last declaration must not make the total 8; take an allowed value instead
  if (data.code === "2004") room.send("declare", { declaration: data.details.allowed.at(-1) });
  else if (data.code === "4001") setTimeout(() => ((lastMove = ""), play(room.state)), 1000); // rate limited: retry
  else console.log(`refused: ${data.code} ${data.message}`);
});
room.onMessage("game_over", ({ data }) => {
  console.log(`game over: ${JSON.stringify(data.final_scores)}`);
  room.leave().then(() => process.exit(0));
});
room.onMessage("*", () => {}); // every other event: this bot reads the state instead

room.onStateChange(play);

function play(state) {
  const seat = state.players.find((p) => p.name === me);
  if (!seat) return;
  const move = `${state.phase}:${state.round_number}:${state.redeal_multiplier}:${state.turn_number}:${state.current_plays.length}:${state.current_player}:${[...state.awaiting_players]}`;
  if (move === lastMove) return;
  if (state.phase === "PREPARATION" && state.awaiting_players.includes(me)) {
    room.send("decline_redeal", {});
  } else if (state.phase === "DECLARATION" && state.current_player === me) {
    room.send("declare", { declaration: 1 });
  } else if (state.phase === "TURN" && state.current_player === me) {
    const count = state.required_piece_count || 1; // leading: one piece is always a valid play
    room.send("play", { piece_ids: seat.hand.slice(0, count) }); // a hand is a list of piece ids
  } else return;
  lastMove = move;
}
