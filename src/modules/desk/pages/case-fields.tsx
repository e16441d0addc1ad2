// Pieces the case pages share: a text area that keeps what was typed and shows its error, the team chooser
// (operators grouped by organization), the badges of a case, and dates stored as calendar days.
import type { PropsWithChildren } from '@kitajs/html';
import type { FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import type { Candidate } from '../cases.repo.js';
import { DEFAULT_LOCALE, PSEUDO_LOCALE, TIME_ZONE } from '../../../kernel/i18n/locales.js';

export const EMPTY_FORM: FormState = { values: {}, errors: {} };

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date in digits ("23/11/26"), in Rome's time and the reader's numbering: no month names to translate. */
export function shortDate(view: View, d: Date | null | undefined): string {
  if (!d) return '';
  const locale = view.tr.locale === PSEUDO_LOCALE ? DEFAULT_LOCALE : view.tr.locale;
  let f = formats.get(locale);
  if (!f) formats.set(locale, (f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'short' })));
  return f.format(d);
}

/** A calendar day (YYYY-MM-DD) in the reader's language. Noon UTC is the same day in Rome. */
export function calendarDate(view: View, day: string | null | undefined): string {
  return day ? shortDate(view, new Date(`${day}T12:00:00Z`)) : '';
}

export { TextArea } from '../../../kernel/ui/fields.js';

/**
 * The team as checkboxes, one group per organization. `fixed` is always on the team (the lead, or the
 * operator flagging): shown checked and disabled, and sent again as a hidden field.
 */
export function TeamField(p: { view: View; form: FormState; name: string; legend: string; hint: string; candidates: Candidate[]; checked: string[]; fixed: string }) {
  const error = p.form.errors[p.name];
  const raw = p.form.values[p.name];
  const chosen = new Set(raw === undefined ? p.checked : Array.isArray(raw) ? raw : [raw]);
  chosen.add(p.fixed);
  const byOrganization = new Map<string, Candidate[]>();
  for (const c of p.candidates) byOrganization.set(c.organizationName, [...(byOrganization.get(c.organizationName) ?? []), c]);
  return (
    <fieldset class="mb-4" id={p.name} aria-describedby={[`${p.name}-hint`, error ? `${p.name}-error` : ''].filter(Boolean).join(' ')}>
      <legend class="h5" safe>
        {p.legend}
      </legend>
      <p id={`${p.name}-hint`} class="form-text" safe>
        {p.hint}
      </p>
      <input type="hidden" name={p.name} value={p.fixed} />
      {[...byOrganization].map(([organization, people], i) => (
        <div class="mb-3" role="group" aria-labelledby={`${p.name}-org-${i}`}>
          <p class="fw-semibold mb-1" id={`${p.name}-org-${i}`} safe>
            {organization}
          </p>
          {people.map((c) => (
            <div class="form-check">
              <input
                type="checkbox"
                id={`${p.name}-${c.id}`}
                name={c.id === p.fixed ? undefined : p.name}
                value={c.id}
                checked={chosen.has(c.id)}
                disabled={c.id === p.fixed}
              />
              <label for={`${p.name}-${c.id}`} safe>
                {c.name}
              </label>
            </div>
          ))}
        </div>
      ))}
      {error ? (
        <div id={`${p.name}-error`} class="invalid-feedback d-block" safe>
          {p.view.t(error.key, error.params)}
        </div>
      ) : (
        ''
      )}
    </fieldset>
  );
}

export function CaseBadges({ view, status, restricted }: { view: View; status: 'open' | 'closed'; restricted: boolean }) {
  return (
    <span class="d-inline-flex flex-wrap gap-1">
      <span class={status === 'open' ? 'badge bg-primary' : 'badge bg-secondary'} safe>
        {view.t(status === 'open' ? 'cases.status.open' : 'cases.status.closed')}
      </span>
      {restricted ? (
        <span class="badge bg-danger" safe>
          {view.t('cases.restricted.badge')}
        </span>
      ) : (
        ''
      )}
    </span>
  );
}

/** A form of the case page: posts to its own URL, with the token. */
export function CaseForm({ view, action, id, children }: PropsWithChildren<{ view: View; action: string; id?: string }>) {
  return (
    <form method="post" action={action} id={id} class="mb-4" novalidate>
      <input type="hidden" name="_csrf" value={view.csrfToken()} />
      {(children ?? '') as 'safe'}
    </form>
  );
}
