/**
 * The message body: its size under the app's limit (12 KB by default), and the REST / callback form of its elements
 * (`MsgBody`, im-features.md §8, §9).
 */
import { ElemType, MAX_MESSAGE_BODY_BYTES, type MessageElem } from '@parley/protocol';
import { z } from 'zod';

/**
 * Bytes counted against the body size limit: the UTF-8 length of every string of every element (text,
 * custom data, desc, extension) plus `cloudCustomData`, which V2TIM counts as part of the message.
 */
export function messageBodyBytes(elemList: readonly MessageElem[], cloudCustomData: string): number {
  let bytes = Buffer.byteLength(cloudCustomData);
  for (const elem of elemList) {
    if (elem.elemType === ElemType.TEXT) bytes += Buffer.byteLength(elem.text);
    // Tips are written by the server, never sent by a client: no body limit applies.
    else if (elem.elemType === ElemType.GROUP_TIPS) continue;
    else bytes += clientBytes(elem);
  }
  return bytes;
}

/** The strings of an element a client writes; server-written fields (sizes, URLs) do not count. */
function clientBytes(elem: Exclude<MessageElem, { elemType: 1 | 9 }>): number {
  switch (elem.elemType) {
    case ElemType.CUSTOM:
      return (
        Buffer.byteLength(elem.data) +
        Buffer.byteLength(elem.desc ?? '') +
        Buffer.byteLength(elem.extension ?? '')
      );
    case ElemType.IMAGE:
    case ElemType.SOUND:
      return Buffer.byteLength(elem.uuid);
    case ElemType.VIDEO:
      return (
        Buffer.byteLength(elem.uuid) +
        Buffer.byteLength(elem.snapshotUUID ?? '') +
        Buffer.byteLength(elem.videoType ?? '')
      );
    case ElemType.FILE:
      return Buffer.byteLength(elem.uuid) + Buffer.byteLength(elem.fileName);
    case ElemType.LOCATION:
      return Buffer.byteLength(elem.desc);
    case ElemType.FACE:
      return Buffer.byteLength(elem.data);
    case ElemType.MERGER:
      return (
        Buffer.byteLength(elem.uuid) +
        Buffer.byteLength(elem.title) +
        Buffer.byteLength(elem.compatibleText) +
        elem.abstractList.reduce((sum, line) => sum + Buffer.byteLength(line), 0)
      );
  }
}

/**
 * True when the body is over `limitBytes`: the app's `maxMessageBodyBytes`, or the original's 12 KB
 * where no app is at hand.
 */
export function isBodyTooLarge(
  elemList: readonly MessageElem[],
  cloudCustomData: string,
  limitBytes: number = MAX_MESSAGE_BODY_BYTES,
): boolean {
  return messageBodyBytes(elemList, cloudCustomData) > limitBytes;
}

/** One element as REST calls and callbacks carry it. */
export type RestMsgElem =
  | { MsgType: 'TIMTextElem'; MsgContent: { Text: string } }
  | { MsgType: 'TIMCustomElem'; MsgContent: { Data: string; Desc?: string; Ext?: string; Sound?: string } }
  | { MsgType: 'TIMLocationElem'; MsgContent: { Desc: string; Latitude: number; Longitude: number } }
  | { MsgType: 'TIMFaceElem'; MsgContent: { Index: number; Data: string } }
  | { MsgType: 'TIMImageElem'; MsgContent: RestImageContent }
  | { MsgType: 'TIMSoundElem'; MsgContent: RestSoundContent }
  | { MsgType: 'TIMFileElem'; MsgContent: RestFileContent }
  | { MsgType: 'TIMVideoFileElem'; MsgContent: RestVideoContent }
  /** Merged messages, in callbacks and history only (a REST caller cannot send one). */
  | {
      MsgType: 'TIMRelayElem';
      MsgContent: {
        Title: string;
        AbstractList: string[];
        CompatibleText: string;
        UUID: string;
        Url: string;
      };
    };

