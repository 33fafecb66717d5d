/**
 * Files in cluster mode: two `parley serve` processes sharing PostgreSQL, Redis and an S3-compatible
 * bucket (s3rver on loopback). A file uploaded and sent through one node downloads from either.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.js';
import { testServices } from './support/services.js';

const services = testServices();

describe.skipIf(!services.has('postgres') || !services.has('redis'))(
  'files on a cluster of two nodes',
  () => {
    let c: TestCluster;
    let s3: S3rver;
    beforeAll(async () => {
      s3 = new S3rver({
        address: '127.0.0.1',
        port: 0,
        silent: true,
        directory: await mkdtemp(join(tmpdir(), 'parley-s3rver-')),
        configureBuckets: [{ name: 'cluster-media' }],
      });
      const { port } = await s3.run();
      const endpoint = encodeURIComponent(`http://127.0.0.1:${port}`);
      c = await startCluster({
        nodes: 2,
        env: {
          PARLEY_MEDIA: `s3://cluster-media?endpoint=${endpoint}&accessKeyId=S3RVER&secretAccessKey=S3RVER`,
        },
      });
    });
    afterAll(async () => {
      await c?.stop();
      await s3?.close();
    });

    it('serves a file sent through one node from the other', async () => {
      const bob = await c.chat('cm-bob', [1]);
      const alice = await c.chat('cm-alice', [0]);
      const bytes = Buffer.from('a file that crosses the cluster\n'.repeat(1000));
      const dir = await mkdtemp(join(tmpdir(), 'parley-media-'));
      await writeFile(join(dir, 'notes.txt'), bytes);
      const manager = alice.im.v2TIMManager.getMessageManager();
      const created = await manager.createFileMessage({
        filePath: join(dir, 'notes.txt'),
        fileName: 'notes.txt',
      });
      const sent = await manager.sendMessage({
        id: created.data?.id ?? '',
        receiver: bob.userID,
        groupID: '',
      });
      expect(sent.code, sent.desc).toBe(0);
      await bob.waitFor(() => bob.received().length === 1, 'the file');
      const url = new URL(bob.received()[0]?.fileElem?.url ?? '');
      for (const node of [0, 1]) {
        const origin = c
          .wsUrl(node)
          .replace(/^ws/, 'http')
          .replace(/^(https?:\/\/[^/]+).*$/, '$1');
        const response = await fetch(`${origin}${url.pathname}${url.search}`);
        expect(response.status).toBe(200);
        expect(Buffer.compare(Buffer.from(await response.arrayBuffer()), bytes)).toBe(0);
      }
    });
  },
);
