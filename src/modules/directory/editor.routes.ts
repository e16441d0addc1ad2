// The directory back office: organizations' editors keep their services (directory.edit); the
// Prefettura's directory team reviews and publishes (directory.publish). Record scope: an editor reaches
// only the services of the directory organizations their organization keeps; any other service is
// "not found" (404), on pages and on actions alike, so that its existence is not disclosed.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../kernel/kernel.js';
import { actorOf } from '../../kernel/kernel.js';
import { HttpError, route, safeNext, uuidParam, type RouteDef } from '../../kernel/http/route.js';
import { emptyForm, type FormState } from '../../kernel/ui/fields.js';
import { sendPage, viewOf } from '../../kernel/ui/view.js';
import { PUBLICATION_STATUSES } from './directory.schema.js';
import { loadServiceGraph } from './service-document.js';
import { editorRepo, isPublisher, type EditorUser, type ServiceInScope } from './editor.repo.js';
import { parseEditorForm, parseServiceForm, serviceFormValues } from './editor-form.js';
import type { Editor } from './editor-history.js';
import { updateService } from './update-service.js';
import { createService, ZNewService } from './create-service.js';
import { submitService } from './submit-service.js';
import { approveService, returnService } from './review-service.js';
import { verifyService } from './verify-service.js';
import { closeReport } from './close-report.js';
import {
  closuresFormValues,
  documentRows,
  documentTranslationsFormValues,
  parseClosuresForm,
  parseDocumentTranslationsForm,
  parsePlacesForm,
  placesFormValues,
  placesOf,
  updateClosures,
  updateDocumentTranslations,
  updatePlaces,
  type SectionSaveResult,
} from './editor-sections.js';
import { EditServicePage, NewServicePage, type PlaceSummary } from './pages/editor-service-pages.js';
import { ServicesListPage, VerificationPage } from './pages/editor-list-pages.js';
import { HistoryPage, ReportsPage, ReviewPage, ReviewQueuePage } from './pages/editor-review-pages.js';

const PAGE_SIZE = 50;
export const DEFAULT_VERIFICATION_MONTHS = 12;

