// Opening a case plan for a person: the operator who opens it leads it, with a team of operators chosen
// across organizations. One open case per person at a time: the integrated plan is one.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { sqlArray, type Tx } from '../../kernel/db/client.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import type { DeskUser } from './desk.repo.js';
import { casesRepo } from './cases.repo.js';

export type CaseErrorCode = 'alreadyOpen' | 'alreadyRestricted' | 'notMember' | 'notLead' | 'closed' | 'invalidMember' | 'invalidGoal' | 'invalidAction' | 'invalidOrganization' | 'notRestricted' | 'referralAlreadySent';

const CASE_ERROR_KEYS: Record<CaseErrorCode, string> = {
  alreadyOpen: 'cases.error.alreadyOpen',
  alreadyRestricted: 'cases.error.alreadyRestricted',
  notMember: 'cases.error.notMember',
  notLead: 'cases.error.notLead',
  closed: 'cases.error.closed',
  invalidMember: 'cases.error.invalidMember',
  invalidGoal: 'cases.error.invalidGoal',
  invalidAction: 'cases.error.invalidAction',
  invalidOrganization: 'cases.error.invalidOrganization',
  notRestricted: 'cases.error.notRestricted',
  referralAlreadySent: 'cases.error.referralAlreadySent',
};

/** A change refused for a reason the operator can understand; nothing was written. */
export class CaseError extends Error {
  override name = 'CaseError';
  constructor(
    readonly code: CaseErrorCode,
    /** The case concerned, when the refusal points to one (a case already open). */
    readonly caseId?: string,
  ) {
    super(code);
  }

  get messageKey(): string {
    return CASE_ERROR_KEYS[this.code];
  }
}

/**
 * The team as named, with the lead always on it; every member must be an operator who can open case pages
 * (cases.repo's candidates), else nothing changes. Returns the members' ids.
 */
export async function replaceTeam(tx: Tx, caseId: string, leadUserId: string, named: readonly string[]): Promise<string[]> {
  const team = [...new Set([leadUserId, ...named.map((id) => id.toLowerCase())])];
  const allowed = new Set((await casesRepo.candidates(tx)).map((c) => c.id));
  if (team.some((id) => !allowed.has(id))) throw new CaseError('invalidMember');
  await tx.execute(sql`DELETE FROM desk_case_members WHERE case_id = ${caseId} AND NOT (user_id = ANY(${sqlArray(team, 'uuid')}))`);
  for (const userId of team) {
    await tx.execute(sql`INSERT INTO desk_case_members (case_id, user_id) VALUES (${caseId}, ${userId}) ON CONFLICT DO NOTHING`);
  }
  return team;
}

export interface OpenCaseInput {
  personId: string;
  /** The team besides the lead (the operator opening the case). */
  memberIds: string[];
  restricted?: boolean;
}

/** Opens a case led by `lead`. The caller has checked that the lead may see the person. */
export async function openCase(tx: Tx, lead: DeskUser, actor: AuditActor, input: OpenCaseInput): Promise<string> {
  const existing = await casesRepo.openCaseOfPerson(tx, input.personId);
  if (existing) throw new CaseError('alreadyOpen', existing.id);
  const id = randomUUID();
  await tx.execute(sql`INSERT INTO desk_cases (id, person_id, organization_id, lead_user_id, restricted)
    VALUES (${id}, ${input.personId}, ${lead.organizationId}, ${lead.id}, ${input.restricted ?? false})`);
  const team = await replaceTeam(tx, id, lead.id, input.memberIds);
  await tx.execute(sql`UPDATE desk_people SET updated_at = now() WHERE id = ${input.personId}`);
  // Ids only: who is on the team is not personal data of the person.
  await recordAudit(tx, actor, {
    action: 'desk.case.opened',
    entityType: 'desk_case',
    entityId: id,
    details: { person: input.personId, team, restricted: input.restricted ?? false },
  });
  return id;
}
