export { createGroupLogStore, isGroupConversationKey, viewGroupMessage } from './group-store.js';
export type * from './group-types.js';
export { createMessagingStore } from './store.js';
export type * from './types.js';
