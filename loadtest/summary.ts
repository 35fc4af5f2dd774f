/** Readable summaries of load reports for stdout. */
import type { LoadReport } from "./generator.js";
import type { LatencySummary } from "./stats.js";

const mib = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? "n/a" : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
const kib = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? "n/a" : `${(bytes / 1024).toFixed(1)} KiB`);
const lat = (s: LatencySummary) => `p50 ${s.p50} / p95 ${s.p95} / p99 ${s.p99} / max ${s.max} ms (n=${s.count})`;

/** The multi-line summary of one run. */
export function formatSummary(report: LoadReport): string {
  const o = report.options;
  const lines: string[] = [];
  lines.push(`== load test: ${o.game}${o.game !== "card_battle" ? ` (liap mode ${o.liapMode}, ${o.liapProtocol} profile)` : ""}, ${o.rooms} room slots, ${report.clients.target} clients`);
  lines.push(`   targets ${o.urls.join(", ")}; think ${o.thinkTimeMs} ms, <= ${o.actionsPerSecond} actions/s per bot; ramp-up ${o.rampUpSeconds}s, duration ${o.durationSeconds}s, drain ${o.drainSeconds}s; wall ${report.wall_seconds}s`);
  lines.push(
    `   ${report.environment.note} (${report.environment.cpus} cores, ${report.environment.node}); generator CPU ${report.environment.generator_cpu_percent_of_one_core} % of one core (${report.environment.generator_cpu_percent_of_one_core_steady ?? "n/a"} % steady), RSS peak ${mib(report.environment.generator_rss_peak_bytes)}, event-loop delay p99 ${report.environment.generator_event_loop_delay_ms.p99} ms (max ${report.environment.generator_event_loop_delay_ms.max})`,
  );
  if (report.environment.machine_cpu_percent_of_one_core_steady !== null) {
    lines.push(
      `   whole machine during the steady window: ${report.environment.machine_cpu_percent_of_one_core_steady} % of one core busy, of which other processes ${report.environment.other_processes_cpu_percent_of_one_core_steady ?? "n/a"} %`,
    );
  }
  lines.push(`clients   peak ${report.clients.peak_concurrent} concurrent, ${report.clients.connections_opened} connections opened`);
  lines.push(`rooms     peak ${report.rooms.peak_concurrent} concurrent, ${report.rooms.created} created`);
  const g = report.games;
  lines.push(
    `games     ${g.completed} completed (liap_tui ${g.completed_by_game.liap_tui}, card_battle ${g.completed_by_game.card_battle}) of ${g.started} started; ${g.aborted} aborted, ${g.unfinished} unfinished at the end`,
  );
  const a = report.actions;
  lines.push(
    `actions   ${a.sent} sent, ${a.acknowledged} acknowledged; ${a.per_second}/s overall, ${a.per_second_steady}/s steady (${a.per_second_per_client_steady}/s per client)`,
  );
  if (a.ack_timeouts + a.patches_missing + a.server_timeouts > 0 || Object.keys(a.refused_by_code).length > 0) {
    lines.push(
      `          refused ${JSON.stringify(a.refused_by_code)}, ack timeouts ${a.ack_timeouts}, patches not seen ${a.patches_missing}, moves the server timed out ${a.server_timeouts}`,
    );
  }
  lines.push(`latency   action->ack   ${lat(report.latency_ms.action_to_ack)}`);
  lines.push(`          action->patch ${lat(report.latency_ms.action_to_patch)}`);
  for (const [kind, k] of Object.entries(report.latency_ms.by_kind)) {
    lines.push(`          ${kind.padEnd(26)} ${String(k.sent).padStart(7)} sent; ack p99 ${k.ack_ms.p99} ms, patch p99 ${k.patch_ms.p99} ms`);
  }
  const b = report.bytes;
  lines.push(
    `bytes     per client per minute: in ${kib(b.in_per_client_per_minute)}, out ${kib(b.out_per_client_per_minute)} (with WS frame headers: in ${kib(b.framed_in_per_client_per_minute)}, out ${kib(b.framed_out_per_client_per_minute)}); ${b.client_minutes} client-minutes`,
  );
  const perGame = b.in_per_client_per_completed_game;
  if (perGame.liap_tui !== null || perGame.card_battle !== null) {
    lines.push(`          in per client per completed game: liap_tui ${kib(perGame.liap_tui)}, card_battle ${kib(perGame.card_battle)}`);
  }
  lines.push(`errors    ${report.errors.total} ${JSON.stringify(report.errors.by_category)}`);
  for (const sample of report.errors.samples.slice(0, 5)) lines.push(`          at ${sample.at_ms} ms ${sample.category}: ${sample.message}`);
  const d = report.disconnects;
  lines.push(`disconn.  ${d.drops} dropped, ${d.reconnects} reconnected, ${d.unexpected_leaves} left unexpectedly`);
  for (const node of report.servers) {
    lines.push(
      `server    ${node.node_name ?? "?"} ${node.url}: CPU ${node.cpu_percent_of_one_core ?? "n/a"} % of one core over the run (${node.cpu_seconds_used ?? "n/a"} s), ${node.cpu_percent_of_one_core_steady ?? "n/a"} % steady, ` +
        `RSS ${mib(node.before?.rss_bytes)} -> ${mib(node.after?.rss_bytes)} (peak ${mib(node.rss_peak_bytes)}), ` +
        `event-loop lag p99 peak ${node.event_loop_lag_p99_peak_ms ?? "n/a"} ms, clients peak ${node.connected_clients_peak ?? "n/a"}, rooms peak ${node.rooms_peak ?? "n/a"}` +
        (node.scrape_errors > 0 ? `, ${node.scrape_errors} failed scrapes` : ""),
    );
  }
  return lines.join("\n");
}

