/**
 * The session layer's own wire ops: login and logout (which change the link), the clock, and the
 * user's devices and push token (which act as the caller, like any feature op).
 */
import { CloseCode } from '@parley/protocol';
import { sessionRequestSchemas } from './op-schemas.js';
import type { OpTable } from './op-table.js';
import type { SessionService } from './sessions.js';

export function registerSessionOps(ops: OpTable, sessions: SessionService, now: () => number): void {
  const serverTime = async () => ({ reply: { code: 0, desc: '', data: { serverTime: now() } } });
  ops.addLinkOp('ping', sessionRequestSchemas.ping, serverTime);
  ops.addLinkOp('time', sessionRequestSchemas.time, serverTime);
  ops.addLinkOp('login', sessionRequestSchemas.login, async (link, data) => ({
    reply: await sessions.login(link, data),
  }));
  ops.addLinkOp('logout', sessionRequestSchemas.logout, async (link) => {
    const reply = await sessions.logout(link);
    // Closed only once the reply is written, so the client reads its logout succeed.
    const afterReply = () => link.close(CloseCode.LOGGED_OUT, 'logged out');
    return reply.code === 0 ? { reply, afterReply } : { reply };
  });
  ops.add('getOnlineDevices', sessionRequestSchemas.getOnlineDevices, (caller) =>
    sessions.onlineDevices(caller),
  );
  ops.add('kickDevice', sessionRequestSchemas.kickDevice, (caller, data) =>
    sessions.kickDevice(caller, data.instanceID),
  );
  ops.add('setOfflinePushConfig', sessionRequestSchemas.setOfflinePushConfig, (caller, data) =>
    sessions.setOfflinePushConfig(caller, data),
  );
}
