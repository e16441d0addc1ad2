// Fields of the directory back office's forms, in Bootstrap Italia markup like src/kernel/ui/fields.tsx,
// for what the kernel's fields do not cover: text areas, single checkboxes, numbered rows (`phone.2`,
// `hours.1.opens`), and texts in another language (lang and dir on the field). They always read the
// form's values: the route fills them from the stored record, or with what the person typed.
import type { FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import { PUBLICATION_STATUSES } from '../directory.schema.js';
import { DEFAULT_LOCALE, PSEUDO_LOCALE, TIME_ZONE } from '../../../kernel/i18n/locales.js';
import { TextArea as KernelTextArea } from '../../../kernel/ui/fields.js';

const numericFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * A date (and time) in table cells, all digits ("23/11/26, 21:45" in Italian), in Rome's time zone: compact,
 * and it needs no month names, which would be texts outside the catalogs.
 */
export function tableDate(view: View, d: Date | null | undefined, withTime = false): string {
  if (!d) return '';
  const locale = view.tr.locale === PSEUDO_LOCALE ? DEFAULT_LOCALE : view.tr.locale;
  const key = `${locale}|${withTime}`;
  let f = numericFormats.get(key);
  if (!f) numericFormats.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'short', ...(withTime ? { timeStyle: 'short' } : {}) })));
  return f.format(d);
}

export const PUBLICATION_STATUS_KEYS: Record<(typeof PUBLICATION_STATUSES)[number], string> = {
  draft: 'editor.publicationStatus.draft',
  in_review: 'editor.publicationStatus.in_review',
  published: 'editor.publicationStatus.published',
  returned: 'editor.publicationStatus.returned',
};

const BADGE: Record<(typeof PUBLICATION_STATUSES)[number], string> = {
  draft: 'badge bg-secondary',
  in_review: 'badge bg-warning text-white',
  published: 'badge bg-success',
  returned: 'badge bg-danger',
};

export function PublicationBadge({ view, status }: { view: View; status: (typeof PUBLICATION_STATUSES)[number] }) {
  return (
    <span class={BADGE[status]} safe>
      {view.t(PUBLICATION_STATUS_KEYS[status])}
    </span>
  );
}

