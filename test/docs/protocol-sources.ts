/**
 * What the code says the protocol is, for test/docs/protocol-reference.test.ts:
 * - the messages a live room registers (Colyseus's own registry of the room), with the payload schema each was
 *   registered with through the rooms' MessageGate;
 * - the event names the room code sends, read from its sources (rooms/<game>/, rooms/shared/ and the game's wire
 *   mapping in src/games/<game>/wire.ts, which the rooms and replays share): every
 *   `toAll("x"`, `toPlayer(…, "x"`, `toClient(…, "x"`, `toSeat(…, "x"`, `broadcast("x"`, `send("x"`, every
 *   `event: "x"` of an outbound-event mapping, and string constants passed in their place (`const X = "x"`).
 * And what docs/protocol.md lists, one `####` entry per message or event.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import type { MessageGate } from "../../rooms/shared/message-gate.js";

/** The game messages a live room handles (its gate's routes) and the messages it registered with Colyseus itself (chat's), without the `*` fallback and byte handlers. */
export function registeredMessages(room: unknown): string[] {
  const events = (room as { onMessageEvents: { events: Record<string, unknown[]> } }).onMessageEvents.events;
  const own = Object.keys(events).filter((type) => type !== "*" && !type.startsWith("_$b") && (events[type]?.length ?? 0) > 0);
  return [...new Set([...own, ...gateSchemas(room).keys()])].sort();
}

/** The payload schema of each game message a live room's gate handles. */
export function gateSchemas(room: unknown): Map<string, z.ZodObject> {
  const gate = (room as { gate?: MessageGate<unknown, never> }).gate;
  return gate === undefined ? new Map() : gate.schemas();
}

// an event name: snake_case, or seed 002's `resource:action` (`message:create`)
const NAME = "[a-z][a-z0-9_]*(?::[a-z][a-z0-9_]*)?";
const SENDS = [
  new RegExp(`\\.(?:toAll|broadcast|send)\\(\\s*("${NAME}"|[A-Za-z_][\\w.]*)`, "g"),
  // also bare calls: the wire mappings in src/games call their own toPlayer(seat, "x", …)
  new RegExp(`(?:\\.|\\b)(?:toPlayer|toClient|toSeat)\\(\\s*[^,()]+,\\s*("${NAME}"|[A-Za-z_][\\w.]*)`, "g"),
  new RegExp(`\\bevent:\\s*("${NAME}")`, "g"),
];

/** Event names sent by the code in `dirs` (TypeScript sources, recursively); constants may live anywhere in `constantDirs`. */
export function sentEvents(root: string, dirs: string[], constantDirs: string[] = ["rooms", "src"]): { events: string[]; unresolved: string[] } {
  const sources = dirs.flatMap((dir) => tsFiles(join(root, dir))).map((file) => readFileSync(file, "utf8"));
  const constants = new Map<string, string>();
  for (const text of constantDirs.flatMap((dir) => tsFiles(join(root, dir))).map((file) => readFileSync(file, "utf8"))) {
    for (const m of text.matchAll(new RegExp(`\\b(?:const|readonly)\\s+([A-Za-z_]\\w*)\\s*=\\s*"(${NAME})"`, "g"))) constants.set(m[1]!, m[2]!);
    for (const m of text.matchAll(new RegExp(`\\b([A-Za-z_]\\w*):\\s*"(${NAME})"`, "g"))) constants.set(m[1]!, m[2]!);
  }
  const names = new Set<string>();
  const unresolved = new Set<string>();
  for (const text of sources) {
    for (const pattern of SENDS) {
      for (const m of text.matchAll(pattern)) {
        const arg = m[1]!;
        if (arg.startsWith('"')) names.add(arg.slice(1, -1));
        else {
          const last = arg.split(".").at(-1)!;
          const constant = /^[A-Z]/.test(last) ? constants.get(last) : undefined;
          if (constant !== undefined) names.add(constant);
          // a variable named `event` (`event`, `wire.event`) is resolved through the `event: "x"` mappings above
          else if (last !== "event") unresolved.add(arg);
        }
      }
    }
  }
  return { events: [...names].sort(), unresolved: [...unresolved].sort() };
}

/** The TypeScript sources under `path`, or `path` itself when it names one file. */
function tsFiles(path: string): string[] {
  if (path.endsWith(".ts")) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
}

/** One game's part of docs/protocol.md. */
export interface DocumentedGame {
  room: string;
  /** Text before the first entry of the messages list (fields every message may carry). */
  messagesPreface: string;
  messages: Map<string, string>;
  events: Map<string, string>;
}

/** Reads the `## Game: … (`room`)` sections with their `### Messages …` and `### Events …` entries (`#### `name``). */
export function documentedGames(markdown: string): Map<string, DocumentedGame> {
  const games = new Map<string, DocumentedGame>();
  let game: DocumentedGame | undefined;
  let list: "messages" | "events" | undefined;
  let entry: { name: string; lines: string[] } | undefined;
  const closeEntry = () => {
    if (game !== undefined && list !== undefined && entry !== undefined) game[list].set(entry.name, entry.lines.join("\n"));
    entry = undefined;
  };
  for (const line of markdown.split("\n")) {
    const heading = /^(#{2,4}) (.*)$/.exec(line);
    if (heading === null) {
      if (entry !== undefined) entry.lines.push(line);
      else if (game !== undefined && list === "messages") game.messagesPreface += `${line}\n`;
      continue;
    }
    closeEntry();
    const [, hashes, title] = heading;
    if (hashes === "##") {
      const room = /^Game: .*\(`([a-z_]+)`\)$/.exec(title!)?.[1];
      game = room === undefined ? undefined : { room, messagesPreface: "", messages: new Map(), events: new Map() };
      if (game !== undefined) games.set(game.room, game);
      list = undefined;
    } else if (hashes === "###") {
      list = /^Messages\b/.test(title!) ? "messages" : /^Events\b/.test(title!) ? "events" : undefined;
    } else if (list !== undefined) {
      const name = /^`([^`]+)`$/.exec(title!)?.[1];
      if (name === undefined) throw new Error(`docs/protocol.md: an entry heading must be a name in backticks: "${line}"`);
      if (game!.messages.has(name) && list === "messages") throw new Error(`docs/protocol.md: ${name} listed twice`);
      entry = { name, lines: [] };
    }
  }
  closeEntry();
  return games;
}
