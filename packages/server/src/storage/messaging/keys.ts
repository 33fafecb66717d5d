/** Keys of conversation logs. UserIDs are printable ASCII, so a tab can never occur inside one. */

/** The log of the one-to-one conversation of two users, the same whichever of them asks. */
export function c2cConversationKey(userA: string, userB: string): string {
  return userA < userB ? `c2c\t${userA}\t${userB}` : `c2c\t${userB}\t${userA}`;
}

/** Which of a pair's log counts is `userID`'s: 0 for the lower UserID, 1 for the higher. */
export function c2cSlot(userID: string, peerID: string): 0 | 1 {
  return userID < peerID ? 0 : 1;
}

/** The log of a group's messages. */
export function groupConversationKey(groupID: string): string {
  return `group\t${groupID}`;
}
