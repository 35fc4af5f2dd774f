// Second half of `npm run build`: copies the files the compiled server reads at run time
// (SQL migrations, the play page) next to the JavaScript in dist/, at the same relative paths, and the
// @colyseus/sdk browser build beside the play page (the SDK is a development package: production installs lack it).
import { cpSync, existsSync, rmSync } from "node:fs";

const ASSETS = ["drizzle/migrations", "public"];

for (const path of ASSETS) {
  if (!existsSync(path)) continue;
  rmSync(`dist/${path}`, { recursive: true, force: true });
  cpSync(path, `dist/${path}`, { recursive: true });
}

cpSync("node_modules/@colyseus/sdk/dist/colyseus.js", "dist/public/play/vendor/colyseus.js");
