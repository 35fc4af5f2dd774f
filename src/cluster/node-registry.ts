/**
 * The live nodes of a cluster sharing Redis: each node keeps an entry (name,
 * process id, public and internal address, load) refreshed by a heartbeat, so
 * any node can list the cluster and tell which node a process id belongs to.
 */
import type { Redis } from "ioredis";

/** Redis hash of node entries, by process id. */
export const NODES_KEY = "gs:nodes";

/** One node as the cluster sees it. */
export interface NodeEntry {
  node_name: string;
  process_id: string;
  public_address: string | null;
  /** Where the other nodes reach this node directly (INTERNAL_ADDRESS), e.g. `node-a:2567`. */
  internal_address: string | null;
  started_at: string;
  heartbeat_at: string;
  rooms: number;
  players: number;
}

/** What a node reports about itself at each heartbeat. */
export interface NodeLoad {
  rooms: number;
  players: number;
}

/** Keeps this node's entry fresh and reads everyone's. */
export class NodeRegistry {
  private timer?: NodeJS.Timeout;
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly redis: Redis,
    private readonly self: { nodeName: string; processId: string; publicAddress?: string; internalAddress?: string },
    private readonly load: () => NodeLoad,
    private readonly heartbeatMs: number,
  ) {}

  /** Writes this node's entry now and then every heartbeat. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.beat().catch(() => {
        // Redis unreachable for a moment: the next beat retries
      });
    }, this.heartbeatMs);
    this.timer.unref();
  }

  /** Stops the heartbeat and removes this node's entry. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.hdel(NODES_KEY, this.self.processId);
  }

  /** Every entry, live or not. */
  async entries(): Promise<NodeEntry[]> {
    const raw = await this.redis.hgetall(NODES_KEY);
    const out: NodeEntry[] = [];
    for (const value of Object.values(raw)) {
      try {
        out.push(JSON.parse(value) as NodeEntry);
      } catch {
        // a malformed entry is ignored; its process id will not match anything
      }
    }
    return out.sort((a, b) => a.node_name.localeCompare(b.node_name) || a.process_id.localeCompare(b.process_id));
  }

  /** The INTERNAL_ADDRESS a process published, if its entry has one. */
  async internalAddressOf(processId: string): Promise<string | undefined> {
    const raw = await this.redis.hget(NODES_KEY, processId);
    if (raw === null) return undefined;
    try {
      const address = (JSON.parse(raw) as Partial<NodeEntry>).internal_address;
      return typeof address === "string" && address !== "" ? address : undefined;
    } catch {
      return undefined;
    }
  }

  /** Removes another process's entry (after it was found dead). */
  async forget(processId: string): Promise<void> {
    await this.redis.hdel(NODES_KEY, processId);
  }

  private async beat(): Promise<void> {
    const entry: NodeEntry = {
      node_name: this.self.nodeName,
      process_id: this.self.processId,
      public_address: this.self.publicAddress ?? null,
      internal_address: this.self.internalAddress ?? null,
      started_at: this.startedAt,
      heartbeat_at: new Date().toISOString(),
      ...this.load(),
    };
    await this.redis.hset(NODES_KEY, this.self.processId, JSON.stringify(entry));
  }
}
