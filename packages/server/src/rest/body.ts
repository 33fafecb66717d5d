/**
 * The request body: raw bytes → a JSON object → an endpoint's typed request. Validation happens
 * here, at the boundary, so handlers trust their input.
 */
import type { z } from 'zod';
import { checkJsonDepth } from '../json-guard.js';
import { fail, type RestResult } from './envelope.js';

export type BodyRead<T> = { ok: true; value: T } | { ok: false; failure: RestResult };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the body as a JSON object. The original requires a body even for calls without fields
 * (login.md §8: send `{}`), so an empty body is refused like broken JSON, with `badJsonCode`.
 */
export function readJsonObject(
  raw: Buffer | undefined,
  badJsonCode: number,
): BodyRead<Record<string, unknown>> {
  const refuse = (info: string) => ({ ok: false, failure: fail(badJsonCode, info) }) as const;
  let text: string;
  try {
    text = raw === undefined ? '' : utf8.decode(raw);
  } catch {
    return refuse('the request body is not valid UTF-8');
  }
  if (text.trim() === '') return refuse('the request body is empty; send {} when a call has no fields');
  // Checked before parsing, so a body of nested brackets costs one cheap pass and nothing more.
  const shape = checkJsonDepth(text);
  if (!shape.ok) return refuse(`the request body is refused: ${shape.reason}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return refuse(
      `the request body is not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse('the request body must be a JSON object');
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * The metadata a schema attaches to a custom issue to choose its own code (for example 40601 for a
 * profile value that is too long), instead of the endpoint's code for invalid parameters.
 */
export interface IssueParams {
  errorCode: number;
}

/** Issue metadata for `refine`/`addIssue` that selects a code. */
export function withCode(errorCode: number): { params: IssueParams } {
  return { params: { errorCode } };
}

/**
 * Checks a body against an endpoint's schema. The first issue decides the answer: its own code when
 * it carries one (`withCode`), else `invalidCode`; ErrorInfo names the failing field.
 */
export function validateBody<S extends z.ZodType>(
  schema: S,
  body: Record<string, unknown>,
  invalidCode: number,
): BodyRead<z.output<S>> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  if (issue === undefined) return { ok: false, failure: fail(invalidCode) };
  const code = issue.code === 'custom' ? codeOf(issue.params) : undefined;
  const field = formatPath(issue.path);
  const info = field === '' ? issue.message : `${field}: ${issue.message}`;
  return { ok: false, failure: fail(code ?? invalidCode, info) };
}

function codeOf(params: unknown): number | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const code = (params as Partial<IssueParams>).errorCode;
  return typeof code === 'number' ? code : undefined;
}

/** `AccountList[3].Nick`, as a caller would write the field. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}
