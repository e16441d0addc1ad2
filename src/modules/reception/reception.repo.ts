// Queries of the reception module. Who sees a centre is one SQL condition (visibleTo): the Prefettura's
// oversight roles see every centre; a managing body's operator only those its organization runs. Every
// record of the module (guests' stays, documents, files, visits, findings) is reached through its centre.
import { sql, type SQL } from 'drizzle-orm';
import { rows, sqlArray, type DbOrTx } from '../../kernel/db/client.js';
import type { CentreKind, CentreStatus, DepartureReason, DocType, FindingStatus, Housing, Severity, VisitKind, AnswerResult, ChecklistItem } from './reception-codes.js';

export interface ReceptionUser {
  id: string;
  organizationId: string;
  /** Holds a Prefettura oversight permission: every centre of the province. */
  oversees: boolean;
}

/** The condition, on a reception_centres row aliased `c`, that this operator may see it. */
export function visibleTo(user: ReceptionUser): SQL {
  return user.oversees ? sql`true` : sql`c.managing_body_id = ${user.organizationId}`;
}

export interface CentreRow {
  id: string;
  code: string;
  name: string;
  kind: CentreKind;
  housing: Housing;
  managing_body_id: string;
  managing_body_name: string;
  municipality_code: string;
  municipality_name: string;
  address: string;
  capacity_men: number;
  capacity_women: number;
  capacity_families: number;
  capacity: number;
  contract_start: string;
  contract_end: string;
  places_contracted: number;
  daily_rate_cents: number;
  contact_phone: string | null;
  contact_email: string | null;
  status: CentreStatus;
  present: number;
}

const CENTRE_COLUMNS = sql`c.id, c.code, c.name, c.kind, c.housing, c.managing_body_id, o.name AS managing_body_name,
  c.municipality_code, m.name AS municipality_name, c.address, c.capacity_men, c.capacity_women, c.capacity_families,
  (c.capacity_men + c.capacity_women + c.capacity_families) AS capacity,
  c.contract_start::text AS contract_start, c.contract_end::text AS contract_end, c.places_contracted, c.daily_rate_cents,
  c.contact_phone, c.contact_email, c.status,
  (SELECT count(*)::int FROM reception_stays s WHERE s.centre_id = c.id AND s.departed_on IS NULL) AS present`;
const CENTRE_FROM = sql`reception_centres c JOIN organizations o ON o.id = c.managing_body_id JOIN municipalities m ON m.code = c.municipality_code`;

export interface StayRow {
  id: string;
  centre_id: string;
  guest_code: string;
  arrived_on: string;
  departed_on: string | null;
  departure_reason: DepartureReason | null;
}

export interface RequirementRow {
  id: string;
  centre_id: string;
  doc_type: DocType;
  due_on: string;
  reminded_at: Date | null;
  /** The newest version, if any. */
  document_id: string | null;
  version: number | null;
  status: 'submitted' | 'accepted' | 'returned' | null;
  expires_on: string | null;
  return_reason: string | null;
  file_id: string | null;
  original_name: string | null;
  uploaded_at: Date | null;
}

export interface DocumentRow {
  id: string;
  requirement_id: string;
  centre_id: string;
  doc_type: DocType;
  version: number;
  status: 'submitted' | 'accepted' | 'returned';
  expires_on: string | null;
  return_reason: string | null;
  file_id: string;
  original_name: string;
  uploaded_at: Date;
  reviewed_at: Date | null;
}

export interface FileRow {
  id: string;
  centre_id: string;
  storage_name: string;
  media_type: string;
  original_name: string;
  size_bytes: number;
}

export interface VisitRow {
  id: string;
  centre_id: string;
  centre_name: string;
  centre_code: string;
  checklist_id: string;
  checklist_version: number;
  items: ChecklistItem[];
  kind: VisitKind;
  follow_up_of: string | null;
  planned_on: string;
  visited_on: string | null;
  status: 'planned' | 'completed';
  counted_present: number | null;
  inspector_ids: string[];
  inspector_names: string[];
}

export interface AnswerRow {
  item_code: string;
  result: AnswerResult;
  note: string | null;
  photo_file_id: string | null;
}