/** One table row per sweep step. */
export function formatSweep(steps: readonly LoadReport[], stopMs: number): string {
  const header =
    "| rooms | clients (peak) | games done | actions/s (steady) | ack p50/p99 ms | patch p50/p95/p99/max ms | in/out KiB per client-min | errors | server CPU % of a core (steady) | server RSS peak | generator CPU % (steady) | generator loop delay p99 ms | other processes CPU % (steady) |";
  const rule = "|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  const rows = steps.map((r) => {
    const p = r.latency_ms.action_to_patch;
    const ack = r.latency_ms.action_to_ack;
    const cpu = r.servers.map((s) => s.cpu_percent_of_one_core_steady ?? "n/a").join(" + ");
    const rss = r.servers.map((s) => mib(s.rss_peak_bytes)).join(" + ");
    return `| ${r.options.rooms} | ${r.clients.target} (${r.clients.peak_concurrent}) | ${r.games.completed} | ${r.actions.per_second_steady} | ${ack.p50} / ${ack.p99} | ${p.p50} / ${p.p95} / ${p.p99} / ${p.max} | ${(r.bytes.in_per_client_per_minute / 1024).toFixed(1)} / ${(r.bytes.out_per_client_per_minute / 1024).toFixed(1)} | ${r.errors.total} | ${cpu} | ${rss} | ${r.environment.generator_cpu_percent_of_one_core_steady ?? r.environment.generator_cpu_percent_of_one_core} | ${r.environment.generator_event_loop_delay_ms.p99} | ${r.environment.other_processes_cpu_percent_of_one_core_steady ?? "n/a"} |`;
  });
  const last = steps[steps.length - 1];
  const stopped =
    last === undefined
      ? ""
      : last.latency_ms.action_to_patch.p99 > stopMs
        ? `\nstopped: p99 action->patch ${last.latency_ms.action_to_patch.p99} ms > ${stopMs} ms at ${last.options.rooms} rooms`
        : last.errors.total > 0
          ? `\nstopped: ${last.errors.total} errors at ${last.options.rooms} rooms`
          : "\nevery step stayed under the limit without errors";
  return [header, rule, ...rows].join("\n") + stopped;
}
