/** Liveness and readiness probes (seed 004 `/healthz`, `/readyz`). */
import { Router } from "express";
import type { Readiness } from "../readiness.js";

/** GET /healthz answers while the process lives; GET /readyz answers 200 only when ready to serve. */
export function probeRoutes(readiness: Readiness): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.status(200).json({ status: "ok" });
  });
  router.get("/readyz", (_req, res) => {
    if (readiness.ready) res.status(200).json({ status: "ready" });
    else res.status(503).json({ status: "starting" });
  });
  return router;
}
