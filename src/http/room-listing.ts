/**
 * `GET /api/rooms?game=liap_tui`: the public rooms clients can join, from the
 * matchmaking driver (all nodes). `clients` counts the players' connections,
 * `spectators` the spectators'.
 */
import { matchMaker } from "@colyseus/core";
import { Router } from "express";

/** Lists public, unlocked-or-running game rooms of the given games. */
export function roomListingRoutes(gameNames: readonly string[]): Router {
  const router = Router();
  router.get("/api/rooms", async (req, res, next) => {
    const requested = typeof req.query.game === "string" ? req.query.game : undefined;
    if (requested !== undefined && !gameNames.includes(requested)) {
      res.status(400).json({ error: { code: "invalid_request", message: `game must be one of ${gameNames.join(", ")}` } });
      return;
    }
    try {
      const names = requested !== undefined ? [requested] : [...gameNames];
      const lists = await Promise.all(names.map((name) => matchMaker.query({ name, private: false })));
      const rooms = lists.flat().map((room) => {
        // Colyseus counts every connection; spectators (from the room's metadata) are listed apart from the players
        const spectators = spectatorsOf(room.metadata);
        return {
          room_id: room.roomId,
          game: room.name,
          locked: room.locked,
          ...(room.metadata ?? {}),
          clients: Math.max(0, room.clients - spectators),
          spectators,
        };
      });
      rooms.sort((a, b) => a.room_id.localeCompare(b.room_id));
      res.json({ rooms });
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/** The spectator count a room keeps in its metadata (0 when absent). */
function spectatorsOf(metadata: unknown): number {
  const count = (metadata as { spectators?: unknown } | undefined)?.spectators;
  return typeof count === "number" && Number.isInteger(count) && count > 0 ? count : 0;
}
