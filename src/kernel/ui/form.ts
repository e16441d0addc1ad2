// Form parsing: one zod schema per form; errors come back as message keys per field, and the values the
// person typed come back too, so that a page can show both and nothing entered is lost.
import { z } from 'zod';
import type { Params } from '../i18n/i18n.js';

export interface MessageRef {
  key: string;
  params?: Params;
}

export type FieldErrors = Record<string, MessageRef>;
export type FormValues = Record<string, string | string[] | undefined>;

export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/** Values as typed, for redisplay; passwords and secrets are never echoed back. */
function echo(body: unknown): FormValues {
  const values: FormValues = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (/password|secret|_csrf|code$/i.test(k)) continue;
      if (typeof v === 'string') values[k] = v;
      else if (Array.isArray(v)) values[k] = v.filter((x): x is string => typeof x === 'string');
    }
  }
  return values;
}

/** Empty form fields arrive as ''; for the schema they are absent. */
function blanksToUndefined(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      out[k] = typeof v === 'string' && v.trim() === '' ? undefined : v;
    }
  }
  return out;
}

export function issueToMessage(issue: z.core.$ZodIssue): MessageRef {
  // A schema's own message key: 'validation.x', or a module's 'desk.validation.x'.
  if (/^(?:[a-z]+\.)?validation\.[\w.]+$/.test(issue.message)) return { key: issue.message };
  switch (issue.code) {
    case 'invalid_type':
      return { key: 'validation.required' };
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? { key: 'validation.required' } : { key: 'validation.tooShort', params: { min: Number(issue.minimum) } };
      }
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'validation.chooseAtLeast', params: { min: Number(issue.minimum) } };
      return { key: 'validation.tooSmall', params: { min: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'validation.tooLong', params: { max: Number(issue.maximum) } };
      return { key: 'validation.tooBig', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      return issue.format === 'email' ? { key: 'validation.email' } : { key: 'validation.invalid' };
    case 'invalid_value':
      return { key: 'validation.choose' };
    default:
      return { key: 'validation.invalid' };
  }
}

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = echo(body);
  const result = schema.safeParse(blanksToUndefined(body));
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    errors[field] ??= issueToMessage(issue);
  }
  return { ok: false, errors, values };
}

/** Form helpers for zod: a text field that is trimmed and bounded, a checkbox list, a checkbox. */
export const zText = (max: number) => z.string().trim().min(1).max(max);
export const zOptionalText = (max: number) => z.string().trim().max(max).optional();
export const zEmail = z.string().trim().toLowerCase().max(254).pipe(z.email({ message: 'validation.email' }));
export const zList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));
export const zCheckbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean());
