/**
 * src/cpu-cores.ts: the cores a server may use are the CPU affinity's or, when fewer, its cgroup's CPU quota
 * (v1 and v2 layouts, the process's own cgroup and the ones above it), read from files given here.
 */
import assert from "node:assert/strict";
import { cgroupCpuQuota, coresWithin, type ReadText } from "../../src/cpu-cores.js";

const files = (entries: Record<string, string>): ReadText => (path) => entries[path];

describe("usable cores", () => {
  it("reads a cgroup v2 quota (cpu.max) of the process's cgroup or one above it, the smaller", () => {
    assert.equal(cgroupCpuQuota(files({ "/proc/self/cgroup": "0::/kubepods/pod1/ctr\n", "/sys/fs/cgroup/kubepods/pod1/ctr/cpu.max": "150000 100000\n" })), 1.5);
    assert.equal(
      cgroupCpuQuota(
        files({
          "/proc/self/cgroup": "0::/kubepods/pod1/ctr\n",
          "/sys/fs/cgroup/kubepods/pod1/ctr/cpu.max": "max 100000\n",
          "/sys/fs/cgroup/kubepods/pod1/cpu.max": "50000 100000\n",
          "/sys/fs/cgroup/cpu.max": "max 100000\n",
        }),
      ),
      0.5,
    );
    // inside a cgroup namespace the process sees itself at the root
    assert.equal(cgroupCpuQuota(files({ "/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/cpu.max": "100000 100000\n" })), 1);
    assert.equal(cgroupCpuQuota(files({ "/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/cpu.max": "max 100000\n" })), undefined);
  });

  it("reads a cgroup v1 quota (cpu.cfs_quota_us over cpu.cfs_period_us) wherever the cpu controller is mounted", () => {
    const proc = "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n";
    assert.equal(
      cgroupCpuQuota(files({ "/proc/self/cgroup": proc, "/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "200000\n", "/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n" })),
      2,
    );
    assert.equal(cgroupCpuQuota(files({ "/proc/self/cgroup": "1:cpu:/qtest\n", "/sys/fs/cgroup/cpu/qtest/cpu.cfs_quota_us": "100000", "/sys/fs/cgroup/cpu/qtest/cpu.cfs_period_us": "100000" })), 1);
    assert.equal(cgroupCpuQuota(files({ "/proc/self/cgroup": "1:cpu:/\n", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1", "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000" })), undefined);
  });

  it("has no quota where nothing can be read or the files are not numbers", () => {
    assert.equal(cgroupCpuQuota(files({})), undefined);
    assert.equal(cgroupCpuQuota(files({ "/proc/self/cgroup": "0::/x\n", "/sys/fs/cgroup/x/cpu.max": "lots often\n" })), undefined);
    assert.equal(cgroupCpuQuota(files({ "/proc/self/cgroup": "garbage" })), undefined);
  });

  it("uses the fewer of affinity and quota, a fraction of a core rounded up, at least one", () => {
    assert.equal(coresWithin(8, undefined), 8);
    assert.equal(coresWithin(8, 1), 1);
    assert.equal(coresWithin(8, 1.5), 2);
    assert.equal(coresWithin(8, 0.25), 1);
    assert.equal(coresWithin(2, 16), 2);
  });
});
