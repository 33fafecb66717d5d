/**
 * The targets of issue 7, checked against a run's medians. A target is met, missed, pending (the
 * feature is not built), or not measured (this run was too small to say, e.g. `--quick`). Nothing here
 * asserts: the summary reports, the reader decides.
 */

import { MESSAGES_PENDING } from '../harness/probe.js';
import type { Figure, ScenarioReport } from '../harness/record.js';
import type { BenchPlan } from '../plan.js';
import { IDLE_HELD, IDLE_RSS } from '../scenarios/idle.js';
import { KICK_P99 } from '../scenarios/kick.js';
import { MSG_P99, MSG_SUSTAINED } from '../scenarios/messages.js';
import { RECONNECT_ALL } from '../scenarios/reconnect.js';
import { STORM_RATE } from '../scenarios/storm.js';
import { betterBy, formatNumber, ratio } from './format.js';

export type TargetStatus = 'met' | 'missed' | 'pending' | 'not measured';

export interface TargetCheck {
  target: string;
  status: TargetStatus;
  detail: string;
}

/** Target values from the issue. */
const STORM_VS_WS = 0.6;
const RSS_VS_WS = 2;
const CONNECTIONS_ONE_PROCESS = 19_000;
const BETTER_THAN_SOCKETIO = 1.2;
const KICK_P99_MS = 50;
const RECONNECT_CLIENTS = 10_000;
const RECONNECT_SECONDS = 15;
const MESSAGES_PER_SECOND = 20_000;
const MESSAGE_P99_MS = 5;
const MESSAGE_P99_RATE = 5_000;

