// The desk's week of appointments: each day's slots with the requests in them (names opened here, and
// the opening recorded), the requests for "any time", and the form to add a slot.
import { Layout } from '../../../kernel/ui/layout.js';
import type { View } from '../../../kernel/ui/view.js';
import { CsrfField, ErrorSummary, TextField, type FormState } from '../../../kernel/ui/fields.js';
import { languageName } from '../../directory/index.js';
import type { RequestStatus, SlotRow } from '../appointments.repo.js';
import type { OpenedRequest } from '../appointment-slots.js';
import { dayLabel, timeRange, TimeField } from './appointment-fields.js';

export interface CalendarDay {
  /** Noon of the day in Rome, for its label. */
  at: Date;
  slots: SlotRow[];
}

export interface CalendarPageData {
  organizationName: string;
  week: { monday: string; previous: string; next: string; current: string; first: Date; last: Date };
  days: CalendarDay[];
  requestsBySlot: Map<string, OpenedRequest[]>;
  anyTime: OpenedRequest[];
  needNames: Map<string, string>;
  slotForm: FormState;
}

const STATUS_BADGE: Record<RequestStatus, string> = {
  requested: 'badge bg-primary',
  confirmed: 'badge bg-success',
  cancelled: 'badge bg-secondary',
  done: 'badge bg-secondary',
};

const STATUS_KEYS: Record<RequestStatus, string> = {
  requested: 'appointments.status.requested',
  confirmed: 'appointments.status.confirmed',
  cancelled: 'appointments.status.cancelled',
  done: 'appointments.status.done',
};

function ActionButton({ view, action, label, week, style }: { view: View; action: string; label: string; week: string; style: string }) {
  return (
    <form method="post" action={action} class="d-inline">
      <CsrfField view={view} />
      <input type="hidden" name="week" value={week} />
      <button type="submit" class={`btn btn-sm ${style}`} safe>
        {label}
      </button>
    </form>
  );
}

function Request({ view, r, week, needNames }: { view: View; r: OpenedRequest; week: string; needNames: Map<string, string> }) {
  return (
    <li class="border rounded p-2 mb-2" data-request={r.id}>
      <div class="d-flex flex-wrap justify-content-between gap-2">
        <strong safe>
          {r.name}
        </strong>
        <span class={STATUS_BADGE[r.status]} safe>
          {view.t(STATUS_KEYS[r.status])}
        </span>
      </div>
      <ul class="list-unstyled small mb-2">
        {r.phone ? <li safe>{view.t('appointments.calendar.phone', { phone: r.phone })}</li> : ''}
        {r.email ? <li safe>{view.t('appointments.calendar.email', { email: r.email })}</li> : ''}
        <li safe>{view.t('appointments.calendar.language', { language: languageName(r.languageCode, view.tr.locale) })}</li>
        {r.termCode ? <li safe>{view.t('appointments.calendar.need', { need: needNames.get(r.termCode) ?? r.termCode })}</li> : ''}
        {r.message ? <li safe>{view.t('appointments.calendar.message', { message: r.message })}</li> : ''}
        <li safe>{view.t('appointments.calendar.received', { when: view.tr.dateTime(r.createdAt) })}</li>
      </ul>
      <div class="d-flex flex-wrap gap-2">
        {r.status === 'requested' ? (
          <ActionButton view={view} action={`/desk/appointments/requests/${r.id}/confirm`} label={view.t('appointments.calendar.confirm')} week={week} style="btn-primary" />
        ) : (
          ''
        )}
        {r.status === 'requested' || r.status === 'confirmed' ? (
          <ActionButton view={view} action={`/desk/appointments/requests/${r.id}/cancel`} label={view.t('appointments.calendar.cancel')} week={week} style="btn-outline-danger" />
        ) : (
          ''
        )}
      </div>
    </li>
  );
}

