/** `GET /api/rooms?game=liap_tui`: the public rooms clients can join, from the matchmaking driver (all nodes). */
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
      const rooms = lists.flat().map((room) => ({
        room_id: room.roomId,
        game: room.name,
        clients: room.clients,
        locked: room.locked,
        ...(room.metadata ?? {}),
      }));
      rooms.sort((a, b) => a.room_id.localeCompare(b.room_id));
      res.json({ rooms });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