export interface FindingRow {
  id: string;
  visit_id: string;
  centre_id: string;
  centre_name: string;
  centre_code: string;
  managing_body_id: string;
  item_code: string;
  severity: Severity;
  description: string;
  action_required: string;
  due_on: string;
  photo_file_id: string | null;
  status: FindingStatus;
  response: string | null;
  response_file_id: string | null;
  responded_at: Date | null;
  closed_by_visit_id: string | null;
  closed_at: Date | null;
  created_at: Date;
}

const REQUIREMENT_SELECT = sql`SELECT r.id, r.centre_id, r.doc_type, r.due_on::text AS due_on, r.reminded_at,
    d.id AS document_id, d.version, d.status, d.expires_on::text AS expires_on, d.return_reason, d.file_id,
    f.original_name, d.uploaded_at
  FROM reception_requirements r
  LEFT JOIN LATERAL (SELECT * FROM reception_documents x WHERE x.requirement_id = r.id ORDER BY x.version DESC LIMIT 1) d ON true
  LEFT JOIN reception_files f ON f.id = d.file_id`;

const FINDING_SELECT = sql`SELECT fi.id, fi.visit_id, fi.centre_id, c.name AS centre_name, c.code AS centre_code, c.managing_body_id,
    fi.item_code, fi.severity, fi.description, fi.action_required, fi.due_on::text AS due_on, fi.photo_file_id, fi.status,
    fi.response, fi.response_file_id, fi.responded_at, fi.closed_by_visit_id, fi.closed_at, fi.created_at
  FROM reception_findings fi JOIN reception_centres c ON c.id = fi.centre_id`;

