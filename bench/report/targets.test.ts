import { describe, expect, it } from 'vitest';
import type { Bound } from '../bounds.js';
import { ScenarioRecorder, type ScenarioReport } from '../harness/record.js';
import type { TargetKind } from '../load/tasks.js';
import { SCENARIO_IDS, type ScenarioID } from '../options.js';
import { FULL_PLAN, QUICK_PLAN } from '../plan.js';
import { groupDeliveries, groupLastP99 } from '../scenarios/groups-figures.js';
import { IDLE_HELD, IDLE_RSS } from '../scenarios/idle.js';
import { KICK_P99 } from '../scenarios/kick.js';
import { MSG_P99, MSG_SUSTAINED } from '../scenarios/messages.js';
import { RECONNECT_ALL } from '../scenarios/reconnect.js';
import { STATUS_DELIVERED, STATUS_P99 } from '../scenarios/status-figures.js';
import { STORM_RATE } from '../scenarios/storm.js';
import { SKIPPED, workersMessages } from '../scenarios/workers-figures.js';
import {
  checkTargets,
  type RunOutcome,
  type TargetCheck,
  type TargetStatus,
  targetSummary,
} from './targets.js';

/** One target's cell: a value, a value that is only a bound, an error, or why there is none. */
type Cell =
  | number
  | { value: number; bound: Bound }
  | { error: string; value?: number }
  | { missing: string };

interface FigureSpec {
  better: 'higher' | 'lower';
  context?: boolean;
  cells: Partial<Record<TargetKind, Cell>>;
}

type Spec = Partial<Record<ScenarioID, Record<string, FigureSpec>>>;

const SQLITE = workersMessages('sqlite');
const SINGLE = workersMessages('single');
const WORKERS = workersMessages('workers');
const TOP = 100_000;
const WORK_RATE = groupDeliveries('work');
const ROOM_RATE = groupDeliveries('room');

/** A run in which every target is met, with room to spare, at full size. */
const GOOD: Spec = {
  storm: { [STORM_RATE]: { better: 'higher', cells: { ws: 5_000, socketio: 2_000, parley: 4_000 } } },
  idle: {
    [IDLE_RSS]: { better: 'lower', cells: { ws: 10, socketio: 30, parley: 15 } },
    [IDLE_HELD]: { better: 'higher', context: true, cells: { ws: 19_000, socketio: 19_000, parley: 19_000 } },
  },
  kick: { [KICK_P99]: { better: 'lower', cells: { ws: 5, socketio: 20, parley: 8 } } },
  reconnect: { [RECONNECT_ALL]: { better: 'lower', cells: { ws: 3, socketio: 6, parley: 4 } } },
  messages: {
    [MSG_P99]: { better: 'lower', cells: { ws: 2, socketio: 5, parley: 4 } },
    [MSG_SUSTAINED]: { better: 'higher', cells: { ws: 40_000, socketio: 20_000, parley: 30_000 } },
  },
  workers: {
    [SINGLE]: { better: 'higher', cells: { parley: 2_000 } },
    [WORKERS]: { better: 'higher', cells: { parley: 3_000 } },
    [SQLITE]: { better: 'higher', context: true, cells: { parley: 3_000 } },
  },
  groups: {
    [WORK_RATE]: { better: 'higher', cells: { ws: 400_000, parley: 300_000 } },
    [groupLastP99('work')]: { better: 'lower', cells: { ws: 5, parley: 7 } },
    [ROOM_RATE]: { better: 'higher', cells: { ws: 500_000, parley: 250_000 } },
    [groupLastP99('room')]: { better: 'lower', cells: { ws: 20, parley: 40 } },
  },
  status: {
    [STATUS_DELIVERED]: { better: 'higher', cells: { ws: 25_000, parley: 24_000 } },
    [STATUS_P99]: { better: 'lower', cells: { ws: 3, parley: 9 } },
  },
};

function report(id: ScenarioID, figures: Record<string, FigureSpec>): ScenarioReport {
  const recorder = new ScenarioRecorder(id, id, 'a table test');
  for (const [name, { better, context }] of Object.entries(figures))
    recorder.define(name, '', better, context);
  for (const [name, { cells }] of Object.entries(figures)) {
    for (const [kind, cell] of Object.entries(cells) as [TargetKind, Cell][]) {
      if (typeof cell === 'number') recorder.add(name, kind, cell);
      else if ('bound' in cell) recorder.add(name, kind, cell.value, cell.bound);
      else if ('error' in cell) {
        if (cell.value !== undefined) recorder.add(name, kind, cell.value);
        recorder.error(kind, cell.error, [name]);
      } else recorder.missing(kind, cell.missing, name);
    }
  }
  return recorder.report();
}