export function CalendarPage({ view, data }: { view: View; data: CalendarPageData }) {
  const title = view.t('appointments.calendar.title');
  const { week } = data;
  const weekHref = (monday: string) => `/desk/appointments?week=${monday}`;
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-1" safe>
        {title}
      </h1>
      <p class="text-muted" safe>
        {data.organizationName}
      </p>
      <h2 class="h4 mt-4" id="week-heading" safe>
        {view.t('appointments.calendar.week', { first: dayLabel(view, week.first), last: dayLabel(view, week.last) })}
      </h2>
      <nav aria-label={view.t('appointments.calendar.weeks')} class="d-flex flex-wrap gap-3 mb-4">
        <a href={weekHref(week.previous)} safe>
          {view.t('appointments.calendar.previousWeek')}
        </a>
        <a href={weekHref(week.current)} aria-current={week.current === week.monday ? 'page' : undefined} safe>
          {view.t('appointments.calendar.thisWeek')}
        </a>
        <a href={weekHref(week.next)} safe>
          {view.t('appointments.calendar.nextWeek')}
        </a>
      </nav>
      {data.days.map((day) => (
        <section class="mb-4" aria-label={dayLabel(view, day.at)}>
          <h3 class="h5 border-bottom pb-1" safe>
            {dayLabel(view, day.at)}
          </h3>
          {day.slots.length === 0 ? (
            <p class="text-muted small" safe>
              {view.t('appointments.calendar.noSlots')}
            </p>
          ) : (
            <ul class="list-unstyled">
              {day.slots.map((s) => {
                const requests = data.requestsBySlot.get(s.id) ?? [];
                return (
                  <li class="mb-3" data-slot={s.id}>
                    <div class="d-flex flex-wrap align-items-center gap-3 mb-2">
                      <span class="fw-bold" safe>
                        {timeRange(view, s)}
                      </span>
                      <span safe>{view.t('appointments.calendar.places', { taken: s.taken, capacity: s.capacity })}</span>
                      {s.taken === 0 ? (
                        <ActionButton
                          view={view}
                          action={`/desk/appointments/slots/${s.id}/remove`}
                          label={view.t('appointments.calendar.removeSlot')}
                          week={week.monday}
                          style="btn-outline-secondary"
                        />
                      ) : (
                        ''
                      )}
                    </div>
                    {requests.length > 0 ? (
                      <ul class="list-unstyled ms-3">
                        {requests.map((r) => (
                          <Request view={view} r={r} week={week.monday} needNames={data.needNames} />
                        ))}
                      </ul>
                    ) : (
                      ''
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      ))}
      <section class="mb-5" aria-labelledby="any-time">
        <h2 class="h4" id="any-time" safe>
          {view.t('appointments.calendar.anyTime')}
        </h2>
        {data.anyTime.length === 0 ? (
          <p class="text-muted" safe>
            {view.t('appointments.calendar.noAnyTime')}
          </p>
        ) : (
          <ul class="list-unstyled">
            {data.anyTime.map((r) => (
              <Request view={view} r={r} week={week.monday} needNames={data.needNames} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="add-slot">
        <h2 class="h4" id="add-slot" safe>
          {view.t('appointments.calendar.addSlot')}
        </h2>
        <ErrorSummary
          view={view}
          form={data.slotForm}
          labels={{
            date: view.t('appointments.slotFields.date'),
            start: view.t('appointments.slotFields.start'),
            end: view.t('appointments.slotFields.end'),
            capacity: view.t('appointments.slotFields.capacity'),
          }}
        />
        <form method="post" action="/desk/appointments/slots" novalidate>
          <CsrfField view={view} />
          <div class="row g-3">
            <div class="col-md-3">
              <TextField view={view} form={data.slotForm} name="date" type="date" label={view.t('appointments.slotFields.date')} required />
            </div>
            <div class="col-md-3">
              <TimeField view={view} form={data.slotForm} name="start" label={view.t('appointments.slotFields.start')} />
            </div>
            <div class="col-md-3">
              <TimeField view={view} form={data.slotForm} name="end" label={view.t('appointments.slotFields.end')} />
            </div>
            <div class="col-md-3">
              <TextField
                view={view}
                form={data.slotForm}
                name="capacity"
                type="number"
                inputmode="numeric"
                label={view.t('appointments.slotFields.capacity')}
                hint={view.t('appointments.slotFields.capacityHint')}
                defaultValue="1"
              />
            </div>
          </div>
          <button type="submit" class="btn btn-primary" safe>
            {view.t('appointments.calendar.addSlotButton')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
