// The plan of an open case: goals, actions with the organization responsible and a due date, review
// meetings (case conferences) with their participants and sealed notes, the team, and the closure with an
// outcome and a sealed note. The team works on the plan; the lead also names the team and closes the case.
// Every change writes its audit event in the same transaction, with ids and codes, never the texts.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../../kernel/db/client.js';
import type { FieldCrypto } from '../../kernel/crypto/fields.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { casesRepo, type ActionStatus, type CaseOutcome, type CaseRow, type GoalStatus } from './cases.repo.js';
import { CaseError, replaceTeam } from './open-case.js';

export const meetingNotesPlace = (meetingId: string) => `desk_case_meetings:notes:${meetingId}`;
export const closureNotePlace = (caseId: string) => `desk_cases:closure_note:${caseId}`;
export const flagReasonPlace = (caseId: string) => `desk_cases:flag_reason:${caseId}`;

/** The case must be open and the operator on its team (and its lead, for what only the lead does). */
export function mayChange(c: CaseRow, userId: string, leadOnly = false): void {
  if (c.status !== 'open') throw new CaseError('closed');
  if (!c.isMember) throw new CaseError('notMember');
  if (leadOnly && c.leadUserId !== userId) throw new CaseError('notLead');
}

const audit = (tx: Tx, actor: AuditActor, c: CaseRow, event: { action: string; details: Record<string, unknown> }) =>
  recordAudit(tx, actor, { ...event, entityType: 'desk_case', entityId: c.id });

export async function addGoal(tx: Tx, actor: AuditActor, c: CaseRow, title: string): Promise<string> {
  mayChange(c, actor.userId!);
  const [row] = await rows<{ id: string }>(tx, sql`INSERT INTO desk_case_goals (case_id, title) VALUES (${c.id}, ${title}) RETURNING id`);
  await audit(tx, actor, c, { action: 'desk.case.goalAdded', details: { goal: row!.id } });
  return row!.id;
}

export async function setGoalStatus(tx: Tx, actor: AuditActor, c: CaseRow, goalId: string, status: GoalStatus): Promise<void> {
  mayChange(c, actor.userId!);
  const changed = await rows(tx, sql`UPDATE desk_case_goals SET status = ${status} WHERE id = ${goalId} AND case_id = ${c.id} RETURNING id`);
  if (changed.length === 0) throw new CaseError('invalidGoal');
  await audit(tx, actor, c, { action: 'desk.case.goalStatus', details: { goal: goalId, status } });
}

export interface ActionInput {
  description: string;
  responsibleOrganizationId: string;
  /** YYYY-MM-DD */
  dueOn?: string | undefined;
  goalId?: string | undefined;
}

export async function addAction(tx: Tx, actor: AuditActor, c: CaseRow, input: ActionInput): Promise<string> {
  mayChange(c, actor.userId!);
  if (!(await casesRepo.activeOrganization(tx, input.responsibleOrganizationId))) throw new CaseError('invalidOrganization');
  if (input.goalId && !(await casesRepo.goalOfCase(tx, c.id, input.goalId))) throw new CaseError('invalidGoal');
  const [row] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO desk_case_actions (case_id, goal_id, description, responsible_organization_id, due_on)
      VALUES (${c.id}, ${input.goalId ?? null}, ${input.description}, ${input.responsibleOrganizationId}, ${input.dueOn ?? null}::date) RETURNING id`,
  );
  await audit(tx, actor, c, { action: 'desk.case.actionAdded', details: { action: row!.id, organization: input.responsibleOrganizationId, dueOn: input.dueOn ?? null } });
  return row!.id;
}

export async function setActionStatus(tx: Tx, actor: AuditActor, c: CaseRow, actionId: string, status: ActionStatus): Promise<void> {
  mayChange(c, actor.userId!);
  const changed = await rows(
    tx,
    sql`UPDATE desk_case_actions SET status = ${status}, done_at = CASE WHEN ${status} = 'done' THEN now() ELSE NULL END
      WHERE id = ${actionId} AND case_id = ${c.id} RETURNING id`,
  );
  if (changed.length === 0) throw new CaseError('invalidAction');
  await audit(tx, actor, c, { action: 'desk.case.actionStatus', details: { action: actionId, status } });
}

export interface MeetingInput {
  /** YYYY-MM-DD */
  heldOn: string;
  participants: string;
  notes: string;
}

/** A review meeting: the notes are sealed, bound to the meeting's row. */
export async function recordMeeting(tx: Tx, crypto: FieldCrypto, actor: AuditActor, c: CaseRow, input: MeetingInput): Promise<string> {
  mayChange(c, actor.userId!);
  const id = randomUUID();
  await tx.execute(sql`INSERT INTO desk_case_meetings (id, case_id, held_on, participants, notes_enc, recorded_by)
    VALUES (${id}, ${c.id}, ${input.heldOn}::date, ${input.participants}, ${crypto.seal(input.notes, meetingNotesPlace(id))}, ${actor.userId})`);
  await audit(tx, actor, c, { action: 'desk.case.meetingRecorded', details: { meeting: id, heldOn: input.heldOn } });
  return id;
}

/** The lead names the team again (the lead stays on it). */
export async function changeTeam(tx: Tx, actor: AuditActor, c: CaseRow, memberIds: string[]): Promise<void> {
  mayChange(c, actor.userId!, true);
  const team = await replaceTeam(tx, c.id, c.leadUserId, memberIds);
  await audit(tx, actor, c, { action: 'desk.case.teamChanged', details: { team } });
}

/** The lead closes the case with an outcome; the note is sealed. A restricted case stops hiding the person. */
export async function closeCase(tx: Tx, crypto: FieldCrypto, actor: AuditActor, c: CaseRow, input: { outcome: CaseOutcome; note?: string | undefined }): Promise<void> {
  mayChange(c, actor.userId!, true);
  await tx.execute(sql`UPDATE desk_cases SET status = 'closed', closed_at = now(), outcome = ${input.outcome},
      closure_note_enc = ${input.note ? crypto.seal(input.note, closureNotePlace(c.id)) : null}
    WHERE id = ${c.id} AND status = 'open'`);
  await audit(tx, actor, c, { action: 'desk.case.closed', details: { outcome: input.outcome, restricted: c.restricted } });
}
