/**
 * The bare `ws` broadcast baseline's groups: a room is the set of sockets that joined it, and a
 * message to it is serialised once and the same bytes written to every member but the sender. This
 * is the least any server must do to fan one message out to N online members; Parley's group
 * figures are divided by it.
 */

/** What a room needs of a connection: writing one prepared text frame. */
export interface RoomMember {
  send(data: Buffer, options: { binary: false }): void;
}

export class Rooms<Member extends RoomMember> {
  readonly #rooms = new Map<string, Set<Member>>();
  #seq = 0;

  join(groupID: string, member: Member): void {
    let room = this.#rooms.get(groupID);
    if (!room) {
      room = new Set();
      this.#rooms.set(groupID, room);
    }
    room.add(member);
  }

  leave(member: Member): void {
    for (const room of this.#rooms.values()) room.delete(member);
  }

  /**
   * Writes one message to every member of the room but the sender, as Parley's `groupMessage` push
   * does (the same frame for every member, carrying a message with the fields Parley's messages
   * have), so the generators read both alike and the frames are of the same size. Returns how many
   * members it was written to.
   */
  broadcast(groupID: string, from: Member, sender: string, request: Record<string, unknown>): number {
    const room = this.#rooms.get(groupID);
    if (!room) return 0;
    this.#seq += 1;
    const message = {
      msgID: request.msgID,
      sender,
      receiver: '',
      groupID,
      seq: this.#seq,
      random: request.random,
      time: Date.now(),
      elemList: request.elemList,
      cloudCustomData: '',
      excludedFromUnreadCount: false,
      excludedFromLastMessage: false,
      onlineUserOnly: false,
      revoked: false,
      version: 0,
      isPeerRead: false,
    };
    const frame = Buffer.from(JSON.stringify({ push: 'groupMessage', data: { message } }));
    let written = 0;
    for (const member of room) {
      if (member === from) continue;
      member.send(frame, { binary: false });
      written += 1;
    }
    return written;
  }
}
