/**
 * How a load bot plays simple card battle, from the room's messages and synced
 * state: on its turn (`turn_started` with its player id) it plays a damage
 * card at the weakest opponent still in the game, else any other card, else
 * passes. It acts only once its synced `hand_size` matches its latest
 * `hand_updated`, so it never plays from a hand the turn's draw has changed.
 */
import type { Envelope, Move, Policy } from "./bot.js";

interface CardStateLike {
  phase?: string;
  current_player_id?: string;
  turn_number?: number;
  players?: Iterable<PlayerLike>;
}
interface PlayerLike {
  id: string;
  hp: number;
  hand_size: number;
  eliminated: boolean;
}

const DAMAGE_KINDS = new Set(["strike", "heavy_strike"]);

export class CardBattlePolicy implements Policy {
  private hand: Array<{ id: string; kind: string }> = [];
  private turn: number | null = null;

  constructor(readonly playerId: string) {}

  observe(type: string, envelope: Envelope): void {
    const data = envelope.data;
    if (type === "hand_updated") {
      this.hand = ((data.cards as Array<{ id: string; kind: string }> | undefined) ?? []).map((c) => ({ id: c.id, kind: c.kind }));
    } else if (type === "turn_started") {
      this.turn = data.player_id === this.playerId ? Number(data.turn_number) : null;
    } else if (type === "game_over") {
      this.turn = null;
    }
  }

  isMine(data: Record<string, unknown>): boolean {
    return data.player_id === this.playerId;
  }

  refused(): boolean {
    return false;
  }

  next(rawState: unknown): Move | null {
    if (this.turn === null) return null;
    const state = rawState as CardStateLike | undefined;
    const players = [...(state?.players ?? [])];
    const me = players.find((p) => p.id === this.playerId);
    if (me === undefined || me.hand_size !== this.hand.length) return null;
    const id = this.playerId;
    const turn0 = state?.turn_number;
    const current0 = state?.current_player_id;
    const hand0 = me.hand_size;
    const changed = (s: unknown) => {
      const st = s as CardStateLike;
      const mine = [...(st.players ?? [])].find((p) => p.id === id);
      return st.turn_number !== turn0 || st.current_player_id !== current0 || mine?.hand_size !== hand0 || st.phase !== state?.phase;
    };
    const key = String(this.turn);
    const opponents = players.filter((p) => p.id !== id && !p.eliminated).sort((a, b) => a.hp - b.hp);
    const damage = this.hand.find((c) => DAMAGE_KINDS.has(c.kind));
    const card = damage !== undefined && opponents.length > 0 ? damage : this.hand.find((c) => !DAMAGE_KINDS.has(c.kind));
    if (card === undefined) {
      return {
        kind: "card_battle.pass",
        type: "pass",
        payload: {},
        key,
        isAck: (type, d) => type === "player_passed" && d.player_id === id,
        reflected: changed,
      };
    }
    const payload: Record<string, unknown> = { card_id: card.id };
    if (DAMAGE_KINDS.has(card.kind)) payload.target_id = opponents[0]!.id;
    return {
      kind: "card_battle.play_card",
      type: "play_card",
      payload,
      key,
      isAck: (type, d) => type === "card_played" && d.player_id === id,
      reflected: changed,
    };
  }
}
