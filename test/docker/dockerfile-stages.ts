/**
 * Assembles the file system of a `docker/Dockerfile` stage in a folder, the nearest we get to building the image
 * without a Docker engine: every COPY line is carried out exactly as written (sources from the build context minus
 * `.dockerignore`, or from an earlier stage's folder), and the RUN lines this Dockerfile uses are carried out the
 * way they would be in the image. A RUN line this file does not know fails the assembly, so a changed Dockerfile
 * cannot slip past the test unchecked.
 *
 * `npm ci` cannot be repeated offline: it is carried out by linking the repository's installed packages,
 * all of them for `npm ci`, and only the ones `package-lock.json` does not mark `dev` for `npm ci --omit=dev` (npm keeps `devOptional` ones).
 * Start the result with `--preserve-symlinks` so packages resolve through the stage's own node_modules.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";

/** One instruction, continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** One build stage. */
export interface Stage {
  name: string;
  workdir: string;
  instructions: Instruction[];
  env: Record<string, string>;
  cmd: string[] | undefined;
}

/** Reads a Dockerfile into its stages (FROM … AS name). */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    while (line.endsWith("\\") && i + 1 < lines.length) {
      line = `${line.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
    }
    const match = /^(\S+)\s*(.*)$/.exec(line)!;
    const keyword = match[1]!.toUpperCase();
    const args = match[2]!;
    if (keyword === "FROM") {
      const from = /^\S+\s+AS\s+(\S+)$/i.exec(args);
      if (from === null) throw new Error(`line ${start}: every stage needs a name (FROM <image> AS <name>)`);
      stages.push({ name: from[1]!, workdir: "/", instructions: [], env: {}, cmd: undefined });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) throw new Error(`line ${start}: ${keyword} before FROM`);
    stage.instructions.push({ keyword, args, line: start });
    if (keyword === "WORKDIR") stage.workdir = args;
    if (keyword === "ENV") Object.assign(stage.env, parseEnv(args));
    if (keyword === "CMD") stage.cmd = JSON.parse(args) as string[];
  }
  return stages;
}

function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of args.split(/\s+/)) {
    const eq = pair.indexOf("=");
    if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/^"(.*)"$/, "$1");
  }
  return env;
}

/** Where the stages are assembled, and what they start from. */
export interface AssemblyContext {
  /** The build context (the repository root). */
  context: string;
  /** A scratch folder; each stage gets `<root>/<stage name>`, standing for the stage's WORKDIR. */
  root: string;
  /** The repository's installed node_modules (all packages, dev included). */
  nodeModules: string;
  /** Environment for the `npm run …` lines (PATH with Node 22). */
  env: NodeJS.ProcessEnv;
}

/** Assembles `name` and every stage it copies from; returns the stage's folder. */
export function assembleStage(stages: Stage[], name: string, ctx: AssemblyContext, done = new Map<string, string>()): string {
  const existing = done.get(name);
  if (existing !== undefined) return existing;
  const stage = stages.find((s) => s.name === name);
  if (stage === undefined) throw new Error(`no stage named ${name}`);
  const dir = join(ctx.root, name);
  // a stage whose assembly failed earlier left a partial folder: start it again from nothing (the same failure, not a clash)
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ignored = dockerignore(ctx.context);
  for (const step of stage.instructions) {
    const where = `${name}, Dockerfile line ${step.line}`;
    if (step.keyword === "COPY") {
      const words = step.args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith("--"));
      const paths = words.filter((w) => !w.startsWith("--"));
      const from = flags.find((f) => f.startsWith("--from="))?.slice("--from=".length);
      const unknownFlag = flags.find((f) => !f.startsWith("--from=") && !f.startsWith("--chown="));
      if (unknownFlag !== undefined) throw new Error(`${where}: COPY flag ${unknownFlag} is not understood by this test`);
      const dest = paths.pop()!;
      const sourceRoot = from === undefined ? ctx.context : assembleStage(stages, from, ctx, done);
      const sourceWorkdir = from === undefined ? "/" : stages.find((s) => s.name === from)!.workdir;
      const target = inStage(dir, stage.workdir, dest);
      const intoDirectory = dest.endsWith("/") || paths.length > 1;
      for (const source of paths) {
        const sourcePath = from === undefined ? join(ctx.context, source) : inStage(sourceRoot, sourceWorkdir, source);
        if (!existsSync(sourcePath)) throw new Error(`${where}: COPY source ${source} does not exist${from === undefined ? " in the build context" : ` in stage ${from}`}`);
        const isDir = statSync(sourcePath).isDirectory();
        // a directory's contents go into the destination; a file into it (trailing slash, several sources) or to it
        const to = isDir ? target : intoDirectory ? join(target, basename(source)) : target;
        copyTree(sourcePath, to, from === undefined ? (abs) => ignored(relative(ctx.context, abs)) : () => false);
      }
    } else if (step.keyword === "RUN") {
      run(step.args, dir, stage, ctx, where);
    }
  }
  done.set(name, dir);
  return dir;
}

/** Maps a path in the image (absolute, or relative to WORKDIR) to the stage folder, which stands for WORKDIR. */
export function inStage(stageDir: string, workdir: string, path: string): string {
  const absolute = path.startsWith("/") ? path : join(workdir, path);
  const rel = relative(workdir, absolute);
  if (rel.startsWith("..")) throw new Error(`${path} lies outside the stage's WORKDIR ${workdir}`);
  return join(stageDir, rel);
}

