// How the reception pages show days, money and states.
import type { View } from '../../../kernel/ui/view.js';
import { DEFAULT_LOCALE, PSEUDO_LOCALE } from '../../../kernel/i18n/locales.js';
import { DOC_STATE_KEYS, FINDING_STATUS_KEYS, SEVERITY_KEYS, type DocState, type FindingStatus, type Severity } from '../reception-codes.js';

const intlLocale = (view: View) => (view.tr.locale === PSEUDO_LOCALE ? DEFAULT_LOCALE : view.tr.locale);

/** A calendar day (YYYY-MM-DD) in digits, in the reader's language: no month names to translate. */
export const day = (view: View, d: string | null | undefined): string =>
  d ? new Intl.DateTimeFormat(intlLocale(view), { dateStyle: 'short', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`)) : '';

/** A month (YYYY-MM) in digits ("11/2026"). */
export const monthOf = (view: View, m: string): string =>
  new Intl.DateTimeFormat(intlLocale(view), { month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-15T12:00:00Z`));

export const euros = (view: View, cents: number): string => new Intl.NumberFormat(intlLocale(view), { style: 'currency', currency: 'EUR' }).format(cents / 100);

export const percent = (present: number, capacity: number): number => (capacity > 0 ? Math.round((present / capacity) * 100) : 0);

const DOC_BADGE: Record<DocState, string> = {
  missing: 'bg-secondary',
  overdue: 'bg-danger',
  submitted: 'bg-primary',
  returned: 'bg-danger',
  accepted: 'bg-success',
  expiring: 'bg-warning text-white',
  expired: 'bg-danger',
};

export function DocStateBadge({ view, state }: { view: View; state: DocState }) {
  return (
    <span class={`badge ${DOC_BADGE[state]}`} data-state={state} safe>
      {view.t(DOC_STATE_KEYS[state])}
    </span>
  );
}

const SEVERITY_BADGE: Record<Severity, string> = { low: 'bg-secondary', medium: 'bg-primary', high: 'bg-warning text-white', critical: 'bg-danger' };

export function SeverityBadge({ view, severity }: { view: View; severity: Severity }) {
  return (
    <span class={`badge ${SEVERITY_BADGE[severity]}`} safe>
      {view.t(SEVERITY_KEYS[severity])}
    </span>
  );
}

export function FindingStatusBadge({ view, status }: { view: View; status: FindingStatus }) {
  const cls = status === 'closed' ? 'bg-success' : status === 'answered' ? 'bg-primary' : 'bg-warning text-white';
  return (
    <span class={`badge ${cls}`} data-status={status} safe>
      {view.t(FINDING_STATUS_KEYS[status])}
    </span>
  );
}

export function Back({ href, label }: { href: string; label: string }) {
  return (
    <p>
      <a href={href} safe>
        {label}
      </a>
    </p>
  );
}
