/**
 * Reads each node's `GET /metrics` (Prometheus text): process CPU seconds and
 * resident memory before and after the run, and peaks sampled during it
 * (memory, event-loop lag p99, connected clients, rooms).
 */

/** The figures read from one scrape. */
export interface MetricsSample {
  at: number;
  cpuSeconds: number | null;
  rssBytes: number | null;
  heapUsedBytes: number | null;
  eventLoopLagP99Seconds: number | null;
  connectedClients: number | null;
  rooms: number | null;
}

/** prom-client samples the event loop every 10 ms and its percentiles include that interval; the report subtracts it. */
const LAG_RESOLUTION_MS = 10;

/** Per-node result in the report. */
export interface NodeMetricsReport {
  url: string;
  node_name: string | null;
  before: { cpu_seconds: number | null; rss_bytes: number | null } | null;
  after: { cpu_seconds: number | null; rss_bytes: number | null } | null;
  /** CPU time used during the run over wall time, in % of one core (2 cores = up to 200 %). */
  cpu_percent_of_one_core: number | null;
  /** The same over the steady window (after the ramp-up until the duration ends), from the samples nearest to it. */
  cpu_percent_of_one_core_steady: number | null;
  cpu_seconds_used: number | null;
  rss_peak_bytes: number | null;
  heap_used_peak_bytes: number | null;
  /** Highest p99 event-loop delay of a sampling interval (nodejs_eventloop_lag_p99_seconds minus its 10 ms resolution). */
  event_loop_lag_p99_peak_ms: number | null;
  connected_clients_peak: number | null;
  rooms_peak: number | null;
  scrape_errors: number;
  /** Every sample of the run: seconds since the first, CPU % of one core since the previous sample, event-loop lag p99, clients, rooms. */
  timeline: Array<{ t_s: number; cpu_percent: number | null; lag_p99_ms: number | null; clients: number | null; rooms: number | null; rss_mib: number | null }>;
}

/** Sums every series of a metric (all label sets) in Prometheus text; null when absent. */
export function metricValue(text: string, name: string): number | null {
  let total: number | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || !line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== " " && rest[0] !== "{") continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

/** The `node_name` label of the first series that has one. */
export function nodeNameOf(text: string): string | null {
  const match = /node_name="([^"]*)"/.exec(text);
  return match === null ? null : match[1]!;
}

