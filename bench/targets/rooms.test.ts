import { describe, expect, it } from 'vitest';
import { Rooms } from './rooms.js';

class Member {
  readonly frames: Buffer[] = [];
  send(data: Buffer): void {
    this.frames.push(data);
  }
}

describe('the bare ws broadcast baseline', () => {
  it('writes one and the same frame to every member but the sender', () => {
    const rooms = new Rooms<Member>();
    const [sender, a, b] = [new Member(), new Member(), new Member()];
    for (const m of [sender, a, b]) rooms.join('g', m);
    const written = rooms.broadcast('g', sender, 'u0', { msgID: 'm1', random: 5, elemList: [] });
    expect(written).toBe(2);
    expect(sender.frames).toHaveLength(0);
    expect(a.frames[0]).toBe(b.frames[0]);
    expect(JSON.parse(String(a.frames[0]))).toMatchObject({
      push: 'groupMessage',
      data: { message: { msgID: 'm1', sender: 'u0', groupID: 'g', seq: 1 } },
    });
  });

  it('reaches nobody in another room, or after a member left', () => {
    const rooms = new Rooms<Member>();
    const [sender, inside, outside] = [new Member(), new Member(), new Member()];
    rooms.join('g', sender);
    rooms.join('g', inside);
    rooms.join('h', outside);
    rooms.leave(inside);
    expect(rooms.broadcast('g', sender, 'u0', { msgID: 'm1' })).toBe(0);
    expect(rooms.broadcast('nowhere', sender, 'u0', { msgID: 'm2' })).toBe(0);
    expect(outside.frames).toHaveLength(0);
  });
});
