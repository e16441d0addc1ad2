// The roster: the coordinator admits, updates, suspends and reactivates mediators; a mediator keeps their
// own weekly availability and absences. Every change is audited in its transaction.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../kernel/db/client.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { rows, sqlArray } from '../../kernel/db/client.js';
import { MediationError } from './mediation-status.js';
import { mediatorsRepo } from './mediators.repo.js';
import type { MediatorInput, WeeklySlot } from './mediation-forms.js';

async function accountFor(tx: Tx, email: string | null, mediatorId: string | null): Promise<string | null> {
  if (!email) return null;
  const account = await mediatorsRepo.accountByEmail(tx, email);
  if (!account || !account.is_mediator) throw new MediationError('accountNotMediator');
  if (account.linked_to && account.linked_to !== mediatorId) throw new MediationError('accountTaken');
  return account.id;
}

async function writeDetails(tx: Tx, id: string, input: MediatorInput): Promise<void> {
  await tx.execute(sql`DELETE FROM med_languages WHERE mediator_id = ${id}`);
  for (const l of input.languages) {
    await tx.execute(sql`INSERT INTO med_languages (mediator_id, language_code, level, written_translation, dialects)
      VALUES (${id}, ${l.code}, ${l.level}, ${l.writtenTranslation}, ${l.dialects})`);
  }
  await setWeekly(tx, id, input.weekly);
}

async function setWeekly(tx: Tx, id: string, weekly: WeeklySlot[]): Promise<void> {
  await tx.execute(sql`DELETE FROM med_availability WHERE mediator_id = ${id}`);
  for (const w of weekly) {
    await tx.execute(sql`INSERT INTO med_availability (mediator_id, weekday, starts, ends) VALUES (${id}, ${w.weekday}, ${w.starts}::time, ${w.ends}::time)`);
  }
}

/** What the audit keeps of a roster change: which fields, never the contact data itself. */
const auditDetails = (input: MediatorInput) => ({
  languages: input.languages.map((l) => `${l.code}:${l.level}${l.writtenTranslation ? ':written' : ''}`),
  municipalities: input.municipalities,
  modes: input.modes,
  weeklySlots: input.weekly.length,
  linkedAccount: !!input.accountEmail,
});

export async function admitMediator(tx: Tx, actor: AuditActor, input: MediatorInput): Promise<{ id: string }> {
  const id = randomUUID();
  const userId = await accountFor(tx, input.accountEmail, null);
  await tx.execute(sql`INSERT INTO med_mediators (id, user_id, full_name, email, phone, gender, qualifications, training, torture_support, municipality_codes, modes)
    VALUES (${id}, ${userId}, ${input.fullName}, ${input.email}, ${input.phone}, ${input.gender}, ${input.qualifications}, ${input.training},
      ${input.tortureSupport}, ${sqlArray(input.municipalities, 'text')}, ${sqlArray(input.modes, 'text')})`);
  await writeDetails(tx, id, input);
  await recordAudit(tx, actor, { action: 'mediation.mediator.admitted', entityType: 'mediator', entityId: id, details: auditDetails(input) });
  return { id };
}

export async function updateMediator(tx: Tx, actor: AuditActor, id: string, input: MediatorInput): Promise<void> {
  if (!(await mediatorsRepo.lock(tx, id))) throw new MediationError('notFound');
  const userId = await accountFor(tx, input.accountEmail, id);
  await tx.execute(sql`UPDATE med_mediators SET user_id = ${userId}, full_name = ${input.fullName}, email = ${input.email}, phone = ${input.phone},
      gender = ${input.gender}, qualifications = ${input.qualifications}, training = ${input.training}, torture_support = ${input.tortureSupport},
      municipality_codes = ${sqlArray(input.municipalities, 'text')}, modes = ${sqlArray(input.modes, 'text')}, updated_at = now()
    WHERE id = ${id}`);
  await writeDetails(tx, id, input);
  await recordAudit(tx, actor, { action: 'mediation.mediator.updated', entityType: 'mediator', entityId: id, details: auditDetails(input) });
}

/**
 * Suspends a mediator: no new assignment or offer reaches them. Their bookings already made stay, for the
 * coordinator to reassign: the answer lists how many there are.
 */
export async function suspendMediator(tx: Tx, actor: AuditActor, id: string, reason: string): Promise<{ upcoming: number }> {
  const m = await mediatorsRepo.lock(tx, id);
  if (!m) throw new MediationError('notFound');
  await tx.execute(sql`UPDATE med_mediators SET status = 'suspended', suspended_reason = ${reason}, updated_at = now() WHERE id = ${id}`);
  const [row] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM med_requests WHERE mediator_id = ${id} AND status IN ('offered', 'assigned')`);
  const upcoming = Number(row?.n ?? 0);
  await recordAudit(tx, actor, { action: 'mediation.mediator.suspended', entityType: 'mediator', entityId: id, details: { upcoming } });
  return { upcoming };
}

export async function reactivateMediator(tx: Tx, actor: AuditActor, id: string): Promise<void> {
  if (!(await mediatorsRepo.lock(tx, id))) throw new MediationError('notFound');
  await tx.execute(sql`UPDATE med_mediators SET status = 'active', suspended_reason = NULL, updated_at = now() WHERE id = ${id}`);
  await recordAudit(tx, actor, { action: 'mediation.mediator.reactivated', entityType: 'mediator', entityId: id });
}

export async function setAvailability(tx: Tx, actor: AuditActor, id: string, weekly: WeeklySlot[]): Promise<void> {
  if (!(await mediatorsRepo.lock(tx, id))) throw new MediationError('notFound');
  await setWeekly(tx, id, weekly);
  await tx.execute(sql`UPDATE med_mediators SET updated_at = now() WHERE id = ${id}`);
  await recordAudit(tx, actor, { action: 'mediation.availability.changed', entityType: 'mediator', entityId: id, details: { weeklySlots: weekly.length } });
}

export async function addAbsence(tx: Tx, actor: AuditActor, mediatorId: string, input: { from: string; to: string; note: string | null }): Promise<void> {
  await tx.execute(sql`INSERT INTO med_absences (mediator_id, from_date, to_date, note) VALUES (${mediatorId}, ${input.from}::date, ${input.to}::date, ${input.note})`);
  await recordAudit(tx, actor, { action: 'mediation.absence.added', entityType: 'mediator', entityId: mediatorId, details: { from: input.from, to: input.to } });
}

export async function removeAbsence(tx: Tx, actor: AuditActor, mediatorId: string, absenceId: string): Promise<boolean> {
  const removed = (await rows(tx, sql`DELETE FROM med_absences WHERE id = ${absenceId} AND mediator_id = ${mediatorId} RETURNING id`)).length > 0;
  if (removed) await recordAudit(tx, actor, { action: 'mediation.absence.removed', entityType: 'mediator', entityId: mediatorId, details: { absenceId } });
  return removed;
}
