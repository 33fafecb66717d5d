/** Replies of the friend service (services/replies.ts); a `FriendError` breaks a friendship rule. */
export { answer, fail, ok, type Reply, ServiceError as FriendError } from '../replies.js';
