import { Counter, Gauge, type Registry } from 'prom-client';

/** The session layer's Prometheus series, registered on the server's own registry. */
export interface SessionMetrics {
  logins: Counter<'result'>;
  instances: Gauge;
  connections: Gauge;
}

export function createSessionMetrics(registry: Registry): SessionMetrics {
  return {
    logins: new Counter({
      name: 'parley_logins_total',
      help: 'Login attempts by result (ok or the error code)',
      labelNames: ['result'],
      registers: [registry],
    }),
    instances: new Gauge({
      name: 'parley_instances',
      help: 'Logged-in instances connected to this node',
      registers: [registry],
    }),
    connections: new Gauge({
      name: 'parley_connections',
      help: 'Open WebSocket connections on this node',
      registers: [registry],
    }),
  };
}
