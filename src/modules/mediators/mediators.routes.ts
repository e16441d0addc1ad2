// The mediators' routes. Record scope: a request this operator may not see (mediatorsRepo.requestsVisibleTo)
// does not exist for them (404), on pages and actions alike, and the attempt is audited; the roster is the
// coordinator's; a mediator reaches only their own roster record through /mediators/me.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../kernel/kernel.js';
import { actorOf } from '../../kernel/kernel.js';
import { HttpError, route, uuidParam, type RouteDef } from '../../kernel/http/route.js';
import { parseForm, type FieldErrors } from '../../kernel/ui/form.js';
import type { FormState } from '../../kernel/ui/fields.js';
import { allowPublicCaching, sendPage, viewOf } from '../../kernel/ui/view.js';
import { deliverPendingMails } from '../../kernel/notify/notify.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import { romeDate } from './deps.js';
import { MediationError, REQUEST_STATUSES, type RequestStatus } from './mediation-status.js';
import { mediatorsRepo, type MediationUser, type RequestFilter, type RequestRow } from './mediators.repo.js';
import { mediatorOf, weeklyOf, ZAbsence, ZAssign, ZAvailability, ZConfirm, ZMediator, ZReason, ZRequest, ZReport, ZReschedule, ZSuspend } from './mediation-forms.js';
import { addAbsence, admitMediator, reactivateMediator, removeAbsence, setAvailability, suspendMediator, updateMediator } from './roster.js';
import { requestMediation } from './request-mediation.js';
import { allowedActions, changeRequest, partiesOf, type Actor, type ChangeInput } from './change-request.js';
import { matchMediators } from './match-mediators.js';
import { invitation } from './invitation.js';
import { MediatorFormPage, RosterPage } from './pages/roster-pages.js';
import { OwnPage } from './pages/own-page.js';
import { LanguagesPage } from './pages/languages-page.js';
import { NewRequestPage, RequestListPage, RequestPage, type ActionName } from './pages/request-pages.js';
import { EMPTY } from './pages/fields.js';
import { FiguresPage } from './pages/figures-page.js';
import { csvOf, figureTables, FIGURE_TABLES, mediationFigures, xlsxOf } from './mediation-figures.js';
import { addDays, isCalendarDate } from './deps.js';

