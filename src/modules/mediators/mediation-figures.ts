// How mediation is used, for the coordinator, the Prefettura and the funder's reports: hours by language,
// setting, requesting organization and month; unmet requests by language (the languages to recruit for);
// the time from request to assignment. Aggregates only: no mediator and no family is named (organizations
// are, as the funder's reports ask). One description of each table serves the page, the CSV and the XLSX.
import { sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { rows, type DbOrTx } from '../../kernel/db/client.js';
import type { Translator } from '../../kernel/i18n/i18n.js';
import { TIME_ZONE } from '../../kernel/i18n/locales.js';
import { LANGUAGE_KEYS, type LanguageCode } from './deps.js';
import { SETTING_KEYS, type Setting } from './mediation-status.js';

export const FIGURE_TABLES = ['language', 'setting', 'organization', 'month', 'unmet', 'assignment'] as const;
export type FigureTableId = (typeof FIGURE_TABLES)[number];

export interface Period {
  /** Calendar days in Rome, YYYY-MM-DD, both included. */
  from: string;
  to: string;
}

export interface FigureTable {
  id: FigureTableId;
  title: string;
  description: string;
  headers: string[];
  rows: { label: string; cells: number[] }[];
}

interface HoursRow {
  key: string;
  sessions: number;
  hours: number;
}

const WORKED = sql`r.status IN ('done', 'confirmed')`;
const inPeriod = (column: string, p: Period) =>
  sql`(${sql.raw(column)} AT TIME ZONE ${TIME_ZONE})::date BETWEEN ${p.from}::date AND ${p.to}::date`;

async function hoursBy(db: DbOrTx, key: SQLKey, p: Period): Promise<HoursRow[]> {
  const found = await rows<HoursRow>(
    db,
    sql`SELECT ${KEYS[key]} AS key, count(*)::int AS sessions, COALESCE(sum(r.hours), 0)::float AS hours
      FROM med_requests r JOIN organizations o ON o.id = r.organization_id
      WHERE ${WORKED} AND ${inPeriod('r.starts_at', p)} GROUP BY 1 ORDER BY 3 DESC, 1`,
  );
  return found.map((r) => ({ key: String(r.key), sessions: Number(r.sessions), hours: Number(r.hours) }));
}

type SQLKey = 'language' | 'setting' | 'organization' | 'month';
const KEYS: Record<SQLKey, ReturnType<typeof sql>> = {
  language: sql`r.language_code`,
  setting: sql`r.setting`,
  organization: sql`o.name`,
  month: sql`to_char(r.starts_at AT TIME ZONE ${TIME_ZONE}, 'YYYY-MM')`,
};

export interface MediationFigures {
  byLanguage: HoursRow[];
  bySetting: HoursRow[];
  byOrganization: HoursRow[];
  byMonth: HoursRow[];
  /** Requests made in the period, per language: all, and unmet. */
  unmet: { key: string; requests: number; unmet: number }[];
  /** Hours from request to assignment, per language, of requests assigned in the period. */
  assignment: { key: string; assigned: number; medianHours: number; averageHours: number }[];
  averageRating: number | null;
}

export async function mediationFigures(db: DbOrTx, p: Period): Promise<MediationFigures> {
  const [byLanguage, bySetting, byOrganization, byMonth, unmet, assignment, rating] = await Promise.all([
    hoursBy(db, 'language', p),
    hoursBy(db, 'setting', p),
    hoursBy(db, 'organization', p),
    hoursBy(db, 'month', p),
    rows<{ key: string; requests: number; unmet: number }>(
      db,
      sql`SELECT r.language_code AS key, count(*)::int AS requests, count(*) FILTER (WHERE r.status = 'unmet')::int AS unmet
        FROM med_requests r WHERE ${inPeriod('r.created_at', p)} GROUP BY 1 HAVING count(*) FILTER (WHERE r.status = 'unmet') > 0
        ORDER BY 3 DESC, 1`,
    ),
    rows<{ key: string; assigned: number; median_hours: number; average_hours: number }>(
      db,
      sql`SELECT r.language_code AS key, count(*)::int AS assigned,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.assigned_at - r.created_at) / 3600)::float AS median_hours,
          avg(extract(epoch FROM r.assigned_at - r.created_at) / 3600)::float AS average_hours
        FROM med_requests r WHERE r.assigned_at IS NOT NULL AND ${inPeriod('r.assigned_at', p)} GROUP BY 1 ORDER BY 1`,
    ),
    rows<{ rating: number | null }>(db, sql`SELECT avg(r.rating)::float AS rating FROM med_requests r WHERE r.rating IS NOT NULL AND ${inPeriod('r.starts_at', p)}`),
  ]);
  return {
    byLanguage,
    bySetting,
    byOrganization,
    byMonth,
    unmet: unmet.map((r) => ({ key: r.key, requests: Number(r.requests), unmet: Number(r.unmet) })),
    assignment: assignment.map((r) => ({ key: r.key, assigned: Number(r.assigned), medianHours: round1(Number(r.median_hours)), averageHours: round1(Number(r.average_hours)) })),
    averageRating: rating[0]?.rating == null ? null : round1(Number(rating[0].rating)),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

export function figureTables(tr: Translator, f: MediationFigures): FigureTable[] {
  const t = tr.t;
  const language = (code: string) => (code in LANGUAGE_KEYS ? t(LANGUAGE_KEYS[code as LanguageCode]) : code);
  const hoursTable = (id: FigureTableId, title: string, description: string, first: string, list: HoursRow[], label: (k: string) => string): FigureTable => ({
    id,
    title,
    description,
    headers: [first, t('mediators.figures.sessions'), t('mediators.figures.hours')],
    rows: list.map((r) => ({ label: label(r.key), cells: [r.sessions, round2(r.hours)] })),
  });
  return [
    hoursTable('language', t('mediators.figures.byLanguage'), t('mediators.figures.hoursDescription'), t('mediators.figures.language'), f.byLanguage, language),
    hoursTable('setting', t('mediators.figures.bySetting'), t('mediators.figures.hoursDescription'), t('mediators.figures.setting'), f.bySetting, (k) =>
      k in SETTING_KEYS ? t(SETTING_KEYS[k as Setting]) : k,
    ),
    hoursTable('organization', t('mediators.figures.byOrganization'), t('mediators.figures.hoursDescription'), t('mediators.figures.organization'), f.byOrganization, (k) => k),
    hoursTable('month', t('mediators.figures.byMonth'), t('mediators.figures.hoursDescription'), t('mediators.figures.month'), f.byMonth, (k) => k),
    {
      id: 'unmet',
      title: t('mediators.figures.unmet'),
      description: t('mediators.figures.unmetDescription'),
      headers: [t('mediators.figures.language'), t('mediators.figures.requests'), t('mediators.figures.unmetCount')],
      rows: f.unmet.map((r) => ({ label: language(r.key), cells: [r.requests, r.unmet] })),
    },
    {
      id: 'assignment',
      title: t('mediators.figures.assignment'),
      description: t('mediators.figures.assignmentDescription'),
      headers: [t('mediators.figures.language'), t('mediators.figures.assigned'), t('mediators.figures.medianHours'), t('mediators.figures.averageHours')],
      rows: f.assignment.map((r) => ({ label: language(r.key), cells: [r.assigned, r.medianHours, r.averageHours] })),
    },
  ];
}

/** One table as CSV (UTF-8 with a byte-order mark, so that spreadsheets open accents and Arabic right). */
export function csvOf(table: FigureTable): string {
  return `\ufeff${stringify([table.headers, ...table.rows.map((r) => [r.label, ...r.cells.map(String)])])}`;
}

/** Every table as one sheet of an XLSX workbook, with the period on each sheet. */
export async function xlsxOf(tables: FigureTable[], periodLabel: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Ponte';
  for (const [i, table] of tables.entries()) {
    // Sheet names: unique, at most 31 characters, none of : \ / ? * [ ].
    const sheet = book.addWorksheet(`${i + 1}. ${table.title.replace(/[:\\/?*[\]]/g, ' ')}`.slice(0, 31));
    sheet.addRow([table.title]).font = { bold: true };
    sheet.addRow([periodLabel]);
    sheet.addRow([]);
    sheet.addRow(table.headers).font = { bold: true };
    for (const r of table.rows) sheet.addRow([r.label, ...r.cells]);
    sheet.getColumn(1).width = 40;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
