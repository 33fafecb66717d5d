/** Names of the status scenario's figures, apart from it so the targets and the chart can name them. */

/** Status notifications delivered per second while users log in and out at the plan's rate. */
export const STATUS_DELIVERED = 'status notifications delivered/s';
/** From a login or logout frame leaving to one watcher having the notification, per delivery. */
export const STATUS_P50 = 'status notification p50';
export const STATUS_P99 = 'status notification p99';

export const STATUS_FIGURES = [STATUS_DELIVERED, STATUS_P50, STATUS_P99];
