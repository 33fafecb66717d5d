export { createGroupStore } from './store.js';
export type { GroupTables } from './tables.js';
export type * from './types.js';
