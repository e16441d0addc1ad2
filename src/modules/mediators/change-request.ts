// Everything that happens to a request after it is made: the coordinator assigns a mediator (or offers the
// request to one, who accepts or declines), or records that nobody could be found; the requester or the
// coordinator cancels or moves it, with a reason; the mediator records the hours and the outcome; the
// requester confirms and rates. Each step checks who acts and from which status, locks the request (and,
// for a booking, the mediator's roster record, so that two bookings of one mediator cannot cross), writes
// an event and an audit record, and tells the other side — with a calendar invitation when a meeting is
// booked, moved or cancelled. A refused step changes nothing.
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../../kernel/db/client.js';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { mailOutside, notify, type NotifyInput } from '../../kernel/notify/notify.js';
import { rolesHold, type Role } from '../../kernel/access/policy.js';
import { languageName, romeInstant } from './deps.js';
import { BOOKED_STATUSES, MediationError, OPEN_STATUSES, type Outcome, type RequestStatus } from './mediation-status.js';
import { mediatorsRepo, type RequestRow } from './mediators.repo.js';
import { invitation } from './invitation.js';

export interface Actor extends AuditActor {
  userId: string;
  organizationId: string;
  roles: readonly Role[];
}

export type ChangeInput =
  | { action: 'assign' | 'offer'; mediatorId: string; date?: string | undefined; time?: string | undefined }
  | { action: 'accept' | 'decline' }
  | { action: 'unmet'; reason: string }
  | { action: 'cancel'; reason: string }
  | { action: 'reschedule'; date: string; time: string; reason: string }
  | { action: 'report'; hours: number; outcome: Outcome }
  | { action: 'confirm'; rating: number; comment?: string | undefined };

/** `forMediator`: a coordinator acting for a mediator who has no Ponte account (records their hours). */
type Party = 'coordinator' | 'mediator' | 'requester' | 'forMediator';

/** Which sides of this request the actor is on. */
export async function partiesOf(tx: Tx, actor: Actor, request: RequestRow): Promise<Party[]> {
  const parties: Party[] = [];
  if (rolesHold(actor.roles, 'mediators.roster')) {
    parties.push('coordinator');
    if (request.mediator_id && !request.mediator_user_id) parties.push('forMediator');
  }
  if (rolesHold(actor.roles, 'mediators.own') && request.mediator_id && request.mediator_user_id === actor.userId) parties.push('mediator');
  if (rolesHold(actor.roles, 'mediators.ask') && request.organization_id === actor.organizationId) parties.push('requester');
  return parties;
}

const RULES: Record<ChangeInput['action'], { by: Party[]; from: RequestStatus[] }> = {
  // From 'assigned' too: the coordinator gives the meeting to someone else (a mediator suspended or ill).
  assign: { by: ['coordinator'], from: ['requested', 'offered', 'assigned'] },
  offer: { by: ['coordinator'], from: ['requested'] },
  accept: { by: ['mediator'], from: ['offered'] },
  decline: { by: ['mediator'], from: ['offered'] },
  unmet: { by: ['coordinator'], from: ['requested'] },
  cancel: { by: ['coordinator', 'requester'], from: [...OPEN_STATUSES] },
  reschedule: { by: ['coordinator', 'requester'], from: [...OPEN_STATUSES] },
  report: { by: ['mediator', 'forMediator'], from: ['assigned'] },
  confirm: { by: ['requester'], from: ['done'] },
};

/** The actions this actor may take now: what the request's page offers. */
export function allowedActions(parties: Party[], status: RequestStatus): ChangeInput['action'][] {
  return (Object.keys(RULES) as ChangeInput['action'][]).filter((a) => RULES[a].from.includes(status) && RULES[a].by.some((p) => parties.includes(p)));
}

const endOf = (startsAt: Date, minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);

async function event(tx: Tx, actor: Actor, id: string, from: RequestStatus, to: RequestStatus, reason: string | null) {
  await tx.execute(sql`INSERT INTO med_request_events (request_id, actor_user_id, from_status, to_status, reason) VALUES (${id}, ${actor.userId}, ${from}, ${to}, ${reason})`);
}

/** Books a mediator for a time: active, speaking the language, and free of other bookings then. */
async function checkBooking(tx: Tx, request: RequestRow, mediatorId: string, startsAt: Date): Promise<{ user_id: string | null }> {
  const m = await mediatorsRepo.lock(tx, mediatorId);
  if (!m) throw new MediationError('notFound');
  if (m.status !== 'active') throw new MediationError('suspended');
  const speaks = await rows(tx, sql`SELECT 1 FROM med_languages WHERE mediator_id = ${mediatorId} AND language_code = ${request.language_code}`);
  if (speaks.length === 0) throw new MediationError('noLanguage');
  if ((await mediatorsRepo.overlapping(tx, mediatorId, startsAt, endOf(startsAt, request.duration_minutes), request.id)) > 0) throw new MediationError('overlap');
  return m;
}

