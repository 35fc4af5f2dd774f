// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';
import 'LiapTuiPlayerState.dart';
import 'PlayState.dart';

final class LiapTuiState extends SchemaRef {
  LiapTuiState(super.handle);

  String get room_name => view.getString('room_name') ?? '';
  String get phase => view.getString('phase') ?? '';
  int get round_number => (view['round_number'] as num).toInt();
  int get turn_number => (view['turn_number'] as num).toInt();
  int get redeal_multiplier => (view['redeal_multiplier'] as num).toInt();
  String get current_player => view.getString('current_player') ?? '';
  ArraySchema<String> get awaiting_players => primitiveArrayOf('awaiting_players');
  int get required_piece_count => (view['required_piece_count'] as num).toInt();
  int get deadline => (view['deadline'] as num).toInt();
  String get timer_kind => view.getString('timer_kind') ?? '';
  double get timeout_seconds => view['timeout_seconds'];
  String get display_pause => view.getString('display_pause') ?? '';
  int get redeals_this_round => (view['redeals_this_round'] as num).toInt();
  ArraySchema<String> get declaration_order => primitiveArrayOf('declaration_order');
  String get turn_starter => view.getString('turn_starter') ?? '';
  ArraySchema<String> get turn_order => primitiveArrayOf('turn_order');
  bool get turn_complete => view.getBool('turn_complete');
  String get turn_winner => view.getString('turn_winner') ?? '';
  String get last_winner => view.getString('last_winner') ?? '';
  String get starter => view.getString('starter') ?? '';
  String get starter_reason => view.getString('starter_reason') ?? '';
  ArraySchema<LiapTuiPlayerState> get players => arrayOf('players', LiapTuiPlayerState.new);
  ArraySchema<PlayState> get current_plays => arrayOf('current_plays', PlayState.new);
  MapSchema<double> get declarations => primitiveMapOf('declarations');
  ArraySchema<String> get weak_hands => primitiveArrayOf('weak_hands');
  ArraySchema<String> get winners => primitiveArrayOf('winners');
}
