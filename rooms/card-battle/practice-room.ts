/**
 * `card_battle_practice`: one player against 1–3 server bots, created by the player through matchmaking (the play
 * page's "card battle practice"). It is the `card_battle` room with three differences: the seats are made at the
 * creator's first join (bots take the others), bots move on their turns, and nothing is reported to the
 * matchmaking service (the result is stored like any client-created game's). Refused unless `PRACTICE_ROOMS` is on
 * (its default outside production).
 */
import { ServerError } from "@colyseus/core";
import { randomUUID } from "node:crypto";
import { z, ZodError } from "zod";
import { botAction, currentPlayer } from "../../src/games/card-battle/index.js";
import { seedRng, type RngState } from "../../src/games/shared/prng.js";
import { roomLogger } from "../../src/logger.js";
import { ErrorCode } from "../../src/protocol/codes.js";
import { ManagedOnlyError, type RoomOptionsPolicy } from "../../src/services/room-options.js";
import { admitClientRoom } from "../../src/services/client-rooms.js";
import { roomServices } from "../../src/services/room-services.js";
import { authenticate, type PlayerIdentity } from "../shared/auth.js";
import { profileFromJoinOptions } from "../shared/messenger.js";
import { CardBattleRoom } from "./CardBattleRoom.js";
import type { BattleClient } from "./battle-game.js";
import { parseCardBattleSettings } from "./options.js";
import { SeatTable } from "./seats.js";
import { TurnTimer } from "./turn-timer.js";
import type { RoomPhase } from "../../src/games/card-battle/wire.js";

export const PRACTICE_ROOM = "card_battle_practice";

/** What a player may ask of a practice game (`create` options). */
const practiceOptionsSchema = z
  .object({
    player_name: z.string().trim().min(1).max(32).optional(),
    bots: z.number().int().min(1).max(3).default(1),
    bot_difficulty: z.enum(["easy", "medium"]).default("medium"),
    /** Milliseconds a bot waits before its move (so a person can follow). */
    bot_delay_ms: z.number().int().min(0).max(10_000).default(700),
    /** Seconds per turn; 0 = no timer. */
    turn_time_limit: z.number().int().min(0).max(600).default(60),
    seed: z.string().min(1).max(128).optional(),
    protocol: z.enum(["native", "seed003"]).optional(),
  })
  .strict();

type PracticeOptions = z.infer<typeof practiceOptionsSchema>;

const joinOptionsSchema = z.object({ protocol: z.enum(["native", "seed003"]).optional() }).strict();

/** The allow-list of a client's matchmaking options for practice rooms: created by their player, rejoined by them only. */
export const practiceOptionsPolicy: RoomOptionsPolicy = {
  clientOptions(method, raw) {
    if (method === "joinOrCreate" || method === "join") throw new ManagedOnlyError("practice rooms are created with create and rejoined by id");
    const schema = method === "create" ? practiceOptionsSchema : joinOptionsSchema;
    return Object.assign(Object.create(null) as Record<string, unknown>, schema.parse(raw ?? {}));
  },
  managedConfigProblem: () => "practice rooms are created by players, not by the matchmaking service",
};

const BOT_NAMES = ["Bot 1", "Bot 2", "Bot 3"];

export class CardBattlePracticeRoom extends CardBattleRoom {
  private practice!: PracticeOptions;
  private readonly botIds = new Set<string>();
  private botRng!: RngState;
  private botTimer?: NodeJS.Timeout;

  /** Checks the setting and the options; the seats wait for the creator's identity (first join). */
  override async onCreate(options: unknown) {
    this.services = roomServices();
    if (!this.services.config.practiceRooms) throw new ServerError(403, "practice rooms are turned off on this server (PRACTICE_ROOMS)");
    try {
      this.practice = practiceOptionsSchema.parse(options ?? {});
    } catch (error) {
      if (error instanceof ZodError) throw new ServerError(400, `invalid practice options: ${error.issues[0]?.message ?? "refused"}`);
      throw error;
    }
    this.logger = roomLogger(this.services.logger, this.roomId, PRACTICE_ROOM);
    // counted with the other client-created rooms (MAX_CLIENT_ROOMS), never against the matchmaking service's
    admitClientRoom(this, this.services.config.maxClientRooms);
    this.maxClients = 2;
    this.maxMessagesPerSecond = 60;
    this.messenger = this.createMessenger("card_battle");
    this.useSharedEncodeBuffers();
    this.guardReconnections();
    this.registerMessages();
    void this.setPrivate(true);
  }

