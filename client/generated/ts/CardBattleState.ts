// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

import { Schema, type, ArraySchema, MapSchema, SetSchema, DataChange } from '@colyseus/schema';
import { CardBattlePlayerState } from './CardBattlePlayerState'

export class CardBattleState extends Schema {
    @type("string") public phase!: string;
    @type("string") public current_player_id!: string;
    @type("uint32") public turn_number!: number;
    @type("uint64") public turn_deadline!: number;
    @type([ CardBattlePlayerState ]) public players: ArraySchema<CardBattlePlayerState> = new ArraySchema<CardBattlePlayerState>();
    @type("string") public winner_id!: string;
}
