/**
 * `npm run loadtest -- [flags]`: runs the load generator against running
 * server(s) on loopback, writes the JSON report under loadtest/results/ and
 * prints a summary. `--help` lists every flag; `--wire-size` runs the wire-size
 * comparison instead (no server needed).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runLoadTest, type LoadReport } from "./generator.js";
import { HELP, OptionsError, parseArgs, type LoadTestOptions } from "./options.js";
import { formatSummary, formatSweep } from "./summary.js";
import { formatWireSize, measureWireSize } from "./wire-size.js";

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "results");

function defaultOut(kind: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return join(resultsDir, `${stamp}-${kind}.json`);
}

function write(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  process.stdout.write(`report: ${relative(process.cwd(), path)}\n`);
}

async function sweep(options: LoadTestOptions, log: (line: string) => void): Promise<LoadReport[]> {
  const steps: LoadReport[] = [];
  for (const [index, rooms] of options.sweep!.entries()) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, options.sweepPauseSeconds * 1000));
    log(`-- sweep step ${index + 1}/${options.sweep!.length}: ${rooms} rooms`);
    const report = await runLoadTest({ ...options, rooms }, log);
    steps.push(report);
    process.stdout.write(`${formatSummary(report)}\n\n`);
    if (report.latency_ms.action_to_patch.p99 > options.sweepStopMs || report.errors.total > 0) break;
  }
  return steps;
}

async function main(): Promise<number> {
  let command;
  try {
    command = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof OptionsError) {
      process.stderr.write(`loadtest: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (command.kind === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (command.kind === "wire-size") {
    const result = measureWireSize({ seed: command.seed, maxRounds: command.maxRounds });
    process.stdout.write(`${formatWireSize(result)}\n`);
    write(command.out ?? defaultOut("wire-size"), result);
    return 0;
  }
  const options = command.options;
  const log = options.progress ? (line: string) => process.stderr.write(`${line}\n`) : () => undefined;
  if (options.sweep !== undefined) {
    const steps = await sweep(options, log);
    process.stdout.write(`${formatSweep(steps, options.sweepStopMs)}\n`);
    write(options.out ?? defaultOut(`sweep-${options.game}`), { sweep: steps, stop_ms: options.sweepStopMs, command: process.argv.slice(2).map(redact) });
    return steps.some((s) => s.errors.total > 0) ? 1 : 0;
  }
  const report = await runLoadTest(options, log);
  process.stdout.write(`${formatSummary(report)}\n`);
  write(options.out ?? defaultOut(`${options.game}-${options.rooms}r`), report);
  return report.errors.total > 0 ? 1 : 0;
}

/** Hides secret flag values in the recorded command line. */
function redact(arg: string, index: number, all: string[]): string {
  const previous = all[index - 1];
  if (previous === "--jwt-secret" || previous === "--internal-key") return "<redacted>";
  if (arg.startsWith("--jwt-secret=") || arg.startsWith("--internal-key=")) return `${arg.slice(0, arg.indexOf("="))}=<redacted>`;
  return arg;
}

main().then(
  (code) => {
    process.exitCode = code;
    // SDK sockets of abandoned games may still be closing: do not wait for them
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    process.stderr.write(`loadtest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
