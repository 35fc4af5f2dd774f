/**
 * One socket write per client per action. An action sends each client a state
 * patch and often events too (card battle: the move, the next turn, the
 * hand); the `ws` transport writes every frame to the socket at once, one
 * `writev` system call each. Corking every client's socket for the length of
 * the action and uncorking at its end (synchronously: nothing waits) hands the
 * kernel all of a client's frames in one `writev`.
 *
 * The clients are walked by index: a room's `clients` is a subclass of Array,
 * and V8 does not optimize `for...of` over a subclass (each step allocates an
 * iterator result, about ten times slower than an index loop).
 */
import type { Client } from "@colyseus/core";

interface Corkable {
  cork(): void;
  uncork(): void;
}

/** The TCP socket under a Colyseus `ws` client, when there is one (other transports: none, nothing is corked). */
function socketOf(client: Client): Corkable | undefined {
  const socket = (client as unknown as { ref?: { _socket?: Partial<Corkable> } }).ref?._socket;
  return typeof socket?.cork === "function" && typeof socket.uncork === "function" ? (socket as Corkable) : undefined;
}

/** Runs `work` with every client's socket corked; uncorks them all afterwards, also when `work` throws. */
export function corked<T>(clients: ArrayLike<Client>, work: () => T): T {
  const sockets: Corkable[] = [];
  for (let i = 0; i < clients.length; i++) {
    const socket = socketOf(clients[i]!);
    if (socket === undefined) continue;
    socket.cork();
    sockets.push(socket);
  }
  try {
    return work();
  } finally {
    for (const socket of sockets) socket.uncork();
  }
}
