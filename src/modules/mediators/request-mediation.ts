// An operator of a school, a health service or an office asks for a mediator. A language nobody in the
// roster covers is not refused: the request is kept as "unmet", and counts in the figures of the languages
// to recruit. A time in the past is refused (nothing is saved, the form keeps what was typed).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../kernel/db/client.js';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { notify } from '../../kernel/notify/notify.js';
import { languageName, romeInstant } from './deps.js';
import { MediationError, type RequestStatus } from './mediation-status.js';
import { mediatorsRepo } from './mediators.repo.js';
import type { TRequest } from './mediation-forms.js';

/** A meeting may be asked for no later than this many minutes before it starts. */
export const MIN_NOTICE_MINUTES = 0;

/** When the meeting starts, from the form: null for "as soon as possible"; refused when missing or past. */
export function startOf(input: Pick<TRequest, 'when' | 'date' | 'time'>, now: Date): Date | null {
  if (input.when === 'asap') return null;
  if (!input.date || !input.time) throw new MediationError('timeRequired');
  const at = romeInstant(input.date, input.time);
  if (at.getTime() <= now.getTime() + MIN_NOTICE_MINUTES * 60_000) throw new MediationError('inPast');
  return at;
}

export async function requestMediation(tx: Tx, kernel: Kernel, actor: AuditActor, input: TRequest, now = new Date()): Promise<{ id: string; status: RequestStatus }> {
  if (!actor.organizationId) throw new MediationError('notAllowed');
  const startsAt = startOf(input, now);
  if (input.mode === 'in_person' && !input.municipality) throw new MediationError('notAllowed');
  const covered = await mediatorsRepo.coversLanguage(tx, input.language);
  const status: RequestStatus = covered ? 'requested' : 'unmet';
  const id = randomUUID();
  await tx.execute(sql`INSERT INTO med_requests (id, organization_id, requested_by, language_code, dialect, asap, starts_at, duration_minutes, mode,
      place, municipality_code, setting, gender_preference, torture_victim, purpose, case_reference, status, ended_at)
    VALUES (${id}, ${actor.organizationId}, ${actor.userId}, ${input.language}, ${input.dialect ?? null}, ${input.when === 'asap'}, ${startsAt},
      ${input.duration}, ${input.mode}, ${input.place ?? null}, ${input.municipality ?? null}, ${input.setting}, ${input.genderPreference},
      ${input.tortureVictim}, ${input.purpose}, ${input.caseReference || null}, ${status}, ${covered ? null : now})`);
  await tx.execute(sql`INSERT INTO med_request_events (request_id, actor_user_id, from_status, to_status, reason)
    VALUES (${id}, ${actor.userId}, NULL, ${status}, NULL)`);
  await recordAudit(tx, actor, {
    action: covered ? 'mediation.request.created' : 'mediation.request.unmet',
    entityType: 'mediation_request',
    entityId: id,
    details: { language: input.language, setting: input.setting, mode: input.mode, asap: input.when === 'asap' },
  });
  const organization = await mediatorsRepo.organizationName(tx, actor.organizationId);
  for (const organizationId of await mediatorsRepo.coordinatorOrganizations(tx)) {
    await notify(tx, kernel, {
      organizationId,
      permission: 'mediators.roster',
      kind: covered ? 'mediation.requested' : 'mediation.unmet',
      messageKey: covered ? 'mediators.notify.requested' : 'mediators.notify.unmet',
      params: { organization, language: languageName(input.language, 'it') },
      link: `/mediation/requests/${id}`,
    });
  }
  return { id, status };
}
