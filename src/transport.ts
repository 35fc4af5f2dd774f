/**
 * Creates the WebSocket transport: `ws` by default; uWebSockets.js when
 * TRANSPORT=uws, loaded lazily because it is published only on GitHub and is
 * therefore an optional install (see README, "uWebSockets.js transport").
 */
import type { Transport } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import type { Config } from "./config.js";
import { createEdgeServer } from "./http/edge.js";

/** Thrown when TRANSPORT=uws but the optional packages are not installed. */
export class TransportUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      "TRANSPORT=uws needs uWebSockets.js, which is not installed. Install it from its official source with " +
        "`npm install --no-save github:uNetworking/uWebSockets.js#v20.57.0 @colyseus/uwebsockets-transport@^0.18 uwebsockets-express@^2`, " +
        "or unset TRANSPORT to use the default ws transport.",
      { cause },
    );
    this.name = "TransportUnavailableError";
  }
}

/** Shape of the optional `@colyseus/uwebsockets-transport` module. */
interface UwsTransportModule {
  uWebSocketsTransport: new (options?: Record<string, unknown>) => Transport;
}

/** Loads a module by a name TypeScript does not resolve, so the optional dependency stays optional. */
async function importOptional(specifier: string): Promise<unknown> {
  return import(specifier);
}

/** The transport selected by configuration. */
export async function createTransport(config: Pick<Config, "transport" | "edge">): Promise<Transport> {
  if (config.transport === "ws") {
    // our own HTTP server: request timeouts and the per-address connection cap (see src/http/edge.ts)
    return new WebSocketTransport({ maxPayload: 4 * 1024, server: createEdgeServer(config.edge) });
  }
  let mod: UwsTransportModule;
  try {
    mod = (await importOptional("@colyseus/uwebsockets-transport")) as UwsTransportModule;
  } catch (error) {
    throw new TransportUnavailableError(error);
  }
  return new mod.uWebSocketsTransport({ maxPayloadLength: 4 * 1024 });
}