const PAGE_SIZE = 50;
const ZListQuery = z.object({
  status: z.enum(['open', 'all', ...REQUEST_STATUSES]).catch('open'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

const zDay = z.string().refine(isCalendarDate, { message: 'mediators.validation.date' });
const ZFigures = z.object({
  from: zDay.optional(),
  to: zDay.optional(),
  export: z.enum(FIGURE_TABLES).optional(),
  format: z.enum(['csv', 'xlsx']).optional(),
});
/** The longest period the figures cover at once (the funder's reports are yearly at most). */
const MAX_PERIOD_DAYS = 366 * 3;

const FLASH: Record<ActionName, string> = {
  assign: 'mediators.flash.assigned',
  offer: 'mediators.flash.offered',
  accept: 'mediators.flash.accepted',
  decline: 'mediators.flash.declined',
  unmet: 'mediators.flash.unmet',
  cancel: 'mediators.flash.cancelled',
  reschedule: 'mediators.flash.rescheduled',
  report: 'mediators.flash.reported',
  confirm: 'mediators.flash.confirmed',
};

/** The error of a refused step on the field that can correct it, or on the whole form. */
const FIELD_OF: Partial<Record<MediationError['code'], string>> = { inPast: 'date', timeRequired: 'date' };

export function mediatorsRoutes(kernel: Kernel): RouteDef[] {
  const { db } = kernel;
  const notFound = () => new HttpError(404, 'errors.notFound.title');
  const userOf = (req: FastifyRequest): MediationUser => ({ id: req.user!.id, organizationId: req.user!.organizationId, roles: req.user!.roles });
  const actor = (req: FastifyRequest): Actor => ({ ...actorOf(req), userId: req.user!.id, organizationId: req.user!.organizationId, roles: req.user!.roles });
  const sendMails = (req: FastifyRequest) =>
    deliverPendingMails(kernel, { log: (err) => req.log.error({ err }, 'notification mail failed') }).catch((err: unknown) => req.log.error({ err }, 'notification mails not delivered'));

  // ---- roster -------------------------------------------------------------------------------------------

  async function mediatorOr404(req: FastifyRequest) {
    const m = await mediatorsRepo.find(db, uuidParam(req));
    if (!m) throw notFound();
    return m;
  }

  async function renderMediator(req: FastifyRequest, reply: FastifyReply, id: string | null, forms: { form?: FormState; absenceForm?: FormState; suspendForm?: FormState; errorKey?: string } = {}, status = 200) {
    const [mediator, municipalities, absences] = await Promise.all([
      id ? mediatorsRepo.find(db, id) : undefined,
      mediatorsRepo.municipalities(db),
      id ? mediatorsRepo.absences(db, id, romeDate()) : [],
    ]);
    if (id && !mediator) throw notFound();
    return sendPage(
      reply,
      MediatorFormPage({ view: viewOf(req, reply), form: forms.form ?? EMPTY, mediator, municipalities, absences, absenceForm: forms.absenceForm, suspendForm: forms.suspendForm, errorKey: forms.errorKey }),
      status,
    );
  }

  /** Saves the roster form (new or existing): the form again with its errors, or the record's page. */
  async function saveMediator(req: FastifyRequest, reply: FastifyReply, id: string | null) {
    const parsed = parseForm(ZMediator, req.body);
    if (!parsed.ok) return renderMediator(req, reply, id, { form: { values: parsed.values, errors: parsed.errors } }, 422);
    const built = mediatorOf(parsed.data);
    if (!built.ok) return renderMediator(req, reply, id, { form: { values: parsed.values, errors: built.errors } }, 422);
    let savedId = id;
    try {
      await db.transaction(async (tx) => {
        if (id) await updateMediator(tx, actorOf(req), id, built.input);
        else savedId = (await admitMediator(tx, actorOf(req), built.input)).id;
      });
    } catch (err) {
      if (!(err instanceof MediationError)) throw err;
      if (err.code === 'notFound') throw notFound();
      return renderMediator(req, reply, id, { form: { values: parsed.values, errors: { accountEmail: { key: err.messageKey } } } }, 422);
    }
    req.session.set('flash', { kind: 'success', key: id ? 'mediators.flash.saved' : 'mediators.flash.admitted' });
    return reply.redirect(`/mediators/${savedId}`, 303);
  }

  // ---- the mediator's own page --------------------------------------------------------------------------

  async function renderOwn(req: FastifyRequest, reply: FastifyReply, forms: { form?: FormState; absenceForm?: FormState } = {}, status = 200) {
    const mediator = await mediatorsRepo.findByUser(db, req.user!.id);
    const [absences, assignments] = mediator
      ? await Promise.all([
          mediatorsRepo.absences(db, mediator.id, romeDate()),
          mediatorsRepo.listRequests(db, userOf(req), { status: 'open', page: 1, pageSize: 100, mine: true }).then((r) => r.rows),
        ])
      : [[], []];
    return sendPage(reply, OwnPage({ view: viewOf(req, reply), mediator, absences, assignments, ...forms }), status);
  }

  async function ownRecord(req: FastifyRequest) {
    const mediator = await mediatorsRepo.findByUser(db, req.user!.id);
    if (!mediator) throw notFound();
    return mediator;
  }

  async function saveAbsence(req: FastifyRequest, reply: FastifyReply, mediatorId: string, again: (form: FormState) => Promise<FastifyReply>, back: string) {
    const parsed = parseForm(ZAbsence, req.body);
    if (!parsed.ok) return again({ values: parsed.values, errors: parsed.errors });
    if (parsed.data.absenceTo < parsed.data.absenceFrom) return again({ values: parsed.values, errors: { absenceTo: { key: 'mediators.validation.endAfterStart' } } });
    if (parsed.data.absenceTo < romeDate()) return again({ values: parsed.values, errors: { absenceTo: { key: 'mediators.validation.absencePast' } } });
    await db.transaction((tx) => addAbsence(tx, actorOf(req), mediatorId, { from: parsed.data.absenceFrom, to: parsed.data.absenceTo, note: parsed.data.absenceNote ?? null }));
    req.session.set('flash', { kind: 'success', key: 'mediators.flash.absenceAdded' });
    return reply.redirect(back, 303);
  }

  async function dropAbsence(req: FastifyRequest, reply: FastifyReply, mediatorId: string, back: string) {
    const absenceId = uuidParam(req, 'absenceId');
    const removed = await db.transaction((tx) => removeAbsence(tx, actorOf(req), mediatorId, absenceId));
    if (!removed) throw notFound();
    req.session.set('flash', { kind: 'success', key: 'mediators.flash.absenceRemoved' });
    return reply.redirect(back, 303);
  }

  // ---- requests -----------------------------------------------------------------------------------------

  /** The route's request, if this operator may see it; otherwise 404 (and an attempt on a real one is audited). */
  async function requestInScope(req: FastifyRequest): Promise<RequestRow> {
    const id = uuidParam(req);
    const found = await mediatorsRepo.findRequest(db, userOf(req), id);
    if (found) return found;
    await db.transaction(async (tx) => {
      if (await mediatorsRepo.lockRequest(tx, id)) {
        await recordAudit(tx, actorOf(req), { action: 'mediation.request.outOfScope', details: { requestId: id, url: req.url.split('?')[0] } });
      }
    });
    throw notFound();
  }

  async function renderRequest(req: FastifyRequest, reply: FastifyReply, request: RequestRow, extra: { forms?: Partial<Record<ActionName, FormState>>; errorKey?: string } = {}, status = 200) {
    const user = userOf(req);
    const parties = await db.transaction((tx) => partiesOf(tx, actor(req), request));
    const actions = allowedActions(parties, request.status);
    const [events, linked, candidates] = await Promise.all([
      mediatorsRepo.events(db, request.id),
      mediatorsRepo.linkedSessions(db, user, request),
      actions.includes('assign') || actions.includes('offer') ? matchMediators(db, request) : [],
    ]);
    // The requester sees who comes, and how to reach them, once the mediator is booked (not while only offered).
    const booked = ['assigned', 'done', 'confirmed'].includes(request.status);
    const showContacts = parties.includes('coordinator') || parties.includes('mediator') || (parties.includes('requester') && booked);
    return sendPage(
      reply,
      RequestPage({ view: viewOf(req, reply), request, events, linked, candidates, actions, forms: extra.forms ?? {}, errorKey: extra.errorKey, showContacts }),
      status,
    );
  }

  /** The use case's input from an action's form, or the form's errors. */
  function inputOf(action: ActionName, body: unknown): { ok: true; input: ChangeInput } | { ok: false; form: FormState } {
    const fail = (values: FormState['values'], errors: FieldErrors) => ({ ok: false as const, form: { values, errors } });
    switch (action) {
      case 'assign':
      case 'offer': {
        const p = parseForm(ZAssign, body);
        if (!p.ok) return fail(p.values, p.errors);
        return { ok: true, input: { action, mediatorId: p.data.mediatorId, date: p.data.assignDate, time: p.data.assignTime } };
      }
      case 'accept':
      case 'decline':
        return { ok: true, input: { action } };
      case 'unmet':
      case 'cancel': {
        const p = parseForm(ZReason, body);
        if (!p.ok) return fail(p.values, p.errors);
        return { ok: true, input: { action, reason: p.data.reason } };
      }
      case 'reschedule': {
        const p = parseForm(ZReschedule, body);
        if (!p.ok) return fail(p.values, p.errors);
        return { ok: true, input: { action, date: p.data.newDate, time: p.data.newTime, reason: p.data.rescheduleReason } };
      }
      case 'report': {
        const p = parseForm(ZReport, body);
        if (!p.ok) return fail(p.values, p.errors);
        return { ok: true, input: { action, hours: p.data.hours, outcome: p.data.outcome } };
      }
      case 'confirm': {
        const p = parseForm(ZConfirm, body);
        if (!p.ok) return fail(p.values, p.errors);
        return { ok: true, input: { action, rating: p.data.rating, comment: p.data.comment } };
      }
    }
  }

  /** Where a refused step's message goes on its form. */
  const ERROR_FIELD: Partial<Record<ActionName, Partial<Record<MediationError['code'], string>>>> = {
    assign: { inPast: 'assignDate', timeRequired: 'assignDate', suspended: 'mediatorId', overlap: 'mediatorId', noLanguage: 'mediatorId' },
    offer: { inPast: 'assignDate', timeRequired: 'assignDate', suspended: 'mediatorId', overlap: 'mediatorId', noLanguage: 'mediatorId', noAccount: 'mediatorId' },
    reschedule: { inPast: 'newDate', overlap: 'newTime', suspended: 'newTime' },
  };

  const actionRoute = (action: ActionName, permission: 'mediators.roster' | 'mediators.own' | 'mediators.ask' | 'mediators.requests') =>
    route({
      method: 'POST',
      url: `/mediation/requests/:id/${action}`,
      permission,
      handler: async (req, reply) => {
        const request = await requestInScope(req);
        const parsed = inputOf(action, req.body);
        if (!parsed.ok) return renderRequest(req, reply, request, { forms: { [action]: parsed.form } }, 422);
        try {
          await db.transaction((tx) => changeRequest(tx, kernel, actor(req), request.id, parsed.input));
        } catch (err) {
          if (!(err instanceof MediationError)) throw err;
          if (err.code === 'notFound') throw notFound();
          const current = (await mediatorsRepo.findRequest(db, userOf(req), request.id)) ?? request;
          const field = ERROR_FIELD[action]?.[err.code];
          const values = (req.body && typeof req.body === 'object' ? Object.fromEntries(Object.entries(req.body as Record<string, unknown>).filter(([k, v]) => k !== '_csrf' && typeof v === 'string')) : {}) as FormState['values'];
          if (field) return renderRequest(req, reply, current, { forms: { [action]: { values, errors: { [field]: { key: err.messageKey } } } } }, 409);
          return renderRequest(req, reply, current, { errorKey: err.messageKey }, 409);
        }
        await sendMails(req);
        req.session.set('flash', { kind: 'success', key: FLASH[action] });
        return reply.redirect(`/mediation/requests/${request.id}`, 303);
      },
    });

  async function renderNewRequest(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
    return sendPage(reply, NewRequestPage({ view: viewOf(req, reply), form, municipalities: await mediatorsRepo.municipalities(db) }), status);
  }

  async function figures(req: FastifyRequest, reply: FastifyReply) {
    const parsed = parseForm(ZFigures, req.query);
    const view = () => viewOf(req, reply);
    if (!parsed.ok) return sendPage(reply, FiguresPage({ view: view(), form: { values: parsed.values, errors: parsed.errors }, tables: [], query: null, averageRating: null }), 400);
    const today = romeDate();
    const to = parsed.data.to ?? today;
    const from = parsed.data.from ?? `${addDays(to, -364).slice(0, 7)}-01`;
    const errors: FieldErrors = {};
    if (from > to) errors.to = { key: 'mediators.validation.endAfterStart' };
    else if (addDays(from, MAX_PERIOD_DAYS) < to) errors.from = { key: 'mediators.validation.periodTooLong' };
    if (Object.keys(errors).length > 0) return sendPage(reply, FiguresPage({ view: view(), form: { values: parsed.values, errors }, tables: [], query: null, averageRating: null }), 400);
    const f = await mediationFigures(db, { from, to });
    const tables = figureTables(req.tr, f);
    const base = `mediazione-${from}-${to}`;
    if (parsed.data.format === 'xlsx') {
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${base}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(await xlsxOf(tables, req.tr.t('mediators.figures.period', { from, to })));
    }
    if (parsed.data.format === 'csv') {
      const table = tables.find((x) => x.id === (parsed.data.export ?? 'language'))!;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${base}-${table.id}.csv"`)
        .header('cache-control', 'no-store')
        .send(csvOf(table));
    }
    const query = new URLSearchParams({ from, to }).toString();
    return sendPage(reply, FiguresPage({ view: view(), form: { values: { from, to }, errors: {} }, tables, query, averageRating: f.averageRating }));
  }

  return [
    route({ method: 'GET', url: '/mediation/figures', permission: 'mediators.figures', handler: figures }),
    route({
      method: 'GET',
      url: '/mediation/languages',
      permission: 'public',
      handler: async (req, reply) => {
        allowPublicCaching(req, reply);
        return sendPage(reply, LanguagesPage({ view: viewOf(req, reply), languages: await mediatorsRepo.coveredLanguages(db) }));
      },
    }),

    // Roster (coordinator).
    route({
      method: 'GET',
      url: '/mediators',
      permission: 'mediators.roster',
      handler: async (req, reply) => {
        const q = z.object({ language: z.string().regex(/^[a-z]{2,3}$/).optional().catch(undefined) }).parse(req.query ?? {});
        return sendPage(reply, RosterPage({ view: viewOf(req, reply), mediators: await mediatorsRepo.list(db, { status: 'all', language: q.language }), language: q.language }));
      },
    }),
    route({ method: 'GET', url: '/mediators/new', permission: 'mediators.roster', handler: (req, reply) => renderMediator(req, reply, null) }),
    route({ method: 'POST', url: '/mediators', permission: 'mediators.roster', handler: (req, reply) => saveMediator(req, reply, null) }),

    // The mediator's own page.
    route({ method: 'GET', url: '/mediators/me', permission: 'mediators.own', handler: (req, reply) => renderOwn(req, reply) }),
    route({
      method: 'POST',
      url: '/mediators/me/availability',
      permission: 'mediators.own',
      handler: async (req, reply) => {
        const mediator = await ownRecord(req);
        const parsed = parseForm(ZAvailability, req.body);
        if (!parsed.ok) return renderOwn(req, reply, { form: { values: parsed.values, errors: parsed.errors } }, 422);
        const { weekly, errors } = weeklyOf(parsed.data);
        if (Object.keys(errors).length > 0) return renderOwn(req, reply, { form: { values: parsed.values, errors } }, 422);
        await db.transaction((tx) => setAvailability(tx, actorOf(req), mediator.id, weekly));
        req.session.set('flash', { kind: 'success', key: 'mediators.flash.availabilitySaved' });
        return reply.redirect('/mediators/me', 303);
      },
    }),
    route({
      method: 'POST',
      url: '/mediators/me/absences',
      permission: 'mediators.own',
      handler: async (req, reply) => {
        const mediator = await ownRecord(req);
        return saveAbsence(req, reply, mediator.id, (absenceForm) => renderOwn(req, reply, { absenceForm }, 422), '/mediators/me');
      },
    }),
    route({
      method: 'POST',
      url: '/mediators/me/absences/:absenceId/remove',
      permission: 'mediators.own',
      handler: async (req, reply) => dropAbsence(req, reply, (await ownRecord(req)).id, '/mediators/me'),
    }),

    route({ method: 'GET', url: '/mediators/:id', permission: 'mediators.roster', handler: async (req, reply) => renderMediator(req, reply, (await mediatorOr404(req)).id) }),
    route({ method: 'POST', url: '/mediators/:id', permission: 'mediators.roster', handler: async (req, reply) => saveMediator(req, reply, (await mediatorOr404(req)).id) }),
    route({
      method: 'POST',
      url: '/mediators/:id/suspend',
      permission: 'mediators.roster',
      handler: async (req, reply) => {
        const m = await mediatorOr404(req);
        const parsed = parseForm(ZSuspend, req.body);
        if (!parsed.ok) return renderMediator(req, reply, m.id, { suspendForm: { values: parsed.values, errors: parsed.errors } }, 422);
        const { upcoming } = await db.transaction((tx) => suspendMediator(tx, actorOf(req), m.id, parsed.data.suspendReason));
        req.session.set('flash', { kind: upcoming > 0 ? 'warning' : 'success', key: upcoming > 0 ? 'mediators.flash.suspendedWithBookings' : 'mediators.flash.suspended' });
        return reply.redirect(`/mediators/${m.id}`, 303);
      },
    }),
    route({
      method: 'POST',
      url: '/mediators/:id/reactivate',
      permission: 'mediators.roster',
      handler: async (req, reply) => {
        const m = await mediatorOr404(req);
        await db.transaction((tx) => reactivateMediator(tx, actorOf(req), m.id));
        req.session.set('flash', { kind: 'success', key: 'mediators.flash.reactivated' });
        return reply.redirect(`/mediators/${m.id}`, 303);
      },
    }),
    route({
      method: 'POST',
      url: '/mediators/:id/absences',
      permission: 'mediators.roster',
      handler: async (req, reply) => {
        const m = await mediatorOr404(req);
        return saveAbsence(req, reply, m.id, (absenceForm) => renderMediator(req, reply, m.id, { absenceForm }, 422), `/mediators/${m.id}`);
      },
    }),
    route({
      method: 'POST',
      url: '/mediators/:id/absences/:absenceId/remove',
      permission: 'mediators.roster',
      handler: async (req, reply) => {
        const m = await mediatorOr404(req);
        return dropAbsence(req, reply, m.id, `/mediators/${m.id}`);
      },
    }),

    // Requests.
    route({
      method: 'GET',
      url: '/mediation/requests',
      permission: 'mediators.requests',
      handler: async (req, reply) => {
        const q = ZListQuery.parse(req.query ?? {});
        const { rows, total } = await mediatorsRepo.listRequests(db, userOf(req), { status: q.status as RequestFilter, page: q.page, pageSize: PAGE_SIZE });
        const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
        return sendPage(reply, RequestListPage({ view: viewOf(req, reply), rows, total, page: Math.min(q.page, pages), pages, status: q.status }));
      },
    }),
    route({ method: 'GET', url: '/mediation/requests/new', permission: 'mediators.ask', handler: (req, reply) => renderNewRequest(req, reply, EMPTY) }),
    route({
      method: 'POST',
      url: '/mediation/requests',
      permission: 'mediators.ask',
      handler: async (req, reply) => {
        const parsed = parseForm(ZRequest, req.body);
        if (!parsed.ok) return renderNewRequest(req, reply, { values: parsed.values, errors: parsed.errors }, 422);
        const d = parsed.data;
        const errors: FieldErrors = {};
        if (d.when === 'at' && !d.date) errors.date = { key: 'mediators.validation.timeRequired' };
        if (d.when === 'at' && !d.time) errors.time = { key: 'mediators.validation.timeRequired' };
        if (d.mode === 'in_person' && !d.municipality) errors.municipality = { key: 'mediators.validation.municipalityRequired' };
        if (Object.keys(errors).length > 0) return renderNewRequest(req, reply, { values: parsed.values, errors }, 422);
        let created: { id: string; status: RequestStatus };
        try {
          created = await db.transaction((tx) => requestMediation(tx, kernel, actorOf(req), d));
        } catch (err) {
          if (!(err instanceof MediationError)) throw err;
          return renderNewRequest(req, reply, { values: parsed.values, errors: { [FIELD_OF[err.code] ?? 'purpose']: { key: err.messageKey } } }, 422);
        }
        await sendMails(req);
        req.session.set('flash', created.status === 'unmet' ? { kind: 'warning', key: 'mediators.flash.unmetAtCreation' } : { kind: 'success', key: 'mediators.flash.requested' });
        return reply.redirect(`/mediation/requests/${created.id}`, 303);
      },
    }),
    route({
      method: 'GET',
      url: '/mediation/requests/:id',
      permission: 'mediators.requests',
      handler: async (req, reply) => {
        const request = await requestInScope(req);
        if ((req.query as Record<string, unknown> | undefined)?.format !== 'ics') return renderRequest(req, reply, request);
        // The calendar invitation of a booked meeting, for the parties to download (as the e-mails carry it).
        const file = request.status === 'assigned' ? invitation(req.tr, request, kernel.config.publicUrl)[0] : undefined;
        if (!file) throw notFound();
        return reply
          .header('content-type', 'text/calendar; charset=utf-8')
          .header('content-disposition', 'attachment; filename="mediazione.ics"')
          .header('cache-control', 'no-store')
          .send(file.content);
      },
    }),
    actionRoute('assign', 'mediators.roster'),
    actionRoute('offer', 'mediators.roster'),
    actionRoute('unmet', 'mediators.roster'),
    actionRoute('accept', 'mediators.own'),
    actionRoute('decline', 'mediators.own'),
    // The mediator, or the coordinator for a mediator without an account (change-request.ts, forMediator).
    actionRoute('report', 'mediators.requests'),
    actionRoute('confirm', 'mediators.ask'),
    actionRoute('cancel', 'mediators.requests'),
    actionRoute('reschedule', 'mediators.requests'),
  ];
}
