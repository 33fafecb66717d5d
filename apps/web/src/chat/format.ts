/** Display helpers: times and avatar colours. */

/** `14:05` today, `Mar 3` before; `nowMs` is a parameter so tests and re-renders agree. */
export function formatTime(seconds: number, nowMs: number = Date.now()): string {
  const date = new Date(seconds * 1000);
  const now = new Date(nowMs);
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

const AVATAR_COLOURS = [
  '#2563eb',
  '#7c3aed',
  '#db2777',
  '#ea580c',
  '#0d9488',
  '#4f46e5',
  '#16a34a',
  '#b45309',
];

/** The same UserID always gets the same colour, in every tab. */
export function avatarColour(userID: string): string {
  let hash = 0;
  for (const char of userID) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return AVATAR_COLOURS[hash % AVATAR_COLOURS.length] ?? '#2563eb';
}
