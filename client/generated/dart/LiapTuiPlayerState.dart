// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';

final class LiapTuiPlayerState extends SchemaRef {
  LiapTuiPlayerState(super.handle);

  String get name => view.getString('name') ?? '';
  int get position => (view['position'] as num).toInt();
  bool get occupied => view.getBool('occupied');
  bool get is_bot => view.getBool('is_bot');
  bool get is_host => view.getBool('is_host');
  bool get connected => view.getBool('connected');
  int get score => (view['score'] as num).toInt();
  int get declared => (view['declared'] as num).toInt();
  int get captured => (view['captured'] as num).toInt();
  int get hand_size => (view['hand_size'] as num).toInt();
  int get zero_streak => (view['zero_streak'] as num).toInt();
  String get redeal_decision => view.getString('redeal_decision') ?? '';
  ArraySchema<String> get hand => primitiveArrayOf('hand');
}
