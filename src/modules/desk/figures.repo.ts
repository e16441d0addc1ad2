// The desk's figures: aggregates over contacts, needs and referrals, for one organization or the whole
// province, over a period of days in Rome's calendar. Counts of people are distinct persons (an anonymous
// contact is one person of its own). Every count leaves here already passed through the small-cell rule
// (ADR 0012): a cell that stands for fewer than five people carries no number at all, so no page, chart
// or export can show one by mistake, and totals are sums of the cells shown.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../kernel/db/client.js';
import { TIME_ZONE } from '../../kernel/i18n/locales.js';

/** The smallest number of people a figure may stand for. */
export const MIN_PEOPLE = 5;

/** A figure as shown: its value, or suppressed (fewer than MIN_PEOPLE people behind it). */
export type Cell = { shown: true; value: number } | { shown: false };

/** The cell for a count of `value` things (contacts, needs, days...) standing for `people` distinct people. */
export function cellOf(people: number, value: number = people): Cell {
  return people >= MIN_PEOPLE ? { shown: true, value } : { shown: false };
}

/**
 * The total of a column: the sum of the cells shown, never a count over every row. A suppressed cell
 * cannot be found again as "total minus the others"; the page says the total is of the rows shown.
 */
export function totalOfShown(cells: readonly Cell[]): number {
  return cells.reduce((sum, c) => (c.shown ? sum + c.value : sum), 0);
}

export interface FiguresScope {
  /** null: the whole province. */
  organizationId: string | null;
  /** First and last day of the period (YYYY-MM-DD), Rome's calendar, both included. */
  from: string;
  to: string;
}

export interface WeekRow {
  /** The Monday the week starts on (YYYY-MM-DD). */
  week: string;
  contacts: Cell;
  people: Cell;
}

export interface CountRow {
  /** A category's code, a country code ('' when not stated), a status. */
  key: string;
  people: Cell;
  count: Cell;
}

export interface ReceiverRow {
  organizationId: string;
  organizationName: string;
  people: Cell;
  /** Median days from sending to acceptance, over the referrals accepted (and their people). */
  daysToAcceptance: Cell;
  /** Median days from sending to completion, over the referrals completed. */
  daysToCompletion: Cell;
}

export interface Figures {
  weeks: WeekRow[];
  needsByCategory: CountRow[];
  needsByNationality: CountRow[];
  referralsByStatus: CountRow[];
  receivers: ReceiverRow[];
}

/** The period's bounds as instants: from the first day's midnight in Rome to the midnight after the last. */
function periodOf(column: SQL, scope: FiguresScope): SQL {
  return sql`${column} >= (${scope.from}::date)::timestamp AT TIME ZONE ${TIME_ZONE}
    AND ${column} < (${scope.to}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}`;
}

const ofOrganization = (column: SQL, scope: FiguresScope): SQL =>
  scope.organizationId ? sql`${column} = ${scope.organizationId}` : sql`TRUE`;

const num = (v: unknown): number => Number(v ?? 0);

