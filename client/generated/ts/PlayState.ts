// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

import { Schema, type, ArraySchema, MapSchema, SetSchema, DataChange } from '@colyseus/schema';
import { PieceState } from './PieceState'

export class PlayState extends Schema {
    @type("string") public player!: string;
    @type("uint8") public position!: number;
    @type([ PieceState ]) public pieces: ArraySchema<PieceState> = new ArraySchema<PieceState>();
    @type("string") public play_type!: string;
}
