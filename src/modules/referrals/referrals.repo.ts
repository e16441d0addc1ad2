// The only place with queries about referrals. Reads join the directory's tables by name (the directory
// has no index.ts to ask through yet) for the service's and the need's names in the reader's language.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../kernel/db/client.js';
import { rows } from '../../kernel/db/client.js';
import type { DeclineReason, Outcome, ReferralStatus } from './referral-status.js';

type Translations = Record<string, Record<string, string>>;
const toDate = (v: string | Date | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

/** What anyone allowed to see a referral sees, without the person's data (that needs opening and an audit event). */
export interface ReferralRow {
  id: string;
  subjectModule: string;
  subjectId: string;
  needCode: string | null;
  needName: string | null;
  needTranslations: Translations;
  serviceId: string;
  serviceName: string;
  serviceTranslations: Translations;
  fromOrganizationId: string;
  fromOrganizationName: string;
  fromUserName: string | null;
  toOrganizationId: string;
  toOrganizationName: string;
  status: ReferralStatus;
  sentAt: Date;
  answerBy: Date;
  answeredAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  declineReason: DeclineReason | null;
  outcome: Outcome | null;
  remindedAt: Date | null;
  reminderCount: number;
  updatedAt: Date;
}

interface RawRow {
  id: string;
  subject_module: string;
  subject_id: string;
  need_code: string | null;
  need_name: string | null;
  need_translations: Translations | null;
  service_id: string;
  service_name: string;
  service_translations: Translations | null;
  from_organization_id: string;
  from_organization_name: string;
  from_user_name: string | null;
  to_organization_id: string;
  to_organization_name: string;
  status: ReferralStatus;
  sent_at: string | Date;
  answer_by: string | Date;
  answered_at: string | Date | null;
  started_at: string | Date | null;
  ended_at: string | Date | null;
  decline_reason: DeclineReason | null;
  outcome: Outcome | null;
  reminded_at: string | Date | null;
  reminder_count: number;
  updated_at: string | Date;
}

const SELECT = sql`
  SELECT r.id, r.subject_module, r.subject_id, r.need_code, t.name AS need_name, t.translations AS need_translations,
         r.service_id, coalesce(s.name, r.service_name) AS service_name, s.translations AS service_translations,
         r.from_organization_id, fo.name AS from_organization_name, u.display_name AS from_user_name,
         r.to_organization_id, tor.name AS to_organization_name,
         r.status, r.sent_at, r.answer_by, r.answered_at, r.started_at, r.ended_at, r.decline_reason, r.outcome,
         r.reminded_at, r.reminder_count, r.updated_at
  FROM referrals r
  JOIN organizations fo ON fo.id = r.from_organization_id
  JOIN organizations tor ON tor.id = r.to_organization_id
  LEFT JOIN users u ON u.id = r.from_user_id
  LEFT JOIN dir_services s ON s.id = r.service_id
  LEFT JOIN LATERAL (SELECT name, translations FROM dir_taxonomy_terms WHERE code = r.need_code LIMIT 1) t ON true`;

function mapRow(r: RawRow): ReferralRow {
  return {
    id: r.id,
    subjectModule: r.subject_module,
    subjectId: r.subject_id,
    needCode: r.need_code,
    needName: r.need_name,
    needTranslations: r.need_translations ?? {},
    serviceId: r.service_id,
    serviceName: r.service_name,
    serviceTranslations: r.service_translations ?? {},
    fromOrganizationId: r.from_organization_id,
    fromOrganizationName: r.from_organization_name,
    fromUserName: r.from_user_name,
    toOrganizationId: r.to_organization_id,
    toOrganizationName: r.to_organization_name,
    status: r.status,
    sentAt: toDate(r.sent_at)!,
    answerBy: toDate(r.answer_by)!,
    answeredAt: toDate(r.answered_at),
    startedAt: toDate(r.started_at),
    endedAt: toDate(r.ended_at),
    declineReason: r.decline_reason,
    outcome: r.outcome,
    remindedAt: toDate(r.reminded_at),
    reminderCount: Number(r.reminder_count),
    updatedAt: toDate(r.updated_at)!,
  };
}

/** The inbox's status filter: the referrals still open (the default), all of them, or one status. */
export type StatusFilter = 'open' | 'all' | ReferralStatus;
export const OPEN_STATUSES: readonly ReferralStatus[] = ['sent', 'accepted', 'in_progress'];

function statusCondition(filter: StatusFilter): SQL {
  if (filter === 'all') return sql`true`;
  if (filter === 'open') return sql`r.status IN ('sent', 'accepted', 'in_progress')`;
  return sql`r.status = ${filter}`;
}

export interface ListOptions {
  status: StatusFilter;
  page: number;
  pageSize: number;
}

async function list(db: DbOrTx, side: SQL, options: ListOptions, order: SQL): Promise<{ rows: ReferralRow[]; total: number }> {
  const where = sql`${side} AND ${statusCondition(options.status)}`;
  const [found, [count]] = await Promise.all([
    rows<RawRow>(db, sql`${SELECT} WHERE ${where} ORDER BY ${order} LIMIT ${options.pageSize} OFFSET ${(options.page - 1) * options.pageSize}`),
    rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM referrals r WHERE ${where}`),
  ]);
  return { rows: found.map(mapRow), total: Number(count?.n ?? 0) };
}

export const referralsRepo = {
  /** Received by an organization: those waiting for an answer first, the oldest deadline first. */
  listReceived(db: DbOrTx, organizationId: string, options: ListOptions) {
    return list(db, sql`r.to_organization_id = ${organizationId}`, options, sql`(r.status = 'sent') DESC, r.answer_by ASC, r.sent_at DESC, r.id`);
  },

  /** Sent by an organization: the newest first. */
  listSent(db: DbOrTx, organizationId: string, options: ListOptions) {
    return list(db, sql`r.from_organization_id = ${organizationId}`, options, sql`r.sent_at DESC, r.id`);
  },

  /** How many referrals wait for this organization's answer, and how many of them are late. */
  async waitingCounts(db: DbOrTx, organizationId: string, now: Date): Promise<{ waiting: number; overdue: number }> {
    const [row] = await rows<{ waiting: number; overdue: number }>(
      db,
      sql`SELECT count(*)::int AS waiting, count(*) FILTER (WHERE answer_by < ${now.toISOString()}::timestamptz)::int AS overdue
          FROM referrals WHERE to_organization_id = ${organizationId} AND status = 'sent'`,
    );
    return { waiting: Number(row?.waiting ?? 0), overdue: Number(row?.overdue ?? 0) };
  },

  /** One referral, if this organization sent or received it; otherwise nothing (the caller answers 404). */
  async findForOrganization(db: DbOrTx, id: string, organizationId: string): Promise<ReferralRow | undefined> {
    const [row] = await rows<RawRow>(
      db,
      sql`${SELECT} WHERE r.id = ${id} AND (r.from_organization_id = ${organizationId} OR r.to_organization_id = ${organizationId})`,
    );
    return row ? mapRow(row) : undefined;
  },

  async findById(db: DbOrTx, id: string): Promise<ReferralRow | undefined> {
    const [row] = await rows<RawRow>(db, sql`${SELECT} WHERE r.id = ${id}`);
    return row ? mapRow(row) : undefined;
  },

  async forSubject(db: DbOrTx, subject: { module: string; id: string }): Promise<ReferralRow[]> {
    const found = await rows<RawRow>(db, sql`${SELECT} WHERE r.subject_module = ${subject.module} AND r.subject_id = ${subject.id} ORDER BY r.sent_at DESC, r.id`);
    return found.map(mapRow);
  },

  /** The sealed columns: open them only after the access check, and record the read. */
  async sealed(db: DbOrTx, id: string): Promise<{ sharedDataEnc: string; noteEnc: string | null } | undefined> {
    const [row] = await rows<{ shared_data_enc: string; note_enc: string | null }>(db, sql`SELECT shared_data_enc, note_enc FROM referrals WHERE id = ${id}`);
    return row ? { sharedDataEnc: row.shared_data_enc, noteEnc: row.note_enc } : undefined;
  },

  /** The history of a referral, oldest first, with who did it. */
  async events(db: DbOrTx, referralId: string) {
    const found = await rows<{
      id: number;
      occurred_at: string | Date;
      actor_name: string | null;
      organization_name: string | null;
      from_status: ReferralStatus | null;
      to_status: ReferralStatus;
      reason: string | null;
      note_enc: string | null;
    }>(
      db,
      sql`SELECT e.id, e.occurred_at, u.display_name AS actor_name, o.name AS organization_name, e.from_status, e.to_status, e.reason, e.note_enc
          FROM referral_events e
          LEFT JOIN users u ON u.id = e.actor_user_id
          LEFT JOIN organizations o ON o.id = e.actor_organization_id
          WHERE e.referral_id = ${referralId} ORDER BY e.id`,
    );
    return found.map((e) => ({
      id: Number(e.id),
      occurredAt: toDate(e.occurred_at)!,
      actorName: e.actor_name,
      organizationName: e.organization_name,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      reason: e.reason,
      noteEnc: e.note_enc,
    }));
  },

  /** The directory's published service and the operators' organization that receives its referrals. */
  async publishedService(db: DbOrTx, serviceId: string) {
    const [row] = await rows<{ id: string; name: string; owner_organization_id: string | null; owner_active: boolean | null; owner_name: string | null }>(
      db,
      sql`SELECT s.id, s.name, d.owner_organization_id, o.active AS owner_active, o.name AS owner_name
          FROM dir_published_services p
          JOIN dir_services s ON s.id = p.service_id
          JOIN dir_organizations d ON d.id = s.organization_id
          LEFT JOIN organizations o ON o.id = d.owner_organization_id
          WHERE p.service_id = ${serviceId}`,
    );
    return row;
  },

  async organizationName(db: DbOrTx, id: string): Promise<string | undefined> {
    const [row] = await rows<{ name: string }>(db, sql`SELECT name FROM organizations WHERE id = ${id}`);
    return row?.name;
  },

  async municipalityName(db: DbOrTx, code: string): Promise<string | undefined> {
    const [row] = await rows<{ name: string }>(db, sql`SELECT name FROM municipalities WHERE code = ${code}`);
    return row?.name;
  },

  /**
   * Referrals still waiting for an answer past their deadline, not reminded yet or last reminded before
   * `remindedBefore`, locked for this transaction (another node running the reminders skips them).
   */
  async dueForReminder(db: DbOrTx, now: Date, remindedBefore: Date, limit: number) {
    const found = await rows<{ id: string }>(
      db,
      sql`SELECT id FROM referrals
          WHERE status = 'sent' AND answer_by < ${now.toISOString()}::timestamptz
            AND (reminded_at IS NULL OR reminded_at < ${remindedBefore.toISOString()}::timestamptz)
          ORDER BY answer_by, id LIMIT ${limit}
          FOR UPDATE SKIP LOCKED`,
    );
    return found.map((r) => r.id);
  },
};
