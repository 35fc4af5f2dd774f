/** Spawns the real server process (`src/main.ts` through tsx) for end-to-end tests. */
import { spawn, type ChildProcess } from "node:child_process";
import { pinned } from "../../loadtest/bench/bench.js";
import { SERVER_NODE_FLAGS } from "../../src/node-flags.js";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A spawned server with its collected output. */
export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

/** Every server this test process spawned that is still running: killed when the test process exits, so a failed test leaves no orphan behind (one would keep heartbeating into Redis). */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts `node <server flags> --import tsx src/main.ts` (what `npm start` runs) with exactly the given environment (plus PATH);
 * with `oneCore`, under `taskset -c 0`, as a server that may use one core only; with `cgroup` (a cgroup folder, see
 * cpuQuotaCgroup in ./cgroup.ts), inside that cgroup from its first instruction.
 */
export function spawnServer(env: Record<string, string>, nodeFlags: readonly string[] = SERVER_NODE_FLAGS, options: { oneCore?: boolean; cgroup?: string } = {}): ServerProcess {
  let [command, args] = pinned(0, options.oneCore === true, process.execPath, [...nodeFlags, "--import", "tsx", "src/main.ts"]);
  if (options.cgroup !== undefined) {
    // the shell joins the cgroup, then becomes the server (exec keeps its pid, so signals reach the server)
    args = ["-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', options.cgroup, command, ...args];
    command = "/bin/sh";
  }
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, output: () => out, exited };
}
