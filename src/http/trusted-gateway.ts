/**
 * The gateway trusted to set identity headers (LOBBY_GATEWAY_SECRET /
 * LOBBY_GATEWAY_ADDRESSES): a request comes from it when it carries the
 * secret in `X-Gateway-Secret` or comes from one of its addresses.
 */
import type { Request } from "express";
import { addressList } from "./addresses.js";
import { secretsEqual } from "./basic-auth.js";

/** Who the gateway is; undefined = any caller (development only: production refuses to start so). */
export type TrustedGateway = { secret?: string; addresses: readonly string[] } | undefined;

/** Whether a request comes from the configured gateway (any request when none is configured). */
export function fromTrustedGateway(gateway: TrustedGateway): (req: Request) => boolean {
  if (gateway === undefined) return () => true;
  const isGatewayAddress = addressList(gateway.addresses);
  return (req) => {
    const secret = req.get("x-gateway-secret");
    if (gateway.secret !== undefined && secret !== undefined && secretsEqual(secret, gateway.secret)) return true;
    return isGatewayAddress(req.socket.remoteAddress);
  };
}
