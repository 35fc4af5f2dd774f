/**
 * Routes WebSocket upgrades of the gateway paths (`/ws/...`, `/socket/websocket`)
 * to their handlers before Colyseus's transport sees them; every other
 * upgrade (Colyseus's `/{processId}/{roomId}`) goes to the listeners that
 * were there before, untouched.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

/** One upgrade route: a path test and its handler. */
export interface UpgradeRoute {
  matches(pathname: string): boolean;
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Puts `routes` in front of the server's existing upgrade listeners (call
 * after the transport attached its own). Returns the previous listeners as
 * one function: Colyseus's own upgrade handling, for other servers to use.
 */
export function installUpgradeRoutes(server: Server, routes: readonly UpgradeRoute[]): UpgradeListener {
  const previous = server.listeners("upgrade") as UpgradeListener[];
  server.removeAllListeners("upgrade");
  const colyseus: UpgradeListener = (req, socket, head) => {
    for (const listener of previous) listener.call(server, req, socket, head);
  };
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const route = routes.find((candidate) => candidate.matches(pathnameOf(req)));
    if (route !== undefined) {
      route.handle(req, socket, head);
      return;
    }
    colyseus(req, socket, head);
  });
  return colyseus;
}

/** The path of a request, without its query. */
export function pathnameOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** The query parameters of a request (first value of each). */
export function queryOf(req: IncomingMessage): URLSearchParams {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return new URLSearchParams(query === -1 ? "" : url.slice(query + 1));
}

/** Answers an upgrade request with a plain HTTP refusal and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: { code: status, message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 400 ? "Bad Request" : status === 404 ? "Not Found" : "Refused"}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
