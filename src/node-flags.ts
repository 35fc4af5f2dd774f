/**
 * The node flags the server runs with: `npm start`, `npm run start:prod`,
 * `npm run dev` (through tsx watch) and docker/Dockerfile's CMD pass them, and the room benchmark starts its server
 * with them, so that it measures what production runs.
 *
 * `--max-semi-space-size=64` (MiB per semi-space, against V8's 16): at 1,000
 * players a 16 MiB young generation is scavenged three times a second, and
 * objects that live a few hundred milliseconds (a game state until the next
 * move, a turn timer) survive two scavenges and are promoted, about
 * 8 MB/s of old-space garbage that the mark-compact cycle then marks on the
 * server's core. With 64 MiB the server scavenges about once every 1.4 s,
 * promotes a fraction of that, and our rooms spent 14 % less CPU per action
 * (6–7 % against the stock room, which gained too), for about 100 MB more
 * resident memory once under load (BENCHMARKS.md, "Load that does not
 * march in step, and a young generation sized for a game server").
 *
 * `--heap-growing-percent=50`: after a mark-compact, V8 lets the old
 * generation grow to up to four times what survived before it marks again. At
 * 10,000 players about 240 MB is live and the old space reached 750 MB, half
 * of the server's resident memory garbage that waits. With the limit at 1.5
 * times what survived, the server marks about every 10 s instead of every
 * 30–50 s and holds 53–57 KB per player instead of 97–101 KB, with CPU per
 * action and the p99 within the spread of runs of either (BENCHMARKS.md,
 * "Frames a slow spectator could receive garbled, one pair of encode
 * buffers, and an old generation held to 1.5 times what is live").
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64", "--heap-growing-percent=50"];

/**
 * Added when the server may use one core only (`taskset`, a cpuset of one
 * CPU, a container's CPU quota of one core or less): `--single-threaded-gc`. V8 otherwise scavenges and marks with helper
 * threads, which on one core take turns with the main thread in the kernel's
 * time slices instead of working beside it, so the rooms wait for them. At
 * 1,000 Liap Tui players pinned to one core it halved the p99 action→patch
 * (four alternating pairs: 12.5–24.8 ms against 28.3–46.9 ms) and the loop
 * delay's p99, at the same CPU per move (BENCHMARKS.md, "One core, one
 * garbage-collector thread"). On several cores the helpers run beside the
 * rooms, so it is not used there.
 */
export const ONE_CORE_NODE_FLAGS: readonly string[] = ["--single-threaded-gc"];

/** The node flags for a server that may use `cores` cores (src/cpu-cores.ts: the CPU affinity, or a container's CPU quota). */
export function serverNodeFlagsFor(cores: number): readonly string[] {
  return cores <= 1 ? [...SERVER_NODE_FLAGS, ...ONE_CORE_NODE_FLAGS] : SERVER_NODE_FLAGS;
}

/** The flags of serverNodeFlagsFor(cores) this process was started without (its command line and NODE_OPTIONS both count). */
export function missingServerNodeFlags(execArgv: readonly string[], nodeOptions: string | undefined, cores: number): string[] {
  const given = new Set([...execArgv, ...(nodeOptions ?? "").split(/\s+/)].map((flag) => flag.replaceAll("_", "-")));
  return serverNodeFlagsFor(cores).filter((flag) => !given.has(flag));
}
