/** Turns `groupEvent` pushes into `V2TimGroupListener` callbacks. */
import type { GroupEventPush } from '@parley/protocol';
import { toV2TimMessage } from '../client/message-convert.js';
import type { V2TimGroupListener, V2TimGroupMemberInfo } from '../group-types.js';

const user = (userID: string): V2TimGroupMemberInfo => ({ userID });
const users = (userIDs: readonly string[]): V2TimGroupMemberInfo[] => userIDs.map(user);

/** Calls the listener's callback for one event; unknown event types (a newer server) are ignored. */
export function dispatchGroupEvent(
  listener: V2TimGroupListener,
  { groupID, event }: GroupEventPush,
  me = '',
): void {
  switch (event.type) {
    case 'MemberEnter':
      listener.onMemberEnter?.(groupID, users(event.userIDs));
      return;
    case 'MemberLeave':
      listener.onMemberLeave?.(groupID, user(event.userID));
      return;
    case 'MemberInvited':
      listener.onMemberInvited?.(groupID, user(event.opUser), users(event.userIDs));
      return;
    case 'MemberKicked':
      listener.onMemberKicked?.(groupID, user(event.opUser), users(event.userIDs));
      return;
    case 'MemberInfoChanged':
      listener.onMemberInfoChanged?.(groupID, event.changes);
      return;
    case 'AllGroupMembersMuted':
      listener.onAllGroupMembersMuted?.(groupID, event.isMute);
      return;
    case 'GroupCreated':
      listener.onGroupCreated?.(groupID);
      return;
    case 'GroupDismissed':
      listener.onGroupDismissed?.(groupID, user(event.opUser));
      return;
    case 'GroupInfoChanged':
      listener.onGroupInfoChanged?.(groupID, event.changes);
      return;
    case 'GroupAttributeChanged':
      listener.onGroupAttributeChanged?.(groupID, event.attributes);
      return;
    case 'GroupCounterChanged':
      listener.onGroupCounterChanged?.(groupID, event.key, event.value);
      return;
    case 'ReceiveJoinApplication':
      listener.onReceiveJoinApplication?.(groupID, user(event.userID), event.message);
      return;
    case 'ApplicationProcessed':
      listener.onApplicationProcessed?.(groupID, user(event.opUser), event.isAgreeJoin, event.opReason);
      return;
    case 'GrantAdministrator':
      listener.onGrantAdministrator?.(groupID, user(event.opUser), users(event.userIDs));
      return;
    case 'RevokeAdministrator':
      listener.onRevokeAdministrator?.(groupID, user(event.opUser), users(event.userIDs));
      return;
    case 'QuitFromGroup':
      listener.onQuitFromGroup?.(groupID);
      return;
    case 'ReceiveRESTCustomData':
      listener.onReceiveRESTCustomData?.(groupID, event.data);
      return;
    case 'TopicCreated':
      listener.onTopicCreated?.(groupID, event.topicID);
      return;
    case 'TopicDeleted':
      listener.onTopicDeleted?.(groupID, event.topicIDList);
      return;
    case 'TopicChanged':
      listener.onTopicChanged?.(groupID, event.topicInfo);
      return;
    case 'GroupMessagePinned':
      listener.onGroupMessagePinned?.(
        groupID,
        toV2TimMessage(event.message, me, 0),
        event.isPinned,
        user(event.opUser),
      );
      return;
  }
}
