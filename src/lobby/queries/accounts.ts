/** Queries on `admin_accounts`: plain functions taking the database first. */
import { eq } from "drizzle-orm";
import { adminAccounts, type AdminAccountRow } from "../../../drizzle/schema/index.js";
import type { Database } from "../../db/database.js";

/** One administrator by user name, or undefined. */
export async function getAdminAccount(db: Database, username: string): Promise<AdminAccountRow | undefined> {
  const [row] = await db.select().from(adminAccounts).where(eq(adminAccounts.username, username)).limit(1);
  return row;
}

/** Adds an administrator unless one of that name exists; true when added. */
export async function insertAdminAccount(db: Database, username: string, passwordHash: string): Promise<boolean> {
  const rows = await db
    .insert(adminAccounts)
    .values({ username, passwordHash })
    .onConflictDoNothing({ target: adminAccounts.username })
    .returning({ username: adminAccounts.username });
  return rows.length > 0;
}

/** Records when an administrator last authenticated. */
export async function touchAdminAccount(db: Database, username: string, at: Date): Promise<void> {
  await db.update(adminAccounts).set({ lastUsedAt: at }).where(eq(adminAccounts.username, username));
}

/** Disables (or re-enables, with null) an administrator. */
export async function setAdminAccountDisabled(db: Database, username: string, at: Date | null): Promise<void> {
  await db.update(adminAccounts).set({ disabledAt: at }).where(eq(adminAccounts.username, username));
}
