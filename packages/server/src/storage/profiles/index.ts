export { createProfileStore } from './store.js';
export type { ProfileTables } from './tables.js';
export type * from './types.js';
