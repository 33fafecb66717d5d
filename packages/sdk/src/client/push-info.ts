import type { WireOfflinePushInfo } from '@parley/protocol';
import type { V2TimOfflinePushInfo } from '../types.js';

const STRING_FIELDS = ['title', 'desc', 'ext', 'iOSSound', 'androidSound', 'androidFCMChannelID'] as const;
const FLAG_FIELDS = ['disablePush', 'ignoreIOSBadge'] as const;

/**
 * The fields of `offlinePushInfo` the server uses, as the wire carries them; vendor knobs this
 * server has no channel for (OPPO, vivo… categories) stay on the device. Undefined when none is set.
 */
export function wirePushInfo(info: V2TimOfflinePushInfo | undefined): WireOfflinePushInfo | undefined {
  if (typeof info !== 'object' || info === null) return undefined;
  const wire: Record<string, unknown> = {};
  for (const field of STRING_FIELDS)
    if (typeof info[field] === 'string' && info[field] !== '') wire[field] = info[field];
  for (const field of FLAG_FIELDS) if (info[field] === true) wire[field] = true;
  if (typeof info.vendorParams === 'object' && info.vendorParams !== null)
    wire.vendorParams = info.vendorParams;
  return Object.keys(wire).length === 0 ? undefined : (wire as WireOfflinePushInfo);
}
