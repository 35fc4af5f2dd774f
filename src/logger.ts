/**
 * Structured logging with pino: JSON lines in production (and tests), readable
 * colourised lines in development. Every line carries the node name; room log
 * lines also carry the room id.
 */
import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/** Creates the process-wide logger for the given configuration. */
export function createLogger(config: Pick<Config, "env" | "logLevel" | "nodeName">): Logger {
  const readable = config.env === "development" && process.stdout.isTTY;
  return pino({
    level: config.logLevel,
    base: { node_name: config.nodeName },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["token", "*.token", "password", "*.password", "authorization", "*.authorization"], censor: "[redacted]" },
    transport: readable ? { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l" } } : undefined,
  });
}

/** A child logger for one room: every line names the room and its type. */
export function roomLogger(parent: Logger, roomId: string, roomName: string): Logger {
  return parent.child({ room_id: roomId, room_name: roomName });
}
