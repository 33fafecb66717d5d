import { MAX_SDK_APP_ID } from './limits.js';

// Arguments come from the app's own code or configuration, not from the ticket holder, so misuse is a
// programming error and throws; only the ticket itself is answered with result codes.

export function checkSdkAppID(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_SDK_APP_ID) {
    throw new TypeError(`sdkAppID must be an integer from 1 to ${MAX_SDK_APP_ID}`);
  }
  return value;
}

export function checkKey(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError('key must be a non-empty string');
  }
  return value;
}

export function checkPositiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a positive integer`);
  }
  return value;
}

export function checkNonNegativeInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${name} must be a non-negative integer`);
  }
  return value;
}

/** `now` is Unix seconds; without it the wall clock is used. */
export function checkNow(value: unknown): number {
  if (value === undefined) return Math.floor(Date.now() / 1000);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError('now must be a non-negative integer of Unix seconds');
  }
  return value;
}
