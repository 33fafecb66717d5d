/** `@parley/server`: embed a Parley server in your own process, or run it with the `parley` command. */
export {
  DEFAULT_GATEWAY_CONFIG,
  type GatewayConfig,
  loadServerConfig,
  type ServerConfig,
} from './config.js';
export { createLogger } from './logger.js';
export { deleteRedisKeys, probePostgres, probeRedis } from './ops/service-checks.js';
export { type RunningServer, type StartServerOptions, startServer } from './server.js';
export { openStorage } from './storage/database.js';
export type { AppRecord, AppSettings, LoginPolicy, Storage } from './storage/types.js';
