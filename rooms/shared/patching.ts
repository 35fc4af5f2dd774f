/**
 * Patch cadence of the turn-based rooms. They call `broadcastPatch()` right
 * after every change, so they need no patch interval — and an idle room should
 * not wake up at all. Colyseus 0.18 has no "off" value: `patchRate = null` or
 * `0` starts a 60 Hz clock tick instead. The longest interval a Node timer
 * takes (~24.8 days) is the closest to "never".
 */
export const NO_PATCH_INTERVAL = 2_147_483_647;

/**
 * Size of Colyseus's schema encode buffers. A room gets two at its creation:
 * the encoder's shared buffer (grown to twice this once a StateView is
 * encoded) and the serializer's full-state buffer. Our game rooms drop both
 * for the process's shared pair (encode-buffers.ts, four times this size
 * each), so this sizes those and what every room allocates once; the
 * framework's 16 KiB default would make that 32 KiB of garbage per room
 * created. Our largest state (Liap Tui, every name 32 four-byte characters
 * long, every list full) encodes in about 6.7 KiB, with its owner's hand
 * (test/rooms/schema-buffer.test.ts). A larger state still works: the
 * encoder grows its buffer, with a warning.
 */
export const SCHEMA_BUFFER_BYTES = 8 * 1024;
