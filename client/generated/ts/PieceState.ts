// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

import { Schema, type, ArraySchema, MapSchema, SetSchema, DataChange } from '@colyseus/schema';


export class PieceState extends Schema {
    @type("string") public id!: string;
    @type("string") public rank!: string;
    @type("string") public color!: string;
    @type("uint8") public point!: number;
}
