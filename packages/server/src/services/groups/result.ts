/** Replies of the group service (services/replies.ts); a `GroupError` breaks a group rule. */
export { answer, fail, ok, type Reply, ServiceError as GroupError } from '../replies.js';
