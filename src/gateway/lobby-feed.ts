/**
 * The public Liap Tui rooms for `/ws/lobby`, from the matchmaking driver (all
 * nodes), pushed to every lobby socket when a listing changes. Colyseus
 * announces listing changes on its lobby channel (rooms with realtime
 * listing); changes are coalesced for a moment, the list is read once and
 * encoded once, and the same text goes to every lobby socket.
 */
import { matchMaker, subscribeLobby } from "@colyseus/core";
import type { WebSocket } from "ws";
import { envelope } from "../protocol/envelope.js";

/** Most rooms listed in one room_list. */
const MAX_LISTED = 200;
/** Changes within this many ms are sent as one update. */
const COALESCE_MS = 250;

export class LobbyFeed {
  private readonly sockets = new Set<WebSocket>();
  private unsubscribe?: Promise<() => unknown>;
  private timer?: NodeJS.Timeout;
  /** One sequence for the lobby of this node (lobby events are not a room's). */
  private sequence = 0;

  constructor(private readonly roomName: string) {}

  /** Adds a socket and sends it the current list. */
  async add(socket: WebSocket): Promise<void> {
    this.sockets.add(socket);
    this.unsubscribe ??= subscribeLobby(() => this.schedule());
    socket.send(await this.listText());
  }

  remove(socket: WebSocket): void {
    this.sockets.delete(socket);
    if (this.sockets.size === 0 && this.unsubscribe !== undefined) {
      const pending = this.unsubscribe;
      this.unsubscribe = undefined;
      void pending.then((stop) => stop()).catch(() => {});
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** The `room_list` event as text. */
  async listText(): Promise<string> {
    const rooms = await matchMaker.query({ name: this.roomName, private: false });
    const listed = rooms
      .map((room) => ({
        ...(room.metadata ?? {}),
        room_id: room.roomId,
        clients: room.clients,
        max_clients: room.maxClients,
        locked: room.locked,
      }))
      .sort((a, b) => a.room_id.localeCompare(b.room_id));
    return JSON.stringify(envelope("room_list", { rooms: listed.slice(0, MAX_LISTED), total_count: listed.length }, "lobby", ++this.sequence, Date.now()));
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.listText().then(
        (text) => {
          for (const socket of this.sockets) if (socket.readyState === socket.OPEN) socket.send(text);
        },
        () => {
          // the driver is unavailable for a moment: the next change sends a fresh list
        },
      );
    }, COALESCE_MS);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    for (const socket of this.sockets) this.remove(socket);
  }
}