  /** The creator takes seat 0 (and makes the table); nobody else may join. */
  override async onAuth(client: BattleClient, _options: unknown, context: { token?: string }): Promise<PlayerIdentity> {
    if (this.closing) throw new ServerError(Number(ErrorCode.ROOM_NOT_FOUND), "ROOM_NOT_FOUND: this room is closing");
    const identity = await authenticate(this.services, context.token, client.sessionId);
    if (this.seats === undefined) this.seatCreator(identity);
    else if (this.seats.seats[0]!.playerId !== identity.playerId) {
      throw new ServerError(Number(ErrorCode.AUTHENTICATION_FAILED), "AUTHENTICATION_FAILED: a practice game is for its creator only");
    }
    this.freeSeatOf(identity.playerId);
    return identity;
  }

  /** The creator sits down; the game starts at once (the bots are always there). */
  override onJoin(client: BattleClient, options: unknown, auth: PlayerIdentity) {
    const seat = this.freeSeatOf(auth.playerId);
    this.seatConnection(client, seat, options);
    if (this.game === null) this.startGame();
    else this.sendHand(seat.playerId);
  }

  override onDispose() {
    clearTimeout(this.botTimer);
    super.onDispose();
    // (a managed room does this in super.onDispose; this room has no lifecycle)
    if (this.seats !== undefined) this.services.metrics.removeRoom(this.roomId);
  }

  /** Bots' seats belong to nobody: only the internal key reads their replays. */
  protected override seatPlayerIds() {
    return this.spec.playerIds.map((id) => (this.botIds.has(id) ? null : id));
  }

  /** The turn timer as in card battle, plus the bot whose turn it is. */
  protected override armTimers() {
    super.armTimers();
    clearTimeout(this.botTimer);
    const mover = this.game === null || this.finished ? null : currentPlayer(this.game);
    if (mover === null || !this.botIds.has(mover)) return;
    this.botTimer = setTimeout(
      () =>
        this.guard("bot move", () => {
          if (this.game === null || this.finished || currentPlayer(this.game) !== mover) return;
          const error = this.run(botAction(this.game, mover, this.practice.bot_difficulty, this.botRng));
          if (error !== undefined) throw new Error(`the rules refused a bot's move: ${error.code}`);
        }),
      this.practice.bot_delay_ms,
    );
  }

  /** Listed as not managed: a dead node's reaper owes the matchmaking service nothing for it. */
  protected override setPhase(phase: RoomPhase) {
    this.phase = phase;
    this.services.metrics.setRoomPhase(this.roomId, "card_battle", phase);
    void this.setMetadata({ game: "card_battle", node_name: this.services.config.nodeName, phase, managed: false, spectators: this.spectators.count });
  }

  /** No matchmaking service to tell: an exception closes the room as a process error all the same. */
  protected override fail(error: unknown, where: string) {
    (this.logger ?? this.services?.logger)?.error({ err: error, method: where }, "exception in a card battle practice room: closing it");
    this.abort("process_error");
  }

  private seatCreator(identity: PlayerIdentity) {
    const bots = BOT_NAMES.slice(0, this.practice.bots).map((name, i) => ({ id: `bot-${i + 1}`, name }));
    const playerIds = [identity.playerId, ...bots.map((b) => b.id)];
    const names: Record<string, string> = { [identity.playerId]: this.practice.player_name ?? identity.displayName ?? "You" };
    for (const bot of bots) {
      names[bot.id] = bot.name;
      this.botIds.add(bot.id);
    }
    const config = { player_count: playerIds.length, game_rules: "simple_card_battle", turn_time_limit: this.practice.turn_time_limit };
    this.settings = parseCardBattleSettings(config, playerIds);
    this.seed = this.practice.seed ?? randomUUID();
    this.botRng = seedRng(`${this.seed}:bots`);
    this.spec = { roomId: this.roomId, gameRules: "simple_card_battle", playerIds, names, config, seed: this.seed, joinTimeoutMs: 0 };
    this.seats = new SeatTable(playerIds, names);
    this.timer = new TurnTimer(this.settings.turnTimeMs, (turnNumber) => this.guard("turn timer", () => this.onTurnExpired(turnNumber)));
    this.syncState();
    this.setPhase("WAITING");
  }
}
