// Pieces the mediators' screens share: a text area, the weekly availability grid, the absences, a request's
// status badge, and the names of languages, modes and municipalities in the reader's language.
import type { View } from '../../../kernel/ui/view.js';
import type { FormState } from '../../../kernel/ui/fields.js';
import { CsrfField, TextArea } from '../../../kernel/ui/fields.js';
import { LANGUAGE_KEYS, type LanguageCode } from '../../directory/index.js';
import { STATUS_KEYS, type RequestStatus } from '../mediation-status.js';
import { WEEKDAYS } from '../mediation-forms.js';
import type { AbsenceRow } from '../mediators.repo.js';

export const EMPTY: FormState = { values: {}, errors: {} };

/** A list in the reader's language ("a, b e c"; Arabic uses its own comma). */
export function listOf(view: View, items: string[]): string {
  // The pseudo-locale (tests of untranslated texts) has no words of its own to join with.
  if (view.tr.locale === 'qps') return items.join(', ');
  try {
    return new Intl.ListFormat(view.tr.locale, { style: 'long', type: 'unit' }).format(items);
  } catch {
    return items.join(', ');
  }
}

export const languageLabel = (view: View, code: string): string =>
  code in LANGUAGE_KEYS ? view.t(LANGUAGE_KEYS[code as LanguageCode]) : code;

const WEEKDAY_KEYS = {
  MO: 'mediators.weekday.MO',
  TU: 'mediators.weekday.TU',
  WE: 'mediators.weekday.WE',
  TH: 'mediators.weekday.TH',
  FR: 'mediators.weekday.FR',
  SA: 'mediators.weekday.SA',
  SU: 'mediators.weekday.SU',
} as const;
export const weekdayLabel = (view: View, weekday: number) => view.t(WEEKDAY_KEYS[WEEKDAYS[weekday - 1] ?? 'MO']);

const BADGE: Record<RequestStatus, string> = {
  requested: 'badge bg-primary',
  offered: 'badge bg-info text-dark',
  assigned: 'badge bg-info text-dark',
  done: 'badge bg-success',
  confirmed: 'badge bg-success',
  cancelled: 'badge bg-secondary',
  unmet: 'badge bg-danger',
};

export function StatusBadge({ view, status }: { view: View; status: RequestStatus }) {
  return (
    <span class={BADGE[status]} safe>
      {view.t(STATUS_KEYS[status])}
    </span>
  );
}

export { TextArea };

/** A time input (HH:MM) with its error. */
export function TimeInput(p: { view: View; form: FormState; name: string; label: string; defaultValue?: string; type?: 'time' | 'date' }) {
  const error = p.form.errors[p.name];
  const raw = p.form.values[p.name];
  const value = typeof raw === 'string' ? raw : p.defaultValue;
  return (
    <div class="mb-3">
      <label for={p.name} class="form-label d-block" safe>
        {p.label}
      </label>
      <input
        type={p.type ?? 'time'}
        id={p.name}
        name={p.name}
        value={value}
        class={error ? 'form-control is-invalid' : 'form-control'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${p.name}-error` : undefined}
      />
      {error ? (
        <div id={`${p.name}-error`} class="invalid-feedback d-block" safe>
          {p.view.t(error.key, error.params)}
        </div>
      ) : (
        ''
      )}
    </div>
  );
}

/** The weekly pattern: one window per weekday, in Rome's time; an empty day is a day off. */
export function WeeklyFields({ view, form, weekly }: { view: View; form: FormState; weekly: { weekday: number; starts: string; ends: string }[] }) {
  return (
    <fieldset class="mb-4" id="weekly">
      <legend class="h5" safe>
        {view.t('mediators.availability.legend')}
      </legend>
      <p class="small" safe>
        {view.t('mediators.availability.hint')}
      </p>
      <div class="row">
        {WEEKDAYS.map((d, i) => {
          const slot = weekly.find((w) => w.weekday === i + 1);
          return (
            <div class="col-12 col-md-6 col-lg-3 mb-2">
              <fieldset>
                <legend class="h6" safe>
                  {weekdayLabel(view, i + 1)}
                </legend>
                <div class="d-flex gap-2">
                  <TimeInput view={view} form={form} name={`from${d}`} label={view.t('mediators.availability.from')} defaultValue={slot?.starts ?? ''} />
                  <TimeInput view={view} form={form} name={`to${d}`} label={view.t('mediators.availability.to')} defaultValue={slot?.ends ?? ''} />
                </div>
              </fieldset>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** The absences to come, each with a button to remove it, and the form to add one. */
export function Absences({ view, form, absences, action }: { view: View; form: FormState; absences: AbsenceRow[]; action: string }) {
  return (
    <section class="mb-5" aria-labelledby="absences-title">
      <h2 class="h4" id="absences-title" safe>
        {view.t('mediators.absences.title')}
      </h2>
      {absences.length === 0 ? (
        <p safe>{view.t('mediators.absences.none')}</p>
      ) : (
        <ul class="list-unstyled">
          {absences.map((a) => (
            <li class="d-flex flex-wrap gap-2 align-items-center mb-2">
              <span safe>{view.t('mediators.absences.range', { from: a.from_date, to: a.to_date })}</span>
              {a.note ? <span class="text-muted" safe>{a.note}</span> : ''}
              <form method="post" action={`${action}/${a.id}/remove`} class="d-inline">
                <CsrfField view={view} />
                <button type="submit" class="btn btn-outline-secondary btn-sm" safe>
                  {view.t('mediators.absences.remove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={action} class="border rounded p-3" id="absence-form">
        <CsrfField view={view} />
        <h3 class="h6" safe>
          {view.t('mediators.absences.add')}
        </h3>
        <div class="d-flex flex-wrap gap-3">
          <TimeInput view={view} form={form} name="absenceFrom" label={view.t('mediators.absences.from')} type="date" />
          <TimeInput view={view} form={form} name="absenceTo" label={view.t('mediators.absences.to')} type="date" />
        </div>
        <TextArea view={view} form={form} name="absenceNote" label={view.t('mediators.absences.note')} maxlength={200} />
        <button type="submit" class="btn btn-primary btn-sm" safe>
          {view.t('mediators.absences.submit')}
        </button>
      </form>
    </section>
  );
}
