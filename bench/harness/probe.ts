/**
 * Before the Parley scenarios: can a client log in, and can it send a one-to-one message? A Parley
 * that cannot is still benchmarked as far as it goes: the figures it cannot produce carry the reason,
 * and every target that needs them is missed (a broken server is a failed benchmark, not a pending
 * one). The run goes on so the baselines' figures and the other targets still come out.
 */
import { BenchClient } from '../load/client.js';
import { messageWire } from '../load/message-wire.js';
import { makeUsers } from '../load/tickets.js';
import { addressOf, type ParleyStatus, withServer } from './context.js';

/** Parley's answer to an op it does not know. */
const ERR_UNKNOWN_OP = 7013;
const PUSH_WAIT_MS = 3_000;

export interface ParleyProbe {
  logins: ParleyStatus;
  messages: ParleyStatus;
}

export async function probeParley(): Promise<ParleyProbe> {
  try {
    return await withServer('parley', async (server) => {
      const target = addressOf('parley', server.port);
      const [alice, bob] = makeUsers(target, { prefix: 'probe', from: 0, count: 2 }).map(
        (u) => new BenchClient(target, u.userID, u.ticket, '127.0.0.1'),
      );
      if (!alice || !bob) throw new Error('no probe users');
      try {
        const login = (await alice.login(false)).reply;
        if (login.code !== 0) {
          const reason = `failed: login answered ${login.code} ${login.desc}`;
          return { logins: { ok: false, reason }, messages: { ok: false, reason } };
        }
        await bob.login(false);
        return { logins: { ok: true }, messages: await probeMessage(alice, bob) };
      } finally {
        await alice.logout();
        await bob.logout();
      }
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const reason = `failed: server did not start: ${message.split('\n')[0]}`;
    return { logins: { ok: false, reason }, messages: { ok: false, reason } };
  }
}

async function probeMessage(alice: BenchClient, bob: BenchClient): Promise<ParleyStatus> {
  const wire = messageWire('parley');
  const msgID = `probe-${Date.now()}`;
  const arrived = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), PUSH_WAIT_MS);
    if (bob.socket) {
      bob.socket.onPush = (push) => {
        if (!wire.delivered(push).includes(msgID)) return;
        clearTimeout(timer);
        resolve(true);
      };
    }
  });
  // A short timeout: a server that does not answer `sendMessage` must not hold up the whole run.
  const reply = await alice.socket?.request(wire.op, wire.request(bob.userID, msgID), PUSH_WAIT_MS);
  if (!reply) return { ok: false, reason: 'failed: sendMessage got no reply' };
  if (reply.code === ERR_UNKNOWN_OP) return { ok: false, reason: 'failed: sendMessage is an unknown op' };
  if (reply.code !== 0)
    return { ok: false, reason: `failed: sendMessage answered ${reply.code} ${reply.desc}` };
  return (await arrived) ? { ok: true } : { ok: false, reason: 'failed: no push reached the receiver' };
}
