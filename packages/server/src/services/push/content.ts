/**
 * What a notification says by default (im-features §5.1): the sender's name as the title (the
 * group's name for a group message, with the sender before the text), and a summary of the
 * elements: the text itself, a custom element's `desc`, a bracketed placeholder for media. A
 * message with nothing to show (only a custom element without `desc`, group tips) is not pushed
 * unless `offlinePushInfo.desc` says something.
 */
import { ElemType, type MessageElem, type WireOfflinePushInfo } from '@parley/protocol';

/** Longest default body: a notification shows a couple of lines. */
const MAX_SUMMARY_CHARS = 200;

/** V2TIM element types this server does not carry yet, by their numbers, as placeholders. */
const PLACEHOLDERS: Readonly<Record<number, string>> = {
  3: '[Image]',
  4: '[Voice]',
  5: '[Video]',
  6: '[File]',
  7: '[Location]',
  8: '[Sticker]',
  10: '[Chat History]',
};

/** The text of a message's elements, or `''` when none can be shown. */
export function summarize(elements: readonly MessageElem[]): string {
  const parts: string[] = [];
  for (const elem of elements) {
    if (elem.elemType === ElemType.TEXT) parts.push(elem.text);
    else if (elem.elemType === ElemType.CUSTOM) {
      if (elem.desc) parts.push(elem.desc);
    } else {
      const placeholder = PLACEHOLDERS[(elem as { elemType: number }).elemType];
      if (placeholder) parts.push(placeholder);
    }
  }
  const text = parts.join(' ').trim();
  return text.length > MAX_SUMMARY_CHARS ? `${text.slice(0, MAX_SUMMARY_CHARS - 1)}…` : text;
}

export interface NotificationText {
  title: string;
  body: string;
}

/** Title and body of a message's push, or undefined when it has nothing to say. */
export function notificationText(
  elements: readonly MessageElem[],
  info: WireOfflinePushInfo | undefined,
  who: { senderName: string; groupName?: string },
): NotificationText | undefined {
  const summary = info?.desc || summarize(elements);
  if (summary === '') return undefined;
  if (who.groupName !== undefined) {
    return {
      title: info?.title || who.groupName,
      body: info?.desc ? summary : `${who.senderName}: ${summary}`,
    };
  }
  return { title: info?.title || who.senderName, body: summary };
}
