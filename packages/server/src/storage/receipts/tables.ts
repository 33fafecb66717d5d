/** The read receipts table (migration 0019), snake_case as stored. */
export interface MessageReadsTable {
  sdk_app_id: number;
  msg_id: string;
  /** The member (or one-to-one receiver) who reported the message read. */
  user_id: string;
  /** ms of the report. */
  read_at: number;
}

export interface ReceiptTables {
  message_reads: MessageReadsTable;
}
