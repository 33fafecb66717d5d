/**
 * A stand-in for the message engine's `GroupLogs` until group messages land: it stores nothing and
 * answers each tips message with a fresh msgID. Replaced in services/index.ts by the engine's
 * implementation when the two halves are merged.
 */
import { randomUUID } from 'node:crypto';
import type { GroupLogs } from '../group-contract.js';

export const pendingGroupLogs: GroupLogs = {
  async postTips() {
    return randomUUID();
  },
  async membersJoined() {},
  async membersLeft() {},
  async groupDismissed() {},
};
