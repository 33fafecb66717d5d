/**
 * The upload tasks: `uploadPrepare` readies this process's share of the uploaders (for Parley each
 * logs in over WebSocket and takes an upload token, as the SDK does before a media message), then
 * `uploadBurst` starts every upload at the same moment and times each from its first request to its
 * last answer. Parley gets the SDK's tus sequence (POST creation, then the bytes in one PATCH: the
 * image is under the SDK's 1 MB chunk); the fastify baseline gets one POST with the bytes.
 */
import { readFileSync } from 'node:fs';
import type { MediaUploadToken } from '@parley/protocol';
import { sourceAddress } from './addresses.js';
import { BenchClient } from './client.js';
import { cpuMeter, monoNow, wallNow } from './clock.js';
import { forEachLimited } from './limited.js';
import type {
  Task,
  UploadBurstResult,
  UploadPrepareResult,
  UploadReleaseResult,
  UploadServer,
} from './tasks.js';
import { makeUsers } from './tickets.js';

type PrepareTask = Extract<Task, { type: 'uploadPrepare' }>;
type BurstTask = Extract<Task, { type: 'uploadBurst' }>;
type ReleaseTask = Extract<Task, { type: 'uploadRelease' }>;

/** Logins and token requests in flight at once while preparing (not timed). */
const PREPARE_WINDOW = 10;

interface Uploader {
  /** Parley: the logged-in device, kept open through the burst as an app would keep it. */
  client: BenchClient | undefined;
  token: MediaUploadToken | undefined;
}

interface UploadSet {
  server: UploadServer;
  image: Uint8Array;
  uploaders: Uploader[];
}

const sets = new Map<string, UploadSet>();

export async function runUploadPrepare(task: PrepareTask): Promise<UploadPrepareResult> {
  const image = new Uint8Array(readFileSync(task.imagePath));
  const set: UploadSet = { server: task.server, image, uploaders: [] };
  sets.set(task.set, set);
  let failures = 0;
  let firstError: string | undefined;
  const fail = (why: string) => {
    failures += 1;
    firstError ??= why;
  };
  const server = task.server;
  if (server.kind === 'fastify') {
    for (let i = 0; i < task.users.count; i++) set.uploaders.push({ client: undefined, token: undefined });
    return { type: 'uploadPrepare', held: set.uploaders.length, failures, firstError };
  }
  const users = makeUsers(server.target, task.users);
  const started = await forEachLimited(
    users.length,
    PREPARE_WINDOW,
    monoNow() + task.deadlineMs,
    async (i) => {
      const user = users[i] as (typeof users)[number];
      const client = new BenchClient(server.target, user.userID, user.ticket, sourceAddress(user.index));
      const login = await client.login(false);
      if (login.reply.code !== 0 || !client.socket) {
        client.close();
        return fail(`${user.userID}: login answered ${login.reply.code} ${login.reply.desc}`);
      }
      const reply = await client.socket.request('getMediaUploadToken', { kind: server.mediaKind });
      if (reply.code !== 0) {
        await client.logout();
        return fail(`${user.userID}: getMediaUploadToken answered ${reply.code} ${reply.desc}`);
      }
      set.uploaders.push({ client, token: reply.data as MediaUploadToken });
    },
  );
  failures += users.length - started;
  return { type: 'uploadPrepare', held: set.uploaders.length, failures, firstError };
}

export async function runUploadBurst(task: BurstTask): Promise<UploadBurstResult> {
  const set = sets.get(task.set);
  if (!set) throw new Error(`no upload set ${task.set}`);
  const meter = cpuMeter();
  const durations: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  let bytes = 0;
  const signal = AbortSignal.timeout(task.timeoutMs);
  const startedAt = wallNow();
  let endedAt = startedAt;
  await Promise.all(
    set.uploaders.map(async (uploader) => {
      const t0 = monoNow();
      try {
        const problem =
          set.server.kind === 'parley'
            ? await tusUpload(set.server, uploader.token, set.image, signal)
            : await plainUpload(set.server.origin, set.image, signal);
        if (problem) throw new Error(problem);
        durations.push(monoNow() - t0);
        bytes += set.image.byteLength;
        endedAt = Math.max(endedAt, wallNow());
      } catch (err) {
        failures += 1;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }),
  );
  return {
    type: 'uploadBurst',
    durations: Float64Array.from(durations),
    startedAt,
    endedAt,
    bytes,
    failures,
    firstError,
    cpu: meter(),
  };
}

export async function runUploadRelease(task: ReleaseTask): Promise<UploadReleaseResult> {
  const set = sets.get(task.set);
  sets.delete(task.set);
  const clients = set?.uploaders.flatMap((u) => (u.client ? [u.client] : [])) ?? [];
  await Promise.all(clients.map((c) => c.logout()));
  return { type: 'uploadRelease', closed: clients.length };
}

/** The SDK's tus sequence for a file within one chunk; a problem in words, or undefined when stored. */
async function tusUpload(
  server: Extract<UploadServer, { kind: 'parley' }>,
  token: MediaUploadToken | undefined,
  image: Uint8Array,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (!token) return 'no upload token';
  const target = server.target;
  const origin = `http://${target.host}:${target.port}`;
  const base = { 'tus-resumable': '1.0.0', authorization: `Bearer ${token.token}` };
  const created = await fetch(`${origin}${token.uploadPath}`, {
    method: 'POST',
    headers: { ...base, 'upload-length': String(image.byteLength) },
    signal,
  });
  if (created.status !== 201) return `creation answered ${created.status}: ${await created.text()}`;
  const location = created.headers.get('location') ?? '';
  const url = location.startsWith('/') ? `${origin}${location}` : location;
  const patched = await fetch(url, {
    method: 'PATCH',
    headers: { ...base, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: image,
    signal,
  });
  const body = await patched.text();
  if (patched.status !== 200) return `PATCH answered ${patched.status}: ${body}`;
  const media = JSON.parse(body) as { uuid?: unknown; size?: unknown; width?: unknown };
  if (typeof media.uuid !== 'string' || media.size !== image.byteLength)
    return `the finished upload describes something else: ${body}`;
  // An image answered without its dimensions was not decoded: not the work this bench times.
  if (server.mediaKind === 'image' && typeof media.width !== 'number')
    return `the image came back without dimensions: ${body}`;
  return undefined;
}

/** One POST with the bytes, as the baseline server expects; it answers with the size it wrote. */
async function plainUpload(
  origin: string,
  image: Uint8Array,
  signal: AbortSignal,
): Promise<string | undefined> {
  const response = await fetch(`${origin}/upload`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: image,
    signal,
  });
  const body = await response.text();
  if (response.status !== 200) return `upload answered ${response.status}: ${body}`;
  const written = (JSON.parse(body) as { size?: unknown }).size;
  return written === image.byteLength ? undefined : `the server wrote ${String(written)} bytes`;
}
