/**
 * The seam between messages and the file service (services/media/): media elements name uploads,
 * and the file service fills their sizes and signed URLs before a message is stored or delivered.
 */
import { ElemType, ErrorCode, type MessageElem } from '@parley/protocol';

export interface MediaElemResolver {
  resolveElems(
    sdkAppID: number,
    elemList: readonly MessageElem[],
  ): Promise<{ ok: true; elemList: MessageElem[] } | { ok: false; code: number; desc: string }>;
}

const MEDIA_TYPES: ReadonlySet<number> = new Set([
  ElemType.IMAGE,
  ElemType.SOUND,
  ElemType.VIDEO,
  ElemType.FILE,
  ElemType.MERGER,
]);

export function hasMediaElems(elemList: readonly MessageElem[]): boolean {
  return elemList.some((elem) => MEDIA_TYPES.has(elem.elemType));
}

/** The elements with their media fields filled; unchanged when there is no media or no file service. */
export async function resolveMediaElems(
  resolver: MediaElemResolver | undefined,
  sdkAppID: number,
  elemList: MessageElem[],
): Promise<{ ok: true; elemList: MessageElem[] } | { ok: false; code: number; desc: string }> {
  if (!hasMediaElems(elemList)) return { ok: true, elemList };
  if (!resolver) return { ok: false, code: ErrorCode.ERR_SDK_INTERFACE_NOT_SUPPORT, desc: 'no file service' };
  return resolver.resolveElems(sdkAppID, elemList);
}

/** Edits may change text, custom, location and face elements only (im-features.md §1.8). */
export function editRefusal(elemList: readonly MessageElem[] | undefined): string | undefined {
  return elemList && hasMediaElems(elemList)
    ? 'elemList: image, sound, video and file elements cannot be edited'
    : undefined;
}
