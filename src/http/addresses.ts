/**
 * Client addresses: lists of IP addresses and CIDR ranges (trusted proxies,
 * gateways), and the address a request comes from when proxies forward it.
 */
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/** An address list (IPv4/IPv6 addresses and CIDR ranges) that also matches IPv4-mapped IPv6 addresses. */
export function addressList(entries: readonly string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/") as [string, string | undefined];
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    if (address === undefined || entries.length === 0) return false;
    const plain = address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    return list.check(plain, isIP(plain) === 6 ? "ipv6" : "ipv4");
  };
}

/** Whether an address list entry is well-formed (for configuration checks). */
export function isAddressEntry(entry: string): boolean {
  const [address, prefix, extra] = entry.split("/");
  if (extra !== undefined || address === undefined || isIP(address) === 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (isIP(address) === 6 ? 128 : 32);
}

/** The client's address: the socket's peer, or the nearest untrusted hop of X-Forwarded-For when the peer is a trusted proxy. */
export function clientAddressOf(req: IncomingMessage, isTrusted: (address: string | undefined) => boolean): string {
  let address = req.socket.remoteAddress ?? "unknown";
  if (!isTrusted(address)) return address;
  const hops = String(req.headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "");
  while (hops.length > 0 && isTrusted(address)) address = hops.pop()!;
  return address;
}
