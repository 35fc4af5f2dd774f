// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

import { Schema, type, ArraySchema, MapSchema, SetSchema, DataChange } from '@colyseus/schema';
import { CardState } from './CardState'

export class CardBattlePlayerState extends Schema {
    @type("string") public id!: string;
    @type("string") public name!: string;
    @type("uint8") public position!: number;
    @type("int32") public hp!: number;
    @type("int32") public shield!: number;
    @type("uint16") public hand_size!: number;
    @type("uint16") public deck_size!: number;
    @type("boolean") public connected!: boolean;
    @type("boolean") public eliminated!: boolean;
    @type([ CardState ]) public hand: ArraySchema<CardState> = new ArraySchema<CardState>();
}
