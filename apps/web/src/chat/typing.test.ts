import { describe, expect, it } from 'vitest';
import { isTypingNotice, TYPING_DATA, TypingThrottle, typingText } from './typing.js';

describe('typing notices', () => {
  it('lets one notice per peer through each period, and again after a send', () => {
    let now = 0;
    const throttle = new TypingThrottle(() => now, 3_000);
    expect(throttle.admit('bob')).toBe(true);
    now = 2_999;
    expect(throttle.admit('bob')).toBe(false);
    expect(throttle.admit('carol')).toBe(true);
    now = 3_000;
    expect(throttle.admit('bob')).toBe(true);
    throttle.reset('bob');
    expect(throttle.admit('bob')).toBe(true);
  });

  it('recognizes only its own custom data', () => {
    expect(isTypingNotice(TYPING_DATA)).toBe(true);
    expect(isTypingNotice('{"businessID":1}')).toBe(false);
    expect(isTypingNotice(undefined)).toBe(false);
  });
});

describe('the typing line', () => {
  it('names one or two typists, and counts more', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['Alice'])).toBe('Alice is typing…');
    expect(typingText(['Alice', 'Bob'])).toBe('Alice and Bob are typing…');
    expect(typingText(['a', 'b', 'c'])).toBe('3 people are typing…');
  });
});
