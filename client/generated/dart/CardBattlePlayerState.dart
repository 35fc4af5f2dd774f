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
  double get position => view['position'];
  double get hp => view['hp'];
  double get shield => view['shield'];
  double get hand_size => view['hand_size'];
  double get deck_size => view['deck_size'];
  bool get connected => view.getBool('connected');
  bool get eliminated => view.getBool('eliminated');
  ArraySchema<CardState> get hand => arrayOf('hand', CardState.new);
}
