/**
 * The group service: every group operation, by an actor (services/groups/core.ts). The wire ops
 * (register.ts) and, later, the REST endpoints are thin layers over it.
 */
import type { GroupDirectory } from '../group-contract.js';
import { GroupApplications } from './applications.js';
import { GroupAttributes } from './attributes.js';
import { GroupCore, type GroupServiceDeps } from './core.js';
import type { GroupEvents } from './events.js';
import { GroupImports } from './imports.js';
import { GroupLifecycle } from './lifecycle.js';
import { GroupMembers } from './members.js';
import { GroupProfiles } from './profile.js';
import { TopicAwareLogs } from './topic-logs.js';
import { CommunityTopics } from './topics.js';

export type { GroupActor, GroupServiceDeps } from './core.js';

export class GroupService {
  readonly lifecycle: GroupLifecycle;
  readonly profiles: GroupProfiles;
  readonly members: GroupMembers;
  readonly applications: GroupApplications;
  readonly attributes: GroupAttributes;
  readonly topics: CommunityTopics;
  /** REST migration imports. */
  readonly imports: GroupImports;
  /** The message engine's view of groups (group-contract.ts). */
  readonly directory: GroupDirectory;
  /** Group events to clients (REST system notifications). */
  readonly events: GroupEvents;

  constructor(deps: GroupServiceDeps) {
    // Joins, leaves and dismissals of a community reach its topics' logs too (topic-logs.ts).
    const core = new GroupCore({ ...deps, logs: new TopicAwareLogs(deps.logs, () => deps.storage) });
    this.lifecycle = new GroupLifecycle(core);
    this.profiles = new GroupProfiles(core);
    this.members = new GroupMembers(core);
    this.applications = new GroupApplications(core);
    this.attributes = new GroupAttributes(core);
    this.topics = new CommunityTopics(core);
    this.imports = new GroupImports(core);
    this.directory = core.directory;
    this.events = core.events;
  }
}
