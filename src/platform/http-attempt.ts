/** One HTTP request to the platform with a hard time limit, its result as a value (never a throw). */

/** What one attempt produced: an HTTP answer, a timeout, or a network failure. */
export type AttemptResult =
  | { type: "response"; status: number; body: unknown }
  | { type: "timeout"; error: string }
  | { type: "network"; error: string };

/** A request as the client sends it. */
export interface AttemptRequest {
  method: "POST" | "PUT";
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
}

/** Sends one request; the time limit covers connecting, the answer and reading its body. */
export async function attemptRequest(request: AttemptRequest): Promise<AttemptResult> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
      // a redirect is an answer to report, not something to follow with our API key
      redirect: "manual",
    });
    const text = await response.text();
    return { type: "response", status: response.status, body: parseBody(text) };
  } catch (error) {
    if (isTimeout(error)) return { type: "timeout", error: `no answer within ${request.timeoutMs} ms` };
    return { type: "network", error: describeNetworkError(error) };
  }
}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

/** fetch says "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND, ...) is in its cause. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}