function copyTree(source: string, target: string, ignored: (abs: string) => boolean): void {
  if (lstatSync(source).isSymbolicLink() && source.endsWith("node_modules")) {
    // an assembled stage's node_modules: a link stands for the copied packages
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(realpathSync(source), target);
    return;
  }
  cpSync(source, target, { recursive: true, verbatimSymlinks: true, filter: (path) => !ignored(path) });
}

/** The RUN lines of this Dockerfile, carried out as in the image. */
function run(command: string, dir: string, stage: Stage, ctx: AssemblyContext, where: string): void {
  for (const part of command.split("&&").map((p) => p.trim())) {
    if (/^npm ci\b/.test(part)) {
      linkPackages(dir, ctx, part.includes("--omit=dev"));
    } else if (/^npm run [\w:-]+$/.test(part)) {
      const result = spawnSync("npm", part.split(" ").slice(1), { cwd: dir, env: ctx.env, encoding: "utf8" });
      if (result.status !== 0) throw new Error(`${where}: "${part}" failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    } else if (/^mkdir -p \S+$/.test(part)) {
      mkdirSync(inStage(dir, stage.workdir, part.split(" ")[2]!), { recursive: true });
    } else if (/^chown \S+ \S+$/.test(part)) {
      // ownership does not exist in the scratch folder
    } else {
      throw new Error(`${where}: RUN "${part}" is not understood by this test; teach test/docker/dockerfile-stages.ts how to carry it out`);
    }
  }
}

/** `npm ci`: the installed packages; with `--omit=dev`, only those package-lock.json does not mark `dev`. */
function linkPackages(dir: string, ctx: AssemblyContext, productionOnly: boolean): void {
  const target = join(dir, "node_modules");
  if (!productionOnly) {
    symlinkSync(ctx.nodeModules, target);
    return;
  }
  const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean; link?: boolean }> };
  mkdirSync(target, { recursive: true });
  for (const [key, entry] of Object.entries(lock.packages)) {
    const name = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key)?.[1];
    if (name === undefined || entry.dev === true) continue;
    const installed = join(ctx.nodeModules, name);
    if (!existsSync(installed)) continue; // an optional package for another platform
    mkdirSync(dirname(join(target, name)), { recursive: true });
    symlinkSync(realpathSync(installed), join(target, name));
  }
}

/** The `.dockerignore` of the context as a predicate over context-relative paths. */
function dockerignore(context: string): (rel: string) => boolean {
  const file = join(context, ".dockerignore");
  const patterns = existsSync(file)
    ? readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"))
    : [];
  const regexes = patterns.map((p) => {
    if (p.startsWith("!")) throw new Error(".dockerignore exceptions (!) are not understood by this test");
    const body = p.replace(/^\/+|\/+$/g, "").split("**").map((s) => s.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")).join(".*");
    return new RegExp(`^${body}(/.*)?$`);
  });
  return (rel) => rel !== "" && regexes.some((r) => r.test(rel));
}

/** The folder listing of a stage, for failure messages. */
export function listing(dir: string): string {
  return readdirSync(dir).join(", ");
}
