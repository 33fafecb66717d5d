/** Join requests and invitations waiting for approval, and each user's "read up to" time of them. */
import type { Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';
import { toApplication } from './rows.js';
import type { GroupStore } from './types.js';

type ApplicationQueries = Pick<
  GroupStore,
  'putApplication' | 'application' | 'applicationsFor' | 'applicationsReadAt' | 'setApplicationsReadAt'
>;

export function createApplicationQueries(db: Kysely<StorageSchema>): ApplicationQueries {
  return {
    async putApplication(sdkAppID, a) {
      const row = {
        sdk_app_id: sdkAppID,
        group_id: a.groupID,
        from_user: a.fromUser,
        to_user: a.toUser,
        type: a.type,
        request_msg: a.requestMsg,
        add_time: a.addTime,
        handle_status: a.handleStatus,
        handle_result: a.handleResult,
        handled_msg: a.handledMsg,
        handled_by: a.handledBy,
      };
      const { sdk_app_id, group_id, from_user, to_user, ...rest } = row;
      await db
        .insertInto('group_applications')
        .values(row)
        .onConflict((conflict) =>
          conflict.columns(['sdk_app_id', 'group_id', 'from_user', 'to_user']).doUpdateSet(rest),
        )
        .execute();
    },

    async application(sdkAppID, groupID, fromUser, toUser) {
      const row = await db
        .selectFrom('group_applications')
        .selectAll()
        .where('sdk_app_id', '=', sdkAppID)
        .where('group_id', '=', groupID)
        .where('from_user', '=', fromUser)
        .where('to_user', '=', toUser)
        .executeTakeFirst();
      return row === undefined ? undefined : toApplication(row);
    },

    async applicationsFor(sdkAppID, userID, limit) {
      // Join requests (0) and member invitations (2) go to the group's owner and admins; an
      // invitation needing the invitee's consent (1) to the invitee.
      const rows = await db
        .selectFrom('group_applications as a')
        .selectAll('a')
        .where('a.sdk_app_id', '=', sdkAppID)
        .where((eb) =>
          eb.or([
            eb.and([eb('a.type', '=', 1), eb('a.to_user', '=', userID)]),
            eb.and([
              eb('a.type', 'in', [0, 2]),
              eb.exists(
                eb
                  .selectFrom('group_members as m')
                  .select('m.user_id')
                  .whereRef('m.sdk_app_id', '=', 'a.sdk_app_id')
                  .whereRef('m.group_id', '=', 'a.group_id')
                  .where('m.user_id', '=', userID)
                  .where('m.role', 'in', [300, 400]),
              ),
            ]),
          ]),
        )
        .orderBy('a.add_time', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toApplication);
    },

    async applicationsReadAt(sdkAppID, userID) {
      const row = await db
        .selectFrom('group_application_reads')
        .select('read_at')
        .where('sdk_app_id', '=', sdkAppID)
        .where('user_id', '=', userID)
        .executeTakeFirst();
      return row === undefined ? 0 : Number(row.read_at);
    },

    async setApplicationsReadAt(sdkAppID, userID, readAt) {
      await db
        .insertInto('group_application_reads')
        .values({ sdk_app_id: sdkAppID, user_id: userID, read_at: readAt })
        .onConflict((conflict) =>
          conflict.columns(['sdk_app_id', 'user_id']).doUpdateSet({ read_at: readAt }),
        )
        .execute();
    },
  };
}
