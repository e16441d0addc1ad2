// The desk's figures at /desk/figures: the page, and each of its tables as CSV (?export=<table>), with the
// same filter. Whose figures: Prefettura officials and analysts the province's or any organization's;
// a desk operator only their own organization's (another one's does not exist for them: 404).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { Kernel } from '../../kernel/kernel.js';
import { HttpError, route, type RouteDef } from '../../kernel/http/route.js';
import { rolesHold } from '../../kernel/access/policy.js';
import { parseForm, type FieldErrors } from '../../kernel/ui/form.js';
import { sendPage, viewOf } from '../../kernel/ui/view.js';
import { needTerms } from '../directory/index.js';
import { figuresRepo, type Figures, type FiguresScope } from './figures.repo.js';
import { cellCsv, FIGURE_TABLES, figureTables, type FigureTable } from './figures-tables.js';
import { addDays, daysBetween, isCalendarDate, mondayOf, romeDate } from './rome-dates.js';
import { FiguresPage, type FiguresPageData } from './pages/figures-page.js';

/** The default period: the last twelve weeks, this one included. */
export const DEFAULT_WEEKS = 12;
/** The longest period one may ask for. */
export const MAX_PERIOD_DAYS = 731;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ZFilter = z.object({
  from: z.string().trim().optional(),
  to: z.string().trim().optional(),
  organization: z.union([z.literal('all'), z.string().regex(UUID)]).optional(),
  export: z.enum(FIGURE_TABLES).optional(),
});

/** The period's own checks, each with its message next to its field. */
function periodErrors(f: { from?: string | undefined; to?: string | undefined }): FieldErrors {
  const errors: FieldErrors = {};
  if (f.from && !isCalendarDate(f.from)) errors.from = { key: 'figures.validation.date' };
  if (f.to && !isCalendarDate(f.to)) errors.to = { key: 'figures.validation.date' };
  if (Object.keys(errors).length === 0 && f.from && f.to) {
    if (f.from > f.to) errors.to = { key: 'figures.validation.toBeforeFrom' };
    else if (daysBetween(f.from, f.to) >= MAX_PERIOD_DAYS) errors.from = { key: 'figures.validation.tooLong' };
  }
  return errors;
}

export function defaultPeriod(today = romeDate()): { from: string; to: string } {
  return { from: addDays(mondayOf(today), -7 * (DEFAULT_WEEKS - 1)), to: today };
}

const noon = (day: string) => new Date(`${day}T12:00:00Z`);

function csvOf(table: FigureTable, totalLabel: string): string {
  const records: string[][] = [table.headers, ...table.rows.map((r) => [r.label, ...r.cells.map((c, i) => cellCsv(table.kinds[i]!, c))])];
  if (table.total) records.push([totalLabel, ...table.total.map((v) => (v === null ? '' : String(v)))]);
  // A byte-order mark, so that spreadsheets open Arabic and accented names as UTF-8.
  return `\ufeff${stringify(records)}`;
}

/** How long computed figures are served again before being counted anew. */
export const FIGURES_CACHE_MS = 60_000;
const CACHE_ENTRIES = 200;

/**
 * Figures computed at most a minute ago, per organization and period: over a province's million contacts a
 * count takes tens of milliseconds, and the same dashboard is opened again and again. Requests that arrive
 * while a count runs wait for that one count.
 */
function figuresCache(load: (scope: FiguresScope) => Promise<Figures>) {
  const entries = new Map<string, { at: number; value: Promise<Figures> }>();
  return (scope: FiguresScope): Promise<Figures> => {
    const key = `${scope.organizationId ?? 'province'}|${scope.from}|${scope.to}`;
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < FIGURES_CACHE_MS) return hit.value;
    if (entries.size >= CACHE_ENTRIES) entries.delete(entries.keys().next().value!);
    const value = load(scope);
    entries.set(key, { at: Date.now(), value });
    value.catch(() => entries.delete(key));
    return value;
  };
}

export function figuresRoutes(kernel: Kernel): RouteDef[] {
  const { db } = kernel;
  const figuresOf = figuresCache((scope) => figuresRepo.all(db, scope));
  let organizationsCache: { at: number; value: Promise<{ id: string; name: string }[]> } | undefined;
  const organizationsOf = () => {
    if (!organizationsCache || Date.now() - organizationsCache.at >= FIGURES_CACHE_MS) {
      const value = figuresRepo.organizations(db);
      organizationsCache = { at: Date.now(), value };
      value.catch(() => (organizationsCache = undefined));
    }
    return organizationsCache.value;
  };

  const show = async (req: FastifyRequest, reply: FastifyReply) => {
    const user = req.user!;
    const province = rolesHold(user.roles, 'desk.figures.province');
    const parsed = parseForm(ZFilter, req.query);
    const errors = parsed.ok ? periodErrors(parsed.data) : parsed.errors;
    const organizations = province ? await organizationsOf() : null;
    const view = viewOf(req, reply);
    if (!parsed.ok || Object.keys(errors).length > 0) {
      const data: FiguresPageData = { form: { values: parsed.values, errors }, organizations, shown: null, tables: [] };
      return sendPage(reply, FiguresPage({ view, data }), 400);
    }
    const f = parsed.data;
    const fallback = defaultPeriod();
    const to = f.to ?? (f.from && f.from > fallback.to ? f.from : fallback.to);
    const from = f.from ?? (to < fallback.from ? addDays(mondayOf(to), -7 * (DEFAULT_WEEKS - 1)) : fallback.from);

    // Whose figures: asking for what one may not see is asking for something that is not there.
    let organizationId: string | null;
    if (province) organizationId = !f.organization || f.organization === 'all' ? null : f.organization.toLowerCase();
    else if (!f.organization || f.organization.toLowerCase() === user.organizationId) organizationId = user.organizationId;
    else throw new HttpError(404, 'errors.notFound.title');
    const scopeName = organizationId ? await figuresRepo.organizationName(db, organizationId) : req.tr.t('figures.filters.province');
    if (!scopeName) throw new HttpError(404, 'errors.notFound.title');

    const scope: FiguresScope = { organizationId, from, to };
    const [figures, terms] = await Promise.all([figuresOf(scope), needTerms(db, req.tr.locale)]);
    const tables = figureTables(req.tr, figures, new Map(terms.map((term) => [term.code, term.name])));

    if (f.export) {
      const table = tables.find((x) => x.id === f.export)!;
      const name = `figures-${f.export}-${from}-${to}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(csvOf(table, req.tr.t('figures.totalShown')));
    }

    const query = new URLSearchParams({ from, to, ...(province ? { organization: organizationId ?? 'all' } : {}) }).toString();
    const data: FiguresPageData = {
      form: { values: { from, to, organization: organizationId ?? 'all' }, errors: {} },
      organizations,
      shown: { scopeName, from: noon(from), to: noon(to), query },
      tables,
    };
    return sendPage(reply, FiguresPage({ view, data }));
  };

  return [route({ method: 'GET', url: '/desk/figures', permission: 'desk.figures', handler: show })];
}
