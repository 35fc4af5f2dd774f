/**
 * The play page (`/play/`): static files from `public/play/` (copied to `dist/public/play/` by `npm run build`) and
 * the `@colyseus/sdk` browser build at `/play/vendor/colyseus.js` (copied beside them by the build; read from the
 * installed package in development). No framework and no server-side state: the page talks to the rooms like any
 * other client. A strict Content-Security-Policy keeps it to its own scripts and its own server.
 */
import express, { Router, type RequestHandler } from "express";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PAGE_DIR = fileURLToPath(new URL("../../public/play/", import.meta.url));
const SDK_FILE = "vendor/colyseus.js";

/** The SDK browser build: the copy the build put beside the page, else the installed package's. */
function sdkBrowserBuild(): string | undefined {
  const copied = join(PAGE_DIR, SDK_FILE);
  if (existsSync(copied)) return copied;
  try {
    const pkg = createRequire(import.meta.url).resolve("@colyseus/sdk/package.json");
    const file = join(dirname(pkg), "dist/colyseus.js");
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

const SECURITY_HEADERS: RequestHandler = (_req, res, next) => {
  res.set({
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
  next();
};

/** `/play` → `/play/`, the page's files, and the SDK. */
export function playPageRoutes(): Router {
  const router = Router();
  const sdk = sdkBrowserBuild();
  router.get("/play", (req, res, next) => {
    if (req.path !== "/play") return next();
    const query = req.originalUrl.slice(req.path.length);
    res.redirect(302, `/play/${query}`);
  });
  router.use("/play", SECURITY_HEADERS);
  router.get(`/play/${SDK_FILE}`, (_req, res, next) => {
    if (sdk === undefined) return next();
    res.type("application/javascript").sendFile(sdk, { maxAge: "1h" });
  });
  router.use("/play", express.static(PAGE_DIR, { dotfiles: "ignore", index: "index.html", redirect: false, maxAge: 0 }));
  return router;
}