const ZListQuery = z.object({
  status: z.enum(PUBLICATION_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
const ZMonths = z.object({ months: z.coerce.number().int().min(1).max(120).catch(DEFAULT_VERIFICATION_MONTHS) });
const ZReturn = z.object({
  reason: z.string({ message: 'editor.validation.reasonRequired' }).trim().min(1, { message: 'editor.validation.reasonRequired' }).max(2000),
});

/** The forms of the service page: the service form and the sections with a form of their own. */
type ServiceForm = 'service' | 'places' | 'closures' | 'documents';

const userOf = (req: FastifyRequest): EditorUser => req.user!;
const editorOf = (req: FastifyRequest): Editor => ({ userId: req.user!.id, displayName: req.user!.displayName });
const notFound = () => new HttpError(404, 'errors.notFound.title');
const flash = (req: FastifyRequest, kind: 'success' | 'info' | 'warning', key: string) => req.session.set('flash', { kind, key });

export function editorRoutes(kernel: Kernel): RouteDef[] {
  const { db } = kernel;

  /** The service of the route's :id, if this operator may see it; otherwise 404. */
  async function serviceInScope(req: FastifyRequest): Promise<ServiceInScope> {
    const service = await editorRepo.findService(db, userOf(req), uuidParam(req));
    if (!service) throw notFound();
    return service;
  }

  /** The service page; `forms` holds the form (main or section) the person just sent back with its errors. */
  async function renderServicePage(req: FastifyRequest, reply: FastifyReply, service: ServiceInScope, forms: Partial<Record<ServiceForm, FormState>>, status = 200) {
    const graph = await loadServiceGraph(db, service.id);
    if (!graph) throw notFound();
    const [terms, municipalities, reports, ownPlaces] = await Promise.all([
      editorRepo.terms(db),
      editorRepo.municipalities(db),
      editorRepo.reports(db, userOf(req), service.id),
      placesOf(db, graph),
    ]);
    const municipalityName = new Map(municipalities.map((m) => [m.code, m.name]));
    const places: PlaceSummary[] = graph.serviceAtLocations.map((sal) => {
      const location = graph.locations.find((l) => l.id === sal.locationId);
      const address = graph.addresses.find((a) => a.locationId === sal.locationId);
      const city = location?.municipalityCode ? municipalityName.get(location.municipalityCode) : address?.city;
      return {
        name: location?.name ?? null,
        address: [address?.address1, [address?.postalCode, city].filter(Boolean).join(' ')].filter(Boolean).join(', '),
      };
    });
    return sendPage(
      reply,
      EditServicePage({
        view: viewOf(req, reply),
        map: kernel.config.map,
        form: forms.service ?? { values: serviceFormValues(graph), errors: {} },
        placesForm: forms.places ?? { values: placesFormValues(graph, ownPlaces.editable), errors: {} },
        closuresForm: forms.closures ?? { values: closuresFormValues(graph), errors: {} },
        documentsForm: forms.documents ?? { values: documentTranslationsFormValues(graph), errors: {} },
        placeRows: ownPlaces.editable.map((l, index) => ({ index, name: l.name })),
        sharedPlaces: ownPlaces.shared.length,
        documentTexts: documentRows(graph).map((d) => d.document),
        municipalities,
        service,
        terms,
        places,
        openReports: reports.filter((r) => r.status === 'open').length,
      }),
      status,
    );
  }

  const whoSaves = (req: FastifyRequest) => ({ editor: editorOf(req), asPublisher: isPublisher(userOf(req)), actor: actorOf(req) });

  /** The answer to a section's save: back to the page with a message, or the form again if it was stale. */
  async function afterSectionSave(req: FastifyRequest, reply: FastifyReply, service: ServiceInScope, form: ServiceForm, values: FormState['values'], result: SectionSaveResult) {
    if (!result.ok) {
      if (result.reason === 'not-found') throw notFound();
      return renderServicePage(req, reply, service, { [form]: { values, errors: { _form: { key: 'editor.validation.stale' } } } }, 409);
    }
    if (result.changed.length === 0) flash(req, 'info', 'editor.flash.noChanges');
    else if (result.sentForReview) flash(req, 'success', 'editor.flash.sentForReview');
    else flash(req, 'success', 'editor.flash.saved');
    return reply.redirect(`/directory/manage/services/${service.id}`, 303);
  }

  async function renderNewPage(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
    const [organizations, municipalities] = await Promise.all([editorRepo.listOrganizations(db, userOf(req)), editorRepo.municipalities(db)]);
    return sendPage(reply, NewServicePage({ view: viewOf(req, reply), form, organizations, municipalities, map: kernel.config.map }), status);
  }

  async function renderReviewPage(req: FastifyRequest, reply: FastifyReply, service: ServiceInScope, form: FormState, status = 200) {
    // What changed since the version the public sees; everything, for a service never published.
    const changes = await editorRepo.history(db, service.id, service.online ? service.publishedAt : null);
    return sendPage(reply, ReviewPage({ view: viewOf(req, reply), service, changes, form }), status);
  }

  return [
    route({
      method: 'GET',
      url: '/directory/manage/services',
      permission: 'directory.edit',
      handler: async (req, reply) => {
        const query = ZListQuery.parse(req.query ?? {});
        const { rows, total } = await editorRepo.listServices(db, userOf(req), {
          publicationStatus: query.status,
          q: query.q || undefined,
          page: query.page,
          pageSize: PAGE_SIZE,
        });
        const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
        return sendPage(reply, ServicesListPage({ view: viewOf(req, reply), rows, total, page: Math.min(query.page, pages), pages, filter: { status: query.status, q: query.q } }));
      },
    }),
    route({
      method: 'GET',
      url: '/directory/manage/services/new',
      permission: 'directory.edit',
      handler: async (req, reply) => renderNewPage(req, reply, emptyForm),
    }),
    route({
      method: 'POST',
      url: '/directory/manage/services',
      permission: 'directory.edit',
      handler: async (req, reply) => {
        const parsed = parseEditorForm(ZNewService, req.body);
        if (!parsed.ok) return renderNewPage(req, reply, parsed, 422);
        const organizations = await editorRepo.listOrganizations(db, userOf(req));
        if (!organizations.some((o) => o.id === parsed.data.organizationId)) {
          return renderNewPage(req, reply, { values: parsed.values, errors: { organizationId: { key: 'validation.choose' } } }, 422);
        }
        const result = await createService(kernel, { ...parsed.data, editor: editorOf(req), actor: actorOf(req) });
        if (!result.ok) return renderNewPage(req, reply, { values: parsed.values, errors: { [result.field]: { key: result.key } } }, 422);
        flash(req, 'success', 'editor.flash.created');
        return reply.redirect(`/directory/manage/services/${result.serviceId}`, 303);
      },
    }),
    route({
      method: 'GET',
      url: '/directory/manage/services/:id',
      permission: 'directory.edit',
      handler: async (req, reply) => renderServicePage(req, reply, await serviceInScope(req), {}),
    }),
    route({
      method: 'POST',
      url: '/directory/manage/services/:id',
      permission: 'directory.edit',
      handler: async (req, reply) => {
        const service = await serviceInScope(req);
        const terms = await editorRepo.terms(db);
        const parsed = parseServiceForm(req.body, { termIds: new Set(terms.map((t) => t.id)) });
        if (!parsed.ok) return renderServicePage(req, reply, service, { service: parsed }, 422);
        const user = userOf(req);
        const result = await updateService(kernel, {
          serviceId: service.id,
          data: parsed.data,
          editor: editorOf(req),
          asPublisher: isPublisher(user),
          actor: actorOf(req),
        });
        if (!result.ok) {
          if (result.reason === 'not-found') throw notFound();
          return renderServicePage(req, reply, service, { service: { values: parsed.values, errors: { _form: { key: 'editor.validation.stale' } } } }, 409);
        }
        if (result.changed.length === 0) flash(req, 'info', 'editor.flash.noChanges');
        else if (result.sentForReview) flash(req, 'success', 'editor.flash.sentForReview');
        else flash(req, 'success', 'editor.flash.saved');
        return reply.redirect(`/directory/manage/services/${service.id}`, 303);
      },
    }),
    route({
      method: 'POST',
      url: '/directory/manage/services/:id/places',
      permission: 'directory.edit',
      handler: async (req, reply) => {
        const service = await serviceInScope(req);
        const graph = await loadServiceGraph(db, service.id);
        if (!graph) throw notFound();
        const municipalities = new Map((await editorRepo.municipalities(db)).map((m) => [m.code, m]));
        const { editable } = await placesOf(db, graph);
        const parsed = parsePlacesForm(req.body, { locationIds: editable.map((l) => l.id), municipalities });
        if (!parsed.ok) return renderServicePage(req, reply, service, { places: parsed }, 422);
        const result = await updatePlaces(kernel, { serviceId: service.id, ...parsed.data, municipalities, ...whoSaves(req) });
        return afterSectionSave(req, reply, service, 'places', parsed.values, result);
      },
    }),
    route({
      method: 'POST',
      url: '/directory/manage/services/:id/closures',
      permission: 'directory.edit',
      handler: async (req, reply) => {
        const service = await serviceInScope(req);
        const parsed = parseClosuresForm(req.body);
        if (!parsed.ok) return renderServicePage(req, reply, service, { closures: parsed }, 422);
        const result = await updateClosures(kernel, { serviceId: service.id, ...parsed.data, ...whoSaves(req) });
        return afterSectionSave(req, reply, service, 'closures', parsed.values, result);
      },
    }),
    route({
      method: 'POST',
      url: '/directory/manage/services/:id/document-translations',
      permission: 'directory.edit',
      handler: async (req, reply) => {
        const service = await serviceInScope(req);
        const graph = await loadServiceGraph(db, service.id);
        if (!graph) throw notFound();
        const parsed = parseDocumentTranslationsForm(req.body, { documentIds: graph.requiredDocuments.map((d) => d.id) });
        if (!parsed.ok) return renderServicePage(req, reply, service, { documents: parsed }, 422);
        const result = await updateDocumentTranslations(kernel, { serviceId: service.id, ...parsed.data, ...whoSaves(req) });
        return afterSectionSave(req, reply, service, 'documents', parsed.values, result);
      },
    }),
    route({
      method: 'POST',
      url: '/directory/manage/services/:id/submit',
      permission: 'directory.edit',
      handler: async (req, reply) => {
        const service = await serviceInScope(req);
        const result = await submitService(kernel, { serviceId: service.id, editor: editorOf(req), actor: actorOf(req) });
        if (result === 'not-found') throw notFound();
        if (result === 'submitted') flash(req, 'success', 'editor.flash.submitted');
        else flash(req, 'warning', result === 'no-location' ? 'editor.flash.noLocation' : 'editor.flash.notSubmittable');
        return reply.redirect(`/directory/manage/services/${service.id}`, 303);
      },
    }),
    route({
      method: 'POST',
      url: '/directory/manage/services/:id/verify',
      permission: 'directory.edit',
      handler: async (req, reply) => {
        const service = await serviceInScope(req);
        if (!(await verifyService(kernel, { serviceId: service.id, editor: editorOf(req), actor: actorOf(req) }))) throw notFound();
        flash(req, 'success', 'editor.flash.verified');
        const next = safeNext((req.body as Record<string, unknown> | undefined)?.next, `/directory/manage/services/${service.id}`);
        return reply.redirect(next, 303);
      },
    }),
    route({
      method: 'GET',
      url: '/directory/manage/services/:id/history',
      permission: 'directory.edit',
      handler: async (req, reply) => {
        const service = await serviceInScope(req);
        return sendPage(reply, HistoryPage({ view: viewOf(req, reply), service, rows: await editorRepo.history(db, service.id) }));
      },
    }),
    route({
      method: 'GET',
      url: '/directory/manage/review',
      permission: 'directory.publish',
      handler: async (req, reply) => sendPage(reply, ReviewQueuePage({ view: viewOf(req, reply), rows: await editorRepo.reviewQueue(db) })),
    }),
    route({
      method: 'GET',
      url: '/directory/manage/review/:id',
      permission: 'directory.publish',
      handler: async (req, reply) => renderReviewPage(req, reply, await serviceInScope(req), emptyForm),
    }),
    route({
      method: 'POST',
      url: '/directory/manage/review/:id/approve',
      permission: 'directory.publish',
      handler: async (req, reply) => {
        const service = await serviceInScope(req);
        const result = await approveService(kernel, { serviceId: service.id, editor: editorOf(req), actor: actorOf(req) });
        if (result === 'not-found') throw notFound();
        if (result === 'not-in-review') {
          flash(req, 'warning', 'editor.flash.notInReview');
          return reply.redirect(`/directory/manage/review/${service.id}`, 303);
        }
        flash(req, 'success', 'editor.flash.approved');
        return reply.redirect('/directory/manage/review', 303);
      },
    }),
    route({
      method: 'POST',
      url: '/directory/manage/review/:id/return',
      permission: 'directory.publish',
      handler: async (req, reply) => {
        const service = await serviceInScope(req);
        const parsed = parseEditorForm(ZReturn, req.body);
        if (!parsed.ok) return renderReviewPage(req, reply, service, parsed, 422);
        const result = await returnService(kernel, { serviceId: service.id, reason: parsed.data.reason, editor: editorOf(req), actor: actorOf(req) });
        if (result === 'not-found') throw notFound();
        if (result === 'not-in-review') {
          flash(req, 'warning', 'editor.flash.notInReview');
          return reply.redirect(`/directory/manage/review/${service.id}`, 303);
        }
        flash(req, 'success', 'editor.flash.returned');
        return reply.redirect('/directory/manage/review', 303);
      },
    }),
    route({
      method: 'GET',
      url: '/directory/manage/verification',
      permission: 'directory.edit',
      handler: async (req, reply) => {
        const { months } = ZMonths.parse(req.query ?? {});
        return sendPage(reply, VerificationPage({ view: viewOf(req, reply), months, rows: await editorRepo.verificationQueue(db, userOf(req), months) }));
      },
    }),
    route({
      method: 'GET',
      url: '/directory/manage/reports',
      permission: 'directory.edit',
      handler: async (req, reply) => sendPage(reply, ReportsPage({ view: viewOf(req, reply), rows: await editorRepo.reports(db, userOf(req)) })),
    }),
    ...(['resolve', 'dismiss'] as const).map((verb) =>
      route({
        method: 'POST',
        url: `/directory/manage/reports/:id/${verb}`,
        permission: 'directory.edit',
        handler: async (req, reply) => {
          const report = await editorRepo.findReport(db, userOf(req), uuidParam(req));
          if (!report) throw notFound();
          const closed = await closeReport(kernel, {
            reportId: report.id,
            outcome: verb === 'resolve' ? 'resolved' : 'dismissed',
            userId: req.user!.id,
            actor: actorOf(req),
          });
          flash(req, closed ? 'success' : 'info', closed ? (verb === 'resolve' ? 'editor.flash.reportResolved' : 'editor.flash.reportDismissed') : 'editor.flash.reportAlreadyClosed');
          return reply.redirect('/directory/manage/reports', 303);
        },
      }),
    ),
  ];
}
