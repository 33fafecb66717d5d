/**
 * The frame envelope every request shares. Each op's data is checked by the schema it was
 * registered with (session/op-table.ts), so the transport knows no feature.
 */
import { z } from 'zod';

export const envelopeSchema = z.object({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  op: z.string().max(64),
  data: z.unknown().optional(),
});

/** The first problem of a failed parse, with its path, for the reply's `desc`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? issue.path.join('.') : '(frame)';
  return `${path}: ${issue.message}`;
}
