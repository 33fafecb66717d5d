import { Counter, type Registry } from 'prom-client';

/** What became of one delivery attempt. */
export type DeliveryResult = 'delivered' | 'retry' | 'dropped';

/** The webhook layer's Prometheus series, registered on the server's own registry. */
export interface WebhookMetrics {
  deliveries: Counter<'command' | 'result'>;
}

export function createWebhookMetrics(registry: Registry): WebhookMetrics {
  return {
    deliveries: new Counter({
      name: 'parley_webhook_deliveries_total',
      help: 'Callback delivery attempts by command and result (delivered, retry, dropped)',
      labelNames: ['command', 'result'],
      registers: [registry],
    }),
  };
}
