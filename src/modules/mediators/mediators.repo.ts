// Queries of the mediators module. Who sees which request is one SQL condition (requestsVisibleTo): the
// coordinator sees every request; a mediator, those assigned or offered to their own roster record; an
// operator of a requesting organization, that organization's requests.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../kernel/db/client.js';
import { rolesHold, type Role } from '../../kernel/access/policy.js';
import type { Level, Mode, Outcome, RequestStatus, Setting } from './mediation-status.js';

export interface MediationUser {
  id: string;
  organizationId: string;
  roles: readonly Role[];
}

/** The condition, on a med_requests row aliased `r`, that this operator may see it. */
export function requestsVisibleTo(user: MediationUser): SQL {
  const parts: SQL[] = [];
  if (rolesHold(user.roles, 'mediators.roster')) parts.push(sql`true`);
  if (rolesHold(user.roles, 'mediators.own')) {
    parts.push(sql`r.mediator_id = (SELECT m.id FROM med_mediators m WHERE m.user_id = ${user.id})`);
  }
  if (rolesHold(user.roles, 'mediators.ask')) parts.push(sql`r.organization_id = ${user.organizationId}`);
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` OR `)})`;
}

export interface MediatorLanguage {
  language_code: string;
  level: Level;
  written_translation: boolean;
  dialects: string | null;
}

export interface MediatorRow {
  id: string;
  user_id: string | null;
  account_email: string | null;
  full_name: string;
  email: string | null;
  phone: string | null;
  gender: string | null;
  qualifications: string;
  training: string;
  torture_support: boolean;
  municipality_codes: string[];
  modes: Mode[];
  status: 'active' | 'suspended';
  suspended_reason: string | null;
  languages: MediatorLanguage[];
  weekly: { weekday: number; starts: string; ends: string }[];
  month_hours: number;
}

export interface AbsenceRow {
  id: string;
  from_date: string;
  to_date: string;
  note: string | null;
}

export interface RequestRow {
  id: string;
  organization_id: string;
  organization_name: string;
  requested_by: string | null;
  requested_by_name: string | null;
  language_code: string;
  dialect: string | null;
  asap: boolean;
  starts_at: Date | null;
  duration_minutes: number;
  mode: Mode;
  place: string | null;
  municipality_code: string | null;
  municipality_name: string | null;
  setting: Setting;
  gender_preference: 'any' | 'female' | 'male';
  torture_victim: boolean;
  purpose: string;
  case_reference: string | null;
  status: RequestStatus;
  mediator_id: string | null;
  mediator_name: string | null;
  mediator_user_id: string | null;
  mediator_email: string | null;
  mediator_phone: string | null;
  mediator_organization_id: string | null;
  assigned_at: Date | null;
  done_at: Date | null;
  confirmed_at: Date | null;
  ended_at: Date | null;
  cancel_reason: string | null;
  hours: string | null;
  outcome: Outcome | null;
  rating: number | null;
  requester_comment: string | null;
  ics_sequence: number;
  created_at: Date;
}

export interface RequestEventRow {
  occurred_at: Date;
  actor_name: string | null;
  from_status: string | null;
  to_status: RequestStatus;
  reason: string | null;
}

export interface CandidateRow {
  id: string;
  full_name: string;
  gender: string | null;
  torture_support: boolean;
  municipality_codes: string[];
  modes: Mode[];
  level: Level;
  written_translation: boolean;
  dialects: string | null;
  weekly: { weekday: number; starts: string; ends: string }[];
  absent: boolean;
  overlapping: number;
  recent_hours: number;
}

const MEDIATOR_COLUMNS = sql`m.*, u.email AS account_email,
  COALESCE((SELECT json_agg(json_build_object('language_code', l.language_code, 'level', l.level,
    'written_translation', l.written_translation, 'dialects', l.dialects) ORDER BY l.level = 'native' DESC, l.language_code)
    FROM med_languages l WHERE l.mediator_id = m.id), '[]'::json) AS languages,
  COALESCE((SELECT json_agg(json_build_object('weekday', a.weekday, 'starts', to_char(a.starts, 'HH24:MI'), 'ends', to_char(a.ends, 'HH24:MI'))
    ORDER BY a.weekday, a.starts) FROM med_availability a WHERE a.mediator_id = m.id), '[]'::json) AS weekly,
  -- Hours recorded for meetings of the current month (Rome): what the mediator is paid for.
  (SELECT COALESCE(sum(r.hours), 0)::float FROM med_requests r WHERE r.mediator_id = m.id AND r.status IN ('done', 'confirmed')
    AND date_trunc('month', r.starts_at AT TIME ZONE 'Europe/Rome') = date_trunc('month', now() AT TIME ZONE 'Europe/Rome')) AS month_hours`;

const REQUEST_COLUMNS = sql`r.*, r.hours::text AS hours, o.name AS organization_name, ru.display_name AS requested_by_name,
  mu.name AS municipality_name, m.full_name AS mediator_name, m.user_id AS mediator_user_id,
  m.email AS mediator_email, m.phone AS mediator_phone, mus.organization_id AS mediator_organization_id`;
const REQUEST_FROM = sql`med_requests r JOIN organizations o ON o.id = r.organization_id
  LEFT JOIN users ru ON ru.id = r.requested_by
  LEFT JOIN municipalities mu ON mu.code = r.municipality_code
  LEFT JOIN med_mediators m ON m.id = r.mediator_id
  LEFT JOIN users mus ON mus.id = m.user_id AND mus.status = 'active'`;

const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

/** Raw queries may give timestamps as text (PostgreSQL through drizzle's execute): always Dates here. */
function normalize(r: RequestRow): RequestRow {
  return {
    ...r,
    starts_at: toDate(r.starts_at),
    assigned_at: toDate(r.assigned_at),
    done_at: toDate(r.done_at),
    confirmed_at: toDate(r.confirmed_at),
    ended_at: toDate(r.ended_at),
    created_at: toDate(r.created_at)!,
    duration_minutes: Number(r.duration_minutes),
    ics_sequence: Number(r.ics_sequence),
    rating: r.rating === null ? null : Number(r.rating),
  };
}

export type RequestFilter = 'open' | 'all' | RequestStatus;

export const mediatorsRepo = {
  async list(db: DbOrTx, options: { status?: 'active' | 'suspended' | 'all'; language?: string } = {}): Promise<MediatorRow[]> {
    const conditions: SQL[] = [sql`true`];
    if (options.status && options.status !== 'all') conditions.push(sql`m.status = ${options.status}`);
    if (options.language) conditions.push(sql`EXISTS (SELECT 1 FROM med_languages l WHERE l.mediator_id = m.id AND l.language_code = ${options.language})`);
    return rows<MediatorRow>(
      db,
      sql`SELECT ${MEDIATOR_COLUMNS} FROM med_mediators m LEFT JOIN users u ON u.id = m.user_id
        WHERE ${sql.join(conditions, sql` AND `)} ORDER BY m.status, m.full_name`,
    );
  },

  async find(db: DbOrTx, id: string): Promise<MediatorRow | undefined> {
    const [row] = await rows<MediatorRow>(db, sql`SELECT ${MEDIATOR_COLUMNS} FROM med_mediators m LEFT JOIN users u ON u.id = m.user_id WHERE m.id = ${id}`);
    return row;
  },

  /** The roster record of a mediator's own account. */
  async findByUser(db: DbOrTx, userId: string): Promise<MediatorRow | undefined> {
    const [row] = await rows<MediatorRow>(db, sql`SELECT ${MEDIATOR_COLUMNS} FROM med_mediators m LEFT JOIN users u ON u.id = m.user_id WHERE m.user_id = ${userId}`);
    return row;
  },

  /** Locks the roster record for the rest of the transaction: assignments to one mediator are serialized. */
  async lock(db: DbOrTx, id: string): Promise<{ id: string; status: string; user_id: string | null } | undefined> {
    const [row] = await rows<{ id: string; status: string; user_id: string | null }>(db, sql`SELECT id, status, user_id FROM med_mediators WHERE id = ${id} FOR UPDATE`);
    return row;
  },

  async absences(db: DbOrTx, mediatorId: string, fromDate: string): Promise<AbsenceRow[]> {
    return rows<AbsenceRow>(
      db,
      sql`SELECT id, from_date::text AS from_date, to_date::text AS to_date, note FROM med_absences
        WHERE mediator_id = ${mediatorId} AND to_date >= ${fromDate}::date ORDER BY from_date`,
    );
  },

  /** An account that may be linked to a roster record: its id, whether it is a mediator, and the record it has. */
  async accountByEmail(db: DbOrTx, email: string): Promise<{ id: string; is_mediator: boolean; linked_to: string | null } | undefined> {
    const [row] = await rows<{ id: string; is_mediator: boolean; linked_to: string | null }>(
      db,
      sql`SELECT u.id, EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role = 'mediator') AS is_mediator,
        (SELECT m.id FROM med_mediators m WHERE m.user_id = u.id) AS linked_to
        FROM users u WHERE u.email = ${email}`,
    );
    return row;
  },

  /** The languages the network covers (active mediators), for the public page: no people, no counts. */
  async coveredLanguages(db: DbOrTx): Promise<{ language_code: string; written: boolean; modes: Mode[] }[]> {
    return rows(
      db,
      sql`SELECT l.language_code, bool_or(l.written_translation) AS written,
          (SELECT array_agg(DISTINCT x ORDER BY x) FROM med_languages l2 JOIN med_mediators m2 ON m2.id = l2.mediator_id, unnest(m2.modes) x
            WHERE l2.language_code = l.language_code AND m2.status = 'active') AS modes
        FROM med_languages l JOIN med_mediators m ON m.id = l.mediator_id WHERE m.status = 'active'
        GROUP BY l.language_code ORDER BY l.language_code`,
    );
  },

  async coversLanguage(db: DbOrTx, code: string): Promise<boolean> {
    const [row] = await rows<{ yes: boolean }>(
      db,
      sql`SELECT EXISTS (SELECT 1 FROM med_languages l JOIN med_mediators m ON m.id = l.mediator_id
        WHERE l.language_code = ${code} AND m.status = 'active') AS yes`,
    );
    return !!row?.yes;
  },

  async municipalities(db: DbOrTx): Promise<{ code: string; name: string }[]> {
    return rows(db, sql`SELECT code, name FROM municipalities ORDER BY name`);
  },

  // --- requests -----------------------------------------------------------------------------------------

  async findRequest(db: DbOrTx, user: MediationUser, id: string): Promise<RequestRow | undefined> {
    const [row] = await rows<RequestRow>(db, sql`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.id = ${id} AND ${requestsVisibleTo(user)}`);
    return row && normalize(row);
  },

  /** A request whatever the reader: only inside a use case, after its own access rule. Locks the row. */
  async lockRequest(db: DbOrTx, id: string): Promise<RequestRow | undefined> {
    const [row] = await rows<RequestRow>(db, sql`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.id = ${id} FOR UPDATE OF r`);
    return row && normalize(row);
  },

  async listRequests(db: DbOrTx, user: MediationUser, options: { status: RequestFilter; page: number; pageSize: number; mine?: boolean }): Promise<{ rows: RequestRow[]; total: number }> {
    const conditions: SQL[] = [requestsVisibleTo(user)];
    if (options.status === 'open') conditions.push(sql`r.status IN ('requested', 'offered', 'assigned', 'done')`);
    else if (options.status !== 'all') conditions.push(sql`r.status = ${options.status}`);
    if (options.mine) conditions.push(sql`r.mediator_id = (SELECT m2.id FROM med_mediators m2 WHERE m2.user_id = ${user.id})`);
    const where = sql.join(conditions, sql` AND `);
    const [found, [count]] = await Promise.all([
      rows<RequestRow>(
        db,
        sql`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE ${where}
          ORDER BY (r.status IN ('requested', 'offered')) DESC, COALESCE(r.starts_at, r.created_at) DESC, r.id
          LIMIT ${options.pageSize} OFFSET ${(options.page - 1) * options.pageSize}`,
      ),
      rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM med_requests r WHERE ${where}`),
    ]);
    return { rows: found.map(normalize), total: Number(count?.n ?? 0) };
  },

  /** Other sessions with the same reference of the same organization: a family's or a case's series. */
  async linkedSessions(db: DbOrTx, user: MediationUser, request: RequestRow): Promise<RequestRow[]> {
    if (!request.case_reference) return [];
    return (await rows<RequestRow>(
      db,
      sql`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM}
        WHERE r.organization_id = ${request.organization_id} AND lower(r.case_reference) = lower(${request.case_reference})
          AND r.id <> ${request.id} AND ${requestsVisibleTo(user)}
        ORDER BY COALESCE(r.starts_at, r.created_at)`,
    )).map(normalize);
  },

  async events(db: DbOrTx, requestId: string): Promise<RequestEventRow[]> {
    const found = await rows<RequestEventRow>(
      db,
      sql`SELECT e.occurred_at, u.display_name AS actor_name, e.from_status, e.to_status, e.reason
        FROM med_request_events e LEFT JOIN users u ON u.id = e.actor_user_id WHERE e.request_id = ${requestId} ORDER BY e.id`,
    );
    return found.map((e) => ({ ...e, occurred_at: toDate(e.occurred_at)! }));
  },

  /**
   * Active mediators speaking the language, with what the ranking needs for a meeting from `startsAt` to
   * `endsAt` on `date` (Rome): their weekly pattern, an absence that day, their other bookings overlapping it,
   * and the hours they worked or were booked for in the last 90 days (fair distribution).
   */
  async candidates(db: DbOrTx, input: { language: string; startsAt: Date | null; endsAt: Date | null; date: string | null; excludeRequestId: string }): Promise<CandidateRow[]> {
    const overlap = input.startsAt && input.endsAt
      ? sql`(SELECT count(*)::int FROM med_requests o WHERE o.mediator_id = m.id AND o.id <> ${input.excludeRequestId}
          AND o.status IN ('offered', 'assigned') AND o.starts_at < ${input.endsAt}
          AND o.starts_at + make_interval(mins => o.duration_minutes) > ${input.startsAt})`
      : sql`0`;
    const absent = input.date ? sql`EXISTS (SELECT 1 FROM med_absences a WHERE a.mediator_id = m.id AND ${input.date}::date BETWEEN a.from_date AND a.to_date)` : sql`false`;
    return rows<CandidateRow>(
      db,
      sql`SELECT m.id, m.full_name, m.gender, m.torture_support, m.municipality_codes, m.modes, l.level, l.written_translation, l.dialects,
          COALESCE((SELECT json_agg(json_build_object('weekday', a.weekday, 'starts', to_char(a.starts, 'HH24:MI'), 'ends', to_char(a.ends, 'HH24:MI')))
            FROM med_availability a WHERE a.mediator_id = m.id), '[]'::json) AS weekly,
          ${absent} AS absent, ${overlap} AS overlapping,
          COALESCE((SELECT sum(COALESCE(o.hours, o.duration_minutes / 60.0))::float FROM med_requests o WHERE o.mediator_id = m.id
            AND o.status IN ('offered', 'assigned', 'done', 'confirmed') AND o.starts_at > now() - interval '90 days'), 0) AS recent_hours
        FROM med_mediators m JOIN med_languages l ON l.mediator_id = m.id AND l.language_code = ${input.language}
        WHERE m.status = 'active'`,
    );
  },

  /** The mediator's other bookings overlapping a time: the reason an assignment is refused. */
  async overlapping(db: DbOrTx, mediatorId: string, startsAt: Date, endsAt: Date, excludeRequestId: string): Promise<number> {
    const [row] = await rows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM med_requests o WHERE o.mediator_id = ${mediatorId} AND o.id <> ${excludeRequestId}
        AND o.status IN ('offered', 'assigned') AND o.starts_at < ${endsAt}
        AND o.starts_at + make_interval(mins => o.duration_minutes) > ${startsAt}`,
    );
    return Number(row?.n ?? 0);
  },

  async organizationName(db: DbOrTx, id: string): Promise<string> {
    const [row] = await rows<{ name: string }>(db, sql`SELECT name FROM organizations WHERE id = ${id}`);
    return row?.name ?? '';
  },

  /** The coordinators' organizations: where the news of a new request goes. */
  async coordinatorOrganizations(db: DbOrTx): Promise<string[]> {
    return (
      await rows<{ organization_id: string }>(
        db,
        sql`SELECT DISTINCT u.organization_id FROM users u JOIN user_roles ur ON ur.user_id = u.id
          WHERE ur.role = 'mediator_coordinator' AND u.status = 'active'`,
      )
    ).map((r) => r.organization_id);
  },
};
