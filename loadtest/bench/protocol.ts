/** Messages between `npm run bench:rooms` and its generator processes (IPC). */

/** The rooms under test: the stock minimal room (the yardstick), the stock room with hidden hands, or one of the games. */
export type Scenario = "stock" | "stock_hidden" | "stock_hidden_ids" | "liap_tui" | "card_battle";

/** One generator process's share of a phase. */
export interface WorkerTask {
  scenario: Scenario;
  url: string;
  rooms: number;
  /** Actions per second per client. */
  rate: number;
  /** Spread of the game bots' think times (0–1). */
  thinkJitter: number;
  /** Card battle `max_hp` (undefined: the rules' default). */
  cardMaxHp?: number;
  rampUpSeconds: number;
  durationSeconds: number;
  jwtSecret: string;
  internalKey: string;
  seed: string;
}

export interface WorkerDone {
  type: "done";
  clients: number;
  actionsSent: number;
  /** action→patch latencies in ms. */
  patchSamples: number[];
  unseen: number;
  errors: Record<string, number>;
  errorSamples: string[];
  disconnects: number;
  gamesCompleted: number;
  cpuSeconds: number;
  rssPeakBytes: number;
}

export type WorkerMessage =
  | { type: "started"; at: number }
  | { type: "tick"; actionsSent: number; at: number }
  | WorkerDone
  | { type: "failed"; message: string };
