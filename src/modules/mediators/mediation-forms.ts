// The mediators' forms: the roster record, the weekly availability, an absence, a request, and the actions
// on a request. Each schema gives message keys; cross-field rules return errors on the field to correct.
import { z } from 'zod';
import { zCheckbox, zEmail, zList, zOptionalText, zText, type FieldErrors } from '../../kernel/ui/form.js';
import { isCalendarDate } from '../desk/index.js';
import { GENDER_PREFERENCES, GENDERS, LEVELS, MEDIATION_LANGUAGES, MODES, OUTCOMES, SETTINGS, type Level } from './mediation-status.js';

/** Rows of languages the roster form accepts; it shows at least four, and one free row below those in use. */
export const LANGUAGE_ROWS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

/** How many language rows to show: four, or one more than the rows in use (the record's or those typed). */
export function languageRowsShown(recorded: number, values: Record<string, unknown>): number {
  const typed = LANGUAGE_ROWS.filter((n) => [`lang${n}`, `level${n}`, `dialects${n}`].some((k) => values[k])).at(-1) ?? 0;
  return Math.min(LANGUAGE_ROWS.length, Math.max(4, recorded + 1, typed + 1));
}
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const zTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'mediators.validation.time' });
const zDate = z.string().refine(isCalendarDate, { message: 'mediators.validation.date' });
const zMunicipality = z.string().regex(/^[0-9]{6}$/, { message: 'validation.choose' });

const availabilityShape = Object.fromEntries(WEEKDAYS.flatMap((d) => [[`from${d}`, zTime.optional()], [`to${d}`, zTime.optional()]])) as Record<
  string,
  z.ZodOptional<typeof zTime>
>;

export const ZAvailability = z.object(availabilityShape);

export const ZMediator = z.object({
  fullName: zText(120),
  email: zEmail.optional(),
  phone: z.string().trim().max(40).regex(/^[+0-9 ()./-]*$/, { message: 'mediators.validation.phone' }).optional(),
  gender: z.enum(GENDERS).optional(),
  accountEmail: zEmail.optional(),
  qualifications: zOptionalText(2000),
  training: zOptionalText(2000),
  tortureSupport: zCheckbox,
  municipalities: zList(zMunicipality),
  modes: zList(z.enum(MODES)).pipe(z.array(z.enum(MODES)).min(1)),
  ...(Object.fromEntries(
    LANGUAGE_ROWS.flatMap((n) => [
      [`lang${n}`, z.enum(MEDIATION_LANGUAGES).optional()],
      [`level${n}`, z.enum(LEVELS).optional()],
      [`written${n}`, zCheckbox],
      [`dialects${n}`, zOptionalText(120)],
    ]),
  ) as Record<string, z.ZodType>),
  ...availabilityShape,
});

export interface LanguageInput {
  code: string;
  level: Level;
  writtenTranslation: boolean;
  dialects: string | null;
}

export interface WeeklySlot {
  weekday: number;
  starts: string;
  ends: string;
}

export interface MediatorInput {
  fullName: string;
  email: string | null;
  phone: string | null;
  gender: string | null;
  accountEmail: string | null;
  qualifications: string;
  training: string;
  tortureSupport: boolean;
  municipalities: string[];
  modes: string[];
  languages: LanguageInput[];
  weekly: WeeklySlot[];
}

/** The weekly pattern of a valid form, or the errors of its rows. */
export function weeklyOf(data: Record<string, unknown>): { weekly: WeeklySlot[]; errors: FieldErrors } {
  const weekly: WeeklySlot[] = [];
  const errors: FieldErrors = {};
  WEEKDAYS.forEach((d, i) => {
    const from = data[`from${d}`] as string | undefined;
    const to = data[`to${d}`] as string | undefined;
    if (!from && !to) return;
    if (!from) errors[`from${d}`] = { key: 'mediators.validation.bothTimes' };
    else if (!to) errors[`to${d}`] = { key: 'mediators.validation.bothTimes' };
    else if (from >= to) errors[`to${d}`] = { key: 'mediators.validation.endAfterStart' };
    else weekly.push({ weekday: i + 1, starts: from, ends: to });
  });
  return { weekly, errors };
}