const text = (form: FormState, name: string): string => {
  const v = form.values[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
};
const many = (form: FormState, name: string): string[] => {
  const v = form.values[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};
const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

export function FieldError({ view, form, name }: { view: View; form: FormState; name: string }) {
  const error = form.errors[name];
  if (!error) return '';
  return (
    <div id={`${name}-error`} class="invalid-feedback d-block" safe>
      {view.t(error.key, error.params)}
    </div>
  );
}

interface InputProps {
  view: View;
  form: FormState;
  name: string;
  label: string;
  type?: 'text' | 'tel' | 'time' | 'number' | 'search' | 'date';
  hint?: string;
  required?: boolean;
  maxlength?: number;
  inputmode?: 'numeric' | 'decimal' | 'tel' | 'text';
  autocomplete?: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  /** Label shown only to screen readers (rows of a table-like group). */
  hiddenLabel?: boolean;
  min?: number;
  max?: number;
}

export function Input(p: InputProps) {
  const error = p.form.errors[p.name];
  return (
    <div class="form-group mb-3">
      <label for={p.name} class={p.hiddenLabel ? 'visually-hidden' : 'active'} safe>
        {p.label}
      </label>
      <input
        type={p.type ?? 'text'}
        class={error ? 'form-control is-invalid' : 'form-control'}
        id={p.name}
        name={p.name}
        value={text(p.form, p.name)}
        required={p.required}
        maxlength={p.maxlength}
        inputmode={p.inputmode}
        autocomplete={p.autocomplete ?? 'off'}
        lang={p.lang}
        dir={p.dir}
        min={p.min === undefined ? undefined : String(p.min)}
        max={p.max === undefined ? undefined : String(p.max)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${p.name}-hint`, error && `${p.name}-error`)}
      />
      {p.hint ? (
        <small id={`${p.name}-hint`} class="form-text" safe>
          {p.hint}
        </small>
      ) : (
        ''
      )}
      <FieldError view={p.view} form={p.form} name={p.name} />
    </div>
  );
}

/** The kernel's text area, four lines high unless said. */
export function TextArea(p: Parameters<typeof KernelTextArea>[0]) {
  return KernelTextArea({ ...p, rows: p.rows ?? 4 });
}

export function Checkbox(p: { view: View; form: FormState; name: string; label: string }) {
  const value = p.form.values[p.name];
  return (
    <div class="form-check mb-3">
      <input type="checkbox" id={p.name} name={p.name} value="on" checked={value === 'on' || value === 'true' || value === '1'} />
      <label for={p.name} safe>
        {p.label}
      </label>
      <FieldError view={p.view} form={p.form} name={p.name} />
    </div>
  );
}

export function Select(p: { view: View; form: FormState; name: string; label: string; options: { value: string; label: string }[]; required?: boolean; hint?: string }) {
  const error = p.form.errors[p.name];
  const selected = text(p.form, p.name);
  return (
    <div class="select-wrapper mb-4">
      <label for={p.name} safe>
        {p.label}
      </label>
      <select
        id={p.name}
        name={p.name}
        required={p.required}
        class={error ? 'is-invalid' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${p.name}-hint`, error && `${p.name}-error`)}
      >
        <option value="" safe>
          {p.view.t('common.choose')}
        </option>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === selected} safe>
            {o.label}
          </option>
        ))}
      </select>
      {p.hint ? (
        <small id={`${p.name}-hint`} class="form-text" safe>
          {p.hint}
        </small>
      ) : (
        ''
      )}
      <FieldError view={p.view} form={p.form} name={p.name} />
    </div>
  );
}

/** Checkboxes sharing one name; `inline` puts them on one line (the days of an opening-hours row). */
export function CheckboxList(p: {
  view: View;
  form: FormState;
  name: string;
  legend: string;
  options: { value: string; label: string; lang?: string }[];
  hint?: string;
  inline?: boolean;
  columns?: boolean;
}) {
  const error = p.form.errors[p.name];
  const checked = new Set(many(p.form, p.name));
  const box = (o: { value: string; label: string; lang?: string }) => (
    <div class={p.inline ? 'form-check form-check-inline' : 'form-check'}>
      <input type="checkbox" id={`${p.name}-${o.value}`} name={p.name} value={o.value} checked={checked.has(o.value)} />
      <label for={`${p.name}-${o.value}`} lang={o.lang} safe>
        {o.label}
      </label>
    </div>
  );
  return (
    <fieldset class="mb-4" id={p.name} aria-describedby={describedBy(p.hint && `${p.name}-hint`, error && `${p.name}-error`)}>
      <legend class="h6" safe>
        {p.legend}
      </legend>
      {p.hint ? (
        <p id={`${p.name}-hint`} class="form-text small" safe>
          {p.hint}
        </p>
      ) : (
        ''
      )}
      {p.columns ? <div class="row row-cols-1 row-cols-sm-2 row-cols-lg-3">{p.options.map((o) => <div class="col">{box(o) as 'safe'}</div>)}</div> : p.options.map(box)}
      <FieldError view={p.view} form={p.form} name={p.name} />
    </fieldset>
  );
}

/** The first two cells of a row in the editors' lists: the service (linked, with its municipalities) and its organization. */
export function ServiceCells({ href, row }: { href: string; row: { name: string; municipalities: string | null; organizationName: string } }) {
  return (
    <>
      <td>
        <a href={href} safe>
          {row.name}
        </a>
        {row.municipalities ? (
          <div class="small text-muted" safe>
            {row.municipalities}
          </div>
        ) : (
          ''
        )}
      </td>
      <td safe>{row.organizationName}</td>
    </>
  );
}
