/**
 * The file service on S3-compatible storage (`--media s3://…`), against s3rver started here on
 * loopback: what a user uploads is stored in the bucket and downloads from there byte for byte.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { V2TimMessage } from '@parley/sdk';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatClients } from './support/chat.js';
import { startTestServer, type TestServer } from './support/harness.js';

const BUCKET = 'parley-media';
let s3: S3rver;
let endpoint = '';
let server: TestServer;
const chats = chatClients(() => server);

beforeAll(async () => {
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: await mkdtemp(join(tmpdir(), 'parley-s3rver-')),
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
  server = await startTestServer({
    media: `s3://${BUCKET}?endpoint=${encodeURIComponent(endpoint)}&accessKeyId=S3RVER&secretAccessKey=S3RVER`,
  });
});

afterAll(async () => {
  await chats.closeAll();
  await server?.stop();
  await s3?.close();
});

describe('S3 storage', () => {
  it('stores an image and its thumbnails in the bucket and serves them from there', async () => {
    const [alice, bob] = [await chats.login('alice'), await chats.login('bob')];
    const original = await sharp({
      create: { width: 1000, height: 1000, channels: 3, background: '#3366aa' },
    })
      .jpeg()
      .toBuffer();
    const dir = await mkdtemp(join(tmpdir(), 'parley-media-'));
    await writeFile(join(dir, 'p.jpg'), original);
    const manager = alice.im.v2TIMManager.getMessageManager();
    const created = await manager.createImageMessage({ imagePath: join(dir, 'p.jpg') });
    const sent = await manager.sendMessage({ id: created.data?.id ?? '', receiver: bob.userID, groupID: '' });
    expect(sent.code, sent.desc).toBe(0);
    await bob.waitFor(() => bob.received().length === 1, 'the image');
    const got = bob.received()[0] as V2TimMessage;
    const images = got.imageElem?.imageList ?? [];
    const originalURL = images.find((i) => i.type === 0)?.url ?? '';
    const downloaded = Buffer.from(await (await fetch(originalURL)).arrayBuffer());
    expect(Buffer.compare(downloaded, original)).toBe(0);
    const thumb = Buffer.from(await (await fetch(images.find((i) => i.type === 1)?.url ?? '')).arrayBuffer());
    expect((await sharp(thumb).metadata()).width).toBe(198);

    // The bytes are in the bucket, not on the server's disk.
    const client = new S3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const object = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `${server.sdkAppID}/${got.imageElem?.uuid}/original` }),
    );
    expect(Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array()))).toEqual(original);
    client.destroy();
    expect(existsSync(join(server.dataDir, 'media', 'files'))).toBe(false);
  });
});
