import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Offline push series per provider type (`apns`, `fcm`, `webhook`), on the server's registry. */
export interface PushMetrics {
  /** Pushes by provider and result: sent, failed (dropped), retry, invalid_token. */
  results: Counter<'provider' | 'result'>;
  /** Seconds from queueing to the provider's answer, for pushes sent. */
  latency: Histogram<'provider'>;
  /** Rows in the push queue, as of the worker's last look. */
  queueDepth: Gauge;
}

export function createPushMetrics(registry: Registry): PushMetrics {
  return {
    results: new Counter({
      name: 'parley_push_results_total',
      help: 'Offline pushes by provider type and result (sent, retry, failed, invalid_token)',
      labelNames: ['provider', 'result'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'parley_push_latency_seconds',
      help: 'Offline push queue-to-provider latency by provider type',
      labelNames: ['provider'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'parley_push_queue_depth',
      help: 'Offline pushes waiting in the push queue',
      registers: [registry],
    }),
  };
}
