/** Queries on one user's history with a peer that the store's writes need. */
import type { Kysely } from 'kysely';
import type { StorageSchema } from '../schema.js';
import type { ConversationRow } from './rows.js';
import { loadMessages } from './timeline.js';

type Db = Kysely<StorageSchema>;

export async function deleteHistory(
  trx: Db,
  sdkAppID: number,
  userID: string,
  peerID: string,
): Promise<void> {
  await trx
    .deleteFrom('timeline_events')
    .where('sdk_app_id', '=', sdkAppID)
    .where('user_id', '=', userID)
    .where('peer_id', '=', peerID)
    .where('kind', '=', 'message')
    .execute();
}

/** The newest message left in the user's history with `peerID` that may be a last message. */
export async function latestMessage(
  trx: Db,
  sdkAppID: number,
  userID: string,
  peerID: string,
): Promise<{ msgID: string; seq: number } | null> {
  const row = await trx
    .selectFrom('timeline_events as t')
    .innerJoin('c2c_messages as m', (join) =>
      join.onRef('m.sdk_app_id', '=', 't.sdk_app_id').onRef('m.msg_id', '=', 't.msg_id'),
    )
    .select(['t.msg_id', 't.seq'])
    .where('t.sdk_app_id', '=', sdkAppID)
    .where('t.user_id', '=', userID)
    .where('t.peer_id', '=', peerID)
    .where('t.kind', '=', 'message')
    .where('m.excluded_last', '=', 0)
    .orderBy('t.seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.msg_id ? { msgID: row.msg_id, seq: Number(row.seq) } : null;
}

/** A read marker moves only when something is unread or the peer's newest message is after it. */
export async function hasSomethingToRead(trx: Db, conversation: ConversationRow): Promise<boolean> {
  if (Number(conversation.unread_count) > 0) return true;
  if (conversation.last_msg_id === null) return false;
  const last = (await loadMessages(trx, Number(conversation.sdk_app_id), [conversation.last_msg_id])).get(
    conversation.last_msg_id,
  );
  return (
    last !== undefined &&
    last.sender_id !== conversation.user_id &&
    Number(last.time) > Number(conversation.read_time)
  );
}
