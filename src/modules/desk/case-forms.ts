// The forms of case handling. The case page shows several forms at once, so each field has its own name.
// Dates are calendar dates (no 30 February); a meeting is recorded once held (not in the future), an action
// is planned for today or later.
import { z } from 'zod';
import { zCheckbox, zList, zOptionalText } from '../../kernel/ui/form.js';
import { ACTION_STATUSES, CASE_OUTCOMES, GOAL_STATUSES } from './cases.repo.js';
import { isCalendarDate, romeDate } from './rome-dates.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const zId = z.string().regex(UUID, { message: 'validation.choose' });


/** Today's date in Rome, YYYY-MM-DD. */
export const todayInRome = romeDate;

const zDate = z
  .string()
  .trim()
  .refine(isCalendarDate, { message: 'cases.validation.date' })
  .refine((v) => v >= '2000-01-01' && v <= '2100-12-31', { message: 'cases.validation.date' });

export const ZTeam = z.object({ members: zList(zId).pipe(z.array(zId).max(50)) });

export const ZFlag = z.object({
  members: zList(zId).pipe(z.array(zId).max(50)),
  reason: zOptionalText(500),
  confirm: zCheckbox.refine((v) => v, { message: 'cases.validation.confirmFlag' }),
});

export const ZGoal = z.object({ goalTitle: z.string().trim().min(2).max(300) });
export const ZGoalStatus = z.object({ status: z.enum(GOAL_STATUSES) });

export const ZAction = z.object({
  actionDescription: z.string().trim().min(2).max(500),
  actionOrganization: zId,
  actionDue: zDate.refine((v) => v >= todayInRome(), { message: 'cases.validation.dueInPast' }).optional(),
  actionGoal: zId.optional(),
});
export const ZActionStatus = z.object({ status: z.enum(ACTION_STATUSES) });

export const ZMeeting = z.object({
  meetingDate: zDate.refine((v) => v <= todayInRome(), { message: 'cases.validation.meetingInFuture' }),
  meetingParticipants: z.string().trim().min(2).max(1000),
  meetingNotes: z.string().trim().min(1).max(4000),
});

export const ZClose = z
  .object({ closeOutcome: z.enum(CASE_OUTCOMES), closeNote: zOptionalText(2000) })
  .superRefine((v, ctx) => {
    if (v.closeOutcome === 'other' && !v.closeNote) ctx.addIssue({ code: 'custom', path: ['closeNote'], message: 'cases.validation.noteForOther' });
  });

export const ZReferralNote = z.object({ referralNote: zOptionalText(500) });
