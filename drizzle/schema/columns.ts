/** Column helpers shared by every table. */
import { timestamp } from "drizzle-orm/pg-core";

/** A timezone-aware timestamp column returned as a `Date`. */
export const timestampTz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** `created_at`, set by the database on insert. */
export const createdAt = () => timestampTz("created_at").notNull().defaultNow();