/** Scrapes one node. */
export async function scrape(url: string, timeoutMs = 3_000): Promise<{ sample: MetricsSample; nodeName: string | null }> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${url}/metrics answered ${response.status}`);
  const text = await response.text();
  return {
    nodeName: nodeNameOf(text),
    sample: {
      at: Date.now(),
      cpuSeconds: metricValue(text, "process_cpu_seconds_total"),
      rssBytes: metricValue(text, "process_resident_memory_bytes"),
      heapUsedBytes: metricValue(text, "nodejs_heap_size_used_bytes"),
      eventLoopLagP99Seconds: metricValue(text, "nodejs_eventloop_lag_p99_seconds"),
      connectedClients: metricValue(text, "game_connected_clients"),
      rooms: metricValue(text, "game_rooms"),
    },
  };
}

/** Watches a set of nodes for the length of a run. */
export class MetricsWatcher {
  private readonly nodes: Array<{ url: string; name: string | null; before?: MetricsSample; last?: MetricsSample; samples: MetricsSample[]; errors: number }>;
  private timer?: NodeJS.Timeout;
  private inFlight = false;

  constructor(urls: readonly string[], private readonly intervalMs = 2_000) {
    this.nodes = urls.map((url) => ({ url, name: null, samples: [], errors: 0 }));
  }

  /** Takes the "before" sample of every node and starts periodic sampling. */
  async start(): Promise<void> {
    await this.sampleAll((node, sample) => {
      node.before = sample;
    });
    // peaks cover the run only (prom-client's event-loop figures are since the previous scrape)
    for (const node of this.nodes) node.samples.length = 0;
    this.timer = setInterval(() => {
      if (this.inFlight) return;
      this.inFlight = true;
      void this.sampleAll(() => undefined).finally(() => {
        this.inFlight = false;
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Takes the "after" sample and summarises each node. */
  async stop(steady?: { from: number; to: number }): Promise<NodeMetricsReport[]> {
    if (this.timer !== undefined) clearInterval(this.timer);
    const after = new Map<string, MetricsSample>();
    await this.sampleAll((node, sample) => {
      after.set(node.url, sample);
    });
    return this.nodes.map((node) => summarizeNode(node, after.get(node.url), steady));
  }

  private async sampleAll(onSample: (node: (typeof this.nodes)[number], sample: MetricsSample) => void): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node) => {
        try {
          const { sample, nodeName } = await scrape(node.url);
          node.name ??= nodeName;
          node.samples.push(sample);
          node.last = sample;
          onSample(node, sample);
        } catch {
          node.errors++;
        }
      }),
    );
  }
}

function summarizeNode(
  node: { url: string; name: string | null; before?: MetricsSample; samples: MetricsSample[]; errors: number },
  after: MetricsSample | undefined,
  steady: { from: number; to: number } | undefined,
): NodeMetricsReport {
  const peak = (pick: (s: MetricsSample) => number | null) => {
    const values = node.samples.map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? null : Math.max(...values);
  };
  const before = node.before;
  let cpuPercent: number | null = null;
  let cpuUsed: number | null = null;
  if (before?.cpuSeconds != null && after?.cpuSeconds != null && after.at > before.at) {
    cpuUsed = Math.round((after.cpuSeconds - before.cpuSeconds) * 100) / 100;
    cpuPercent = Math.round(((after.cpuSeconds - before.cpuSeconds) / ((after.at - before.at) / 1000)) * 1000) / 10;
  }
  const lag = peak((s) => s.eventLoopLagP99Seconds);
  const lagMs = (seconds: number) => Math.max(0, Math.round((seconds * 1000 - LAG_RESOLUTION_MS) * 100) / 100);
  let cpuSteady: number | null = null;
  if (steady !== undefined) {
    const withCpu = node.samples.filter((s) => s.cpuSeconds !== null);
    const nearest = (t: number) => withCpu.reduce<MetricsSample | undefined>((best, s) => (best === undefined || Math.abs(s.at - t) < Math.abs(best.at - t) ? s : best), undefined);
    const first = nearest(steady.from);
    const last = nearest(steady.to);
    if (first !== undefined && last !== undefined && last.at - first.at >= 1_000) {
      cpuSteady = Math.round(((last.cpuSeconds! - first.cpuSeconds!) / ((last.at - first.at) / 1000)) * 1000) / 10;
    }
  }
  return {
    url: node.url,
    node_name: node.name,
    before: before === undefined ? null : { cpu_seconds: before.cpuSeconds, rss_bytes: before.rssBytes },
    after: after === undefined ? null : { cpu_seconds: after.cpuSeconds, rss_bytes: after.rssBytes },
    cpu_percent_of_one_core: cpuPercent,
    cpu_percent_of_one_core_steady: cpuSteady,
    cpu_seconds_used: cpuUsed,
    rss_peak_bytes: peak((s) => s.rssBytes),
    heap_used_peak_bytes: peak((s) => s.heapUsedBytes),
    event_loop_lag_p99_peak_ms: lag === null ? null : lagMs(lag),
    connected_clients_peak: peak((s) => s.connectedClients),
    rooms_peak: peak((s) => s.rooms),
    scrape_errors: node.errors,
    timeline: node.samples.map((sample, i) => {
      const previous = i === 0 ? before : node.samples[i - 1];
      const cpu =
        previous?.cpuSeconds != null && sample.cpuSeconds !== null && sample.at > previous.at
          ? Math.round(((sample.cpuSeconds - previous.cpuSeconds) / ((sample.at - previous.at) / 1000)) * 1000) / 10
          : null;
      return {
        t_s: Math.round((sample.at - (before?.at ?? sample.at)) / 100) / 10,
        cpu_percent: cpu,
        lag_p99_ms: sample.eventLoopLagP99Seconds === null ? null : lagMs(sample.eventLoopLagP99Seconds),
        clients: sample.connectedClients,
        rooms: sample.rooms,
        rss_mib: sample.rssBytes === null ? null : Math.round(sample.rssBytes / 1024 / 1024),
      };
    }),
  };
}
