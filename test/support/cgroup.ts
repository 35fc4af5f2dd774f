/**
 * A throwaway cgroup with a CPU quota, for tests of what the server reads of it (src/cpu-cores.ts): cgroup v1's
 * `cpu` controller where it is mounted, else cgroup v2 with the `cpu` controller enabled. Needs root; undefined
 * where neither can be made here.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A cgroup made for a test; `remove` deletes it once its processes have ended. */
export interface TestCgroup {
  dir: string;
  remove(): void;
}

/** Makes a cgroup limited to `cores` CPUs (e.g. 1), or undefined when this machine does not let the test make one. */
export function cpuQuotaCgroup(name: string, cores: number): TestCgroup | undefined {
  const period = 100_000;
  const quota = Math.round(cores * period);
  for (const mount of ["/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpu"]) {
    if (!existsSync(join(mount, "cpu.cfs_quota_us"))) continue;
    const dir = join(mount, name);
    if (!tryWrite(dir, [["cpu.cfs_period_us", String(period)], ["cpu.cfs_quota_us", String(quota)]])) continue;
    return { dir, remove: () => removeDir(dir) };
  }
  const root = "/sys/fs/cgroup";
  if (existsSync(join(root, "cgroup.controllers")) && readText(join(root, "cgroup.subtree_control")).split(/\s+/).includes("cpu")) {
    const dir = join(root, name);
    if (tryWrite(dir, [["cpu.max", `${quota} ${period}`]])) return { dir, remove: () => removeDir(dir) };
  }
  return undefined;
}

function tryWrite(dir: string, files: Array<[string, string]>): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    for (const [file, value] of files) writeFileSync(join(dir, file), value);
    return true;
  } catch {
    removeDir(dir);
    return false;
  }
}

function removeDir(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // still has processes, or was never made
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