export const figuresRepo = {
  /** Contacts and people met per week (weeks start on Monday); weeks without contacts are there too. */
  async contactsByWeek(db: DbOrTx, scope: FiguresScope): Promise<WeekRow[]> {
    const found = await rows<{ week: string; contacts: number; people: number }>(
      db,
      sql`WITH counted AS (
          SELECT date_trunc('week', c.occurred_at AT TIME ZONE ${TIME_ZONE})::date AS week, count(*) AS contacts,
            count(DISTINCT c.person_id) + count(*) FILTER (WHERE c.person_id IS NULL) AS people
          FROM desk_contacts c
          WHERE ${periodOf(sql`c.occurred_at`, scope)} AND ${ofOrganization(sql`c.organization_id`, scope)}
          GROUP BY 1)
        SELECT to_char(w.week, 'YYYY-MM-DD') AS week, COALESCE(counted.contacts, 0) AS contacts, COALESCE(counted.people, 0) AS people
        FROM generate_series(date_trunc('week', ${scope.from}::date), date_trunc('week', ${scope.to}::date), interval '1 week') AS w (week)
        LEFT JOIN counted ON counted.week = w.week::date
        ORDER BY w.week`,
    );
    return found.map((r) => ({ week: r.week, contacts: cellOf(num(r.people), num(r.contacts)), people: cellOf(num(r.people)) }));
  },

  /** People with a need recorded in the period, by category (the taxonomy's top-level term). */
  async needsByCategory(db: DbOrTx, scope: FiguresScope): Promise<CountRow[]> {
    const found = await rows<{ key: string; people: number; count: number }>(
      db,
      sql`SELECT split_part(n.term_code, '.', 1) AS key, count(DISTINCT n.person_id) AS people, count(*) AS count
        FROM desk_needs n
        WHERE ${periodOf(sql`n.created_at`, scope)} AND ${ofOrganization(sql`n.organization_id`, scope)}
        GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    return found.map((r) => ({ key: r.key, people: cellOf(num(r.people)), count: cellOf(num(r.people), num(r.count)) }));
  },

  /** People with a need recorded in the period, by nationality ('' when not stated; kept on the need, migration 0017). */
  async needsByNationality(db: DbOrTx, scope: FiguresScope): Promise<CountRow[]> {
    const found = await rows<{ key: string; people: number; count: number }>(
      db,
      sql`SELECT COALESCE(n.nationality, '') AS key, count(DISTINCT n.person_id) AS people, count(*) AS count
        FROM desk_needs n
        WHERE ${periodOf(sql`n.created_at`, scope)} AND ${ofOrganization(sql`n.organization_id`, scope)}
        GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    return found.map((r) => ({ key: r.key.trim(), people: cellOf(num(r.people)), count: cellOf(num(r.people), num(r.count)) }));
  },

  /** Referrals sent in the period (by the organization, or anyone in the province), by where they stand now. */
  async referralsByStatus(db: DbOrTx, scope: FiguresScope): Promise<CountRow[]> {
    const found = await rows<{ key: string; people: number; count: number }>(
      db,
      sql`SELECT r.status AS key, count(DISTINCT (r.subject_module, r.subject_id)) AS people, count(*) AS count
        FROM referrals r
        WHERE ${periodOf(sql`r.sent_at`, scope)} AND ${ofOrganization(sql`r.from_organization_id`, scope)}
        GROUP BY 1`,
    );
    return found.map((r) => ({ key: r.key, people: cellOf(num(r.people)), count: cellOf(num(r.people), num(r.count)) }));
  },

  /**
   * Per receiving organization, of the referrals sent in the period: the median days to acceptance (over
   * those accepted, whatever happened next) and to completion (over those completed). Each median needs
   * MIN_PEOPLE distinct people among the referrals it is computed on.
   */
  async receivers(db: DbOrTx, scope: FiguresScope): Promise<ReceiverRow[]> {
    const found = await rows<{
      organization_id: string;
      organization_name: string;
      people: number;
      accepted_people: number;
      completed_people: number;
      days_to_acceptance: number | null;
      days_to_completion: number | null;
    }>(
      db,
      sql`SELECT r.to_organization_id AS organization_id, o.name AS organization_name,
          count(DISTINCT (r.subject_module, r.subject_id)) AS people,
          count(DISTINCT (r.subject_module, r.subject_id)) FILTER (WHERE r.answered_at IS NOT NULL AND r.status <> 'declined') AS accepted_people,
          count(DISTINCT (r.subject_module, r.subject_id)) FILTER (WHERE r.status = 'completed') AS completed_people,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.answered_at - r.sent_at) / 86400)
            FILTER (WHERE r.answered_at IS NOT NULL AND r.status <> 'declined') AS days_to_acceptance,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.ended_at - r.sent_at) / 86400)
            FILTER (WHERE r.status = 'completed') AS days_to_completion
        FROM referrals r JOIN organizations o ON o.id = r.to_organization_id
        WHERE ${periodOf(sql`r.sent_at`, scope)} AND ${ofOrganization(sql`r.from_organization_id`, scope)}
        GROUP BY r.to_organization_id, o.name
        ORDER BY o.name`,
    );
    return found.map((r) => ({
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      people: cellOf(num(r.people)),
      daysToAcceptance: cellOf(num(r.accepted_people), num(r.days_to_acceptance)),
      daysToCompletion: cellOf(num(r.completed_people), num(r.days_to_completion)),
    }));
  },

  async all(db: DbOrTx, scope: FiguresScope): Promise<Figures> {
    // Side by side on a server's pool; PGlite takes them one after the other anyway.
    const [weeks, needsByCategory, needsByNationality, referralsByStatus, receivers] = await Promise.all([
      this.contactsByWeek(db, scope),
      this.needsByCategory(db, scope),
      this.needsByNationality(db, scope),
      this.referralsByStatus(db, scope),
      this.receivers(db, scope),
    ]);
    return { weeks, needsByCategory, needsByNationality, referralsByStatus, receivers };
  },

  /** The organizations one may choose among: those with any desk contact, need or referral sent. */
  async organizations(db: DbOrTx): Promise<{ id: string; name: string }[]> {
    return rows(
      db,
      sql`SELECT o.id, o.name FROM organizations o WHERE o.active AND (
          EXISTS (SELECT 1 FROM desk_contacts c WHERE c.organization_id = o.id)
          OR EXISTS (SELECT 1 FROM desk_needs n WHERE n.organization_id = o.id)
          OR EXISTS (SELECT 1 FROM referrals r WHERE r.from_organization_id = o.id)
          OR EXISTS (SELECT 1 FROM users u JOIN user_roles ur ON ur.user_id = u.id WHERE u.organization_id = o.id AND ur.role = 'desk_operator'))
        ORDER BY o.name`,
    );
  },

  async organizationName(db: DbOrTx, id: string): Promise<string | undefined> {
    const [row] = await rows<{ name: string }>(db, sql`SELECT name FROM organizations WHERE id = ${id}`);
    return row?.name;
  },
};
