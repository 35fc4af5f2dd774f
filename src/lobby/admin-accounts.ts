/**
 * Administrators of the admin surface: accounts in `admin_accounts` with
 * bcrypt hashes (cost 12), the first one created from ADMIN_USERNAME and
 * ADMIN_PASSWORD at start. A successful check is remembered for a while so
 * administrators do not pay a bcrypt round on every request; the stored hash
 * is still read each time, so a changed password or a disabled account takes
 * effect at once.
 */
import { createHash, randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import type { Database } from "../db/database.js";
import { getAdminAccount, insertAdminAccount, touchAdminAccount } from "./queries/accounts.js";

/** bcrypt cost of administrator passwords (seed 004). */
export const BCRYPT_COST = 12;

/** How long a verified user name and password pair is trusted without bcrypt. */
const VERIFIED_TTL_MS = 5 * 60_000;
/** How often `last_used_at` is written at most, per administrator. */
const TOUCH_INTERVAL_MS = 60_000;
/** Most remembered pairs. */
const MAX_REMEMBERED = 1000;

/** Checks administrator credentials against `admin_accounts`. */
export class AdminAccounts {
  private readonly verified = new Map<string, { hash: string; until: number }>();
  private decoy?: Promise<string>;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Creates the first administrator unless an account of that name exists; true when created. */
  async bootstrap(account: { username: string; password: string } | undefined): Promise<boolean> {
    if (account === undefined) return false;
    if ((await getAdminAccount(this.db, account.username)) !== undefined) return false;
    return insertAdminAccount(this.db, account.username, await bcrypt.hash(account.password, BCRYPT_COST));
  }

  /** The administrator's user name when the credentials are right and the account is enabled; otherwise undefined. */
  async verify(username: string, password: string): Promise<string | undefined> {
    const account = await getAdminAccount(this.db, username);
    if (account === undefined || account.disabledAt !== null) {
      // spend the same bcrypt time as a real check, so timing does not reveal which user names exist
      await bcrypt.compare(password, await this.decoyHash());
      return undefined;
    }
    const key = createHash("sha256").update(`${username}\u0000${password}`).digest("hex");
    const now = this.now();
    const remembered = this.verified.get(key);
    let ok = remembered !== undefined && remembered.hash === account.passwordHash && remembered.until > now;
    if (!ok) {
      ok = await bcrypt.compare(password, account.passwordHash);
      if (ok) {
        if (this.verified.size >= MAX_REMEMBERED) this.verified.clear();
        this.verified.set(key, { hash: account.passwordHash, until: now + VERIFIED_TTL_MS });
      }
    }
    if (!ok) return undefined;
    if (account.lastUsedAt === null || now - account.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await touchAdminAccount(this.db, username, new Date(now));
    }
    return account.username;
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= bcrypt.hash(randomBytes(16).toString("hex"), BCRYPT_COST);
    return this.decoy;
  }
}
