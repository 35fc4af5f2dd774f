/** What /readyz reports: ready once the database is migrated and the transport listens, until shutdown begins. */
export class Readiness {
  private databaseReady = false;
  private listening = false;
  private draining = false;

  /** The database is open and its migrations are applied. */
  markDatabaseReady(): void {
    this.databaseReady = true;
  }

  /** The transport is bound to its port. */
  markListening(): void {
    this.listening = true;
  }

  /** Shutdown has begun: stop taking new work. */
  markDraining(): void {
    this.draining = true;
  }

  /** True while the process should receive new rooms and players. */
  get ready(): boolean {
    return this.databaseReady && this.listening && !this.draining;
  }
}
