/**
 * Several real server processes sharing Redis (and optionally a throwaway
 * PostgreSQL database), for multi-node tests. Each suite names its own Redis
 * database, flushed before its nodes start, so suites never read each
 * other's keys.
 */
import { Redis } from "ioredis";
import { freePort, waitFor } from "./net.js";
import { spawnServer, type ServerProcess } from "./process.js";
import { createTempDatabase, TEST_REDIS_URL, type TempDatabase } from "./services.js";

/** One running node. */
export interface ClusterNode {
  name: string;
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `ws://127.0.0.1:<port>` */
  wsUrl: string;
  proc: ServerProcess;
}

/** What a node is started with. */
export interface NodeOptions {
  /** `redis://…/<db>` for the suite's own database (see `redisUrlFor`). */
  redisUrl: string;
  /** The suite's own environment (keys, secrets, DATA_DIR or DATABASE_URL, PLATFORM_URL…). */
  env: Record<string, string>;
  /** A node's addresses from its port; default `PUBLIC_ADDRESS=127.0.0.1:<port>`. */
  addresses?: (name: string, port: number) => Record<string, string>;
  /** How long a node may take to answer 200 on /readyz (default 30 s). */
  readyTimeoutMs?: number;
}

/** The URL of Redis database `db` on the test Redis server. */
export function redisUrlFor(db: number): string {
  return `${TEST_REDIS_URL.replace(/\/\d*$/, "")}/${db}`;
}

/** Empties a Redis database (the suite's own). */
export async function flushRedis(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/** Spawns one node (on `port`, or a free one) and waits until /readyz answers 200. */
export async function startNode(name: string, options: NodeOptions, port?: number): Promise<ClusterNode> {
  port ??= await freePort();
  const addresses = options.addresses ?? ((_name, p) => ({ PUBLIC_ADDRESS: `127.0.0.1:${p}` }));
  const proc = spawnServer({
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_NAME: name,
    ...addresses(name, port),
    REDIS_URL: options.redisUrl,
    LOG_LEVEL: "warn",
    NODE_ENV: "test",
    ...options.env,
  });
  const url = `http://127.0.0.1:${port}`;
  const timeout = options.readyTimeoutMs ?? 30_000;
  try {
    await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, timeout, `${name} ready; output:\n${proc.output()}`);
  } catch (error) {
    // a node that never got ready is not left running
    proc.child.kill("SIGKILL");
    throw error;
  }
  return { name, port, url, wsUrl: `ws://127.0.0.1:${port}`, proc };
}

/** SIGTERM to every node still running, then waits for each to exit (at most 15 s each, in parallel). */
export async function stopNodes(nodes: readonly ClusterNode[]): Promise<void> {
  for (const node of nodes) {
    if (node.proc.child.exitCode === null && node.proc.child.signalCode === null) node.proc.child.kill("SIGTERM");
  }
  await Promise.all(nodes.map((n) => Promise.race([n.proc.exited, new Promise((r) => setTimeout(r, 15_000))])));
}

/** Nodes started together, and how to stop them. */
export interface Cluster {
  nodes: ClusterNode[];
  /** Stops the nodes and drops the temporary database, if any. */
  stop(): Promise<void>;
}

export interface ClusterOptions extends Omit<NodeOptions, "redisUrl"> {
  /** The suite's own Redis database number (flushed before the nodes start). */
  redisDb: number;
  /**
   * A throwaway PostgreSQL database shared by the nodes (DATABASE_URL); the
   * nodes then start one at a time, so the first migrates it alone.
   */
  postgres?: boolean;
}

/** Flushes the suite's Redis database, creates the temporary PostgreSQL database if asked, and starts one node per name. */
export async function startCluster(names: readonly string[], options: ClusterOptions): Promise<Cluster> {
  const redisUrl = redisUrlFor(options.redisDb);
  await flushRedis(redisUrl);
  let temp: TempDatabase | undefined;
  const nodes: ClusterNode[] = [];
  const stop = async () => {
    await stopNodes(nodes);
    await temp?.drop();
  };
  try {
    if (options.postgres === true) {
      temp = await createTempDatabase();
      const nodeOptions: NodeOptions = { ...options, redisUrl, env: { ...options.env, DATABASE_URL: temp.url } };
      for (const name of names) nodes.push(await startNode(name, nodeOptions));
    } else {
      const started = await Promise.allSettled(names.map((name) => startNode(name, { ...options, redisUrl })));
      for (const result of started) if (result.status === "fulfilled") nodes.push(result.value);
      const failed = started.find((result) => result.status === "rejected");
      if (failed !== undefined) throw failed.reason;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, stop };
}
