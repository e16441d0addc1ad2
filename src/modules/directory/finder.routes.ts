// The public finder: search with filters, the service page, and "report a mistake". No login, no
// cookies (the report form sets one only when opened), works without JavaScript.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Kernel } from '../../kernel/kernel.js';
import { HttpError, route, uuidParam, type RouteDef } from '../../kernel/http/route.js';
import { parseForm } from '../../kernel/ui/form.js';
import { emptyForm, type FormState } from '../../kernel/ui/fields.js';
import { allowPublicCaching, sendPage, viewOf } from '../../kernel/ui/view.js';
import { reports } from './directory.schema.js';
import { finderRepo, queryWords, type FinderQuery, type FinderResult } from './finder.repo.js';
import { romeNow } from './opening-hours.js';
import { localized } from './localized.js';
import { FinderPage, type FinderData } from './pages/finder-page.js';
import { REPORT_KINDS, ReportPage, ServicePage } from './pages/service-page.js';
import { recentValue } from '../../kernel/cache/recent-value.js';
import { LRUCache } from 'lru-cache';
import { publishedIndexOf } from './published-index.js';

export const MAX_QUERY = 200;
const PER_PAGE = 20;
const flag = z.literal('1').optional();
const ZFinder = z.object({
  q: z.string().trim().max(MAX_QUERY).optional(),
  need: z.string().regex(/^[a-z0-9_.-]{1,64}$/).optional(),
  municipality: z.string().regex(/^\d{6}$/).optional(),
  language: z.string().regex(/^[a-z]{2,3}$/).optional(),
  free: flag,
  open: flag,
  accessible: flag,
  walkin: flag,
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});
const ZReport = z.object({ kind: z.enum(REPORT_KINDS), message: z.string().trim().min(3).max(2000) });

export function finderRoutes(kernel: Kernel): RouteDef[] {
  const { db } = kernel;
  const options = recentValue(() => Promise.all([finderRepo.needs(db), finderRepo.municipalities(db), finderRepo.spokenLanguages(db)]));

  const finder = async (req: FastifyRequest, reply: FastifyReply, searching: boolean) => {
    // A filter that is not one of the offered options is dropped, not an error: shared links get old.
    // Only a search text that is too long is worth telling the person about.
    const raw = { ...((req.query ?? {}) as Record<string, unknown>) };
    for (const [key, schema] of Object.entries(ZFinder.shape)) {
      if (key !== 'q' && raw[key] !== undefined && raw[key] !== '' && !schema.safeParse(raw[key]).success) delete raw[key];
    }
    const parsed = parseForm(ZFinder, raw);
    const f = parsed.ok ? parsed.data : {};
    const [needs, municipalities, languages] = await options();
    const page = f.page ?? 1;
    const searched = searching && parsed.ok;
    const result = searched
      ? await search(req, {
          q: f.q,
          need: f.need,
          municipality: f.municipality,
          language: f.language,
          free: !!f.free,
          accessible: !!f.accessible,
          noAppointment: !!f.walkin,
          openNow: f.open ? romeNow() : undefined,
          page,
          perPage: PER_PAGE,
        })
      : { hits: [], total: 0, relaxed: false, correctedQuery: undefined };
    const form: FormState = { values: parsed.values, errors: parsed.ok ? {} : parsed.errors };
    const data: FinderData = {
      form,
      searched,
      ...result,
      page,
      pages: Math.max(1, Math.ceil(result.total / PER_PAGE)),
      needs,
      municipalities,
      languages,
      municipalityNames: new Map(municipalities.map((m) => [m.code, m.name])),
      map: kernel.config.map,
    };
    allowPublicCaching(req, reply);
    return sendPage(reply, FinderPage({ view: viewOf(req, reply), data }), parsed.ok ? 200 : 400);
  };

  // Searches are kept in memory under the published directory's version: a publication anywhere changes
  // the version, so a kept result is never older than what is published (ADR 0009). The words are
  // normalized for the key, so that "Medico  famiglia" and "medico famiglia" share it.
  // A search not kept is answered from the published directory in memory when it holds the same version
  // (ADR 0018), and by the database while that version is being indexed.
  const kept = kernel.config.finderCacheEntries > 0 ? new LRUCache<string, FinderResult>({ max: kernel.config.finderCacheEntries }) : null;
  const indexes = kernel.config.finderIndex ? publishedIndexOf(db) : null;
  const search = async (req: FastifyRequest, query: FinderQuery): Promise<FinderResult> => {
    if (!kept && !indexes) return finderRepo.search(db, query);
    const version = await finderRepo.publishedVersion(db);
    const key = `${version}|${JSON.stringify({ ...query, q: queryWords(query.q ?? '').join(' ') })}`;
    const found = kept?.get(key);
    if (found) return found;
    const result = await finderRepo.search(db, query, indexes?.at(version, req.log));
    kept?.set(key, result);
    return result;
  };

  const published = async (req: FastifyRequest) => {
    const hit = await finderRepo.findPublished(db, uuidParam(req));
    if (!hit) throw new HttpError(404, 'errors.notFound.title');
    return hit;
  };

  const reportPage = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) => {
    const hit = await published(req);
    const serviceName = localized(hit.translations, 'name', hit.name, req.tr.locale)!;
    return sendPage(reply, ReportPage({ view: viewOf(req, reply), serviceId: hit.serviceId, serviceName, form }), status);
  };

  return [
    route({ method: 'GET', url: '/', permission: 'public', handler: (req, reply) => finder(req, reply, false) }),
    route({ method: 'GET', url: '/services', permission: 'public', handler: (req, reply) => finder(req, reply, true) }),
    route({
      method: 'GET',
      url: '/services/:id',
      permission: 'public',
      handler: async (req, reply) => {
        const [hit, [needs]] = await Promise.all([published(req), options()]);
        allowPublicCaching(req, reply);
        return sendPage(reply, ServicePage({ view: viewOf(req, reply), hit, needs }));
      },
    }),
    route({ method: 'GET', url: '/services/:id/report', permission: 'public', handler: (req, reply) => reportPage(req, reply, emptyForm) }),
    route({
      method: 'POST',
      url: '/services/:id/report',
      permission: 'public',
      rateLimitPerMinute: 5,
      handler: async (req, reply) => {
        const hit = await published(req);
        const parsed = parseForm(ZReport, req.body);
        if (!parsed.ok) return reportPage(req, reply, parsed, 422);
        // No personal data is asked for; the text is kept only for the organization's editors.
        await db.insert(reports).values({ serviceId: hit.serviceId, kind: parsed.data.kind, message: parsed.data.message, locale: req.tr.locale });
        req.session.set('flash', { kind: 'success', key: 'directory.report.thanks' });
        return reply.redirect(`/services/${hit.serviceId}`, 303);
      },
    }),
  ];
}

