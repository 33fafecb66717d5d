/**
 * The two groups of the groups scenario and the names of their figures, apart from the scenario so
 * the target checks and the chart can name them without loading the REST client.
 */

export type GroupKindID = 'work' | 'room';

export interface GroupKind {
  id: GroupKindID;
  /** The group's type as REST `create_group` names it. */
  type: 'Work' | 'AVChatRoom';
  label: string;
  /** Members join with their own client's `joinGroup` (AVChatRoom: REST cannot add them). */
  joinByClient: boolean;
}

export const GROUP_KINDS: readonly GroupKind[] = [
  { id: 'work', type: 'Work', label: 'Work group', joinByClient: false },
  { id: 'room', type: 'AVChatRoom', label: 'AVChatRoom', joinByClient: true },
];

const labelOf = (id: GroupKindID) => GROUP_KINDS.find((k) => k.id === id)?.label ?? id;

/** Deliveries per second while one message reaches every online member. */
export const groupDeliveries = (id: GroupKindID) => `${labelOf(id)}: deliveries/s`;
/** From the send to the last online member having the message, per message. */
export const groupLastP50 = (id: GroupKindID) => `${labelOf(id)}: send→last member p50`;
export const groupLastP99 = (id: GroupKindID) => `${labelOf(id)}: send→last member p99`;

export const groupFigures = (id: GroupKindID): string[] => [
  groupDeliveries(id),
  groupLastP50(id),
  groupLastP99(id),
];