/** The good run with some cells replaced. */
function outcome(
  changes: Spec = {},
  extra: Partial<Pick<RunOutcome, 'plan' | 'selected' | 'failed'>> = {},
): RunOutcome {
  const selected = extra.selected ?? [...SCENARIO_IDS];
  const failed = extra.failed ?? {};
  const scenarios = selected
    .filter((id) => failed[id] === undefined)
    .map((id) => {
      const figures: Record<string, FigureSpec> = {};
      for (const [name, spec] of Object.entries(GOOD[id] ?? {})) {
        const change = changes[id]?.[name];
        figures[name] = { ...spec, cells: { ...spec.cells, ...change?.cells } };
      }
      return report(id, figures);
    });
  return { plan: extra.plan ?? FULL_PLAN, selected, scenarios, failed };
}

/** Only the cells, for changes: the direction comes from GOOD. */
const cells = (c: Partial<Record<TargetKind, Cell>>): FigureSpec => ({ better: 'higher', cells: c });

function find(checks: readonly TargetCheck[], words: string): TargetCheck {
  const check = checks.find((c) => c.target.includes(words));
  if (!check) throw new Error(`no target mentions "${words}": ${checks.map((c) => c.target).join(' | ')}`);
  return check;
}

const STORM = 'login storm';
const RSS = 'idle RSS';
const HELD = 'logged-in connections';
const SUSTAINED = 'highest sustained rate';
const P99 = 'p99 send→receive';
const POSTGRES = 'PostgreSQL + Redis, 1 process';
const CLUSTER = '--workers 2';
const KICK = 'kick latency';
const RECONNECT = 'reconnect storm';
const SOCKETIO = 'Socket.IO';
const WORK = 'Work group';
const ROOM = 'AVChatRoom';
const STATUS = 'status notifications';

