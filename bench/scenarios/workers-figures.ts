/**
 * The servers of the workers scenario and the names of its figures, apart from the scenario itself so
 * the target checks can name them without loading PostgreSQL's client.
 */

export const SKIPPED = 'skipped: needs PostgreSQL and Redis';

export type VariantID = 'sqlite' | 'single' | 'workers';

export interface Variant {
  id: VariantID;
  label: string;
  cluster: boolean;
  args: string[];
}

export const VARIANTS: readonly Variant[] = [
  { id: 'single', label: '1 process, PostgreSQL + Redis', cluster: true, args: [] },
  { id: 'workers', label: '--workers 2, PostgreSQL + Redis', cluster: true, args: ['--workers', '2'] },
  { id: 'sqlite', label: '1 process, SQLite (default)', cluster: false, args: [] },
];

const RATIO = '--workers 2 ÷ 1 process, both PostgreSQL + Redis';

const labelOf = (id: VariantID | 'ratio') =>
  id === 'ratio' ? RATIO : (VARIANTS.find((v) => v.id === id)?.label ?? id);

export const workersLogins = (id: VariantID | 'ratio') => `logins/s, ${labelOf(id)}`;
export const workersMessages = (id: VariantID | 'ratio') => `highest sustained messages/s, ${labelOf(id)}`;
