import { describe, expect, it } from 'vitest';
import { audience, senderFields, takesTargetedMessages } from './group-send-rules.js';

describe('who sees a group message', () => {
  it('is every member, or of a targeted message the named members and the sender', () => {
    const members = new Map(['alice', 'bob', 'carol', 'dave'].map((id) => [id, {}]));
    expect(audience(members, [], 'alice')).toBe(members);
    expect(audience(members, ['bob', 'mallory'], 'alice')).toEqual(['alice', 'bob']);
  });

  it('takes targeted messages in Work, Public and Meeting groups only', () => {
    expect(['Work', 'Public', 'Meeting'].every((t) => takesTargetedMessages(t as 'Work'))).toBe(true);
    expect(takesTargetedMessages('AVChatRoom')).toBe(false);
    expect(takesTargetedMessages('Community')).toBe(false);
  });
});

describe("the sender's fields", () => {
  const accounts = {
    get: async (_app: number, userID: string) =>
      userID === 'ann' ? { nick: 'Ann', faceUrl: '' } : undefined,
  } as unknown as Parameters<typeof senderFields>[0];

  it('leaves out what is empty and reads no account for the app admin', async () => {
    expect(await senderFields(accounts, 1, 'ann', 'Card')).toEqual({ nameCard: 'Card', nickName: 'Ann' });
    expect(await senderFields(accounts, 1, 'ann', '')).toEqual({ nickName: 'Ann' });
    expect(await senderFields(accounts, 1, '', '')).toEqual({});
  });
});
