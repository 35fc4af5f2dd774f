// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';
import 'CardState.dart';

final class CardBattlePlayerState extends SchemaRef {
  CardBattlePlayerState(super.handle);

  String get id => view.getString('id') ?? '';
  String get name => view.getString('name') ?? '';
  int get position => (view['position'] as num).toInt();
  int get hp => (view['hp'] as num).toInt();
  int get shield => (view['shield'] as num).toInt();
  int get hand_size => (view['hand_size'] as num).toInt();
  int get deck_size => (view['deck_size'] as num).toInt();
  bool get connected => view.getBool('connected');
  bool get eliminated => view.getBool('eliminated');
  ArraySchema<CardState> get hand => arrayOf('hand', CardState.new);
}