interface RestImageContent {
  UUID: string;
  ImageFormat?: number;
  /** REST numbers the variants 1 original, 2 large, 3 thumb. */
  ImageInfoArray?: { Type: number; Size: number; Width: number; Height: number; URL: string }[];
}
interface RestSoundContent {
  UUID: string;
  Second: number;
  Size?: number;
  Url?: string;
  Download_Flag?: number;
}
interface RestFileContent {
  UUID: string;
  FileName: string;
  FileSize?: number;
  Url?: string;
  Download_Flag?: number;
}
interface RestVideoContent {
  VideoUUID: string;
  VideoSecond: number;
  VideoFormat?: string;
  VideoSize?: number;
  VideoUrl?: string;
  VideoDownloadFlag?: number;
  ThumbUUID?: string;
  ThumbSize?: number;
  ThumbWidth?: number;
  ThumbHeight?: number;
  ThumbUrl?: string;
  ThumbDownloadFlag?: number;
}

const MAX_REST_FIELD = 64 * 1024;
const restString = z.string().max(MAX_REST_FIELD);
/** An upload's uuid (docs/media.md): the server fills sizes and URLs from its own record. */
const restUUID = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const seconds = z.number().int().min(0).max(86_400);

const restElem = z.discriminatedUnion('MsgType', [
  z.object({ MsgType: z.literal('TIMTextElem'), MsgContent: z.object({ Text: z.string() }) }),
  z.object({
    MsgType: z.literal('TIMCustomElem'),
    MsgContent: z.object({
      Data: z.string(),
      Desc: z.string().optional(),
      Ext: z.string().optional(),
      Sound: z.string().optional(),
    }),
  }),
  z.object({
    MsgType: z.literal('TIMLocationElem'),
    MsgContent: z.object({
      Desc: restString,
      Latitude: z.number().min(-90).max(90),
      Longitude: z.number().min(-180).max(180),
    }),
  }),
  z.object({
    MsgType: z.literal('TIMFaceElem'),
    MsgContent: z.object({ Index: z.number().int(), Data: restString }),
  }),
  // Server-written fields a caller copies from a received message (sizes, URLs) are accepted and ignored.
  z.object({ MsgType: z.literal('TIMImageElem'), MsgContent: z.looseObject({ UUID: restUUID }) }),
  z.object({
    MsgType: z.literal('TIMSoundElem'),
    MsgContent: z.looseObject({ UUID: restUUID, Second: seconds }),
  }),
  z.object({
    MsgType: z.literal('TIMFileElem'),
    MsgContent: z.looseObject({ UUID: restUUID, FileName: restString }),
  }),
  z.object({
    MsgType: z.literal('TIMVideoFileElem'),
    MsgContent: z.looseObject({
      VideoUUID: restUUID,
      VideoSecond: seconds,
      VideoFormat: z.string().max(16).optional(),
      ThumbUUID: restUUID.optional(),
    }),
  }),
]);

/** A REST `MsgBody`: 1 to 20 elements. */
export const restMsgBodySchema = z.array(restElem).min(1).max(20);

export function fromRestBody(body: z.output<typeof restMsgBodySchema>): MessageElem[] {
  return body.map((elem): MessageElem => {
    switch (elem.MsgType) {
      case 'TIMTextElem':
        return { elemType: ElemType.TEXT, text: elem.MsgContent.Text };
      case 'TIMCustomElem':
        return {
          elemType: ElemType.CUSTOM,
          data: elem.MsgContent.Data,
          ...(elem.MsgContent.Desc === undefined ? {} : { desc: elem.MsgContent.Desc }),
          ...(elem.MsgContent.Ext === undefined ? {} : { extension: elem.MsgContent.Ext }),
        };
      case 'TIMLocationElem':
        return {
          elemType: ElemType.LOCATION,
          desc: elem.MsgContent.Desc,
          latitude: elem.MsgContent.Latitude,
          longitude: elem.MsgContent.Longitude,
        };
      case 'TIMFaceElem':
        return { elemType: ElemType.FACE, index: elem.MsgContent.Index, data: elem.MsgContent.Data };
      case 'TIMImageElem':
        return { elemType: ElemType.IMAGE, uuid: elem.MsgContent.UUID };
      case 'TIMSoundElem':
        return { elemType: ElemType.SOUND, uuid: elem.MsgContent.UUID, duration: elem.MsgContent.Second };
      case 'TIMFileElem':
        return { elemType: ElemType.FILE, uuid: elem.MsgContent.UUID, fileName: elem.MsgContent.FileName };
      default:
        return {
          elemType: ElemType.VIDEO,
          uuid: elem.MsgContent.VideoUUID,
          duration: elem.MsgContent.VideoSecond,
          ...(elem.MsgContent.VideoFormat === undefined ? {} : { videoType: elem.MsgContent.VideoFormat }),
          ...(elem.MsgContent.ThumbUUID === undefined ? {} : { snapshotUUID: elem.MsgContent.ThumbUUID }),
        };
    }
  });
}

