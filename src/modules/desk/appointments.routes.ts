// Appointments. Public: /appointments (choose a desk), /appointments/:id (ask for a time there, no login,
// no script, rate-limited, CSRF-checked like the directory's "report a mistake"), /appointments/sent.
// Desk operators: /desk/appointments, the week's calendar of their organization's slots and requests;
// another organization's slot or request does not exist for them (404).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Kernel } from '../../kernel/kernel.js';
import { actorOf } from '../../kernel/kernel.js';
import { HttpError, route, uuidParam, type RouteDef } from '../../kernel/http/route.js';
import { parseForm, zEmail, zOptionalText, type FieldErrors } from '../../kernel/ui/form.js';
import { emptyForm, type FormState } from '../../kernel/ui/fields.js';
import { allowPublicCaching, sendPage, viewOf } from '../../kernel/ui/view.js';
import { deliverPendingMails } from '../../kernel/notify/notify.js';
import { needTerms } from '../directory/index.js';
import { appointmentsRepo } from './appointments.repo.js';
import { requestAppointment } from './request-appointment.js';
import { addSlot, answerRequest, openRequests, removeSlot, type OpenedRequest, type RequestAnswer } from './appointment-slots.js';
import { addDays, isCalendarDate, mondayOf, romeDate, romeInstant, romeTime } from './rome-dates.js';
import { DesksPage, MESSAGE_MAX, RequestPage, SentPage } from './pages/appointment-request-pages.js';
import { CalendarPage, type CalendarPageData } from './pages/appointments-calendar-page.js';

/** Requests per minute from one address to the public form. */
export const REQUESTS_PER_MINUTE = 5;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const zPhone = z
  .string()
  .trim()
  .max(30)
  .refine((v) => /^[+0-9 ()./-]+$/.test(v) && v.replace(/\D/g, '').length >= 6 && v.replace(/\D/g, '').length <= 15, { message: 'appointments.validation.phone' });

const ZRequest = z.object({
  slot: z.union([z.literal('any'), z.string().regex(UUID)], { message: 'appointments.validation.slot' }),
  name: z.string().trim().min(2).max(120),
  phone: zPhone.optional(),
  email: zEmail.optional(),
  need: z.string().regex(/^[a-z0-9_.-]{1,64}$/).optional(),
  message: zOptionalText(MESSAGE_MAX),
});

const ZSlot = z.object({
  date: z.string().trim().refine(isCalendarDate, { message: 'appointments.validation.date' }),
  start: z.string().trim().regex(TIME, { message: 'appointments.validation.time' }),
  end: z.string().trim().regex(TIME, { message: 'appointments.validation.time' }),
  capacity: z.coerce.number({ message: 'validation.required' }).int({ message: 'appointments.validation.capacity' }).min(1).max(50),
});

const weekOf = (value: unknown): string | undefined => (typeof value === 'string' && isCalendarDate(value) ? mondayOf(value) : undefined);
const noon = (day: string) => new Date(`${day}T12:00:00Z`);

