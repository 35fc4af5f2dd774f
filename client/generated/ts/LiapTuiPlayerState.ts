// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

import { Schema, type, ArraySchema, MapSchema, SetSchema, DataChange } from '@colyseus/schema';


export class LiapTuiPlayerState extends Schema {
    @type("string") public name!: string;
    @type("uint8") public position!: number;
    @type("boolean") public occupied!: boolean;
    @type("boolean") public is_bot!: boolean;
    @type("boolean") public is_host!: boolean;
    @type("boolean") public connected!: boolean;
    @type("int32") public score!: number;
    @type("int8") public declared!: number;
    @type("uint8") public captured!: number;
    @type("uint8") public hand_size!: number;
    @type("uint8") public zero_streak!: number;
    @type("string") public redeal_decision!: string;
    @type([ "string" ]) public hand: ArraySchema<string> = new ArraySchema<string>();
}
