/**
 * How many cores this process may use, for the choice of node flags
 * (src/node-flags.ts). `os.availableParallelism()` honours the CPU affinity
 * (`taskset`, a cpuset) but not a CPU quota, which is how a container is
 * usually limited (`docker run --cpus=1`, a Kubernetes CPU limit): there it
 * reports every core of the host. So the quota of the process's cgroup is
 * read too, cgroup v2 (`cpu.max`) or v1 (`cpu.cfs_quota_us` over
 * `cpu.cfs_period_us`), on the process's own cgroup and its ancestors, and
 * the fewer of the two counts is used, a fraction of a core rounded up.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { posix } from "node:path";

/** Reads a text file, or undefined when it cannot be read. */
export type ReadText = (path: string) => string | undefined;

const readText: ReadText = (path) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};

/** Where cgroup v1 mounts the `cpu` controller (alone or with `cpuacct`), by distribution. */
const V1_CPU_MOUNTS = ["/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpuacct,cpu", "/sys/fs/cgroup/cpu"];

/** The CPU quota of this process's cgroup in cores (e.g. 1.5), or undefined when none is set or none can be read. */
export function cgroupCpuQuota(read: ReadText = readText): number | undefined {
  const membership = read("/proc/self/cgroup");
  if (membership === undefined) return undefined;
  let fewest: number | undefined;
  const consider = (cores: number | undefined) => {
    if (cores !== undefined && cores > 0 && (fewest === undefined || cores < fewest)) fewest = cores;
  };
  for (const line of membership.split("\n")) {
    // hierarchy-id:controllers:path
    const [, controllers, path] = line.split(":", 3) as [string, string | undefined, string | undefined];
    if (controllers === undefined || path === undefined) continue;
    if (controllers === "") {
      for (const dir of withAncestors("/sys/fs/cgroup", path)) consider(quotaV2(read(`${dir}/cpu.max`)));
    } else if (controllers.split(",").includes("cpu")) {
      for (const mount of V1_CPU_MOUNTS) {
        for (const dir of withAncestors(mount, path)) consider(quotaV1(read(`${dir}/cpu.cfs_quota_us`), read(`${dir}/cpu.cfs_period_us`)));
      }
    }
  }
  return fewest;
}

/** Cores this process may use: the CPU affinity's count, or its cgroup's quota rounded up when that is fewer. */
export function usableCores(): number {
  return coresWithin(availableParallelism(), cgroupCpuQuota());
}

/** `affinityCores`, or `quota` (cores, possibly a fraction) rounded up when that is fewer; at least 1. */
export function coresWithin(affinityCores: number, quota: number | undefined): number {
  return quota === undefined ? affinityCores : Math.max(1, Math.min(affinityCores, Math.ceil(quota)));
}

/** `mount` + `path` and each of its parent folders down to `mount` (a quota of a parent cgroup limits its children too). */
function withAncestors(mount: string, path: string): string[] {
  const dirs: string[] = [];
  let current = posix.normalize(`/${path}`);
  for (;;) {
    dirs.push(current === "/" ? mount : `${mount}${current}`);
    if (current === "/") return dirs;
    current = posix.dirname(current);
  }
}

/** cgroup v2 `cpu.max`: "max 100000" (no quota) or "<quota> <period>". */
function quotaV2(text: string | undefined): number | undefined {
  const [quota, period] = (text ?? "").trim().split(/\s+/);
  if (quota === undefined || quota === "max" || period === undefined) return undefined;
  return ratio(quota, period);
}

/** cgroup v1: `cpu.cfs_quota_us` (-1: no quota) over `cpu.cfs_period_us`. */
function quotaV1(quota: string | undefined, period: string | undefined): number | undefined {
  if (quota === undefined || period === undefined || quota.trim() === "-1") return undefined;
  return ratio(quota, period);
}

function ratio(quota: string, period: string): number | undefined {
  const q = Number(quota.trim());
  const p = Number(period.trim());
  return Number.isFinite(q) && Number.isFinite(p) && q > 0 && p > 0 ? q / p : undefined;
}
