/**
 * Patch cadence of the turn-based rooms. They call `broadcastPatch()` right
 * after every change, so they need no patch interval — and an idle room should
 * not wake up at all. Colyseus 0.18 has no "off" value: `patchRate = null` or
 * `0` starts a 60 Hz clock tick instead. The longest interval a Node timer
 * takes (~24.8 days) is the closest to "never".
 */
export const NO_PATCH_INTERVAL = 2_147_483_647;