describe('checkTargets', () => {
  it('meets every target of a good full run', () => {
    const checks = checkTargets(outcome());
    expect(checks.map((c) => [c.target, c.status])).toEqual(checks.map((c) => [c.target, 'met']));
    expect(checks).toHaveLength(13);
  });

  it.each<[string, Spec, string, TargetStatus]>([
    ['a slow login storm', { storm: { [STORM_RATE]: cells({ parley: 2_000 }) } }, STORM, 'missed'],
    ['the login storm exactly at 0.6×', { storm: { [STORM_RATE]: cells({ parley: 3_000 }) } }, STORM, 'met'],
    ['too much memory per connection', { idle: { [IDLE_RSS]: cells({ parley: 25 }) } }, RSS, 'missed'],
    [
      'a low message ceiling',
      { messages: { [MSG_SUSTAINED]: cells({ parley: 15_000 }) } },
      SUSTAINED,
      'missed',
    ],
    [
      'message ceiling exactly 0.5×',
      { messages: { [MSG_SUSTAINED]: cells({ parley: 20_000 }) } },
      SUSTAINED,
      'met',
    ],
    ['a p99 over 3× bare ws', { messages: { [MSG_P99]: cells({ parley: 7 }) } }, P99, 'missed'],
    ['a p99 of exactly 3× bare ws', { messages: { [MSG_P99]: cells({ parley: 6 }) } }, P99, 'met'],
    [
      'PostgreSQL under half of SQLite',
      { workers: { [SINGLE]: cells({ parley: 1_000 }) } },
      POSTGRES,
      'missed',
    ],
    ['two workers slower than one', { workers: { [WORKERS]: cells({ parley: 1_500 }) } }, CLUSTER, 'missed'],
    ['two workers as fast as one', { workers: { [WORKERS]: cells({ parley: 2_000 }) } }, CLUSTER, 'met'],
    ['a slow kick', { kick: { [KICK_P99]: cells({ parley: 60 }) } }, KICK, 'missed'],
    [
      'a slow reconnect storm',
      { reconnect: { [RECONNECT_ALL]: cells({ parley: 16 }) } },
      RECONNECT,
      'missed',
    ],
    ['fewer connections than asked', { idle: { [IDLE_HELD]: cells({ parley: 18_000 }) } }, HELD, 'missed'],
    ['a slow Work group fan-out', { groups: { [WORK_RATE]: cells({ parley: 150_000 }) } }, WORK, 'missed'],
    [
      'a Work group fan-out exactly 0.5× bare ws',
      { groups: { [WORK_RATE]: cells({ parley: 200_000 }) } },
      WORK,
      'met',
    ],
    ['a slow AVChatRoom fan-out', { groups: { [ROOM_RATE]: cells({ parley: 240_000 }) } }, ROOM, 'missed'],
    [
      'a slow status fan-out',
      { status: { [STATUS_DELIVERED]: cells({ parley: 12_000 }) } },
      STATUS,
      'missed',
    ],
    [
      'a status fan-out with notifications missing',
      { status: { [STATUS_DELIVERED]: cells({ parley: { error: '3 of 50,000 missing', value: 24_000 } }) } },
      STATUS,
      'missed',
    ],
    [
      'a status fan-out at half bare ws',
      { status: { [STATUS_DELIVERED]: cells({ parley: 12_500 }) } },
      STATUS,
      'met',
    ],
    [
      'an AVChatRoom fan-out faster than bare ws',
      { groups: { [ROOM_RATE]: cells({ parley: 600_000 }) } },
      ROOM,
      'met',
    ],
  ])('judges %s by the numbers', (_, changes, target, status) => {
    expect(find(checkTargets(outcome(changes)), target).status).toBe(status);
  });

  describe('counts a Parley error or crash as missed', () => {
    it.each<[string, Spec, string]>([
      [
        'refused logins, even with a good rate',
        {
          storm: {
            [STORM_RATE]: cells({ parley: { error: 'parley run 2: 3 logins failed', value: 4_000 } }),
          },
        },
        STORM,
      ],
      [
        'messages lost at 5,000/s, even with a good p99',
        {
          messages: {
            [MSG_P99]: cells({ parley: { error: '12 of 10000 messages not delivered', value: 3 } }),
          },
        },
        P99,
      ],
      [
        'a server that crashed during the ramp',
        {
          messages: { [MSG_SUSTAINED]: cells({ parley: { missing: 'failed: load generator exited (1)' } }) },
        },
        SUSTAINED,
      ],
      [
        'a probe that found sendMessage broken',
        { messages: { [MSG_P99]: cells({ parley: { missing: 'failed: sendMessage answered 9999 boom' } }) } },
        P99,
      ],
      [
        'a PostgreSQL server that did not start',
        { workers: { [SINGLE]: cells({ parley: { missing: 'failed: server exited' } }) } },
        POSTGRES,
      ],
      [
        'a group REST endpoint the server does not have',
        {
          groups: {
            [WORK_RATE]: cells({
              parley: {
                missing: 'failed: REST group_open_http_svc/create_group answered 60009 there is no REST API',
              },
            }),
          },
        },
        WORK,
      ],
      [
        'an AVChatRoom whose joinGroup is an unknown op',
        {
          groups: {
            [ROOM_RATE]: cells({
              parley: { error: 'Parley AVChatRoom failed: joinGroup answered 7013', value: 300_000 },
            }),
          },
        },
        ROOM,
      ],
      [
        'group deliveries that never arrived, even with a good rate',
        {
          groups: {
            [WORK_RATE]: cells({
              parley: { error: 'run 1: 12 of 39980 deliveries missing', value: 300_000 },
            }),
          },
        },
        WORK,
      ],
      [
        'clients that never came back',
        { reconnect: { [RECONNECT_ALL]: cells({ parley: { error: '3 of 10000 clients not back' } }) } },
        RECONNECT,
      ],
    ])('%s', (_, changes, target) => {
      const check = find(checkTargets(outcome(changes)), target);
      expect(check.status).toBe('missed');
      expect(check.detail).toMatch(/Parley/);
    });

    it('misses the targets of a scenario that threw', () => {
      const checks = checkTargets(outcome({}, { failed: { messages: 'load generator 1 did not finish' } }));
      for (const target of [SUSTAINED, P99, SOCKETIO]) {
        expect(find(checks, target).status).toBe('missed');
      }
      expect(find(checks, SUSTAINED).detail).toContain('load generator 1 did not finish');
      expect(find(checks, STORM).status).toBe('met');
    });

    it('misses both group targets when the groups scenario threw', () => {
      const checks = checkTargets(outcome({}, { failed: { groups: 'load generator 0 exited (1)' } }));
      for (const target of [WORK, ROOM]) {
        expect(find(checks, target)).toMatchObject({
          status: 'missed',
          detail: expect.stringContaining('load generator 0 exited'),
        });
      }
      expect(find(checks, SOCKETIO).status).toBe('met');
    });

    it('misses the Socket.IO comparison when Parley errs on any shared figure', () => {
      const changes = { kick: { [KICK_P99]: cells({ parley: { error: '2 kicks failed', value: 8 } }) } };
      expect(find(checkTargets(outcome(changes)), SOCKETIO).status).toBe('missed');
    });
  });

  describe('says "not measured" only when what Parley is compared with is unavailable', () => {
    it('when bare ws failed', () => {
      const changes = { storm: { [STORM_RATE]: cells({ ws: { missing: 'failed: connect ECONNREFUSED' } }) } };
      const check = find(checkTargets(outcome(changes)), STORM);
      expect(check.status).toBe('not measured');
      expect(check.detail).toContain('bare ws');
    });

    it('when bare ws had errors', () => {
      const changes = {
        messages: { [MSG_P99]: cells({ ws: { error: '5 messages not delivered', value: 2 } }) },
      };
      expect(find(checkTargets(outcome(changes)), P99).status).toBe('not measured');
    });

    it('when PostgreSQL and Redis are absent', () => {
      const skipped = { parley: { missing: `${SKIPPED} (PostgreSQL at postgres://x: refused)` } };
      const changes = {
        workers: { [SINGLE]: cells(skipped), [WORKERS]: cells(skipped), [SQLITE]: cells(skipped) },
      };
      const checks = checkTargets(outcome(changes));
      expect(find(checks, POSTGRES).status).toBe('not measured');
      expect(find(checks, CLUSTER).status).toBe('not measured');
      expect(find(checks, POSTGRES).detail).toContain('needs PostgreSQL and Redis');
    });

    it('when the bare ws broadcast failed', () => {
      const changes = {
        groups: {
          [ROOM_RATE]: cells({ ws: { missing: 'failed: 3 of 9999 online members did not get in' } }),
        },
      };
      const checks = checkTargets(outcome(changes));
      expect(find(checks, ROOM).status).toBe('not measured');
      expect(find(checks, WORK).status).toBe('met');
    });

    it('but a Parley failure beside a failed baseline is still missed', () => {
      const changes = {
        storm: { [STORM_RATE]: cells({ ws: { missing: 'failed: x' }, parley: { missing: 'failed: y' } }) },
      };
      expect(find(checkTargets(outcome(changes)), STORM).status).toBe('missed');
    });
  });

  describe('"not run"', () => {
    it('for scenarios left out with --only', () => {
      const checks = checkTargets(outcome({}, { selected: ['storm'] }));
      expect(find(checks, STORM).status).toBe('met');
      for (const c of checks.filter((c) => !c.target.includes(STORM) && !c.target.includes(SOCKETIO))) {
        expect([c.target, c.status]).toEqual([c.target, 'not run']);
      }
    });

    it('for the 19,000-connection and 10,000-client targets in a quick run', () => {
      const checks = checkTargets(
        outcome({ idle: { [IDLE_HELD]: cells({ parley: 2_000 }) } }, { plan: QUICK_PLAN }),
      );
      expect(find(checks, HELD).status).toBe('not run');
      expect(find(checks, RECONNECT).status).toBe('not run');
    });

    it('but a quick reconnect storm that is already too slow is missed', () => {
      const changes = { reconnect: { [RECONNECT_ALL]: cells({ parley: 20 }) } };
      expect(find(checkTargets(outcome(changes, { plan: QUICK_PLAN })), RECONNECT).status).toBe('missed');
    });
  });

  describe('ceilings ("≥ N": the ramp top was sustained)', () => {
    const atLeast = (value: number) => ({ value, bound: 'at least' as const });
    const sustained = (ws: Cell, parley: Cell) => ({ messages: { [MSG_SUSTAINED]: cells({ ws, parley }) } });

    it.each<[string, Spec, TargetStatus, RegExp]>([
      [
        'Parley ≥ top over an exact bare ws: a lower bound, met',
        sustained(40_000, atLeast(TOP)),
        'met',
        /^≥ 2\.5×.*lower bound/,
      ],
      [
        'bare ws ≥ top over a Parley far below: surely missed',
        sustained(atLeast(TOP), 40_000),
        'missed',
        /^≤ 0\.4×.*upper bound/,
      ],
      [
        'bare ws ≥ top, Parley above half of it: cannot tell, missed',
        sustained(atLeast(TOP), 60_000),
        'missed',
        /^≤ 0\.6×.*cannot tell/,
      ],
      [
        'both ≥ top: unknown, missed',
        sustained(atLeast(TOP), atLeast(TOP)),
        'missed',
        /^\?.*unknown.*cannot tell/,
      ],
      [
        '--workers 2 ≥ top over one process: a lower bound, met',
        { workers: { [WORKERS]: cells({ parley: atLeast(TOP) }) } },
        'met',
        /^≥ 50×.*lower bound/,
      ],
    ])('%s', (_, changes, status, detail) => {
      const target = 'messages' in changes ? SUSTAINED : CLUSTER;
      const check = find(checkTargets(outcome(changes)), target);
      expect(check.status).toBe(status);
      expect(check.detail).toMatch(detail);
    });

    it('shows a ceiling as "≥ N" in the detail', () => {
      const check = find(checkTargets(outcome(sustained(40_000, atLeast(TOP)))), SUSTAINED);
      expect(check.detail).toContain('Parley ≥ 100,000/s vs bare ws 40,000/s');
    });

    it('misses --workers 2 when neither server sustained the first step', () => {
      const changes = { workers: { [SINGLE]: cells({ parley: 0 }), [WORKERS]: cells({ parley: 0 }) } };
      const checks = checkTargets(outcome(changes));
      expect(find(checks, CLUSTER)).toMatchObject({
        status: 'missed',
        detail: expect.stringMatching(/^no ratio/),
      });
      expect(find(checks, POSTGRES).status).toBe('missed');
    });

    it('compares Socket.IO conservatively too', () => {
      const changes = { messages: { [MSG_SUSTAINED]: cells({ socketio: atLeast(TOP) }) } };
      const check = find(checkTargets(outcome(changes)), SOCKETIO);
      expect(check.status).toBe('missed');
      expect(check.detail).toContain(`${MSG_SUSTAINED} ≤ 0.3×`);
    });
  });
});

