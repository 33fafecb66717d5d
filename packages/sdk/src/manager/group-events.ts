/** Turns `groupEvent` pushes into `V2TimGroupListener` callbacks. */
import type { GroupEventPush } from '@parley/protocol';
import type { V2TimGroupListener, V2TimGroupMemberInfo } from '../group-types.js';

const user = (userID: string): V2TimGroupMemberInfo => ({ userID });
const users = (userIDs: readonly string[]): V2TimGroupMemberInfo[] => userIDs.map(user);

/** Calls the listener's callback for one event; unknown event types (a newer server) are ignored. */
export function dispatchGroupEvent(listener: V2TimGroupListener, { groupID, event }: GroupEventPush): void {
  switch (event.type) {
    case 'MemberEnter':
      return listener.onMemberEnter?.(groupID, users(event.userIDs));
    case 'MemberLeave':
      return listener.onMemberLeave?.(groupID, user(event.userID));
    case 'MemberInvited':
      return listener.onMemberInvited?.(groupID, user(event.opUser), users(event.userIDs));
    case 'MemberKicked':
      return listener.onMemberKicked?.(groupID, user(event.opUser), users(event.userIDs));
    case 'MemberInfoChanged':
      return listener.onMemberInfoChanged?.(groupID, event.changes);
    case 'AllGroupMembersMuted':
      return listener.onAllGroupMembersMuted?.(groupID, event.isMute);
    case 'GroupCreated':
      return listener.onGroupCreated?.(groupID);
    case 'GroupDismissed':
      return listener.onGroupDismissed?.(groupID, user(event.opUser));
    case 'GroupInfoChanged':
      return listener.onGroupInfoChanged?.(groupID, event.changes);
    case 'GroupAttributeChanged':
      return listener.onGroupAttributeChanged?.(groupID, event.attributes);
    case 'GroupCounterChanged':
      return listener.onGroupCounterChanged?.(groupID, event.key, event.value);
    case 'ReceiveJoinApplication':
      return listener.onReceiveJoinApplication?.(groupID, user(event.userID), event.message);
    case 'ApplicationProcessed':
      return listener.onApplicationProcessed?.(
        groupID,
        user(event.opUser),
        event.isAgreeJoin,
        event.opReason,
      );
    case 'GrantAdministrator':
      return listener.onGrantAdministrator?.(groupID, user(event.opUser), users(event.userIDs));
    case 'RevokeAdministrator':
      return listener.onRevokeAdministrator?.(groupID, user(event.opUser), users(event.userIDs));
    case 'QuitFromGroup':
      return listener.onQuitFromGroup?.(groupID);
    case 'ReceiveRESTCustomData':
      return listener.onReceiveRESTCustomData?.(groupID, event.data);
  }
}
