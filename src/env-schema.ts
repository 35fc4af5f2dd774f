/**
 * zod pieces for reading environment variables: empty counts as unset,
 * numbers and flags are parsed from text with messages that say what was
 * expected. Shared by every module that reads settings.
 */
import { z } from "zod";
import { isAddressEntry } from "./http/addresses.js";

/** An optional string: empty values count as unset. */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** A comma-separated list; empty items are dropped. */
export const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

/** A whole number parsed from text, within bounds. */
export function integer(defaultValue: number, min: number, max: number) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return defaultValue;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });
}

/** A URL with one of the given protocols. */
export function url(protocols: string[]) {
  return optionalText.superRefine((v, ctx) => {
    if (v === undefined) return;
    let parsed: URL;
    try {
      parsed = new URL(v);
    } catch {
      ctx.addIssue({ code: "custom", message: `must be a URL (${protocols.join(", ")}), got "${v}"` });
      return;
    }
    if (!protocols.includes(parsed.protocol)) {
      ctx.addIssue({ code: "custom", message: `must use ${protocols.join(" or ")}, got "${parsed.protocol}"` });
    }
  });
}

/** A boolean written as true/false/1/0/yes/no/on/off. */
export function flag(defaultValue: boolean) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return defaultValue;
      const s = v.trim().toLowerCase();
      if (["1", "true", "yes", "on"].includes(s)) return true;
      if (["0", "false", "no", "off"].includes(s)) return false;
      ctx.addIssue({ code: "custom", message: `must be true or false, got "${v}"` });
      return z.NEVER;
    });
}

/** What is wrong with a list of IP addresses and CIDR ranges, if anything. */
export function addressListProblem(entries: readonly string[]): string | undefined {
  const bad = entries.find((entry) => !isAddressEntry(entry));
  return bad === undefined ? undefined : `must be IP addresses or CIDR ranges separated by commas, got "${bad.slice(0, 64)}"`;
}
