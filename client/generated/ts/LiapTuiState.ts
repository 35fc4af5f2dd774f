// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

import { Schema, type, ArraySchema, MapSchema, SetSchema, DataChange } from '@colyseus/schema';
import { LiapTuiPlayerState } from './LiapTuiPlayerState'
import { PlayState } from './PlayState'

export class LiapTuiState extends Schema {
    @type("string") public room_name!: string;
    @type("string") public phase!: string;
    @type("uint16") public round_number!: number;
    @type("uint8") public turn_number!: number;
    @type("uint8") public redeal_multiplier!: number;
    @type("string") public current_player!: string;
    @type([ "string" ]) public awaiting_players: ArraySchema<string> = new ArraySchema<string>();
    @type("uint8") public required_piece_count!: number;
    @type("uint64") public deadline!: number;
    @type("string") public timer_kind!: string;
    @type("number") public timeout_seconds!: number;
    @type("string") public display_pause!: string;
    @type("uint8") public redeals_this_round!: number;
    @type([ "string" ]) public declaration_order: ArraySchema<string> = new ArraySchema<string>();
    @type("string") public turn_starter!: string;
    @type([ "string" ]) public turn_order: ArraySchema<string> = new ArraySchema<string>();
    @type("boolean") public turn_complete!: boolean;
    @type("string") public turn_winner!: string;
    @type("string") public last_winner!: string;
    @type("string") public starter!: string;
    @type("string") public starter_reason!: string;
    @type([ LiapTuiPlayerState ]) public players: ArraySchema<LiapTuiPlayerState> = new ArraySchema<LiapTuiPlayerState>();
    @type([ PlayState ]) public current_plays: ArraySchema<PlayState> = new ArraySchema<PlayState>();
    @type({ map: "int8" }) public declarations: MapSchema<number> = new MapSchema<number>();
    @type([ "string" ]) public weak_hands: ArraySchema<string> = new ArraySchema<string>();
    @type([ "string" ]) public winners: ArraySchema<string> = new ArraySchema<string>();
}
