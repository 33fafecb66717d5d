/**
 * The file service with real SDK clients against a real server (docs/media.md): every media element
 * type sent and received one-to-one and in a group, downloads equal to the uploads, real thumbnails,
 * a resumed upload, and each refusal (size, not an image, forged or expired URL, no session).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, type V2TimMessage } from '@parley/sdk';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type ChatClient, chatClient, chatClients } from './support/chat.js';
import { groupTestbed } from './support/group-chat.js';
import { startTestServer } from './support/harness.js';

const bed = groupTestbed();
const { user, group, login } = bed;

async function tempFile(name: string, bytes: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-media-'));
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .png()
    .toBuffer();
}

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function sendCreated(
  sender: ChatClient,
  created: { code: number; desc: string; data?: { id: string } },
  target: { receiver?: string; groupID?: string },
): Promise<V2TimMessage> {
  expect(created.code, created.desc).toBe(0);
  const sent = await sender.im.v2TIMManager.getMessageManager().sendMessage({
    id: created.data?.id ?? '',
    receiver: target.receiver ?? '',
    groupID: target.groupID ?? '',
  });
  expect(sent.code, sent.desc).toBe(0);
  return sent.data as V2TimMessage;
}

async function received(client: ChatClient, msgID: string): Promise<V2TimMessage> {
  await client.waitFor(() => client.received().some((m) => m.msgID === msgID), `message ${msgID}`);
  return client.received().find((m) => m.msgID === msgID) as V2TimMessage;
}

describe('media messages', () => {
  it('sends an image one-to-one with real thumbnails and reports progress', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const original = await png(1600, 900);
    const path = await tempFile('photo.png', original);
    const progress: number[] = [];
    const manager = alice.im.v2TIMManager.getMessageManager();
    await manager.addAdvancedMsgListener({ onSendMessageProgress: (_m, p) => progress.push(p) });
    const sent = await sendCreated(alice, await manager.createImageMessage({ imagePath: path }), {
      receiver: bob.userID,
    });
    expect(progress.at(-1)).toBe(100);
    const got = await received(bob, sent.msgID);
    expect(got.elemType).toBe(3);
    const list = got.imageElem?.imageList ?? [];
    expect(list.map((i) => i.type).sort()).toEqual([0, 1, 2]);
    const byType = new Map(list.map((i) => [i.type, i]));
    expect(byType.get(0)).toMatchObject({ width: 1600, height: 900, size: original.length });
    expect(Buffer.compare(await download(byType.get(0)?.url ?? ''), original)).toBe(0);
    for (const [type, px] of [
      [2, 720],
      [1, 198],
    ] as const) {
      const variant = byType.get(type);
      const bytes = await download(variant?.url ?? '');
      const meta = await sharp(bytes).metadata();
      expect([meta.width, meta.height]).toEqual([px, Math.round((900 * px) / 1600)]);
      expect([variant?.width, variant?.height]).toEqual([meta.width, meta.height]);
    }
  });

  it('never upscales a small image', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const path = await tempFile('tiny.png', await png(100, 50));
    const manager = alice.im.v2TIMManager.getMessageManager();
    const sent = await sendCreated(alice, await manager.createImageMessage({ imagePath: path }), {
      receiver: bob.userID,
    });
    for (const image of sent.imageElem?.imageList ?? [])
      expect([image.width, image.height]).toEqual([100, 50]);
  });

  it.each(['one-to-one', 'in a group'] as const)(
    'sends an image, a file, a sound, a video with its snapshot, a location and a face %s',
    async (where) => {
      const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
      let target: { receiver?: string; groupID?: string } = { receiver: bob.userID };
      if (where === 'in a group') {
        const groupID = group('work');
        await bed.server.createGroup({
          groupID,
          type: 'Work',
          ownerID: alice.userID,
          memberIDs: [bob.userID],
        });
        target = { groupID };
      }
      const manager = alice.im.v2TIMManager.getMessageManager();
      const picture = await png(500, 1000);
      const image = await sendCreated(
        alice,
        await manager.createImageMessage({ imagePath: await tempFile('p.png', picture) }),
        target,
      );
      const fileBytes = Buffer.from('%PDF-1.4 not really a pdf but bytes all the same\n'.repeat(50_000));
      const soundBytes = Buffer.from('sound bytes '.repeat(1000));
      const videoBytes = Buffer.from('video bytes '.repeat(10_000));
      const snapshot = await png(640, 360);

      const file = await sendCreated(
        alice,
        await manager.createFileMessage({
          filePath: await tempFile('a.pdf', fileBytes),
          fileName: 'report.pdf',
        }),
        target,
      );
      const sound = await sendCreated(
        alice,
        await manager.createSoundMessage({ soundPath: await tempFile('a.m4a', soundBytes), duration: 7 }),
        target,
      );
      const video = await sendCreated(
        alice,
        await manager.createVideoMessage({
          videoFilePath: await tempFile('a.mp4', videoBytes),
          type: 'mp4',
          duration: 12,
          snapshotPath: await tempFile('s.png', snapshot),
        }),
        target,
      );
      const location = await sendCreated(
        alice,
        await manager.createLocationMessage({ desc: 'the pier', longitude: 114.1, latitude: 22.3 }),
        target,
      );
      const face = await sendCreated(
        alice,
        await manager.createFaceMessage({ index: 4, data: 'wave' }),
        target,
      );

      const gotImage = await received(bob, image.msgID);
      expect(gotImage.imageElem?.imageList.find((i) => i.type === 0)).toMatchObject({
        width: 500,
        height: 1000,
      });
      const thumb = gotImage.imageElem?.imageList.find((i) => i.type === 1);
      expect(await sharp(await download(thumb?.url ?? '')).metadata()).toMatchObject({
        width: 99,
        height: 198,
      });
      const gotFile = await received(bob, file.msgID);
      expect(gotFile.fileElem).toMatchObject({ fileName: 'report.pdf', fileSize: fileBytes.length });
      expect(Buffer.compare(await download(gotFile.fileElem?.url ?? ''), fileBytes)).toBe(0);
      const gotSound = await received(bob, sound.msgID);
      expect(gotSound.soundElem).toMatchObject({ duration: 7, dataSize: soundBytes.length });
      expect(Buffer.compare(await download(gotSound.soundElem?.url ?? ''), soundBytes)).toBe(0);
      const gotVideo = await received(bob, video.msgID);
      expect(gotVideo.videoElem).toMatchObject({
        type: 'mp4',
        duration: 12,
        videoSize: videoBytes.length,
        snapshotWidth: 640,
        snapshotHeight: 360,
        snapshotSize: snapshot.length,
      });
      expect(Buffer.compare(await download(gotVideo.videoElem?.videoUrl ?? ''), videoBytes)).toBe(0);
      expect(Buffer.compare(await download(gotVideo.videoElem?.snapshotUrl ?? ''), snapshot)).toBe(0);
      expect((await received(bob, location.msgID)).locationElem).toEqual({
        desc: 'the pier',
        longitude: 114.1,
        latitude: 22.3,
      });
      expect((await received(bob, face.msgID)).faceElem).toEqual({ index: 4, data: 'wave' });
    },
  );
});

describe('empty files', () => {
  it('sends an empty file', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const sent = await sendCreated(
      alice,
      await alice.im.v2TIMManager
        .getMessageManager()
        .createFileMessage({ filePath: await tempFile('empty', new Uint8Array()), fileName: 'empty' }),
      { receiver: bob.userID },
    );
    const got = await received(bob, sent.msgID);
    expect(got.fileElem).toMatchObject({ fileName: 'empty', fileSize: 0 });
    expect((await download(got.fileElem?.url ?? '')).length).toBe(0);
  });
});

describe('forwarding', () => {
  it('forwards a received image to someone else without uploading it again', async () => {
    const [alice, bob, carol] = [
      await login(user('alice')),
      await login(user('bob')),
      await login(user('carol')),
    ];
    const picture = await png(300, 200);
    const sent = await sendCreated(
      alice,
      await alice.im.v2TIMManager
        .getMessageManager()
        .createImageMessage({ imagePath: await tempFile('f.png', picture) }),
      { receiver: bob.userID },
    );
    await received(bob, sent.msgID);
    const bobs = bob.im.v2TIMManager.getMessageManager();
    const progress: number[] = [];
    await bobs.addAdvancedMsgListener({ onSendMessageProgress: (_m, p) => progress.push(p) });
    const forwarded = await sendCreated(bob, await bobs.createForwardMessage({ msgID: sent.msgID }), {
      receiver: carol.userID,
    });
    expect(progress).toEqual([]);
    const got = await received(carol, forwarded.msgID);
    expect(got.imageElem?.uuid).toBe(sent.imageElem?.uuid);
    const original = got.imageElem?.imageList.find((i) => i.type === 0);
    expect(Buffer.compare(await download(original?.url ?? ''), picture)).toBe(0);
  });
});

describe('merged messages', () => {
  it('forwards several messages as one, and the receiver opens the list', async () => {
    const [alice, bob, carol] = [
      await login(user('alice')),
      await login(user('bob')),
      await login(user('carol')),
    ];
    const picture = await png(120, 80);
    const text = await alice.send(bob.userID, 'look at this');
    const image = await sendCreated(
      alice,
      await alice.im.v2TIMManager
        .getMessageManager()
        .createImageMessage({ imagePath: await tempFile('m.png', picture) }),
      { receiver: bob.userID },
    );
    await received(bob, image.msgID);
    const bobs = bob.im.v2TIMManager.getMessageManager();
    const merged = await sendCreated(
      bob,
      await bobs.createMergerMessage({
        msgIDList: [text.msgID, image.msgID],
        title: `Chat with ${alice.userID}`,
        abstractList: [`${alice.userID}: look at this`, `${alice.userID}: [picture]`],
        compatibleText: 'Your app cannot show merged messages',
      }),
      { receiver: carol.userID },
    );
    const got = await received(carol, merged.msgID);
    expect(got.elemType).toBe(10);
    expect(got.mergerElem).toMatchObject({
      title: `Chat with ${alice.userID}`,
      abstractList: [`${alice.userID}: look at this`, `${alice.userID}: [picture]`],
      layersOverLimit: false,
    });
    const opened = await carol.im.v2TIMManager
      .getMessageManager()
      .downloadMergerMessage({ msgID: merged.msgID });
    expect(opened.code, opened.desc).toBe(0);
    const inner = opened.data ?? [];
    expect(inner.map((m) => m.msgID)).toEqual([text.msgID, image.msgID]);
    expect(inner[0]?.textElem?.text).toBe('look at this');
    const original = inner[1]?.imageElem?.imageList.find((i) => i.type === 0);
    expect(Buffer.compare(await download(original?.url ?? ''), picture)).toBe(0);
  });

  it('refuses more than 5 abstracts, and a message that was never sent', async () => {
    const alice = await login(user('alice'));
    const manager = alice.im.v2TIMManager.getMessageManager();
    const tooMany = await manager.createMergerMessage({
      msgIDList: ['x'],
      title: 't',
      abstractList: ['1', '2', '3', '4', '5', '6'],
      compatibleText: '',
    });
    expect(tooMany.code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
    const draft = await manager.createTextMessage({ text: 'draft' });
    const unsent = await manager.createMergerMessage({
      msgIDList: [draft.data?.id ?? ''],
      title: 't',
      abstractList: [],
      compatibleText: '',
    });
    expect(unsent.code).toBe(ErrorCode.ERR_INVALID_PARAMETERS);
  });
});

describe('refusals', () => {
  it('refuses an image that is not an image, and the server stays up', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const manager = alice.im.v2TIMManager.getMessageManager();
    const created = await manager.createImageMessage({
      imagePath: await tempFile('fake.png', Buffer.from('<html>not an image</html>')),
    });
    const sent = await manager.sendMessage({ id: created.data?.id ?? '', receiver: bob.userID, groupID: '' });
    expect(sent.code).toBe(ErrorCode.ERR_IMAGE_FORMAT_INVALID);
    await alice.send(bob.userID, 'still here');
  });

  it('refuses a file over its limit before uploading it', async () => {
    const [alice] = [await login(user('alice'))];
    const token = await tokenFor(alice, 'image');
    const response = await fetch(`${httpOrigin()}${token.uploadPath}`, {
      method: 'POST',
      headers: {
        'tus-resumable': '1.0.0',
        authorization: `Bearer ${token.token}`,
        'upload-length': String(token.maxBytes + 1),
      },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ ErrorCode: ErrorCode.ERR_SDK_COMM_FILE_TOO_LARGE });
  });

  it('refuses an upload without a valid session token', async () => {
    for (const authorization of [undefined, 'Bearer pm1.e30.AAAA', 'Bearer nonsense']) {
      const response = await fetch(`${httpOrigin()}/media/uploads`, {
        method: 'POST',
        headers: {
          'tus-resumable': '1.0.0',
          'upload-length': '10',
          ...(authorization ? { authorization } : {}),
        },
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ErrorCode: ErrorCode.ERR_FILE_TRANS_AUTH_FAILED });
    }
  });

  it('refuses a tampered or expired download URL', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const manager = alice.im.v2TIMManager.getMessageManager();
    const sent = await sendCreated(
      alice,
      await manager.createFileMessage({
        filePath: await tempFile('x.bin', Buffer.from('abc')),
        fileName: 'x',
      }),
      { receiver: bob.userID },
    );
    const url = new URL(sent.fileElem?.url ?? '');
    const tampered = new URL(url);
    tampered.searchParams.set('e', String(Number(url.searchParams.get('e')) + 1));
    const expired = new URL(url);
    expired.searchParams.set('e', '1000');
    for (const bad of [tampered, expired]) {
      const response = await fetch(bad);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ ErrorCode: ErrorCode.ERR_FILE_TRANS_AUTH_FAILED });
    }
    expect((await fetch(url)).status).toBe(200);
  });

  it('refuses a message naming an upload that does not exist', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    // A forged element, as a client that skips the upload would send it.
    const reply = await messagingOf(alice).request('sendMessage', {
      msgID: `forged${Date.now()}`,
      receiver: bob.userID,
      random: 1,
      elemList: [{ elemType: 3, uuid: 'noSuchUpload' }],
    });
    expect(reply.code).toBe(ErrorCode.ERR_FILE_NOT_IM_STORAGE);
  });
});

describe("the app's limits", () => {
  it('refuses an image over the app setting, in the SDK and on the server', async () => {
    const small = await startTestServer({ app: { maxImageBytes: 1000 } });
    const clients = chatClients(() => small);
    try {
      const [alice, bob] = [await clients.login('alice'), await clients.login('bob')];
      const manager = alice.im.v2TIMManager.getMessageManager();
      const created = await manager.createImageMessage({
        imagePath: await tempFile('big.png', await png(400, 400)),
      });
      const sent = await manager.sendMessage({
        id: created.data?.id ?? '',
        receiver: bob.userID,
        groupID: '',
      });
      expect(sent.code).toBe(ErrorCode.ERR_SDK_COMM_FILE_TOO_LARGE);
      const token = await tokenFor(alice, 'image');
      expect(token.maxBytes).toBe(1000);
      const response = await fetch(`${small.server.url}${token.uploadPath}`, {
        method: 'POST',
        headers: {
          'tus-resumable': '1.0.0',
          authorization: `Bearer ${token.token}`,
          'upload-length': '1001',
        },
      });
      expect(response.status).toBe(413);
    } finally {
      await clients.closeAll();
      await small.stop();
    }
  });
});

describe('resumable uploads', () => {
  it('continues an upload whose connection dropped from what arrived, and the bytes are whole', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const token = await tokenFor(alice, 'file');
    const bytes = Buffer.alloc(4 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 7) % 251;
    const headers = { 'tus-resumable': '1.0.0', authorization: `Bearer ${token.token}` };
    const created = await fetch(`${httpOrigin()}${token.uploadPath}`, {
      method: 'POST',
      headers: { ...headers, 'upload-length': String(bytes.length) },
    });
    expect(created.status).toBe(201);
    const location = `${httpOrigin()}${created.headers.get('location')}`;

    // One PATCH for everything, cut after 1.5 MB: the socket is destroyed mid-body.
    const cut = 1.5 * 1024 * 1024;
    await new Promise<void>((resolve) => {
      const request = httpRequest(location, {
        method: 'PATCH',
        headers: {
          ...headers,
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
          'content-length': String(bytes.length),
        },
      });
      request.on('error', () => resolve());
      request.on('close', () => resolve());
      request.write(bytes.subarray(0, cut), () => request.destroy());
    });

    // What arrived is kept: the server says how much, and only the rest is sent.
    let offset = 0;
    await waitUntil(async () => {
      const head = await fetch(location, { method: 'HEAD', headers });
      offset = Number(head.headers.get('upload-offset'));
      return head.status === 200 && offset > 0;
    });
    expect(offset).toBeLessThanOrEqual(cut);
    const rest = await fetch(location, {
      method: 'PATCH',
      headers: {
        ...headers,
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
      },
      body: bytes.subarray(offset),
    });
    expect(rest.status).toBe(200);
    const media = (await rest.json()) as { uuid: string; size: number };
    expect(media.size).toBe(bytes.length);

    // Sent in a message, the file downloads whole.
    const reply = await messagingOf(alice).request('sendMessage', {
      msgID: `resumed${Date.now()}`,
      receiver: bob.userID,
      random: 2,
      elemList: [{ elemType: 6, uuid: media.uuid, fileName: 'big.bin' }],
    });
    expect(reply.code).toBe(0);
    const got = await received(bob, `${(reply.data as { message: { msgID: string } }).message.msgID}`);
    expect(Buffer.compare(await download(got.fileElem?.url ?? ''), bytes)).toBe(0);
  });

  it('keeps another user out of an upload', async () => {
    const [alice, eve] = [await login(user('alice')), await login(user('eve'))];
    const token = await tokenFor(alice, 'file');
    const created = await fetch(`${httpOrigin()}${token.uploadPath}`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token.token}`, 'upload-length': '10' },
    });
    const evil = await tokenFor(eve, 'file');
    const head = await fetch(`${httpOrigin()}${created.headers.get('location')}`, {
      method: 'HEAD',
      headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${evil.token}` },
    });
    expect(head.status).toBe(404);
    // Nor can a path of the caller's choosing reach the store.
    const traversal = await fetch(`${httpOrigin()}/media/uploads/..%2F..%2Fparley.db`, {
      method: 'HEAD',
      headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${evil.token}` },
    });
    expect(traversal.status).toBe(404);
  });
});

describe('REST bodies', () => {
  it('sendmsg and send_group_msg carry image, file, location and face elements', async () => {
    const [alice, bob] = [await login(user('alice')), await login(user('bob'))];
    const manager = alice.im.v2TIMManager.getMessageManager();
    // A user's upload, sent again by the app's backend.
    const image = await sendCreated(
      alice,
      await manager.createImageMessage({ imagePath: await tempFile('r.png', await png(300, 300)) }),
      { receiver: bob.userID },
    );
    const uuid = image.imageElem?.uuid ?? '';
    const body = [
      { MsgType: 'TIMImageElem', MsgContent: { UUID: uuid } },
      { MsgType: 'TIMLocationElem', MsgContent: { Desc: 'here', Latitude: 1.5, Longitude: 2.5 } },
      { MsgType: 'TIMFaceElem', MsgContent: { Index: 2, Data: 'smile' } },
    ];
    const sent = await bed.server.rest('openim/sendmsg', {
      From_Account: alice.userID,
      To_Account: bob.userID,
      MsgRandom: 5,
      MsgBody: body,
    });
    expect(sent).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
    await bob.waitFor(() => bob.received().length === 2, 'the REST message');
    const got = bob.received()[1] as V2TimMessage;
    expect(got.imageElem?.imageList).toHaveLength(3);
    expect(got.imageElem?.imageList[0]).toMatchObject({ width: 300, height: 300 });

    const groupID = group('rest');
    await bed.server.createGroup({ groupID, type: 'Work', ownerID: alice.userID, memberIDs: [bob.userID] });
    const inGroup = await bed.server.rest('group_open_http_svc/send_group_msg', {
      GroupId: groupID,
      From_Account: alice.userID,
      Random: 9,
      MsgBody: [{ MsgType: 'TIMFileElem', MsgContent: { UUID: uuid, FileName: 'pic.png' } }],
    });
    expect(inGroup).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
    await bob.waitFor(
      () => bob.received().some((m) => m.groupID === groupID && m.fileElem),
      'the group file',
    );
    const file = bob.received().find((m) => m.groupID === groupID && m.fileElem) as V2TimMessage;
    expect(file.fileElem).toMatchObject({
      fileName: 'pic.png',
      fileSize: image.imageElem?.imageList[0]?.size,
    });

    const unknown = await bed.server.rest('openim/sendmsg', {
      From_Account: alice.userID,
      To_Account: bob.userID,
      MsgRandom: 6,
      MsgBody: [{ MsgType: 'TIMSoundElem', MsgContent: { UUID: 'noSuchUpload', Second: 3 } }],
    });
    expect(unknown).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: ErrorCode.ERR_FILE_NOT_IM_STORAGE });
  });
});

describe('the sweep', () => {
  it('deletes uploads no message used within a day, and keeps used ones', async () => {
    const [alice] = [await login(user('alice'))];
    const token = await tokenFor(alice, 'file');
    const headers = { 'tus-resumable': '1.0.0', authorization: `Bearer ${token.token}` };
    const created = await fetch(`${httpOrigin()}${token.uploadPath}`, {
      method: 'POST',
      headers: { ...headers, 'upload-length': '3' },
    });
    const done = await fetch(`${httpOrigin()}${created.headers.get('location')}`, {
      method: 'PATCH',
      headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: Buffer.from('abc'),
    });
    const { uuid } = (await done.json()) as { uuid: string };
    // The staged bytes are gone once the file is stored.
    const staged = join(bed.server.dataDir, 'media', 'uploads', uuid);
    await waitUntil(async () => !existsSync(staged));
    const bob = await login(user('bob'));
    const used = await sendCreated(
      alice,
      await alice.im.v2TIMManager.getMessageManager().createFileMessage({
        filePath: await tempFile('kept.txt', Buffer.from('kept')),
        fileName: 'kept.txt',
      }),
      { receiver: bob.userID },
    );
    const { media, storage } = bed.server.server;
    expect(await storage.media.get(bed.server.sdkAppID, uuid)).toBeDefined();
    await media.sweep(Date.now() + 2 * 86_400_000);
    expect(await storage.media.get(bed.server.sdkAppID, uuid)).toBeUndefined();
    expect(await storage.media.get(bed.server.sdkAppID, used.fileElem?.UUID ?? '')).toBeDefined();
    expect(Buffer.compare(await download(used.fileElem?.url ?? ''), Buffer.from('kept'))).toBe(0);
  });
});

function httpOrigin(): string {
  return bed.server.server.url;
}

async function tokenFor(
  client: ChatClient,
  kind: 'image' | 'file' | 'sound' | 'video',
): Promise<{ token: string; uploadPath: string; maxBytes: number }> {
  const reply = await messagingOf(client).request('getMediaUploadToken', { kind });
  expect(reply.code).toBe(0);
  return reply.data as { token: string; uploadPath: string; maxBytes: number };
}

/** The SDK's own request path (as sendMessage uses it), for requests no public call makes. */
function messagingOf(client: ChatClient): {
  request(op: string, data: unknown): Promise<{ code: number; desc: string; data?: unknown }>;
} {
  return (client.im.v2TIMManager as unknown as { messaging: ReturnType<typeof messagingOf> }).messaging;
}