export function checkTargets(scenarios: readonly ScenarioReport[], plan: BenchPlan): TargetCheck[] {
  const reconnectClients = plan.reconnect.clients;
  const heldAsked = plan.idle.clients;
  const find = (id: string, name: string): Figure | undefined =>
    scenarios.find((s) => s.id === id)?.figures.find((f) => f.name === name);
  const parley = (figure: Figure | undefined) => figure?.results.parley?.median;
  const why = (figure: Figure | undefined) => figure?.missing.parley ?? 'scenario not run';
  const pendingOr = (figure: Figure | undefined): TargetStatus =>
    figure?.missing.parley?.startsWith(MESSAGES_PENDING.slice(0, -1)) ? 'pending' : 'not measured';
  const checks: TargetCheck[] = [];

  const storm = find('storm', STORM_RATE);
  const stormRatio = storm && ratio(storm, 'ws')?.value;
  checks.push(
    stormRatio === undefined
      ? {
          target: `login storm ≥ ${STORM_VS_WS}× bare ws connect rate`,
          status: 'not measured',
          detail: why(storm),
        }
      : {
          target: `login storm ≥ ${STORM_VS_WS}× bare ws connect rate`,
          status: stormRatio >= STORM_VS_WS ? 'met' : 'missed',
          detail: `${formatNumber(stormRatio)}× (${formatNumber(parley(storm) ?? Number.NaN)} vs ${formatNumber(storm?.results.ws?.median ?? Number.NaN)} logins/s)`,
        },
  );

  const rss = find('idle', IDLE_RSS);
  const rssRatio = rss && ratio(rss, 'ws')?.value;
  checks.push(
    rssRatio === undefined
      ? {
          target: `idle RSS per connection ≤ ${RSS_VS_WS}× bare ws`,
          status: 'not measured',
          detail: why(rss),
        }
      : {
          target: `idle RSS per connection ≤ ${RSS_VS_WS}× bare ws`,
          status: rssRatio <= RSS_VS_WS ? 'met' : 'missed',
          detail: `${formatNumber(rssRatio)}× (${formatNumber(parley(rss) ?? Number.NaN)} KB vs ${formatNumber(rss?.results.ws?.median ?? Number.NaN)} KB)`,
        },
  );

  const held = parley(find('idle', IDLE_HELD));
  checks.push({
    target: `${formatNumber(CONNECTIONS_ONE_PROCESS)} logged-in connections in one process`,
    status:
      held === undefined
        ? 'not measured'
        : held >= CONNECTIONS_ONE_PROCESS
          ? 'met'
          : heldAsked < CONNECTIONS_ONE_PROCESS
            ? 'not measured'
            : 'missed',
    detail:
      held === undefined
        ? why(find('idle', IDLE_HELD))
        : `${formatNumber(held)} held (asked for ${formatNumber(heldAsked)})`,
  });

  const sustained = find('messages', MSG_SUSTAINED);
  const sustainedRate = parley(sustained);
  const sustainedTarget = `messages: ≥ ${formatNumber(MESSAGES_PER_SECOND)}/s sustained, stored durably`;
  checks.push(
    sustainedRate === undefined
      ? { target: sustainedTarget, status: pendingOr(sustained), detail: why(sustained) }
      : {
          target: sustainedTarget,
          status: sustainedRate >= MESSAGES_PER_SECOND ? 'met' : 'missed',
          detail: `${formatNumber(sustainedRate)}/s (the ramp's highest step kept)`,
        },
  );
  const msgP99 = find('messages', MSG_P99);
  const msgP99Value = parley(msgP99);
  const p99Target = `messages: p99 send→receive ≤ ${MESSAGE_P99_MS} ms at ${formatNumber(MESSAGE_P99_RATE)}/s`;
  if (msgP99Value === undefined) {
    checks.push({ target: p99Target, status: pendingOr(msgP99), detail: why(msgP99) });
  } else if (plan.messages.rate !== MESSAGE_P99_RATE) {
    checks.push({ target: p99Target, status: 'not measured', detail: `measured at ${plan.messages.rate}/s` });
  } else {
    checks.push({
      target: p99Target,
      status: msgP99Value <= MESSAGE_P99_MS ? 'met' : 'missed',
      detail: `${formatNumber(msgP99Value)} ms`,
    });
  }

  const kick = find('kick', KICK_P99);
  const kickP99 = parley(kick);
  checks.push(
    kickP99 === undefined
      ? { target: `kick latency p99 ≤ ${KICK_P99_MS} ms`, status: 'not measured', detail: why(kick) }
      : {
          target: `kick latency p99 ≤ ${KICK_P99_MS} ms`,
          status: kickP99 <= KICK_P99_MS ? 'met' : 'missed',
          detail: `${formatNumber(kickP99)} ms`,
        },
  );

  const back = parley(find('reconnect', RECONNECT_ALL));
  const reconnectTarget = `reconnect storm of ${formatNumber(RECONNECT_CLIENTS)} clients back ≤ ${RECONNECT_SECONDS} s`;
  if (back === undefined) {
    checks.push({
      target: reconnectTarget,
      status: 'not measured',
      detail: why(find('reconnect', RECONNECT_ALL)),
    });
  } else if (reconnectClients < RECONNECT_CLIENTS) {
    const missedAnyway = back > RECONNECT_SECONDS;
    checks.push({
      target: reconnectTarget,
      status: missedAnyway ? 'missed' : 'not measured',
      detail: `${formatNumber(back)} s with ${formatNumber(reconnectClients)} clients (run the full bench for 10,000)`,
    });
  } else {
    checks.push({
      target: reconnectTarget,
      status: back <= RECONNECT_SECONDS ? 'met' : 'missed',
      detail: `${formatNumber(back)} s`,
    });
  }

  const worse: string[] = [];
  let compared = 0;
  for (const scenario of scenarios) {
    for (const figure of scenario.figures) {
      if (figure.context) continue;
      const by = betterBy(figure, 'socketio')?.value;
      if (by === undefined) continue;
      compared += 1;
      if (by < BETTER_THAN_SOCKETIO) worse.push(`${figure.name} ${formatNumber(by)}×`);
    }
  }
  checks.push({
    target: `every figure ≥ ${BETTER_THAN_SOCKETIO}× better than Socket.IO`,
    status: compared === 0 ? 'not measured' : worse.length === 0 ? 'met' : 'missed',
    detail:
      compared === 0
        ? 'no Parley figure to compare'
        : worse.length === 0
          ? `${compared} figures compared`
          : `short: ${worse.join('; ')}`,
  });
  return checks;
}
