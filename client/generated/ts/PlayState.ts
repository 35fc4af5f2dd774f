// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

import { Schema, type, ArraySchema, MapSchema, SetSchema, DataChange } from '@colyseus/schema';


export class PlayState extends Schema {
    @type("string") public player!: string;
    @type("uint8") public position!: number;
    @type([ "string" ]) public pieces: ArraySchema<string> = new ArraySchema<string>();
    @type("string") public play_type!: string;
}
