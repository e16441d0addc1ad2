// What the appointments' pages share: how a slot's time reads in the reader's language, and the form
// fields the kernel's set does not have (a time, a text area, a radio list).
import type { View } from '../../../kernel/ui/view.js';
import type { FormState } from '../../../kernel/ui/fields.js';
import { DEFAULT_LOCALE, PSEUDO_LOCALE, TIME_ZONE } from '../../../kernel/i18n/locales.js';
import { romeTime } from '../rome-dates.js';

const formats = new Map<string, Intl.DateTimeFormat>();
function format(view: View, kind: 'weekday' | 'date'): Intl.DateTimeFormat {
  const locale = view.tr.locale === PSEUDO_LOCALE ? DEFAULT_LOCALE : view.tr.locale;
  const key = `${locale}|${kind}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, kind === 'weekday' ? { weekday: 'long', timeZone: TIME_ZONE } : { dateStyle: 'short', timeZone: TIME_ZONE });
    formats.set(key, f);
  }
  return f;
}

/** "lunedì 23/11/26": the day in Rome, with the weekday's name and the date in digits. */
export const dayLabel = (view: View, at: Date) => view.t('appointments.day', { weekday: format(view, 'weekday').format(at), date: format(view, 'date').format(at) });

/** "lunedì 23/11/26, 09:00–09:30". */
export const slotLabel = (view: View, slot: { starts_at: Date; ends_at: Date }) =>
  view.t('appointments.slot', { day: dayLabel(view, slot.starts_at), start: romeTime(slot.starts_at), end: romeTime(slot.ends_at) });

export const timeRange = (view: View, slot: { starts_at: Date; ends_at: Date }) =>
  view.t('appointments.timeRange', { start: romeTime(slot.starts_at), end: romeTime(slot.ends_at) });

function FieldError({ view, form, name }: { view: View; form: FormState; name: string }) {
  const error = form.errors[name];
  if (!error) return '';
  return (
    <div id={`${name}-error`} class="invalid-feedback d-block" safe>
      {view.t(error.key, error.params)}
    </div>
  );
}

export function TimeField({ view, form, name, label }: { view: View; form: FormState; name: string; label: string }) {
  const error = form.errors[name];
  const raw = form.values[name];
  return (
    <div class="form-group mb-4">
      <label for={name} class="active" safe>
        {label}
      </label>
      <input
        type="time"
        id={name}
        name={name}
        step="300"
        class={error ? 'form-control is-invalid' : 'form-control'}
        value={typeof raw === 'string' ? raw : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
      />
      <FieldError view={view} form={form} name={name} />
    </div>
  );
}

export function RadioList({ view, form, name, legend, options }: { view: View; form: FormState; name: string; legend: string; options: { value: string; label: string }[] }) {
  const error = form.errors[name];
  const raw = form.values[name];
  return (
    <fieldset class="mb-4" id={name} aria-describedby={error ? `${name}-error` : undefined}>
      <legend class="h6" safe>
        {legend}
      </legend>
      {options.map((o, i) => (
        <div class="form-check">
          <input type="radio" id={`${name}-${i}`} name={name} value={o.value} checked={raw === o.value} />
          <label for={`${name}-${i}`} safe>
            {o.label}
          </label>
        </div>
      ))}
      <FieldError view={view} form={form} name={name} />
    </fieldset>
  );
}