/** The news of a change for the requester's organization, the mediator (their account, or their e-mail) and the coordinators. */
async function tell(
  tx: Tx,
  kernel: Kernel,
  request: RequestRow,
  to: { requester?: boolean; mediator?: boolean; coordinators?: boolean },
  message: { kind: string; key: string; ics?: 'REQUEST' | 'CANCEL' },
) {
  const params = {
    language: languageName(request.language_code, 'it'),
    organization: request.organization_name,
    mediator: request.mediator_name ?? '',
  };
  const link = `/mediation/requests/${request.id}`;
  const attachments: NotifyInput['attachments'] = message.ics ? (tr) => invitation(tr, request, kernel.config.publicUrl, message.ics) : undefined;
  const base = { kind: message.kind, messageKey: message.key, params, link, ...(attachments ? { attachments } : {}) };
  if (to.requester) await notify(tx, kernel, { ...base, organizationId: request.organization_id, permission: 'mediators.ask' });
  if (to.mediator && request.mediator_user_id && request.mediator_organization_id) {
    await notify(tx, kernel, { ...base, organizationId: request.mediator_organization_id, permission: null, userId: request.mediator_user_id });
  } else if (to.mediator && request.mediator_email && attachments) {
    // A mediator of the roster without an account: the invitation (or its change, or its withdrawal) goes to
    // the address the roster holds, in Italian, the roster's working language.
    await mailOutside(tx, kernel, { to: request.mediator_email, locale: 'it', messageKey: message.key, params, attachments });
  }
  if (to.coordinators) {
    for (const organizationId of await mediatorsRepo.coordinatorOrganizations(tx)) {
      await notify(tx, kernel, { ...base, attachments: undefined, organizationId, permission: 'mediators.roster' } as NotifyInput);
    }
  }
}

