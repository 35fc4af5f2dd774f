/** Chat (seed 002): the service and the message shapes other channels reuse. */
export { ChatService, chatTopic, type ChatIdentity, type ChatListener, type ChatMemberInfo, type ChatPresence } from "./service.js";
export { BLANK, errorBody, statusOf, type ChatFailure, type ChatMessage, type ChatProfile, type ChatResult, type FieldErrors } from "./message.js";
export { CHAT_LIMITS, ChatRateLimits } from "./rate-limits.js";
export { HISTORY_LIMITS, MAX_BODY_CHARACTERS, checkBody } from "./validation.js";
