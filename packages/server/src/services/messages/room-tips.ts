/**
 * Join and quit tips of a live room (AVChatRoom), told at most once a window per room and kind.
 * A room filling up at hundreds of joins a second sent a tip per join to every member: O(N²)
 * deliveries, which kept a 5,000-member room from ever filling on one machine. Now the first join
 * of a quiet room is told at once; the joins that follow within the window are gathered and told
 * together when it ends, as one tip naming them (the first `MAX_NAMED`) with the member count after
 * the last of them. The same goes for quits.
 */
import { type GroupTipsElem, GroupTipsType } from '@parley/protocol';

/** How long a room's joins (or quits) are gathered after one is told. */
export const ROOM_TIPS_WINDOW_MS = 1_000;
/** Names one gathered tip lists at most; its `memberCount` still counts everyone. */
export const MAX_NAMED = 100;

const GATHERED: ReadonlySet<GroupTipsType> = new Set([GroupTipsType.JOIN, GroupTipsType.QUIT]);

/** Tells a tip to the room's online members. */
export type TellRoom = (sdkAppID: number, tips: GroupTipsElem) => void;

interface Window {
  /** What came in since the window opened; `undefined` while nothing did. */
  gathered: GroupTipsElem | undefined;
}

export class RoomTipsGatherer {
  readonly #windows = new Map<string, Window>();

  constructor(
    private readonly tell: TellRoom,
    private readonly windowMs = ROOM_TIPS_WINDOW_MS,
  ) {}

  /**
   * Takes a tip for the room: a join or quit is told now or with the others of its window, and
   * true is returned; any other tip is left to the caller (false).
   */
  gather(sdkAppID: number, tips: GroupTipsElem): boolean {
    if (!GATHERED.has(tips.type)) return false;
    const key = `${sdkAppID}\u0000${tips.groupID}\u0000${tips.type}`;
    const window = this.#windows.get(key);
    if (window === undefined) {
      this.tell(sdkAppID, tips);
      this.#open(key, sdkAppID);
    } else {
      window.gathered = merged(window.gathered, tips);
    }
    return true;
  }

  /** Opens a window; at its end what it gathered is told and the next window opens. */
  #open(key: string, sdkAppID: number): void {
    const window: Window = { gathered: undefined };
    this.#windows.set(key, window);
    // Unref'd: a gathered room tip is at most once like every room message, and must not hold
    // a stopping server.
    setTimeout(() => {
      this.#windows.delete(key);
      if (window.gathered === undefined) return;
      this.tell(sdkAppID, window.gathered);
      this.#open(key, sdkAppID);
    }, this.windowMs).unref();
  }
}

function merged(into: GroupTipsElem | undefined, tips: GroupTipsElem): GroupTipsElem {
  if (into === undefined) return { ...tips, memberList: tips.memberList.slice(0, MAX_NAMED) };
  const room = MAX_NAMED - into.memberList.length;
  if (room > 0) into.memberList.push(...tips.memberList.slice(0, room));
  if (tips.memberCount !== undefined) into.memberCount = tips.memberCount;
  return into;
}
