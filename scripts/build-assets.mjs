// Second half of `npm run build`: copies the files the compiled server reads at run time
// (SQL migrations, the play page) next to the JavaScript in dist/, at the same relative paths, and the
// @colyseus/sdk browser build beside the play page (the SDK is a development package: production installs lack it).
// The output folder is dist/ unless named (`node scripts/build-assets.mjs dist-bench`, for the bench server's build).
import { cpSync, existsSync, rmSync } from "node:fs";

const OUT = process.argv[2] ?? "dist";

const ASSETS = ["drizzle/migrations", "public"];

for (const path of ASSETS) {
  if (!existsSync(path)) continue;
  rmSync(`${OUT}/${path}`, { recursive: true, force: true });
  cpSync(path, `${OUT}/${path}`, { recursive: true });
}

cpSync("node_modules/@colyseus/sdk/dist/colyseus.js", `${OUT}/public/play/vendor/colyseus.js`);
