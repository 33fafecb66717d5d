/**
 * The senders' nicknames and avatars on messages read back (history, sync): history does not store
 * them, so they are added as the messages leave, from the profile cache (one look-up per sender of
 * the page, not per message). They are today's profile, not the one at the time of sending.
 */
import type { WireMessage } from '@parley/protocol';

export type SenderDisplay = (
  sdkAppID: number,
  userID: string,
) => Promise<{ nickName: string; faceUrl: string } | undefined>;

/** Sets `nickName` and `faceUrl` on each message from its sender's profile; the messages are the caller's copies. */
export async function addSenderProfiles(
  display: SenderDisplay | undefined,
  sdkAppID: number,
  messages: readonly WireMessage[],
): Promise<void> {
  if (!display || messages.length === 0) return;
  const senders = [...new Set(messages.map((m) => m.sender).filter((id) => id !== ''))];
  const found = new Map(
    await Promise.all(senders.map(async (id) => [id, await display(sdkAppID, id)] as const)),
  );
  for (const message of messages) {
    const profile = found.get(message.sender);
    if (profile?.nickName) message.nickName = profile.nickName;
    if (profile?.faceUrl) message.faceUrl = profile.faceUrl;
  }
}
