/**
 * A deep copy of plain JSON data (messages, conversations), so that an app changing what it was given
 * cannot change the SDK's caches. Not `structuredClone`: React Native's Hermes does not have it.
 */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