/** The roster record of a valid form, or the errors of its cross-field rules. */
export function mediatorOf(data: z.output<typeof ZMediator>): { ok: true; input: MediatorInput } | { ok: false; errors: FieldErrors } {
  const d = data as Record<string, unknown>;
  const errors: FieldErrors = {};
  const languages: LanguageInput[] = [];
  const seen = new Set<string>();
  for (const n of LANGUAGE_ROWS) {
    const code = d[`lang${n}`] as string | undefined;
    const level = d[`level${n}`] as Level | undefined;
    if (!code) continue;
    if (!level) errors[`level${n}`] = { key: 'mediators.validation.levelRequired' };
    else if (seen.has(code)) errors[`lang${n}`] = { key: 'mediators.validation.languageTwice' };
    else {
      seen.add(code);
      languages.push({ code, level, writtenTranslation: d[`written${n}`] === true, dialects: (d[`dialects${n}`] as string | undefined) ?? null });
    }
  }
  if (languages.length === 0 && !errors.level1) errors.lang1 = { key: 'mediators.validation.languageRequired' };
  const { weekly, errors: weeklyErrors } = weeklyOf(d);
  Object.assign(errors, weeklyErrors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      fullName: data.fullName,
      email: data.email ?? null,
      phone: data.phone ?? null,
      gender: data.gender ?? null,
      accountEmail: data.accountEmail ?? null,
      qualifications: data.qualifications ?? '',
      training: data.training ?? '',
      tortureSupport: data.tortureSupport,
      municipalities: [...new Set(data.municipalities)],
      modes: [...new Set(data.modes)],
      languages,
      weekly,
    },
  };
}

export const ZSuspend = z.object({ suspendReason: zText(500) });

export const ZAbsence = z.object({ absenceFrom: zDate, absenceTo: zDate, absenceNote: zOptionalText(200) });

export const DURATIONS = [30, 45, 60, 90, 120, 180, 240] as const;

export const ZRequest = z.object({
  language: z.enum(MEDIATION_LANGUAGES),
  dialect: zOptionalText(80),
  when: z.enum(['at', 'asap']),
  date: zDate.optional(),
  time: zTime.optional(),
  duration: z.coerce.number().int().refine((n) => (DURATIONS as readonly number[]).includes(n), { message: 'validation.choose' }),
  mode: z.enum(MODES),
  place: zOptionalText(200),
  municipality: zMunicipality.optional(),
  setting: z.enum(SETTINGS),
  genderPreference: z.enum(GENDER_PREFERENCES).default('any'),
  tortureVictim: zCheckbox,
  purpose: zText(500),
  caseReference: z
    .string()
    .trim()
    .max(40)
    .regex(/^[\p{L}\p{N} ._/-]*$/u, { message: 'mediators.validation.reference' })
    .optional(),
});
export type TRequest = z.output<typeof ZRequest>;

export const ZAssign = z.object({ mediatorId: z.uuid({ message: 'validation.choose' }), assignDate: zDate.optional(), assignTime: zTime.optional() });
export const ZReason = z.object({ reason: zText(500) });
export const ZReschedule = z.object({ newDate: zDate, newTime: zTime, rescheduleReason: zText(500) });
const HOURS = { message: 'mediators.validation.hours' };
export const ZReport = z.object({
  hours: z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(',', '.') : v),
    z.coerce.number(HOURS).min(0.25, HOURS).max(12, HOURS).multipleOf(0.25, HOURS),
  ),
  outcome: z.enum(OUTCOMES),
});
export const ZConfirm = z.object({ rating: z.coerce.number().int().min(1).max(5), comment: zOptionalText(500) });
