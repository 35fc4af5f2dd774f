// The JavaScript example (liap-tui-bot.mjs) typed end to end: the room's state is the generated class
// client/generated/ts/LiapTuiState, so every field has its exact type (integers are `number`, hands are
// ArraySchema<string> of piece ids, looked up in client/generated/ts/LiapTuiPieces), and the events it reads are
// typed by their payloads (docs/protocol.md).
//   npx tsx client/examples/typed-liap-tui-bot.ts [server-url] [room-id]
import { Client, type Room } from "@colyseus/sdk";
import { LiapTuiState } from "../generated/ts/LiapTuiState";
import type { LiapTuiPlayerState } from "../generated/ts/LiapTuiPlayerState";
import { LIAP_TUI_PIECES, type LiapTuiPiece } from "../generated/ts/LiapTuiPieces";

/** Every room event carries this envelope; `data` is the event's payload. */
interface Envelope<T> {
  event: string;
  data: T;
  room_id: string;
  server_time: number;
  sequence_number: number;
}
interface RoomJoined {
  room_id: string;
  position: number;
  host: string | null;
  players: { name: string; position: number; is_bot: boolean }[];
}
interface GameError {
  code: string;
  message: string;
  details?: { allowed?: number[] };
}
interface GameOver {
  winners: string[];
  final_scores: Record<string, number>;
  rounds_played: number;
}

const url = process.argv[2] ?? "http://localhost:2567";
const roomId = process.argv[3];
const client = new Client(url);
if (process.env.TOKEN) client.auth.token = process.env.TOKEN;

const room: Room<any, LiapTuiState> = roomId
  ? await client.joinById(roomId, { player_name: "ts-bot" }, LiapTuiState)
  : await client.create("liap_tui", { player_name: "ts-bot", options: JSON.parse(process.env.ROOM_OPTIONS ?? "{}") }, LiapTuiState);
console.log(`room ${room.roomId}`);

let me = "";
let lastMove = "";

room.onMessage("room_joined", ({ data }: Envelope<RoomJoined>) => {
  me = data.players[data.position]!.name;
  if (data.host === me) {
    for (const seat of data.players) if (seat.name === "") room.send("add_bot", {});
    room.send("start_game", {});
  }
});
room.onMessage("error", ({ data }: Envelope<GameError>) => {
  if (data.code === "2004") room.send("declare", { declaration: data.details!.allowed!.at(-1)! });
  else if (data.code === "4001") setTimeout(() => ((lastMove = ""), play(room.state)), 1000);
  else console.log(`refused: ${data.code} ${data.message}`);
});
room.onMessage("game_over", ({ data }: Envelope<GameOver>) => {
  console.log(`game over after ${data.rounds_played} rounds: ${JSON.stringify(data.final_scores)}`);
  room.leave().then(() => process.exit(0));
});
room.onMessage("*", () => {});

room.onStateChange(play);

function play(state: LiapTuiState): void {
  const seat: LiapTuiPlayerState | undefined = state.players.find((p) => p.name === me);
  if (!seat) return;
  const round: number = state.round_number;
  const move = `${state.phase}:${round}:${state.redeal_multiplier}:${state.turn_number}:${state.current_plays.length}:${state.current_player}:${[...state.awaiting_players]}`;
  if (move === lastMove) return;
  if (state.phase === "PREPARATION" && state.awaiting_players.includes(me)) {
    room.send("decline_redeal", {});
  } else if (state.phase === "DECLARATION" && state.current_player === me) {
    room.send("declare", { declaration: 1 });
  } else if (state.phase === "TURN" && state.current_player === me) {
    const count: number = state.required_piece_count || 1;
    // a hand is its piece ids, strongest first; the generated table names them
    const pieces: string[] = seat.hand.slice(0, count);
    const named: LiapTuiPiece[] = pieces.map((id) => LIAP_TUI_PIECES[id]!);
    console.log(`plays ${named.map((p) => `${p.rank} ${p.color} (${p.point} points)`).join(", ")}`);
    room.send("play", { piece_ids: pieces });
  } else return;
  lastMove = move;
}