/** Polls `check` until it holds: for server state that no event announces (what a dropped upload left). */
async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition never held');
}

describe('the SDK resumes an upload', () => {
  it('continues after its connection is cut mid-upload, sending only what had not arrived', async () => {
    const cutAfter = 1.5 * 1024 * 1024;
    const proxy = await cuttingProxy(bed.server.server.port, cutAfter);
    const clients: ChatClient[] = [];
    try {
      const userID = user('alice');
      const alice = await chatClient({
        wsUrl: `ws://127.0.0.1:${proxy.port}`,
        sdkAppID: bed.server.sdkAppID,
        userID,
        userSig: bed.server.ticket(userID),
      });
      clients.push(alice);
      const bob = await login(user('bob'));
      const bytes = Buffer.alloc(4 * 1024 * 1024);
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 13) % 253;
      const sent = await sendCreated(
        alice,
        await alice.im.v2TIMManager
          .getMessageManager()
          .createFileMessage({ filePath: await tempFile('big.bin', bytes), fileName: 'big.bin' }),
        { receiver: bob.userID },
      );
      expect(proxy.cuts()).toBe(1);
      // Chunks of 1 MB, one of them cut part-way: each PATCH starts a chunk after the previous one,
      // except the one after the cut, which starts where the server said the cut chunk ended:
      // less than a chunk on, never back at the chunk's start or the file's.
      const offsets = proxy.patchOffsets();
      const steps = offsets.slice(1).map((offset, i) => offset - (offsets[i] ?? 0));
      const short = steps.filter((step) => step !== 1024 * 1024);
      expect(short).toHaveLength(1);
      expect(short[0]).toBeGreaterThan(0);
      expect(short[0]).toBeLessThan(1024 * 1024);
      const got = await received(bob, sent.msgID);
      expect(Buffer.compare(await download(got.fileElem?.url ?? ''), bytes)).toBe(0);
    } finally {
      for (const client of clients) await client.close();
      await proxy.close();
    }
  });
});

/**
 * A TCP proxy to the server that cuts the first connection carrying more than `cutAfter` bytes
 * from the client (an upload), after passing those bytes on: a connection that drops mid-request.
 */
async function cuttingProxy(
  targetPort: number,
  cutAfter: number,
): Promise<{ port: number; cuts(): number; patchOffsets(): number[]; close(): Promise<void> }> {
  let cuts = 0;
  const offsets: number[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      // The Upload-Offset of each PATCH, in the order they were sent.
      for (const match of chunk
        .toString('latin1')
        .matchAll(/^PATCH [^\r]*\r\n(?:[^\r]+\r\n)*?upload-offset: (\d+)/gim))
        offsets.push(Number(match[1]));
      if (cuts === 0 && sent + chunk.length > cutAfter) {
        cuts += 1;
        upstream.end(chunk.subarray(0, cutAfter - sent));
        client.destroy();
        return;
      }
      sent += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cuts: () => cuts,
    patchOffsets: () => [...offsets],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