describe('targetSummary', () => {
  it('counts each status, the failing ones in capitals', () => {
    const changes = {
      storm: { [STORM_RATE]: cells({ parley: 1_000 }) },
      idle: { [IDLE_RSS]: cells({ ws: { missing: 'failed: x' } }) },
    };
    const checks = checkTargets(outcome(changes, { plan: QUICK_PLAN }));
    // The slow storm misses its own target and the Socket.IO comparison.
    expect(targetSummary(checks)).toBe('Targets: 8 met, 2 MISSED, 1 NOT MEASURED, 2 not run');
  });
});

describe('the group fan-out targets', () => {
  it('name the group sizes the plan measured', () => {
    const checks = checkTargets(outcome());
    expect(find(checks, WORK).target).toBe(
      'deliveries/s of one message to a 5,000-member Work group, 2,000 online ≥ 0.5× a bare ws broadcast',
    );
    expect(find(checks, ROOM).target).toBe(
      'deliveries/s of one message to a 10,000-member AVChatRoom ≥ 0.5× a bare ws broadcast',
    );
  });

  it('print both figures and their ratio', () => {
    const check = find(checkTargets(outcome()), ROOM);
    expect(check.detail).toBe('0.5× (Parley 250,000/s vs bare ws 500,000/s)');
  });

  it('are judged in a quick run too, named with the group sizes of the quick plan', () => {
    const checks = checkTargets(outcome({}, { plan: QUICK_PLAN }));
    expect(find(checks, WORK)).toMatchObject({
      status: 'met',
      target: expect.stringContaining('5,000-member Work'),
    });
    expect(find(checks, ROOM)).toMatchObject({
      status: 'met',
      target: expect.stringContaining('5,000-member AVChatRoom'),
    });
  });

  it('are not run when --only leaves the groups scenario out', () => {
    const checks = checkTargets(outcome({}, { selected: ['messages'] }));
    expect(find(checks, WORK).status).toBe('not run');
    expect(find(checks, ROOM).status).toBe('not run');
  });
});