/** REST's image variant numbers by V2TIM's (`ImageType`: origin 0, thumb 1, large 2). */
const REST_IMAGE_TYPE = [1, 3, 2] as const;

export function toRestBody(elemList: readonly MessageElem[]): RestMsgElem[] {
  // Group tips never travel in one-to-one REST bodies.
  return elemList.flatMap((elem): RestMsgElem[] => {
    switch (elem.elemType) {
      case ElemType.TEXT:
        return [{ MsgType: 'TIMTextElem', MsgContent: { Text: elem.text } }];
      case ElemType.CUSTOM:
        return [
          {
            MsgType: 'TIMCustomElem',
            MsgContent: { Data: elem.data, Desc: elem.desc ?? '', Ext: elem.extension ?? '' },
          },
        ];
      case ElemType.LOCATION:
        return [
          {
            MsgType: 'TIMLocationElem',
            MsgContent: { Desc: elem.desc, Latitude: elem.latitude, Longitude: elem.longitude },
          },
        ];
      case ElemType.FACE:
        return [{ MsgType: 'TIMFaceElem', MsgContent: { Index: elem.index, Data: elem.data } }];
      case ElemType.IMAGE:
        return [
          {
            MsgType: 'TIMImageElem',
            MsgContent: {
              UUID: elem.uuid,
              ImageFormat: elem.imageFormat ?? 255,
              ImageInfoArray: (elem.imageList ?? []).map((image) => ({
                Type: REST_IMAGE_TYPE[image.type],
                Size: image.size,
                Width: image.width,
                Height: image.height,
                URL: image.url,
              })),
            },
          },
        ];
      case ElemType.SOUND:
        return [
          {
            MsgType: 'TIMSoundElem',
            MsgContent: {
              UUID: elem.uuid,
              Second: elem.duration,
              Size: elem.dataSize ?? 0,
              Url: elem.url ?? '',
              Download_Flag: 2,
            },
          },
        ];
      case ElemType.FILE:
        return [
          {
            MsgType: 'TIMFileElem',
            MsgContent: {
              UUID: elem.uuid,
              FileName: elem.fileName,
              FileSize: elem.fileSize ?? 0,
              Url: elem.url ?? '',
              Download_Flag: 2,
            },
          },
        ];
      case ElemType.VIDEO:
        return [
          {
            MsgType: 'TIMVideoFileElem',
            MsgContent: {
              VideoUUID: elem.uuid,
              VideoSecond: elem.duration,
              VideoFormat: elem.videoType ?? '',
              VideoSize: elem.videoSize ?? 0,
              VideoUrl: elem.videoUrl ?? '',
              VideoDownloadFlag: 2,
              ThumbUUID: elem.snapshotUUID ?? '',
              ThumbSize: elem.snapshotSize ?? 0,
              ThumbWidth: elem.snapshotWidth ?? 0,
              ThumbHeight: elem.snapshotHeight ?? 0,
              ThumbUrl: elem.snapshotUrl ?? '',
              ThumbDownloadFlag: 2,
            },
          },
        ];
      case ElemType.MERGER:
        return [
          {
            MsgType: 'TIMRelayElem',
            MsgContent: {
              Title: elem.title,
              AbstractList: [...elem.abstractList],
              CompatibleText: elem.compatibleText,
              UUID: elem.uuid,
              Url: elem.url ?? '',
            },
          },
        ];
      default:
        return [];
    }
  });
}
