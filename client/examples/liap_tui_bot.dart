// The shortest complete Liap Tui client, in Dart for Flutter (package:colyseus): creates a room (or joins one),
// fills the empty seats with server bots, starts the game and plays it to game_over from the synced state.
// It mirrors client/examples/liap-tui-bot.mjs line for line; the state classes are client/generated/dart.
// Dart cannot be compiled on this project's machines (no Dart SDK): this file is checked by reading only.
//   dart run liap_tui_bot.dart [server-url] [room-id]   (TOKEN and ROOM_OPTIONS as in the JavaScript example)
import 'dart:async';
import 'dart:convert';
import 'dart:io';

import 'package:colyseus/colyseus.dart';

import '../generated/dart/LiapTuiPieces.dart';
import '../generated/dart/LiapTuiState.dart';

Future<void> main(List<String> args) async {
  final url = args.isNotEmpty ? args[0] : 'ws://localhost:2567';
  final roomId = args.length > 1 ? args[1] : null;
  final client = ColyseusClient(url);
  final token = Platform.environment['TOKEN'];
  if (token != null && token.isNotEmpty) client.auth.token = token;

  final room = roomId != null
      ? await client.joinById(roomId, options: {'player_name': 'dart-bot'}, stateType: LiapTuiState.new)
      : await client.create('liap_tui', options: {'player_name': 'dart-bot', 'options': jsonDecode(Platform.environment['ROOM_OPTIONS'] ?? '{}')}, stateType: LiapTuiState.new);
  print('room ${room.id}');

  var me = ''; // our seat's name, from room_joined
  var lastMove = ''; // the state we last acted on: one move per state

  void play(LiapTuiState state) {
    LiapTuiPlayerState? seat;
    for (var i = 0; i < state.players.length; i++) {
      if (state.players[i].name == me) seat = state.players[i];
    }
    if (seat == null) return;
    final move = '${state.phase}:${state.round_number}:${state.redeal_multiplier}:${state.turn_number}:${state.current_plays.length}:${state.current_player}:${state.awaiting_players.join(',')}';
    if (move == lastMove) return;
    if (state.phase == 'PREPARATION' && state.awaiting_players.contains(me)) {
      room.send('decline_redeal', {});
    } else if (state.phase == 'DECLARATION' && state.current_player == me) {
      room.send('declare', {'declaration': 1});
    } else if (state.phase == 'TURN' && state.current_player == me) {
      final count = state.required_piece_count == 0 ? 1 : state.required_piece_count; // leading: one piece is always a valid play
      final pieces = [for (var i = 0; i < count; i++) seat.hand[i]]; // a hand is a list of piece ids, strongest first
      final named = [for (final id in pieces) liapTuiPieces[id]!]; // the generated table names them
      print('plays ${named.map((p) => '${p.rank} ${p.color} (${p.point} points)').join(', ')}');
      room.send('play', {'piece_ids': pieces});
    } else {
      return;
    }
    lastMove = move;
  }

  room.onMessage('room_joined').listen((envelope) {
    final data = envelope['data'];
    me = data['players'][data['position']]['name'];
    if (data['host'] == me) {
      for (final seat in data['players']) {
        if (seat['name'] == '') room.send('add_bot', {});
      }
      room.send('start_game', {});
    }
  });
  room.onMessage('error').listen((envelope) {
    final data = envelope['data'];
    // 2004: the last declaration must not make the total 8; take an allowed value instead
    if (data['code'] == '2004') {
      room.send('declare', {'declaration': (data['details']['allowed'] as List).last});
    } else if (data['code'] == '4001') {
      Timer(const Duration(seconds: 1), () { lastMove = ''; play(room.state!); }); // rate limited: retry
    } else {
      print('refused: ${data['code']} ${data['message']}');
    }
  });
  room.onMessage('game_over').listen((envelope) async {
    print('game over: ${jsonEncode(envelope['data']['final_scores'])}');
    await room.leave();
    exit(0);
  });

  room.onStateChange.listen(play);
}
