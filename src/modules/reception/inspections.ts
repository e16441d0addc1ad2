// Inspections: a visit (scheduled or unannounced) by a team of inspectors, its checklist filled with the
// version it was planned with, findings with a severity and a corrective action due by a date, the
// managing body's answer, and the follow-up visit that closes a finding once the team has seen it fixed.
import { sql } from 'drizzle-orm';
import type { Kernel } from '../../kernel/kernel.js';
import { rows, sqlArray, type Tx } from '../../kernel/db/client.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { notify } from '../../kernel/notify/notify.js';
import type { AnswerResult, Severity, VisitKind } from './reception-codes.js';
import type { FindingRow, VisitRow } from './reception.repo.js';

export class InspectionRefused extends Error {
  constructor(public messageKey: string) {
    super(messageKey);
  }
}

export async function planVisit(
  tx: Tx,
  actor: AuditActor,
  input: { centreId: string; checklistId: string; kind: VisitKind; plannedOn: string; inspectorIds: string[]; followUpOf?: string; userId: string },
): Promise<string> {
  const [row] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO reception_visits (centre_id, checklist_id, kind, follow_up_of, planned_on, inspector_ids, created_by)
      VALUES (${input.centreId}, ${input.checklistId}, ${input.kind}, ${input.followUpOf ?? null}, ${input.plannedOn}::date, ${sqlArray(input.inspectorIds, 'uuid')}, ${input.userId})
      RETURNING id`,
  );
  await recordAudit(tx, actor, {
    action: 'reception.visit.planned',
    entityType: 'reception_visit',
    entityId: row!.id,
    details: { centreId: input.centreId, kind: input.kind, plannedOn: input.plannedOn, inspectors: input.inspectorIds.length, followUpOf: input.followUpOf ?? null },
  });
  return row!.id;
}

/** Saves the checklist's answers; with `complete`, the visit is recorded as done on that day. */
export async function saveAnswers(
  tx: Tx,
  actor: AuditActor,
  input: { visit: VisitRow; answers: { code: string; result: AnswerResult; note?: string | undefined; photoFileId?: string | undefined }[]; countedPresent?: number | undefined; visitedOn: string; complete: boolean },
): Promise<void> {
  for (const a of input.answers) {
    // A photo taken now is added; one taken on an earlier save is kept.
    await tx.execute(sql`INSERT INTO reception_answers (visit_id, item_code, result, note, photo_file_id) VALUES (${input.visit.id}, ${a.code}, ${a.result}, ${a.note ?? null}, ${a.photoFileId ?? null})
      ON CONFLICT (visit_id, item_code) DO UPDATE SET result = EXCLUDED.result, note = EXCLUDED.note,
        photo_file_id = COALESCE(EXCLUDED.photo_file_id, reception_answers.photo_file_id)`);
  }
  await tx.execute(sql`UPDATE reception_visits SET counted_present = ${input.countedPresent ?? null}, visited_on = ${input.visitedOn}::date,
    status = ${input.complete ? 'completed' : input.visit.status} WHERE id = ${input.visit.id}`);
  await recordAudit(tx, actor, {
    action: input.complete ? 'reception.visit.completed' : 'reception.visit.answered',
    entityType: 'reception_visit',
    entityId: input.visit.id,
    details: { answers: input.answers.length, nonCompliant: input.answers.filter((a) => a.result === 'non_compliant').length, photos: input.answers.filter((a) => a.photoFileId).length },
  });
}

export async function recordFinding(
  tx: Tx,
  kernel: Kernel,
  actor: AuditActor,
  input: { visit: VisitRow; managingBodyId: string; code: string; severity: Severity; description: string; actionRequired: string; dueOn: string; photoFileId?: string | undefined },
): Promise<string> {
  const [row] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO reception_findings (visit_id, centre_id, item_code, severity, description, action_required, due_on, photo_file_id)
      VALUES (${input.visit.id}, ${input.visit.centre_id}, ${input.code}, ${input.severity}, ${input.description}, ${input.actionRequired}, ${input.dueOn}::date, ${input.photoFileId ?? null})
      RETURNING id`,
  );
  await recordAudit(tx, actor, {
    action: 'reception.finding.recorded',
    entityType: 'reception_finding',
    entityId: row!.id,
    details: { visitId: input.visit.id, centreId: input.visit.centre_id, item: input.code, severity: input.severity, dueOn: input.dueOn },
  });
  await notify(tx, kernel, {
    organizationId: input.managingBodyId,
    permission: 'reception.report',
    kind: 'centre_finding.recorded',
    messageKey: 'reception.notify.finding',
    params: { centre: input.visit.centre_name, due: input.dueOn },
    link: `/reception/findings/${row!.id}`,
  });
  return row!.id;
}

/** The managing body's answer to a corrective action, with an optional attachment (the translated rules...). */
export async function answerFinding(
  tx: Tx,
  kernel: Kernel,
  actor: AuditActor,
  input: { finding: FindingRow; response: string; fileId?: string | undefined; userId: string; prefetturaIds: string[] },
): Promise<void> {
  const [updated] = await rows<{ id: string }>(
    tx,
    sql`UPDATE reception_findings SET status = 'answered', response = ${input.response}, response_file_id = ${input.fileId ?? null},
      responded_by = ${input.userId}, responded_at = now() WHERE id = ${input.finding.id} AND status <> 'closed' RETURNING id`,
  );
  if (!updated) throw new InspectionRefused('reception.error.findingClosed');
  await recordAudit(tx, actor, { action: 'reception.finding.answered', entityType: 'reception_finding', entityId: input.finding.id, details: { fileId: input.fileId ?? null } });
  for (const organizationId of input.prefetturaIds) {
    await notify(tx, kernel, {
      organizationId,
      permission: 'reception.inspect',
      kind: 'centre_finding.answered',
      messageKey: 'reception.notify.answered',
      params: { centre: input.finding.centre_name },
      link: `/reception/findings/${input.finding.id}`,
    });
  }
}

/** A follow-up visit of the same centre closes a finding its team saw resolved. */
export async function closeFinding(tx: Tx, actor: AuditActor, input: { finding: FindingRow; followUp: VisitRow }): Promise<void> {
  if (input.followUp.centre_id !== input.finding.centre_id || input.followUp.follow_up_of !== input.finding.visit_id) {
    throw new InspectionRefused('reception.error.notFollowUp');
  }
  const [updated] = await rows<{ id: string }>(
    tx,
    sql`UPDATE reception_findings SET status = 'closed', closed_by_visit_id = ${input.followUp.id}, closed_at = now()
      WHERE id = ${input.finding.id} AND status <> 'closed' RETURNING id`,
  );
  if (!updated) throw new InspectionRefused('reception.error.findingClosed');
  await recordAudit(tx, actor, { action: 'reception.finding.closed', entityType: 'reception_finding', entityId: input.finding.id, details: { followUpVisitId: input.followUp.id } });
}
