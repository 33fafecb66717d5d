export { createPushStore } from './store.js';
export type { PushTables } from './tables.js';
export type * from './types.js';
