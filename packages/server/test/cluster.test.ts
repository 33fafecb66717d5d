/**
 * Cluster mode end to end: three `parley serve` processes sharing PostgreSQL and Redis act as one
 * service for SDK clients and the REST API (design.md "Cluster mode").
 */
import { ErrorCode } from '@parley/protocol';
import { V2TimLoginStatus, type V2TimPlatform } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterClient, startCluster, type TestCluster } from './support/cluster.js';
import { connectRaw } from './support/raw-client.js';
import { testServices } from './support/services.js';

const services = testServices();
const PRESENCE_TTL_MS = 1_500;

describe.skipIf(!services.has('postgres') || !services.has('redis'))('a cluster of three nodes', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster({
      nodes: 3,
      env: { PARLEY_LOGIN_POLICY: 'single', PARLEY_PRESENCE_TTL_MS: String(PRESENCE_TTL_MS) },
    });
  });
  afterAll(() => c?.stop());

  async function loggedIn(
    userID: string,
    nodes: number[],
    platform: V2TimPlatform = 'web',
  ): Promise<ClusterClient> {
    const client = await c.client(nodes, { platform });
    expect((await client.v2TIMManager.login(userID, c.ticket(userID))).code).toBe(0);
    return client;
  }
  const status = async (client: ClusterClient) => (await client.v2TIMManager.getLoginStatus()).data;
  const nodesOf = async (userID: string) =>
    (await c.presence(userID)).map((p) => c.nodeIndexOf(p.nodeID)).sort();

  it('registers each instance with the node that holds its connection', async () => {
    await loggedIn('where0', [0]);
    await loggedIn('where1', [1]);
    await loggedIn('where2', [2]);
    expect([await nodesOf('where0'), await nodesOf('where1'), await nodesOf('where2')]).toEqual([
      [0],
      [1],
      [2],
    ]);
  });

  it('applies the login policy across nodes: a login on node B kicks the instance on node A', async () => {
    const desktop = await loggedIn('policy', [0], 'web');
    const phone = await loggedIn('policy', [1], 'android');
    await desktop.next('onKickedOffline');
    expect(await status(desktop)).toBe(V2TimLoginStatus.V2TIM_STATUS_LOGOUT);
    expect(await status(phone)).toBe(V2TimLoginStatus.V2TIM_STATUS_LOGINED);
    expect(phone.calls).not.toContain('onKickedOffline');
    expect(await c.presence('policy')).toMatchObject([{ platform: 'android', connected: true }]);
    expect(await nodesOf('policy')).toEqual([1]);
  });

  it('lets exactly one of two simultaneous logins on two nodes stay online under the single policy', async () => {
    const [a, b] = await Promise.all([
      c.client([0], { platform: 'web' }),
      c.client([2], { platform: 'mac' }),
    ]);
    const results = await Promise.all([
      a.v2TIMManager.login('both', c.ticket('both')),
      b.v2TIMManager.login('both', c.ticket('both')),
    ]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    await expect.poll(async () => [a, b].filter((x) => x.calls.includes('onKickedOffline')).length).toBe(1);
    expect(await c.presence('both')).toHaveLength(1);
  });

  it('answers query_online_status on any node with the instances of every node', async () => {
    await loggedIn('status0', [0]);
    await loggedIn('status1', [1]);
    for (const node of [0, 1, 2]) {
      const answer = await c.rest(node, 'openim/query_online_status', {
        To_Account: ['status0', 'status1'],
      });
      expect(answer).toMatchObject({
        ActionStatus: 'OK',
        QueryResult: [
          { To_Account: 'status0', Status: 'Online' },
          { To_Account: 'status1', Status: 'Online' },
        ],
      });
    }
  });

  it('kicks through REST on one node the devices held by another', async () => {
    const victim = await loggedIn('rest-kick', [0]);
    expect(await c.rest(2, 'im_open_login_svc/kick', { UserID: 'rest-kick' })).toMatchObject({
      ActionStatus: 'OK',
    });
    await victim.next('onKickedOffline');
    expect(await status(victim)).toBe(V2TimLoginStatus.V2TIM_STATUS_LOGOUT);
    expect(await c.presence('rest-kick')).toEqual([]);
  });

  it('refuses on every node a ticket that a REST kick on one node revoked', async () => {
    const old = c.ticket('revoked-everywhere', Math.floor(Date.now() / 1000) - 60);
    const login = async (node: number, userSig: string) => {
      const raw = await connectRaw(c.wsUrl(node));
      const reply = await raw.request('login', {
        sdkAppID: c.sdkAppID,
        userID: 'revoked-everywhere',
        userSig,
        platform: 'web',
        instanceID: `tab-${node}`,
      });
      raw.close();
      return reply.code;
    };
    // Each node has let the ticket in once before the kick.
    for (const node of [0, 1, 2]) expect(await login(node, old)).toBe(0);
    expect(await c.rest(2, 'im_open_login_svc/kick', { UserID: 'revoked-everywhere' })).toMatchObject({
      ActionStatus: 'OK',
    });
    for (const node of [0, 1, 2]) expect(await login(node, old)).toBe(ErrorCode.ERR_USERSIG_REVOKED);
    expect(await login(1, c.ticket('revoked-everywhere'))).toBe(0);
  });

  it('delivers a message from a client on one node to a client on another', async () => {
    const alice = await c.chat('msg-alice', [0]);
    const bob = await c.chat('msg-bob', [1]);
    const sent = await alice.send('msg-bob', 'across nodes');
    await bob.waitFor(() => bob.received().length === 1, 'the message');
    expect(bob.received()[0]).toMatchObject({ msgID: sent.msgID, sender: 'msg-alice' });
  });

  it('after SIGKILL of a node, its SDK clients resume on another node and its other instances expire', async () => {
    const survivor = await c.chat('survivor', [2, 0]);
    const sender = await c.chat('sender', [1]);
    await sender.send('survivor', 'before 1');
    await sender.send('survivor', 'before 2');
    await survivor.waitFor(() => survivor.received().length === 2, 'the messages sent before the kill');
    const stray = await connectRaw(c.wsUrl(2));
    const reply = await stray.request('login', {
      sdkAppID: c.sdkAppID,
      userID: 'stray',
      userSig: c.ticket('stray'),
      platform: 'web',
      instanceID: 'stray-tab',
    });
    expect(reply.code).toBe(0);
    expect(await nodesOf('survivor')).toEqual([2]);

    await c.kill(2);
    // Sent while the survivor has no connection: it must pull them after resuming elsewhere.
    for (let i = 1; i <= 5; i++) await sender.send('survivor', `meanwhile ${i}`);
    await survivor.waitFor(() => survivor.count('onConnectSuccess') === 2, 'the resume on another node');
    expect((await survivor.im.v2TIMManager.getLoginStatus()).data).toBe(
      V2TimLoginStatus.V2TIM_STATUS_LOGINED,
    );
    await sender.send('survivor', 'after');
    await survivor.waitFor(() => survivor.received().length >= 8, 'every message');
    // Every message exactly once, in order: no loss across the node's death, no duplicate from the pull.
    expect(survivor.texts()).toEqual([
      'before 1',
      'before 2',
      ...Array.from({ length: 5 }, (_, i) => `meanwhile ${i + 1}`),
      'after',
    ]);
    expect(await c.presence('survivor')).toMatchObject([{ connected: true }]);
    expect(await nodesOf('survivor')).toEqual([0]);

    // Nobody resumes the raw client: its instance goes when the dead node stops refreshing it.
    await expect.poll(() => c.presence('stray'), { timeout: PRESENCE_TTL_MS * 4 }).toEqual([]);
    stray.close();
  });
});
