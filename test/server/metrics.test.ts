/**
 * The rooms' message counters (src/metrics.ts, MessageTally): what is
 * counted between scrapes reaches the next scrape, by game and type, and is
 * added once.
 */
import assert from "node:assert/strict";
import { Metrics } from "../../src/metrics.js";

function sample(text: string, name: string, game: string, type: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && l.includes(`game="${game}"`) && l.includes(`type="${type}"`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("message counters", () => {
  it("add what was counted since the last scrape, by game and type, once", async () => {
    const metrics = new Metrics("node-a");
    metrics.messagesOut.count("liap_tui", "phase_change");
    metrics.messagesOut.count("liap_tui", "phase_change", 3);
    metrics.messagesOut.count("card_battle", "phase_change", 2);
    metrics.messagesIn.count("liap_tui", "play");
    metrics.messagesOut.count("liap_tui", "error", 0);
    let text = await metrics.registry.metrics();
    assert.equal(sample(text, "game_messages_sent_total", "liap_tui", "phase_change"), 4);
    assert.equal(sample(text, "game_messages_sent_total", "card_battle", "phase_change"), 2);
    assert.equal(sample(text, "game_messages_received_total", "liap_tui", "play"), 1);
    assert.equal(sample(text, "game_messages_sent_total", "liap_tui", "error"), undefined, "nothing counted, no series");
    assert.match(text, /game_messages_sent_total\{[^}]*node_name="node-a"/);

    text = await metrics.registry.metrics();
    assert.equal(sample(text, "game_messages_sent_total", "liap_tui", "phase_change"), 4, "a second scrape adds nothing");
    metrics.messagesOut.count("liap_tui", "phase_change", 5);
    text = await metrics.registry.metrics();
    assert.equal(sample(text, "game_messages_sent_total", "liap_tui", "phase_change"), 9);
    assert.equal(sample(text, "game_messages_received_total", "liap_tui", "play"), 1);
  });
});
