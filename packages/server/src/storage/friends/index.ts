export { createFriendStore } from './store.js';
export type { FriendTables } from './tables.js';
export type * from './types.js';
