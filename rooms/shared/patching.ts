/**
 * Patch cadence of the turn-based rooms. They call `broadcastPatch()` right
 * after every change, so they need no patch interval — and an idle room should
 * not wake up at all. Colyseus 0.18 has no "off" value: `patchRate = null` or
 * `0` starts a 60 Hz clock tick instead. The longest interval a Node timer
 * takes (~24.8 days) is the closest to "never".
 */
export const NO_PATCH_INTERVAL = 2_147_483_647;

/**
 * Size of each room's schema encode buffers. Every room holds two: the
 * encoder's shared buffer (grown to twice this once a StateView is encoded)
 * and the serializer's full-state buffer. The framework's 16 KiB default
 * makes that 48 KiB per room, a third of a Liap Tui room's own memory at
 * 10,000 players; our largest state (Liap Tui, every name 32 four-byte
 * characters long, every list full) encodes in about 6.7 KiB, with its
 * owner's hand (test/rooms/schema-buffer.test.ts). A larger state still
 * works: the encoder grows its buffer, with a warning.
 */
export const SCHEMA_BUFFER_BYTES = 8 * 1024;
