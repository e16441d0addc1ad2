// The figures as tables with their headings in the reader's language: one description that the page
// (table and chart) and the CSV export both read, so that the three always show the same numbers.
import type { Translator } from '../../kernel/i18n/i18n.js';
import { REFERRAL_STATUSES, REFERRAL_STATUS_KEYS, type ReferralStatus } from '../referrals/index.js';
import { countryName } from './countries.js';
import { MIN_PEOPLE, totalOfShown, type Cell, type CountRow, type Figures } from './figures.repo.js';

export const FIGURE_TABLES = ['weeks', 'categories', 'nationalities', 'referrals', 'receivers'] as const;
export type FigureTableId = (typeof FIGURE_TABLES)[number];

export type CellKind = 'count' | 'days';

export interface FigureTable {
  id: FigureTableId;
  title: string;
  /** What the table counts, said in a sentence under the title. */
  description: string;
  /** The first heading names the rows; then one per column of cells. */
  headers: string[];
  kinds: CellKind[];
  rows: { label: string; cells: Cell[] }[];
  /** Sums of the cells shown, for the columns that add up (null elsewhere); none when no column does. */
  total: (number | null)[] | null;
  /** The column the chart draws. */
  chartColumn: number;
}

/** The countable rows in order, with every status present (a status with no referral is a cell like any under five). */
function byStatus(rows: CountRow[]): CountRow[] {
  const found = new Map(rows.map((r) => [r.key, r]));
  return REFERRAL_STATUSES.map((s) => found.get(s) ?? { key: s, people: { shown: false }, count: { shown: false } });
}

export function figureTables(tr: Translator, figures: Figures, categoryNames: ReadonlyMap<string, string>): FigureTable[] {
  const t = tr.t;
  const people = t('figures.columns.people');
  const needs = t('figures.columns.needs');
  return [
    {
      id: 'weeks',
      title: t('figures.weeks.title'),
      description: t('figures.weeks.description'),
      headers: [t('figures.weeks.week'), t('figures.columns.contacts'), people],
      kinds: ['count', 'count'],
      rows: figures.weeks.map((w) => ({ label: t('figures.weeks.weekOf', { date: weekLabel(tr, w.week) }), cells: [w.contacts, w.people] })),
      total: [totalOfShown(figures.weeks.map((w) => w.contacts)), null],
      chartColumn: 1,
    },
    {
      id: 'categories',
      title: t('figures.categories.title'),
      description: t('figures.categories.description'),
      headers: [t('figures.categories.category'), people, needs],
      kinds: ['count', 'count'],
      rows: figures.needsByCategory.map((r) => ({ label: categoryNames.get(r.key) ?? r.key, cells: [r.people, r.count] })),
      total: [null, totalOfShown(figures.needsByCategory.map((r) => r.count))],
      chartColumn: 0,
    },
    {
      id: 'nationalities',
      title: t('figures.nationalities.title'),
      description: t('figures.nationalities.description'),
      headers: [t('figures.nationalities.nationality'), people, needs],
      kinds: ['count', 'count'],
      rows: figures.needsByNationality.map((r) => ({ label: r.key ? countryName(r.key, tr.locale) : t('figures.nationalities.notStated'), cells: [r.people, r.count] })),
      total: [totalOfShown(figures.needsByNationality.map((r) => r.people)), totalOfShown(figures.needsByNationality.map((r) => r.count))],
      chartColumn: 0,
    },
    {
      id: 'referrals',
      title: t('figures.referrals.title'),
      description: t('figures.referrals.description'),
      headers: [t('figures.referrals.status'), t('figures.columns.referrals'), people],
      kinds: ['count', 'count'],
      rows: byStatus(figures.referralsByStatus).map((r) => ({ label: t(REFERRAL_STATUS_KEYS[r.key as ReferralStatus]), cells: [r.count, r.people] })),
      total: [totalOfShown(figures.referralsByStatus.map((r) => r.count)), null],
      chartColumn: 0,
    },
    {
      id: 'receivers',
      title: t('figures.receivers.title'),
      description: t('figures.receivers.description'),
      headers: [t('figures.receivers.organization'), people, t('figures.receivers.toAcceptance'), t('figures.receivers.toCompletion')],
      kinds: ['count', 'days', 'days'],
      rows: figures.receivers.map((r) => ({ label: r.organizationName, cells: [r.people, r.daysToAcceptance, r.daysToCompletion] })),
      // Medians do not add up.
      total: null,
      chartColumn: 1,
    },
  ];
}

const weekFormats = new Map<string, Intl.DateTimeFormat>();

/** A week by its Monday, in digits ("16/11/26"): no month names to translate. */
function weekLabel(tr: Translator, monday: string): string {
  const locale = tr.locale === 'qps' ? 'it' : tr.locale;
  let f = weekFormats.get(locale);
  if (!f) weekFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeZone: 'UTC' })));
  return f.format(new Date(`${monday}T12:00:00Z`));
}

const roundDays = (days: number) => Math.round(days * 10) / 10;

/** A cell as the page shows it. */
export function cellText(tr: Translator, kind: CellKind, cell: Cell): string {
  if (!cell.shown) return tr.t('figures.fewerThan', { min: MIN_PEOPLE });
  return kind === 'days' ? tr.t('figures.days', { days: roundDays(cell.value) }) : tr.number(cell.value);
}

/** A cell as the CSV carries it: the bare number (days with one decimal), or "<5". */
export function cellCsv(kind: CellKind, cell: Cell): string {
  if (!cell.shown) return `<${MIN_PEOPLE}`;
  return kind === 'days' ? roundDays(cell.value).toFixed(1) : String(cell.value);
}
