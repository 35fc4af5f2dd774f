// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';
import 'CardBattlePlayerState.dart';

final class CardBattleState extends SchemaRef {
  CardBattleState(super.handle);

  String get phase => view.getString('phase') ?? '';
  String get current_player_id => view.getString('current_player_id') ?? '';
  int get turn_number => (view['turn_number'] as num).toInt();
  int get turn_deadline => (view['turn_deadline'] as num).toInt();
  ArraySchema<CardBattlePlayerState> get players => arrayOf('players', CardBattlePlayerState.new);
  String get winner_id => view.getString('winner_id') ?? '';
}
