/** Runs tasks one after another per key and independently across keys. */

/** A serial queue per room: a room's tasks run in the order they were added, each after the previous settled. */
export class RoomCallbackQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();

  /** Adds `task` behind the room's earlier tasks; resolves or rejects with the task's own result. */
  enqueue<T>(roomId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(roomId) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(roomId, tail);
    this.pending.add(tail);
    void tail.then(() => {
      this.pending.delete(tail);
      // forget the room once its last task settled, so ended rooms hold no memory
      if (this.tails.get(roomId) === tail) this.tails.delete(roomId);
    });
    return run;
  }

  /** Number of rooms with tasks queued or running. */
  get activeRooms(): number {
    return this.tails.size;
  }

  /** Resolves once every task added so far, and any added meanwhile, has settled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
