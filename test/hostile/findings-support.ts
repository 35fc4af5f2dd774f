/** Shared pieces of the hostile-client finding tests: raw HTTP calls, player tokens. */
import { SignJWT } from "jose";

/** A response's status and parsed JSON body (undefined when not JSON). */
export interface RawReply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- whatever the server answered
}

/** Sends a request with a raw text body (exactly the bytes an attacker would send). */
export async function send(url: string, method: string, body?: string, headers: Record<string, string> = {}): Promise<RawReply> {
  const response = await fetch(url, { method, body, headers: { "content-type": "application/json", connection: "close", ...headers } });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}

/** An HS256 token whose subject is the user id. */
export function tokenFor(secret: string, userId: string): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(userId).setExpirationTime("1h").sign(new TextEncoder().encode(secret));
}
