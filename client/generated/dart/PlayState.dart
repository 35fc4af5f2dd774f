// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';

final class PlayState extends SchemaRef {
  PlayState(super.handle);

  String get player => view.getString('player') ?? '';
  int get position => (view['position'] as num).toInt();
  ArraySchema<String> get pieces => primitiveArrayOf('pieces');
  String get play_type => view.getString('play_type') ?? '';
}
