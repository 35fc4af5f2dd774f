/**
 * docker/Dockerfile without a Docker engine: the `check` stage is assembled exactly as its COPY lines say and its
 * RUN lines (type check, build) pass there; the `runtime` stage is assembled from it and from `deps`
 * (production packages only), its CMD starts the server to /readyz and serves the play page, and SIGTERM reaches
 * the server itself.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, waitFor } from "../support/net.js";
import { assembleStage, inStage, listing, parseDockerfile, type AssemblyContext, type Stage } from "./dockerfile-stages.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("docker/Dockerfile stages, assembled from their COPY lines", function () {
  this.timeout(180_000);
  let stages: Stage[];
  let ctx: AssemblyContext;
  const built = new Map<string, string>();

  before(() => {
    stages = parseDockerfile(readFileSync(join(ROOT, "docker/Dockerfile"), "utf8"));
    ctx = {
      context: ROOT,
      root: mkdtempSync(join(tmpdir(), "dockerfile-stages-")),
      nodeModules: realpathSync(join(ROOT, "node_modules")),
      env: { ...process.env, NODE_OPTIONS: "" },
    };
  });
  after(() => rmSync(ctx.root, { recursive: true, force: true }));

  it("the check stage holds what the type check and the build need: both pass there", () => {
    const dir = assembleStage(stages, "check", ctx, built);
    assert.ok(existsSync(join(dir, "dist/src/main.js")), `the build left no dist/src/main.js (stage has: ${listing(dir)})`);
  });

  it("the runtime stage starts from its CMD to /readyz with production packages only, and stops on SIGTERM", async () => {
    const dir = assembleStage(stages, "runtime", ctx, built);
    const runtime = stages.find((s) => s.name === "runtime")!;
    assert.ok(runtime.cmd !== undefined && runtime.cmd[0] === "node", "the runtime runs node itself (a signal to npm never reaches the server)");
    assert.ok(!existsSync(join(dir, "node_modules/mocha")), "dev packages stay out of the runtime image");
    const port = await freePort();
    // paths in the image (DATA_DIR=/app/data) point into the assembled folder
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(runtime.env)) env[key] = value.startsWith(runtime.workdir) ? inStage(dir, runtime.workdir, value) : value;
    const [command, ...args] = runtime.cmd;
    const child = spawn(process.execPath, ["--preserve-symlinks", ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port), HOST: "127.0.0.1", JWT_SECRET: "x".repeat(40), NODE_NAME: "docker-stage-test", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    assert.equal(command, "node");
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
    try {
      await Promise.race([
        waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 60_000, "/readyz"),
        exited.then((code) => Promise.reject(new Error(`the server exited (${code}) before it was ready:\n${output}`))),
      ]);
      assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json(), { status: "ready" });
      // the play page and the SDK browser build it loads (a development package, so the build copies it)
      for (const path of ["/play/", "/play/play.js", "/play/vendor/colyseus.js"]) {
        assert.equal((await fetch(`http://127.0.0.1:${port}${path}`)).status, 200, `GET ${path} from the runtime image`);
      }
      child.kill("SIGTERM");
      assert.equal(await exited, 0, `SIGTERM should end the server with 0:\n${output}`);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