export async function changeRequest(tx: Tx, kernel: Kernel, actor: Actor, requestId: string, input: ChangeInput, now = new Date()): Promise<RequestStatus> {
  const request = await mediatorsRepo.lockRequest(tx, requestId);
  if (!request) throw new MediationError('notFound');
  const parties = await partiesOf(tx, actor, request);
  if (parties.length === 0) throw new MediationError('notFound');
  const rule = RULES[input.action];
  if (!rule.by.some((p) => parties.includes(p))) throw new MediationError('notAllowed');
  if (!rule.from.includes(request.status)) throw new MediationError('alreadyChanged');
  const from = request.status;
  const audit = (action: string, details: Record<string, unknown> = {}) =>
    recordAudit(tx, actor, { action, entityType: 'mediation_request', entityId: request.id, details: { from, ...details } });
  const reload = async () => (await mediatorsRepo.lockRequest(tx, request.id))!;

  switch (input.action) {
    case 'assign':
    case 'offer': {
      let startsAt = request.starts_at;
      if (input.date && input.time) startsAt = romeInstant(input.date, input.time);
      if (!startsAt) throw new MediationError('timeRequired');
      if (startsAt.getTime() <= now.getTime()) throw new MediationError('inPast');
      const mediator = await checkBooking(tx, request, input.mediatorId, startsAt);
      // An offer waits for the mediator's answer in Ponte: one without an account could never give it.
      if (input.action === 'offer' && !mediator.user_id) throw new MediationError('noAccount');
      const to: RequestStatus = input.action === 'assign' ? 'assigned' : 'offered';
      const moved = request.starts_at?.getTime() !== startsAt.getTime();
      await tx.execute(sql`UPDATE med_requests SET status = ${to}, mediator_id = ${input.mediatorId}, starts_at = ${startsAt},
          assigned_at = CASE WHEN ${to} = 'assigned' THEN now() ELSE assigned_at END,
          ics_sequence = ics_sequence + ${moved || from !== 'requested' ? 1 : 0}, updated_at = now() WHERE id = ${request.id}`);
      await event(tx, actor, request.id, from, to, null);
      await audit(input.action === 'assign' ? 'mediation.request.assigned' : 'mediation.request.offered', { mediatorId: input.mediatorId });
      const fresh = await reload();
      // The mediator who had it (offered or assigned) and no longer has it: their invitation is withdrawn.
      if (request.mediator_id && request.mediator_id !== input.mediatorId) {
        await tell(
          tx,
          kernel,
          { ...request, ics_sequence: fresh.ics_sequence },
          { mediator: true },
          { kind: 'mediation.unassigned', key: 'mediators.notify.unassigned', ...(from === 'assigned' ? { ics: 'CANCEL' as const } : {}) },
        );
      }
      if (to === 'assigned') {
        await tell(tx, kernel, fresh, { requester: true, mediator: true }, { kind: 'mediation.assigned', key: 'mediators.notify.assigned', ics: 'REQUEST' });
      } else {
        await tell(tx, kernel, fresh, { mediator: true }, { kind: 'mediation.offered', key: 'mediators.notify.offered' });
      }
      return to;
    }
    case 'accept': {
      await checkBooking(tx, request, request.mediator_id!, request.starts_at!);
      await tx.execute(sql`UPDATE med_requests SET status = 'assigned', assigned_at = now(), updated_at = now() WHERE id = ${request.id}`);
      await event(tx, actor, request.id, from, 'assigned', null);
      await audit('mediation.request.accepted');
      await tell(tx, kernel, await reload(), { requester: true, mediator: true, coordinators: true }, { kind: 'mediation.assigned', key: 'mediators.notify.assigned', ics: 'REQUEST' });
      return 'assigned';
    }
    case 'decline': {
      await tx.execute(sql`UPDATE med_requests SET status = 'requested', mediator_id = NULL, updated_at = now() WHERE id = ${request.id}`);
      await event(tx, actor, request.id, from, 'requested', null);
      await audit('mediation.request.offerDeclined');
      await tell(tx, kernel, request, { coordinators: true }, { kind: 'mediation.declined', key: 'mediators.notify.offerDeclined' });
      return 'requested';
    }
    case 'unmet': {
      await tx.execute(sql`UPDATE med_requests SET status = 'unmet', ended_at = now(), cancel_reason = ${input.reason}, updated_at = now() WHERE id = ${request.id}`);
      await event(tx, actor, request.id, from, 'unmet', input.reason);
      await audit('mediation.request.unmet');
      await tell(tx, kernel, request, { requester: true }, { kind: 'mediation.unmet', key: 'mediators.notify.noneFound' });
      return 'unmet';
    }
    case 'cancel': {
      await tx.execute(sql`UPDATE med_requests SET status = 'cancelled', ended_at = now(), cancel_reason = ${input.reason}, ics_sequence = ics_sequence + 1, updated_at = now() WHERE id = ${request.id}`);
      await event(tx, actor, request.id, from, 'cancelled', input.reason);
      await audit('mediation.request.cancelled', { by: parties.includes('requester') ? 'requester' : 'coordinator' });
      const booked = BOOKED_STATUSES.includes(from);
      await tell(
        tx,
        kernel,
        await reload(),
        { requester: !parties.includes('requester'), mediator: booked, coordinators: !parties.includes('coordinator') },
        { kind: 'mediation.cancelled', key: 'mediators.notify.cancelled', ...(booked ? { ics: 'CANCEL' as const } : {}) },
      );
      return 'cancelled';
    }
    case 'reschedule': {
      const startsAt = romeInstant(input.date, input.time);
      if (startsAt.getTime() <= now.getTime()) throw new MediationError('inPast');
      const booked = BOOKED_STATUSES.includes(from);
      if (booked) await checkBooking(tx, request, request.mediator_id!, startsAt);
      await tx.execute(sql`UPDATE med_requests SET starts_at = ${startsAt}, asap = false, ics_sequence = ics_sequence + 1, updated_at = now() WHERE id = ${request.id}`);
      await event(tx, actor, request.id, from, from, input.reason);
      await audit('mediation.request.rescheduled', { startsAt: startsAt.toISOString() });
      await tell(
        tx,
        kernel,
        await reload(),
        { requester: !parties.includes('requester') || booked, mediator: booked, coordinators: !parties.includes('coordinator') },
        { kind: 'mediation.rescheduled', key: 'mediators.notify.rescheduled', ...(from === 'assigned' ? { ics: 'REQUEST' as const } : {}) },
      );
      return from;
    }
    case 'report': {
      if (request.starts_at && request.starts_at.getTime() > now.getTime()) throw new MediationError('notYet');
      await tx.execute(sql`UPDATE med_requests SET status = 'done', hours = ${input.hours}, outcome = ${input.outcome}, done_at = now(), updated_at = now() WHERE id = ${request.id}`);
      await event(tx, actor, request.id, from, 'done', null);
      await audit('mediation.request.done', { hours: input.hours, outcome: input.outcome, by: parties.includes('mediator') ? 'mediator' : 'coordinator' });
      await tell(tx, kernel, request, { requester: true }, { kind: 'mediation.done', key: 'mediators.notify.done' });
      return 'done';
    }
    case 'confirm': {
      await tx.execute(sql`UPDATE med_requests SET status = 'confirmed', rating = ${input.rating}, requester_comment = ${input.comment ?? null},
          confirmed_at = now(), ended_at = now(), updated_at = now() WHERE id = ${request.id}`);
      await event(tx, actor, request.id, from, 'confirmed', null);
      await audit('mediation.request.confirmed', { rating: input.rating });
      return 'confirmed';
    }
  }
}
