/**
 * Errors of the Redis bus, in a module of their own so that the CLI can recognise them without
 * loading the Redis client.
 */

/** Thrown by `createRedisBus` when Redis cannot be reached at start. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}
