/**
 * The instance ID: chosen once per login and sent again by every reconnect of that login, so the
 * server continues the same instance instead of counting a new one (and never kicks itself).
 * Browsers, Node ≥ 20 and React Native differ in what `crypto` offers, so each source is optional.
 */
interface CryptoLike {
  randomUUID?: () => string;
  getRandomValues?: (array: Uint8Array) => Uint8Array;
}

export function newInstanceID(): string {
  const crypto = (globalThis as { crypto?: CryptoLike }).crypto;
  try {
    // randomUUID exists only in secure contexts in browsers, hence the fallbacks.
    if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  } catch {
    // fall through
  }
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === 'function') {
    crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
