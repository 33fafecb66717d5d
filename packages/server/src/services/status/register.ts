/**
 * Online status (login.md §7.2): who is online, on which platforms, or reachable by push, as the
 * REST commands `openim/query_online_status` and its legacy alias `openim/querystate`.
 */
import type { FeatureContext } from '../registry.js';
import { queryOnlineStatusEndpoint, queryStateEndpoint } from './query-online-status.js';

export function registerStatus({ rest, bus }: FeatureContext): void {
  rest.add('openim/query_online_status', queryOnlineStatusEndpoint(bus));
  rest.add('openim/querystate', queryStateEndpoint(bus));
}
