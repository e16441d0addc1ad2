// Queries of integrated case handling. The rule of who sees a case lives here, in one SQL condition
// (caseVisibleTo): the case's team (the lead is a member) and, for a case that is not restricted, the
// operators who may see the person (desk.repo's visibleTo). A restricted case (possible victim of
// trafficking or exploitation) is seen by its team only. Not found and not allowed look the same.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../kernel/db/client.js';
import { grantsOf } from '../../kernel/access/policy.js';
import { visibleTo, type DeskUser } from './desk.repo.js';
import type { PersonRow } from './people.js';

export const CASE_OUTCOMES = ['goals_met', 'partly_met', 'moved_away', 'withdrew', 'other'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export const GOAL_STATUSES = ['open', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const ACTION_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** The taxonomy's need that the anti-trafficking programme answers (dir_taxonomy_terms.code). */
export const TRAFFICKING_NEED = 'trafficking';

/** The condition, on a desk_cases row aliased `dc`, that this operator may see it. */
export function caseVisibleTo(user: DeskUser): SQL {
  return sql`(EXISTS (SELECT 1 FROM desk_case_members cm WHERE cm.case_id = dc.id AND cm.user_id = ${user.id})
    OR (NOT dc.restricted AND EXISTS (SELECT 1 FROM desk_people p WHERE p.id = dc.person_id AND ${visibleTo(user)})))`;
}

const toDate = (v: string | Date): Date => (v instanceof Date ? v : new Date(v));

export interface CaseSummary {
  id: string;
  status: 'open' | 'closed';
  restricted: boolean;
  openedAt: Date;
  leadName: string;
}

/** The cases of a person that this operator may see, the open one first: for the person's page. */
export async function casesForPerson(db: DbOrTx, user: DeskUser, personId: string): Promise<CaseSummary[]> {
  const found = await rows<{ id: string; status: 'open' | 'closed'; restricted: boolean; opened_at: string | Date; lead_name: string }>(
    db,
    sql`SELECT dc.id, dc.status, dc.restricted, dc.opened_at, u.display_name AS lead_name
        FROM desk_cases dc JOIN users u ON u.id = dc.lead_user_id
        WHERE dc.person_id = ${personId} AND ${caseVisibleTo(user)}
        ORDER BY dc.status = 'open' DESC, dc.opened_at DESC`,
  );
  return found.map((r) => ({ id: r.id, status: r.status, restricted: r.restricted, openedAt: toDate(r.opened_at), leadName: r.lead_name }));
}

export interface CaseRow {
  id: string;
  personId: string;
  organizationId: string;
  organizationName: string;
  leadUserId: string;
  leadName: string;
  status: 'open' | 'closed';
  restricted: boolean;
  outcome: CaseOutcome | null;
  closureNoteEnc: string | null;
  /** When and by whom the case was flagged (possible victim), with the reason sealed. */
  flag: { at: Date; byName: string; reasonEnc: string | null } | null;
  openedAt: Date;
  closedAt: Date | null;
  /** Whether the operator who asked is on the team. */
  isMember: boolean;
}

interface RawCase {
  id: string;
  person_id: string;
  organization_id: string;
  organization_name: string;
  lead_user_id: string;
  lead_name: string;
  status: 'open' | 'closed';
  restricted: boolean;
  outcome: CaseOutcome | null;
  closure_note_enc: string | null;
  flagged_at: string | Date | null;
  flagged_by_name: string | null;
  flag_reason_enc: string | null;
  opened_at: string | Date;
  closed_at: string | Date | null;
  is_member: boolean;
}

export interface MemberRow {
  userId: string;
  name: string;
  organizationId: string;
  organizationName: string;
}

export interface GoalRow {
  id: string;
  title: string;
  status: GoalStatus;
  createdAt: Date;
}

export interface ActionRow {
  id: string;
  goalId: string | null;
  description: string;
  responsibleOrganizationId: string;
  responsibleOrganizationName: string;
  /** YYYY-MM-DD, a calendar date. */
  dueOn: string | null;
  status: ActionStatus;
  doneAt: Date | null;
}

export interface MeetingRow {
  id: string;
  /** YYYY-MM-DD */
  heldOn: string;
  participants: string;
  notesEnc: string;
  recordedByName: string;
}

export interface CaseListRow {
  id: string;
  person: PersonRow;
  status: 'open' | 'closed';
  restricted: boolean;
  openedAt: Date;
  leadName: string;
  /** Planned actions past their due date. */
  overdueActions: number;
}

export interface Candidate {
  id: string;
  name: string;
  organizationId: string;
  organizationName: string;
}

export interface ReceivingService {
  /** In Italian, as the directory names it; translations by locale. */
  name: string;
  translations: Record<string, Record<string, string>>;
  organizationName: string;
}

export const casesRepo = {
  /** The case, if this operator may see it; otherwise nothing. */
  async findVisible(db: DbOrTx, user: DeskUser, caseId: string): Promise<CaseRow | undefined> {
    const [r] = await rows<RawCase>(
      db,
      sql`SELECT dc.id, dc.person_id, dc.organization_id, o.name AS organization_name, dc.lead_user_id, u.display_name AS lead_name,
          dc.status, dc.restricted, dc.outcome, dc.closure_note_enc, dc.opened_at, dc.closed_at,
          dc.flagged_at, (SELECT f.display_name FROM users f WHERE f.id = dc.flagged_by) AS flagged_by_name, dc.flag_reason_enc,
          EXISTS (SELECT 1 FROM desk_case_members m WHERE m.case_id = dc.id AND m.user_id = ${user.id}) AS is_member
        FROM desk_cases dc JOIN organizations o ON o.id = dc.organization_id JOIN users u ON u.id = dc.lead_user_id
        WHERE dc.id = ${caseId} AND ${caseVisibleTo(user)}`,
    );
    if (!r) return undefined;
    return {
      id: r.id,
      personId: r.person_id,
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      leadUserId: r.lead_user_id,
      leadName: r.lead_name,
      status: r.status,
      restricted: r.restricted,
      outcome: r.outcome,
      closureNoteEnc: r.closure_note_enc,
      flag: r.flagged_at ? { at: toDate(r.flagged_at), byName: r.flagged_by_name ?? '', reasonEnc: r.flag_reason_enc } : null,
      openedAt: toDate(r.opened_at),
      closedAt: r.closed_at ? toDate(r.closed_at) : null,
      isMember: r.is_member,
    };
  },

  /** Holds the case's row until the transaction ends: two changes to one case happen one after the other. */
  async lock(tx: DbOrTx, caseId: string): Promise<void> {
    await tx.execute(sql`SELECT id FROM desk_cases WHERE id = ${caseId} FOR UPDATE`);
  },

  /** The person of a case, whoever may see the case (its team sees the person even when restricted). */
  async person(db: DbOrTx, personId: string): Promise<PersonRow | undefined> {
    const [row] = await rows<PersonRow>(db, sql`SELECT p.* FROM desk_people p WHERE p.id = ${personId}`);
    return row;
  },

  /** The person's open case, locked for the rest of the transaction (no two at once), whoever may see it. */
  async openCaseOfPerson(db: DbOrTx, personId: string): Promise<{ id: string; restricted: boolean; leadUserId: string } | undefined> {
    const [row] = await rows<{ id: string; restricted: boolean; lead_user_id: string }>(
      db,
      sql`SELECT id, restricted, lead_user_id FROM desk_cases WHERE person_id = ${personId} AND status = 'open' ORDER BY opened_at DESC LIMIT 1 FOR UPDATE`,
    );
    return row ? { id: row.id, restricted: row.restricted, leadUserId: row.lead_user_id } : undefined;
  },

  async members(db: DbOrTx, caseId: string): Promise<MemberRow[]> {
    const found = await rows<{ user_id: string; name: string; organization_id: string; organization_name: string }>(
      db,
      sql`SELECT m.user_id, u.display_name AS name, u.organization_id, o.name AS organization_name
        FROM desk_case_members m JOIN users u ON u.id = m.user_id JOIN organizations o ON o.id = u.organization_id
        WHERE m.case_id = ${caseId} ORDER BY o.name, u.display_name`,
    );
    return found.map((r) => ({ userId: r.user_id, name: r.name, organizationId: r.organization_id, organizationName: r.organization_name }));
  },

  async goals(db: DbOrTx, caseId: string): Promise<GoalRow[]> {
    const found = await rows<{ id: string; title: string; status: GoalStatus; created_at: string | Date }>(
      db,
      sql`SELECT id, title, status, created_at FROM desk_case_goals WHERE case_id = ${caseId} ORDER BY created_at, id`,
    );
    return found.map((r) => ({ id: r.id, title: r.title, status: r.status, createdAt: toDate(r.created_at) }));
  },

  async actions(db: DbOrTx, caseId: string): Promise<ActionRow[]> {
    const found = await rows<{
      id: string;
      goal_id: string | null;
      description: string;
      responsible_organization_id: string;
      organization_name: string;
      due_on: string | null;
      status: ActionStatus;
      done_at: string | Date | null;
    }>(
      db,
      sql`SELECT a.id, a.goal_id, a.description, a.responsible_organization_id, o.name AS organization_name, a.due_on::text AS due_on,
          a.status, a.done_at
        FROM desk_case_actions a JOIN organizations o ON o.id = a.responsible_organization_id
        WHERE a.case_id = ${caseId} ORDER BY a.status = 'planned' DESC, a.due_on NULLS LAST, a.created_at, a.id`,
    );
    return found.map((r) => ({
      id: r.id,
      goalId: r.goal_id,
      description: r.description,
      responsibleOrganizationId: r.responsible_organization_id,
      responsibleOrganizationName: r.organization_name,
      dueOn: r.due_on,
      status: r.status,
      doneAt: r.done_at ? toDate(r.done_at) : null,
    }));
  },

  async meetings(db: DbOrTx, caseId: string): Promise<MeetingRow[]> {
    const found = await rows<{ id: string; held_on: string; participants: string; notes_enc: string; recorded_by_name: string }>(
      db,
      sql`SELECT mt.id, mt.held_on::text AS held_on, mt.participants, mt.notes_enc, u.display_name AS recorded_by_name
        FROM desk_case_meetings mt JOIN users u ON u.id = mt.recorded_by
        WHERE mt.case_id = ${caseId} ORDER BY mt.held_on DESC, mt.created_at DESC`,
    );
    return found.map((r) => ({ id: r.id, heldOn: r.held_on, participants: r.participants, notesEnc: r.notes_enc, recordedByName: r.recorded_by_name }));
  },

  /** The cases this operator is on the team of, open ones first, with their planned actions past due. */
  async listForMember(db: DbOrTx, user: DeskUser, today: string, limit = 200): Promise<CaseListRow[]> {
    const found = await rows<PersonRow & { case_id: string; case_status: 'open' | 'closed'; restricted: boolean; opened_at: string | Date; lead_name: string; overdue: number }>(
      db,
      sql`SELECT p.*, dc.id AS case_id, dc.status AS case_status, dc.restricted, dc.opened_at, u.display_name AS lead_name,
          (SELECT count(*)::int FROM desk_case_actions a WHERE a.case_id = dc.id AND a.status = 'planned' AND a.due_on < ${today}::date) AS overdue
        FROM desk_cases dc JOIN desk_case_members m ON m.case_id = dc.id AND m.user_id = ${user.id}
        JOIN desk_people p ON p.id = dc.person_id JOIN users u ON u.id = dc.lead_user_id
        ORDER BY dc.status = 'open' DESC, dc.opened_at DESC LIMIT ${limit}`,
    );
    return found.map((r) => ({
      id: r.case_id,
      person: r,
      status: r.case_status,
      restricted: r.restricted,
      openedAt: toDate(r.opened_at),
      leadName: r.lead_name,
      overdueActions: Number(r.overdue),
    }));
  },

  /** Who may be named on a case's team: active operators of active organizations who can open case pages. */
  async candidates(db: DbOrTx): Promise<Candidate[]> {
    const roles = grantsOf('desk.cases');
    const found = await rows<{ id: string; name: string; organization_id: string; organization_name: string }>(
      db,
      sql`SELECT u.id, u.display_name AS name, u.organization_id, o.name AS organization_name
        FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.status = 'active' AND o.active
          AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN (${sql.join(roles.map((r) => sql`${r}`), sql`, `)}))
        ORDER BY o.name, u.display_name`,
    );
    return found.map((r) => ({ id: r.id, name: r.name, organizationId: r.organization_id, organizationName: r.organization_name }));
  },

  async organizations(db: DbOrTx): Promise<{ id: string; name: string }[]> {
    return rows(db, sql`SELECT id, name FROM organizations WHERE active ORDER BY name`);
  },

  async goalOfCase(db: DbOrTx, caseId: string, goalId: string): Promise<boolean> {
    return (await rows(db, sql`SELECT 1 FROM desk_case_goals WHERE id = ${goalId} AND case_id = ${caseId}`)).length > 0;
  },

  async activeOrganization(db: DbOrTx, id: string): Promise<boolean> {
    return (await rows(db, sql`SELECT 1 FROM organizations WHERE id = ${id} AND active`)).length > 0;
  },

  /** A published service that receives referrals, with the organization that receives them (for the flag page). */
  async receivingService(db: DbOrTx, serviceId: string): Promise<ReceivingService | undefined> {
    const [row] = await rows<{ name: string; translations: Record<string, Record<string, string>> | null; organization_name: string }>(
      db,
      sql`SELECT p.name, s.translations, o.name AS organization_name FROM dir_published_services p
        JOIN dir_services s ON s.id = p.service_id
        JOIN dir_organizations d ON d.id = s.organization_id
        JOIN organizations o ON o.id = d.owner_organization_id AND o.active
        WHERE p.service_id = ${serviceId}`,
    );
    return row ? { name: row.name, translations: row.translations ?? {}, organizationName: row.organization_name } : undefined;
  },

  /**
   * The anti-trafficking programme's service, when the configuration does not name one (ADR 0011): the
   * published services dedicated to trafficking alone whose organization receives referrals through Ponte.
   * The caller takes one only when there is exactly one: between two, it never guesses.
   */
  async dedicatedTraffickingServices(db: DbOrTx): Promise<{ id: string; name: string }[]> {
    return rows(
      db,
      sql`SELECT p.service_id AS id, p.name FROM dir_published_services p
        JOIN dir_services s ON s.id = p.service_id
        JOIN dir_organizations d ON d.id = s.organization_id
        JOIN organizations o ON o.id = d.owner_organization_id AND o.active
        WHERE p.term_codes = ARRAY[${TRAFFICKING_NEED}]::text[]
        ORDER BY p.name LIMIT 2`,
    );
  },
};
