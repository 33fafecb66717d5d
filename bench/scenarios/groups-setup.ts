/**
 * Setting a group up for the groups scenario, untimed: on Parley as an app backend does it (accounts
 * imported, the group created and its members added in chunks over REST), then the online members
 * logged in by the load generators, joining by themselves where the group type wants it
 * (AVChatRoom). The bare `ws` baseline has no REST: its members join its one room with the same
 * `joinGroup` frame.
 */
import type { BenchContext } from '../harness/context.js';
import { shareOf } from '../harness/generators.js';
import { RestAdmin, type RestAnswer } from '../harness/rest.js';
import type { GroupJoinResult, TargetAddress } from '../load/tasks.js';
import type { GroupKind } from './groups-figures.js';

/** `multiaccount_import` takes at most 100 accounts per call. */
const IMPORT_CHUNK = 100;
/** `create_group` takes at most 100 initial members. */
const CREATE_CHUNK = 100;
/** `add_group_member`: at most 500 per call on the original. */
const ADD_CHUNK = 500;
/** `add_group_member`'s per-member `Result`: 0 is a failure (1 added, 2 already a member). */
const ADD_FAILED = 0;
const JOIN_DEADLINE_MS = 180_000;

/** Everything a broadcast needs to know about a group set up on one server. */
export interface GroupStage {
  /** The member set's name in the generators; also the prefix of every broadcast's msgID. */
  set: string;
  groupID: string;
  /** Online receivers held: every online member but the sender. */
  receivers: number;
}

/** Who takes part: user 0 sends (and owns the group), users 1…online − 1 receive. */
export interface Membership {
  prefix: string;
  /** Every member, the sender included. */
  members: number;
  /** Online members, the sender included. */
  online: number;
}

export async function setUpGroup(
  ctx: BenchContext,
  kind: GroupKind,
  target: TargetAddress,
  membership: Membership,
): Promise<GroupStage> {
  const set = memberSetName(kind, target);
  const groupID = `bench_${kind.id}`;
  const { prefix, members, online } = membership;
  if (members < online) throw new Error(`${members} members cannot have ${online} online`);
  const receiverCount = online - 1;
  if (target.kind === 'parley') await createOnParley(kind, target.port, groupID, membership);
  // Baseline members join their room by themselves; Parley's only where the type says so.
  const join = target.kind !== 'parley' || kind.joinByClient;
  const g = ctx.generators.count;
  const receivers = await ctx.generators.all<'groupJoin'>(
    (index) => ({
      type: 'groupJoin',
      set,
      target,
      users: shareOf({ prefix, from: 1, count: receiverCount }, index, g),
      groupID,
      role: 'receivers',
      join,
      window: ctx.plan.storm.window,
      deadlineMs: JOIN_DEADLINE_MS,
    }),
    JOIN_DEADLINE_MS,
  );
  const sender = await ctx.generators.one<'groupJoin'>(
    0,
    {
      type: 'groupJoin',
      set,
      target,
      users: { prefix, from: 0, count: 1 },
      groupID,
      role: 'sender',
      join,
      window: 1,
      deadlineMs: JOIN_DEADLINE_MS,
    },
    JOIN_DEADLINE_MS,
  );
  expectAll(receivers, receiverCount, 'online members');
  expectAll([sender], 1, 'the sender');
  return { set, groupID, receivers: receiverCount };
}

/** The generators' name for this group's members on this target. */
export function memberSetName(kind: GroupKind, target: TargetAddress): string {
  return `${kind.id}-${target.kind}`;
}

function expectAll(results: readonly GroupJoinResult[], wanted: number, who: string): void {
  const held = results.reduce((n, r) => n + r.held, 0);
  if (held >= wanted) return;
  const why = results.find((r) => r.firstError)?.firstError ?? 'no reason given';
  throw new Error(`${wanted - held} of ${wanted} ${who} did not get in (${why})`);
}

/**
 * Parley's group, the way an app backend creates it: the accounts, the group with its owner (the
 * sender) and a first chunk of members, then the rest in chunks, silently (no join tips to deliver
 * to members who are about to log in). An AVChatRoom gets no members here: REST cannot add them.
 */
async function createOnParley(
  kind: GroupKind,
  port: number,
  groupID: string,
  { prefix, members }: Membership,
): Promise<void> {
  const rest = new RestAdmin(port);
  const owner = `${prefix}0`;
  const others = kind.joinByClient ? [] : Array.from({ length: members - 1 }, (_, i) => `${prefix}${i + 1}`);
  for (const accounts of chunks([owner, ...others], IMPORT_CHUNK))
    await rest.call('im_open_login_svc/multiaccount_import', { Accounts: accounts });
  const [first = [], ...later] = chunks(others, CREATE_CHUNK);
  const created = await rest.call('group_open_http_svc/create_group', {
    Type: kind.type,
    GroupId: groupID,
    Name: `bench ${kind.label}`,
    Owner_Account: owner,
    // Work's default cap is 200 members; the original lets an app raise a group's cap up to 6,000.
    ...(kind.joinByClient ? {} : { MaxMemberCount: members }),
    ...(first.length > 0 ? { MemberList: first.map((id) => ({ Member_Account: id })) } : {}),
  });
  if (typeof created.GroupId === 'string' && created.GroupId !== groupID)
    throw new Error(`create_group made ${created.GroupId}, not ${groupID}`);
  for (const chunk of chunks(later.flat(), ADD_CHUNK)) {
    const added = await rest.call('group_open_http_svc/add_group_member', {
      GroupId: groupID,
      MemberList: chunk.map((id) => ({ Member_Account: id })),
      Silence: 1,
    });
    const failed = failedMembers(added);
    if (failed.length > 0)
      throw new Error(`add_group_member failed for ${failed.length} of ${chunk.length} (${failed[0]}, …)`);
  }
}

function failedMembers(answer: RestAnswer): string[] {
  const list = answer.MemberList;
  if (!Array.isArray(list)) return [];
  return list.flatMap((m: { Member_Account?: unknown; Result?: unknown }) =>
    m?.Result === ADD_FAILED ? [String(m.Member_Account)] : [],
  );
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
