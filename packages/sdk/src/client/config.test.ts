import { describe, expect, it } from 'vitest';
import type { WebSocketConstructor } from '../transport.js';
import { readInitOptions, toWebSocketURL } from './config.js';

const WebSocket = class {} as unknown as WebSocketConstructor;

describe('toWebSocketURL', () => {
  it.each([
    ['ws://127.0.0.1:8080', 'ws://127.0.0.1:8080'],
    ['wss://im.example.com/ws', 'wss://im.example.com/ws'],
    ['http://127.0.0.1:8080', 'ws://127.0.0.1:8080'],
    ['HTTPS://im.example.com', 'wss://im.example.com'],
    ['127.0.0.1:8080', undefined],
    ['ftp://x', undefined],
    ['ws://', undefined],
    ['ws://has space', undefined],
  ])('%s → %s', (input, expected) => {
    expect(toWebSocketURL(input)).toBe(expected);
  });
});

describe('readInitOptions', () => {
  it('fills the defaults', () => {
    const read = readInitOptions({ sdkAppID: 1, serverAddr: 'ws://a', WebSocket });
    expect(read).toMatchObject({
      ok: true,
      config: {
        addresses: ['ws://a'],
        platform: 'web',
        loglevel: 5,
        minReconnectDelayMs: 500,
        maxReconnectDelayMs: 10_000,
        requestTimeoutMs: 10_000,
        connectTimeoutMs: 10_000,
        WebSocket,
      },
    });
  });

  it('keeps the order of several addresses', () => {
    const read = readInitOptions({ sdkAppID: 1, serverAddr: ['ws://a', 'wss://b'], WebSocket });
    expect(read.ok && read.config.addresses).toEqual(['ws://a', 'wss://b']);
  });

  it('names every wrong option', () => {
    const read = readInitOptions({
      sdkAppID: 1.5,
      serverAddr: 'nope',
      reconnect: { minDelayMs: -1 },
      WebSocket,
    });
    expect(read.ok).toBe(false);
    expect(!read.ok && read.desc).toMatch(/sdkAppID.*serverAddr.*reconnect\.minDelayMs/);
  });
});
