/**
 * The seam between the message engine and the friend service: what the one-to-one send path asks
 * before storing a message. The friend service implements it (friends/relation-gate.ts); the
 * message engine only knows this interface.
 */
export interface RelationCheck {
  /**
   * 0 when `sender` may message `receiver`; else 20007 (blocked: the caller decides whether the
   * sender learns it), 20009 (friends-only, no relation) or 20010 (friends-only, the receiver does
   * not have the sender).
   */
  c2cRefusal(sdkAppID: number, sender: string, receiver: string, friendsOnly: boolean): Promise<number>;
}
