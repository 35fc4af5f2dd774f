/** Runs a client example as its own process against a test server and collects what it prints. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Game options that make a whole game short: two rounds at most, no display pauses, quick bots. */
export const QUICK_GAME = { max_rounds: 2, win_score: 50, bot_delay_ms: 20, round_start_pause: 0, turn_result_pause: 0, scoring_pause: 0 };

/** Starts `args` (node and its arguments) in `cwd`; resolves with the exit code and output, or rejects after `timeoutMs`. */
export function runExample(args: string[], env: Record<string, string>, cwd = ROOT, timeoutMs = 60_000): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the example did not finish in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? -1, output });
    });
  });
}
