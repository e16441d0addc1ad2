// The reception module's forms: what an operator may type, and the message when it is wrong.
import { z } from 'zod';
import { zList, zOptionalText, zText } from '../../kernel/ui/form.js';
import { isCalendarDate, romeDate } from '../desk/rome-dates.js';
import { ANSWER_RESULTS, CENTRE_KINDS, CENTRE_STATUSES, CHECKLIST_ITEM_CODES, DEPARTURE_REASONS, DOC_TYPES, HOUSING, SEVERITIES, VISIT_KINDS } from './reception-codes.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const zDate = z.string().trim().refine(isCalendarDate, { message: 'reception.validation.date' });
const zPlaces = z.coerce.number({ message: 'reception.validation.wholeNumber' }).int({ message: 'reception.validation.wholeNumber' }).min(0, { message: 'reception.validation.notNegative' }).max(2000);

export const ZCentre = z
  .object({
    // Not "code": forms do not echo fields whose name ends so (kernel/ui/form.ts treats them as secrets).
    identifier: z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{1,29}$/, { message: 'reception.validation.centreCode' }),
    name: zText(200),
    kind: z.enum(CENTRE_KINDS),
    housing: z.enum(HOUSING),
    managingBodyId: z.string().regex(UUID, { message: 'validation.choose' }),
    municipalityCode: z.string().regex(/^[0-9]{6}$/, { message: 'validation.choose' }),
    address: zText(300),
    capacityMen: zPlaces.default(0),
    capacityWomen: zPlaces.default(0),
    capacityFamilies: zPlaces.default(0),
    contractStart: zDate,
    contractEnd: zDate,
    placesContracted: z.coerce.number({ message: 'reception.validation.wholeNumber' }).int({ message: 'reception.validation.wholeNumber' }).min(0, { message: 'reception.validation.notNegative' }).max(6000),
    dailyRate: z
      .string()
      .trim()
      .regex(/^\d{1,4}([.,]\d{1,2})?$/, { message: 'reception.validation.rate' })
      .transform((v) => Math.round(Number(v.replace(',', '.')) * 100)),
    contactPhone: zOptionalText(40),
    contactEmail: z.string().trim().toLowerCase().max(254).pipe(z.email({ message: 'validation.email' })).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.contractEnd < c.contractStart) ctx.addIssue({ code: 'custom', path: ['contractEnd'], message: 'reception.validation.endBeforeStart' });
    if (c.capacityMen + c.capacityWomen + c.capacityFamilies === 0) ctx.addIssue({ code: 'custom', path: ['capacityMen'], message: 'reception.validation.noCapacity' });
  });
export type TCentre = z.output<typeof ZCentre>;
export const ZCentreEdit = z.intersection(ZCentre, z.object({ status: z.enum(CENTRE_STATUSES) }));
export const ZDueDate = z.object({ docType: z.enum(DOC_TYPES) });

/** One register line typed on screen: the same checks as a file's line follow. (Not "…Code": forms do not echo fields named so.) */
export const ZRegisterLine = z
  .object({
    centre: zText(30),
    event: z.enum(['arrival', 'departure', 'count']),
    date: zDate.refine((d) => d <= romeDate(), { message: 'reception.validation.future' }),
    guest: zOptionalText(30),
    reason: z.enum(DEPARTURE_REASONS).optional(),
    present: z.string().trim().max(7).optional(),
  })
  .superRefine((l, ctx) => {
    if (l.event !== 'count' && !l.guest) ctx.addIssue({ code: 'custom', path: ['guest'], message: 'validation.required' });
    if (l.event === 'departure' && !l.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'validation.choose' });
    if (l.event === 'count' && !l.present) ctx.addIssue({ code: 'custom', path: ['present'], message: 'validation.required' });
  });

export const ZDocumentUpload = z.object({
  docType: z.enum(DOC_TYPES),
  expiresOn: zDate.optional(),
});

export const ZReturn = z.object({ reason: zText(2000) });

export const ZPlanVisit = z.object({
  centreId: z.string().regex(UUID, { message: 'validation.choose' }),
  kind: z.enum(VISIT_KINDS),
  plannedOn: zDate,
  inspectorIds: zList(z.string().regex(UUID)).pipe(z.array(z.string()).min(2, { message: 'reception.validation.team' })),
});

export const ZAnswers = z.object({
  visitedOn: zDate.refine((d) => d <= romeDate(), { message: 'reception.validation.future' }),
  countedPresent: z.coerce.number({ message: 'reception.validation.wholeNumber' }).int({ message: 'reception.validation.wholeNumber' }).min(0, { message: 'reception.validation.notNegative' }).max(6000).optional(),
  complete: z.enum(['yes']).optional(),
});
export const zAnswerResult = z.enum(ANSWER_RESULTS);

export const ZFinding = z.object({
  itemCode: z.enum(CHECKLIST_ITEM_CODES as [string, ...string[]]),
  severity: z.enum(SEVERITIES),
  description: zText(2000),
  actionRequired: zText(2000),
  dueDays: z.coerce.number({ message: 'reception.validation.wholeNumber' }).int({ message: 'reception.validation.wholeNumber' }).min(1, { message: 'reception.validation.dueDays' }).max(365, { message: 'reception.validation.dueDays' }),
});

export const ZAnswerFinding = z.object({ response: zText(2000) });
export const ZCloseFinding = z.object({ visitId: z.string().regex(UUID, { message: 'validation.choose' }) });
export const ZMonth = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional().catch(undefined) });

export const ZChecklist = z.object({ items: zList(z.enum(CHECKLIST_ITEM_CODES as [string, ...string[]])).pipe(z.array(z.string()).min(1, { message: 'reception.validation.emptyChecklist' })) });
