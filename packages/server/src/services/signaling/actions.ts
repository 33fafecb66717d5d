/**
 * The custom messages that record each signaling action in its conversation (im-features §7.3),
 * sent through the ordinary send paths so that history, sync, unread, callbacks and offline push
 * treat them as any message. Online-only invitations send every action online-only.
 */
import { randomBytes } from 'node:crypto';
import {
  ElemType,
  type SendMessageRequest,
  SIGNALING_BUSINESS_ID,
  type WireOfflinePushInfo,
  type WireSignalingInfo,
} from '@parley/protocol';
import type { CallbackOrigin } from '../messages/callbacks.js';
import type { GroupMessagingService } from '../messages/group-service.js';
import type { MessagingService } from '../messages/service.js';
import type { Reply } from '../replies.js';

/** What a notification of an incoming call says when the inviter gave no text. */
export const DEFAULT_INVITE_PUSH_TEXT = 'Incoming call';

/** Sends of the server itself (the timeout): no client, no before-send callback. */
const SERVER_ORIGIN: CallbackOrigin = { clientIP: '', platform: '' };

export interface ActionSenders {
  c2c: Pick<MessagingService, 'send'>;
  groups: Pick<GroupMessagingService, 'send'>;
}

/** One action to record: who it is from, where it goes, and how it is pushed. */
export interface ActionMessage {
  sdkAppID: number;
  sender: string;
  /** The peer of a one-to-one invitation; ignored for a group one. */
  receiver: string;
  info: WireSignalingInfo;
  /** Given for an invitation (its push); every other action is never pushed. */
  offlinePushInfo?: WireOfflinePushInfo;
  origin?: CallbackOrigin;
  /** The timeout, sent by the server on the inviter's behalf. */
  byServer?: boolean;
}

/** The custom element's `data`: the info, marked as signaling. */
export function signalingPayload(info: WireSignalingInfo): string {
  return JSON.stringify({ businessID: SIGNALING_BUSINESS_ID, ...info });
}

export async function sendAction(senders: ActionSenders, action: ActionMessage): Promise<Reply<unknown>> {
  const { info } = action;
  const request: SendMessageRequest = {
    msgID: `sig-${randomBytes(12).toString('hex')}`,
    random: randomBytes(4).readUInt32BE(),
    elemList: [{ elemType: ElemType.CUSTOM, data: signalingPayload(info), desc: '', extension: '' }],
    ...(info.onlineUserOnly ? { onlineUserOnly: true } : {}),
    offlinePushInfo: action.offlinePushInfo ?? { disablePush: true },
  };
  const actor = { sdkAppID: action.sdkAppID, userID: action.sender };
  const origin = action.origin ?? SERVER_ORIGIN;
  if (info.groupID !== '')
    return senders.groups.send(
      actor,
      { ...request, groupID: info.groupID },
      { origin, ...(action.byServer ? { asAdmin: true, skipBeforeSend: true } : {}) },
    );
  return senders.c2c.send(
    actor,
    { ...request, receiver: action.receiver },
    { origin, ...(action.byServer ? { skipBeforeSend: true } : {}) },
  );
}
