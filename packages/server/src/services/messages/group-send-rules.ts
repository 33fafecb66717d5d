/** Who sees a group message and with which sender fields (docs/messages.md "Group logs"). */
import type { GroupType, WireMessage } from '@parley/protocol';

/** Where a sender's nickname and avatar are read: the profile display cache, or the accounts. */
export interface SenderProfiles {
  get(sdkAppID: number, userID: string): Promise<{ nick: string; faceUrl: string } | undefined>;
}

/** Group types that take targeted messages (§1.17: not AVChatRoom, not Community). */
const TARGETED_TYPES: ReadonlySet<GroupType> = new Set<GroupType>(['Work', 'Public', 'Meeting']);

export function takesTargetedMessages(type: GroupType): boolean {
  return TARGETED_TYPES.has(type);
}

/** Who hears a message live: every member, or of a targeted message the members it names and its sender. */
export function audience<M extends ReadonlyMap<string, unknown>>(
  members: M,
  targets: readonly string[],
  sender: string,
): M | readonly string[] {
  if (targets.length === 0) return members;
  return [...new Set([sender, ...targets])].filter((id) => members.has(id));
}

/**
 * The sender's display fields of a group message: its name card (from the cached member list) and
 * its profile's nickname and avatar (from the profile cache); empty ones are left out.
 */
export async function senderFields(
  accounts: SenderProfiles,
  sdkAppID: number,
  userID: string,
  nameCard: string,
): Promise<Pick<WireMessage, 'nameCard' | 'nickName' | 'faceUrl'>> {
  const account = userID === '' ? undefined : await accounts.get(sdkAppID, userID);
  return {
    ...(nameCard === '' ? {} : { nameCard }),
    ...(account?.nick ? { nickName: account.nick } : {}),
    ...(account?.faceUrl ? { faceUrl: account.faceUrl } : {}),
  };
}