export const receptionRepo = {
  async listCentres(db: DbOrTx, user: ReceptionUser): Promise<CentreRow[]> {
    return rows<CentreRow>(db, sql`SELECT ${CENTRE_COLUMNS} FROM ${CENTRE_FROM} WHERE ${visibleTo(user)} ORDER BY m.name, c.code`);
  },

  /** The centre, if this operator may see it; undefined alike for one that does not exist. */
  async findCentre(db: DbOrTx, id: string, user: ReceptionUser): Promise<CentreRow | undefined> {
    const [row] = await rows<CentreRow>(db, sql`SELECT ${CENTRE_COLUMNS} FROM ${CENTRE_FROM} WHERE c.id = ${id} AND ${visibleTo(user)}`);
    return row;
  },

  async centreExists(db: DbOrTx, id: string): Promise<boolean> {
    return (await rows(db, sql`SELECT 1 FROM reception_centres WHERE id = ${id}`)).length > 0;
  },

  async centresByCode(db: DbOrTx, user: ReceptionUser): Promise<Map<string, CentreRow>> {
    return new Map((await this.listCentres(db, user)).map((c) => [c.code, c]));
  },

  async codeTaken(db: DbOrTx, code: string): Promise<boolean> {
    return (await rows(db, sql`SELECT 1 FROM reception_centres WHERE code = ${code}`)).length > 0;
  },

  async managingBodies(db: DbOrTx): Promise<{ id: string; name: string }[]> {
    return rows(db, sql`SELECT id, name FROM organizations WHERE kind = 'managing_body' AND active ORDER BY name`);
  },

  async municipalities(db: DbOrTx): Promise<{ code: string; name: string }[]> {
    return rows(db, sql`SELECT code, name FROM municipalities WHERE code IN (SELECT DISTINCT municipality_code FROM organizations WHERE municipality_code IS NOT NULL)
      OR code LIKE '110%' ORDER BY name`);
  },

  /** Open stays (guests present now) of these centres, by guest code. */
  async openStays(db: DbOrTx, centreIds: string[]): Promise<StayRow[]> {
    if (centreIds.length === 0) return [];
    return rows<StayRow>(db, sql`SELECT id, centre_id, guest_code, arrived_on::text AS arrived_on, departed_on::text AS departed_on, departure_reason
      FROM reception_stays WHERE departed_on IS NULL AND centre_id = ANY(${sqlArray(centreIds, 'uuid')})`);
  },

  /** Guest codes present anywhere in the province now (a code is one person). */
  async presentCodes(db: DbOrTx, codes: string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const found = await rows<{ guest_code: string }>(db, sql`SELECT guest_code FROM reception_stays WHERE departed_on IS NULL
      AND guest_code = ANY(${sqlArray(codes, 'text')})`);
    return new Set(found.map((r) => r.guest_code));
  },

  async staysOfCentre(db: DbOrTx, centreId: string, limit = 200): Promise<StayRow[]> {
    return rows<StayRow>(db, sql`SELECT id, centre_id, guest_code, arrived_on::text AS arrived_on, departed_on::text AS departed_on, departure_reason
      FROM reception_stays WHERE centre_id = ${centreId} ORDER BY (departed_on IS NULL) DESC, arrived_on DESC, guest_code LIMIT ${limit}`);
  },

  /**
   * Presence-days of a month for each visible centre: the days each guest was present, the arrival day
   * counted and the departure day not (the night spent is what is paid), and the days declared in the
   * daily counts, with the contract's daily rate.
   */
  async presenceDays(db: DbOrTx, user: ReceptionUser, monthStart: string, nextMonth: string) {
    return rows<{ id: string; code: string; name: string; municipality_name: string; managing_body_name: string; capacity: number; daily_rate_cents: number; presence_days: number; declared_days: number; declared_count_days: number; guests: number }>(
      db,
      sql`SELECT c.id, c.code, c.name, m.name AS municipality_name, o.name AS managing_body_name,
          (c.capacity_men + c.capacity_women + c.capacity_families) AS capacity, c.daily_rate_cents,
          COALESCE((SELECT sum(GREATEST(0, LEAST(COALESCE(s.departed_on, ${nextMonth}::date), ${nextMonth}::date) - GREATEST(s.arrived_on, ${monthStart}::date)))::int
            FROM reception_stays s WHERE s.centre_id = c.id), 0) AS presence_days,
          COALESCE((SELECT sum(d.present)::int FROM reception_daily_counts d WHERE d.centre_id = c.id AND d.day >= ${monthStart}::date AND d.day < ${nextMonth}::date), 0) AS declared_days,
          (SELECT count(*)::int FROM reception_daily_counts d WHERE d.centre_id = c.id AND d.day >= ${monthStart}::date AND d.day < ${nextMonth}::date) AS declared_count_days,
          (SELECT count(DISTINCT s.guest_code)::int FROM reception_stays s WHERE s.centre_id = c.id AND s.arrived_on < ${nextMonth}::date AND COALESCE(s.departed_on, ${nextMonth}::date) > ${monthStart}::date) AS guests
        FROM ${CENTRE_FROM} WHERE ${visibleTo(user)} ORDER BY m.name, c.code`,
    );
  },

  /** Guests present on the first day of each of the last months, by centre, against capacity. */
  async occupancyOverTime(db: DbOrTx, user: ReceptionUser, days: string[]) {
    if (days.length === 0) return [];
    return rows<{ centre_id: string; code: string; municipality_name: string; capacity: number; day: string; present: number }>(
      db,
      sql`SELECT c.id AS centre_id, c.code, m.name AS municipality_name, (c.capacity_men + c.capacity_women + c.capacity_families) AS capacity, d.day::text AS day,
          (SELECT count(*)::int FROM reception_stays s WHERE s.centre_id = c.id AND s.arrived_on <= d.day AND (s.departed_on IS NULL OR s.departed_on > d.day)) AS present
        FROM ${CENTRE_FROM} CROSS JOIN unnest(${sqlArray(days, 'text')}::date[]) AS d(day)
        WHERE ${visibleTo(user)} ORDER BY m.name, c.code, d.day`,
    );
  },

  async declaredCount(db: DbOrTx, centreId: string, day: string): Promise<number | undefined> {
    const [r] = await rows<{ present: number }>(db, sql`SELECT present FROM reception_daily_counts WHERE centre_id = ${centreId} AND day = ${day}::date`);
    return r?.present;
  },

  async requirements(db: DbOrTx, centreId: string): Promise<RequirementRow[]> {
    return rows<RequirementRow>(db, sql`${REQUIREMENT_SELECT} WHERE r.centre_id = ${centreId} ORDER BY r.due_on, r.doc_type`);
  },

  async allRequirements(db: DbOrTx): Promise<(RequirementRow & { managing_body_id: string; centre_name: string })[]> {
    return rows(db, sql`SELECT q.*, c.managing_body_id, c.name AS centre_name FROM (${REQUIREMENT_SELECT}) q JOIN reception_centres c ON c.id = q.centre_id WHERE c.status <> 'closed'`);
  },

  async findRequirement(db: DbOrTx, centreId: string, docType: DocType): Promise<RequirementRow | undefined> {
    const [r] = await rows<RequirementRow>(db, sql`${REQUIREMENT_SELECT} WHERE r.centre_id = ${centreId} AND r.doc_type = ${docType}`);
    return r;
  },

  async documentVersions(db: DbOrTx, centreId: string): Promise<DocumentRow[]> {
    return rows<DocumentRow>(db, sql`SELECT d.id, d.requirement_id, r.centre_id, r.doc_type, d.version, d.status, d.expires_on::text AS expires_on,
        d.return_reason, d.file_id, f.original_name, d.uploaded_at, d.reviewed_at
      FROM reception_documents d JOIN reception_requirements r ON r.id = d.requirement_id JOIN reception_files f ON f.id = d.file_id
      WHERE r.centre_id = ${centreId} ORDER BY r.doc_type, d.version DESC`);
  },

  /** The newest versions waiting for the Prefettura's review, oldest first. */
  async awaitingReview(db: DbOrTx): Promise<(DocumentRow & { centre_name: string; centre_code: string; managing_body_name: string })[]> {
    return rows(db, sql`SELECT d.id, d.requirement_id, r.centre_id, r.doc_type, d.version, d.status, d.expires_on::text AS expires_on, d.return_reason, d.file_id,
        f.original_name, d.uploaded_at, d.reviewed_at, c.name AS centre_name, c.code AS centre_code, o.name AS managing_body_name
      FROM reception_documents d JOIN reception_requirements r ON r.id = d.requirement_id JOIN reception_files f ON f.id = d.file_id
      JOIN reception_centres c ON c.id = r.centre_id JOIN organizations o ON o.id = c.managing_body_id
      WHERE d.status = 'submitted' AND d.version = (SELECT max(x.version) FROM reception_documents x WHERE x.requirement_id = d.requirement_id)
      ORDER BY d.uploaded_at`);
  },

  /** A document version, if its centre is visible to this operator. */
  async findDocument(db: DbOrTx, id: string, user: ReceptionUser): Promise<DocumentRow | undefined> {
    const [r] = await rows<DocumentRow>(db, sql`SELECT d.id, d.requirement_id, r.centre_id, r.doc_type, d.version, d.status, d.expires_on::text AS expires_on,
        d.return_reason, d.file_id, f.original_name, d.uploaded_at, d.reviewed_at
      FROM reception_documents d JOIN reception_requirements r ON r.id = d.requirement_id JOIN reception_files f ON f.id = d.file_id
      JOIN reception_centres c ON c.id = r.centre_id WHERE d.id = ${id} AND ${visibleTo(user)}`);
    return r;
  },

  async findFile(db: DbOrTx, id: string, user: ReceptionUser): Promise<FileRow | undefined> {
    const [r] = await rows<FileRow>(db, sql`SELECT f.id, f.centre_id, f.storage_name, f.media_type, f.original_name, f.size_bytes
      FROM reception_files f JOIN reception_centres c ON c.id = f.centre_id WHERE f.id = ${id} AND ${visibleTo(user)}`);
    return r;
  },

  async visits(db: DbOrTx, where: SQL, limit = 100): Promise<VisitRow[]> {
    return rows<VisitRow>(db, sql`SELECT v.id, v.centre_id, c.name AS centre_name, c.code AS centre_code, v.checklist_id, k.version AS checklist_version, k.items,
        v.kind, v.follow_up_of, v.planned_on::text AS planned_on, v.visited_on::text AS visited_on, v.status, v.counted_present, v.inspector_ids,
        ARRAY(SELECT u.display_name FROM users u WHERE u.id = ANY(v.inspector_ids) ORDER BY u.display_name) AS inspector_names
      FROM reception_visits v JOIN reception_centres c ON c.id = v.centre_id JOIN reception_checklists k ON k.id = v.checklist_id
      WHERE ${where} ORDER BY v.planned_on DESC, v.created_at DESC LIMIT ${limit}`);
  },

  async findVisit(db: DbOrTx, id: string): Promise<VisitRow | undefined> {
    const [v] = await this.visits(db, sql`v.id = ${id}`, 1);
    return v;
  },

  async answers(db: DbOrTx, visitId: string): Promise<AnswerRow[]> {
    return rows<AnswerRow>(db, sql`SELECT item_code, result, note, photo_file_id FROM reception_answers WHERE visit_id = ${visitId}`);
  },

  async latestChecklist(db: DbOrTx): Promise<{ id: string; version: number; items: ChecklistItem[] }> {
    const [k] = await rows<{ id: string; version: number; items: ChecklistItem[] }>(db, sql`SELECT id, version, items FROM reception_checklists ORDER BY version DESC LIMIT 1`);
    return k!;
  },

  async inspectors(db: DbOrTx): Promise<{ id: string; display_name: string }[]> {
    return rows(db, sql`SELECT u.id, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id
      WHERE r.role = 'reception_inspector' AND u.status = 'active' ORDER BY u.display_name`);
  },

  async findings(db: DbOrTx, where: SQL): Promise<FindingRow[]> {
    return rows<FindingRow>(db, sql`${FINDING_SELECT} WHERE ${where} ORDER BY (fi.status = 'closed'), fi.due_on, fi.created_at`);
  },

  /** A finding, if its centre is visible to this operator. */
  async findFinding(db: DbOrTx, id: string, user: ReceptionUser): Promise<FindingRow | undefined> {
    const [f] = await rows<FindingRow>(db, sql`${FINDING_SELECT} WHERE fi.id = ${id} AND ${visibleTo(user)}`);
    return f;
  },

  async recordExists(db: DbOrTx, table: 'reception_findings' | 'reception_documents' | 'reception_files' | 'reception_visits', id: string): Promise<boolean> {
    return (await rows(db, sql`SELECT 1 FROM ${sql.raw(table)} WHERE id = ${id}`)).length > 0;
  },

  /** The dashboard's figures per visible centre. */
  async dashboard(db: DbOrTx, user: ReceptionUser, today: string) {
    return rows<{
      id: string;
      code: string;
      name: string;
      municipality_name: string;
      managing_body_name: string;
      capacity: number;
      present: number;
      overdue_documents: number;
      open_low: number;
      open_medium: number;
      open_high: number;
      open_critical: number;
      last_visit: string | null;
      counted_present: number | null;
      declared_present: number | null;
    }>(
      db,
      sql`SELECT c.id, c.code, c.name, m.name AS municipality_name, o.name AS managing_body_name,
          (c.capacity_men + c.capacity_women + c.capacity_families) AS capacity,
          (SELECT count(*)::int FROM reception_stays s WHERE s.centre_id = c.id AND s.departed_on IS NULL) AS present,
          (SELECT count(*)::int FROM (${REQUIREMENT_SELECT}) q WHERE q.centre_id = c.id AND (
              (q.expires_on IS NOT NULL AND q.status = 'accepted' AND q.expires_on::date < ${today}::date)
              OR ((q.status IS NULL OR q.status = 'returned') AND q.due_on::date < ${today}::date))) AS overdue_documents,
          (SELECT count(*)::int FROM reception_findings f WHERE f.centre_id = c.id AND f.status <> 'closed' AND f.severity = 'low') AS open_low,
          (SELECT count(*)::int FROM reception_findings f WHERE f.centre_id = c.id AND f.status <> 'closed' AND f.severity = 'medium') AS open_medium,
          (SELECT count(*)::int FROM reception_findings f WHERE f.centre_id = c.id AND f.status <> 'closed' AND f.severity = 'high') AS open_high,
          (SELECT count(*)::int FROM reception_findings f WHERE f.centre_id = c.id AND f.status <> 'closed' AND f.severity = 'critical') AS open_critical,
          lv.visited_on AS last_visit, lv.counted_present,
          (SELECT d.present FROM reception_daily_counts d WHERE d.centre_id = c.id AND d.day::text = lv.visited_on) AS declared_present
        FROM ${CENTRE_FROM}
        LEFT JOIN LATERAL (SELECT v.visited_on::text AS visited_on, v.counted_present FROM reception_visits v
          WHERE v.centre_id = c.id AND v.status = 'completed' ORDER BY v.visited_on DESC LIMIT 1) lv ON true
        WHERE ${visibleTo(user)} AND c.status <> 'closed' ORDER BY m.name, c.code`,
    );
  },
};