export function appointmentsRoutes(kernel: Kernel): RouteDef[] {
  const { db } = kernel;

  /** A desk that takes requests now (it has slots to come); anything else is not found. */
  const deskOf = async (req: FastifyRequest) => {
    const id = uuidParam(req);
    const desk = (await appointmentsRepo.desksWithSlots(db)).find((d) => d.id === id);
    if (!desk) throw new HttpError(404, 'errors.notFound.title');
    return desk;
  };

  const requestPage = async (req: FastifyRequest, reply: FastifyReply, desk: { id: string; name: string }, form: FormState, status = 200) => {
    const [slots, needs] = await Promise.all([appointmentsRepo.freeSlots(db, desk.id), needTerms(db, req.tr.locale)]);
    return sendPage(reply, RequestPage({ view: viewOf(req, reply), data: { desk, slots, needs, form } }), status);
  };

  const calendar = async (req: FastifyRequest, reply: FastifyReply, monday: string, slotForm: FormState, status = 200) => {
    const user = req.user!;
    const sunday = addDays(monday, 6);
    const [slots, anyTimeRows, terms] = await Promise.all([
      appointmentsRepo.slotsBetween(db, user.organizationId, romeInstant(monday, '00:00'), romeInstant(addDays(monday, 7), '00:00')),
      appointmentsRepo.openRequestsWithoutSlot(db, user.organizationId),
      needTerms(db, req.tr.locale),
    ]);
    const inSlots = await appointmentsRepo.requestsInSlots(db, slots.map((s) => s.id));
    // The names are opened here and only here; the audit log records which requests were read.
    const opened = await openRequests(db, kernel.crypto, actorOf(req), [...inSlots, ...anyTimeRows]);
    const requestsBySlot = new Map<string, OpenedRequest[]>();
    for (const r of opened) if (r.slotId) requestsBySlot.set(r.slotId, [...(requestsBySlot.get(r.slotId) ?? []), r]);
    const days = Array.from({ length: 7 }, (_, i) => {
      const day = addDays(monday, i);
      return { at: noon(day), slots: slots.filter((s) => romeDate(s.starts_at) === day) };
    });
    const data: CalendarPageData = {
      organizationName: user.organizationName,
      week: { monday, previous: addDays(monday, -7), next: addDays(monday, 7), current: mondayOf(romeDate()), first: noon(monday), last: noon(sunday) },
      days,
      requestsBySlot,
      anyTime: opened.filter((r) => !r.slotId),
      needNames: new Map(terms.map((t) => [t.code, t.name])),
      slotForm,
    };
    return sendPage(reply, CalendarPage({ view: viewOf(req, reply), data }), status);
  };

  const backToWeek = (reply: FastifyReply, monday: string) => reply.redirect(`/desk/appointments?week=${monday}`, 303);

  const answer = (action: RequestAnswer) => async (req: FastifyRequest, reply: FastifyReply) => {
    const user = req.user!;
    const id = uuidParam(req);
    const found = await appointmentsRepo.requestOf(db, user.organizationId, id);
    if (!found) throw new HttpError(404, 'errors.notFound.title');
    const changed = await db.transaction((tx) => answerRequest(tx, actorOf(req), user.organizationId, id, action));
    req.session.set(
      'flash',
      changed
        ? { kind: 'success', key: action === 'confirm' ? 'appointments.flash.confirmed' : 'appointments.flash.cancelled' }
        : { kind: 'warning', key: 'appointments.flash.notChanged' },
    );
    const slotStart = found.slot_id ? await appointmentsRepo.slotStart(db, found.slot_id) : undefined;
    const monday = weekOf((req.body as Record<string, unknown> | undefined)?.week) ?? mondayOf(romeDate(slotStart));
    return backToWeek(reply, monday);
  };

  return [
    route({
      method: 'GET',
      url: '/appointments',
      permission: 'public',
      handler: async (req, reply) => {
        const desks = await appointmentsRepo.desksWithSlots(db);
        allowPublicCaching(req, reply);
        return sendPage(reply, DesksPage({ view: viewOf(req, reply), desks }));
      },
    }),
    route({
      method: 'GET',
      url: '/appointments/sent',
      permission: 'public',
      handler: async (req, reply) => sendPage(reply, SentPage({ view: viewOf(req, reply) })),
    }),
    route({
      method: 'GET',
      url: '/appointments/:id',
      permission: 'public',
      handler: async (req, reply) => requestPage(req, reply, await deskOf(req), emptyForm),
    }),
    route({
      method: 'POST',
      url: '/appointments/:id',
      permission: 'public',
      rateLimitPerMinute: REQUESTS_PER_MINUTE,
      handler: async (req, reply) => {
        const desk = await deskOf(req);
        const parsed = parseForm(ZRequest, req.body);
        const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
        const values = parsed.values;
        const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';
        if (!errors.phone && !errors.email && !filled(values.phone) && !filled(values.email)) {
          errors.phone = { key: 'appointments.validation.contactRequired' };
        }
        if (parsed.ok && parsed.data.need && !(await needTerms(db, 'it')).some((n) => n.code === parsed.data.need)) errors.need = { key: 'validation.choose' };
        if (!parsed.ok || Object.keys(errors).length > 0) return requestPage(req, reply, desk, { values, errors }, 400);

        const d = parsed.data;
        const result = await db.transaction((tx) =>
          requestAppointment(tx, kernel, actorOf(req), {
            organizationId: desk.id,
            slotId: d.slot === 'any' ? null : d.slot.toLowerCase(),
            name: d.name,
            phone: d.phone,
            email: d.email,
            languageCode: req.tr.locale,
            termCode: d.need,
            message: d.message,
          }),
        );
        if (!result.ok) return requestPage(req, reply, desk, { values, errors: { slot: { key: 'appointments.validation.slotTaken' } } }, 400);
        await deliverPendingMails(kernel, { log: (err) => req.log.error({ err }, 'notification mail failed') }).catch((err: unknown) =>
          req.log.error({ err }, 'notification mails not delivered'),
        );
        // The confirmation shows nothing of what was typed.
        return reply.redirect('/appointments/sent', 303);
      },
    }),

    route({
      method: 'GET',
      url: '/desk/appointments',
      permission: 'desk.people',
      handler: async (req, reply) => calendar(req, reply, weekOf((req.query as Record<string, unknown>).week) ?? mondayOf(romeDate()), emptyForm),
    }),
    route({
      method: 'POST',
      url: '/desk/appointments/slots',
      permission: 'desk.people',
      handler: async (req, reply) => {
        const user = req.user!;
        const parsed = parseForm(ZSlot, req.body);
        const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
        const values = parsed.values;
        const shownWeek = weekOf(values.date) ?? mondayOf(romeDate());
        if (!parsed.ok) return calendar(req, reply, shownWeek, { values, errors }, 400);
        const { date, start, end, capacity } = parsed.data;
        const startsAt = romeInstant(date, start);
        const endsAt = romeInstant(date, end);
        if (end <= start) errors.end = { key: 'appointments.validation.endBeforeStart' };
        if (date < romeDate() || startsAt.getTime() <= Date.now()) errors.date = { key: 'appointments.validation.past' };
        if (Object.keys(errors).length > 0) return calendar(req, reply, shownWeek, { values, errors }, 400);

        const outcome = await db.transaction(async (tx) => {
          const clash = await appointmentsRepo.overlapping(tx, user.organizationId, startsAt, endsAt);
          if (clash) return { clash };
          await addSlot(tx, actorOf(req), user.organizationId, { startsAt, endsAt, capacity });
          return { clash: undefined };
        });
        if (outcome.clash) {
          const params = { start: romeTime(outcome.clash.starts_at), end: romeTime(outcome.clash.ends_at) };
          return calendar(req, reply, shownWeek, { values, errors: { start: { key: 'appointments.validation.overlap', params } } }, 400);
        }
        req.session.set('flash', { kind: 'success', key: 'appointments.flash.slotAdded' });
        return backToWeek(reply, mondayOf(date));
      },
    }),
    route({
      method: 'POST',
      url: '/desk/appointments/slots/:id/remove',
      permission: 'desk.people',
      handler: async (req, reply) => {
        const user = req.user!;
        const id = uuidParam(req);
        const slot = await appointmentsRepo.slotOf(db, user.organizationId, id);
        if (!slot) throw new HttpError(404, 'errors.notFound.title');
        const removed = await db.transaction((tx) => removeSlot(tx, actorOf(req), user.organizationId, id));
        req.session.set('flash', removed ? { kind: 'success', key: 'appointments.flash.slotRemoved' } : { kind: 'warning', key: 'appointments.flash.slotInUse' });
        return backToWeek(reply, mondayOf(romeDate(slot.starts_at)));
      },
    }),
    route({ method: 'POST', url: '/desk/appointments/requests/:id/confirm', permission: 'desk.people', handler: answer('confirm') }),
    route({ method: 'POST', url: '/desk/appointments/requests/:id/cancel', permission: 'desk.people', handler: answer('cancel') }),
  ];
}
