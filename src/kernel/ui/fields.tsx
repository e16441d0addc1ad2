// Form fields in Bootstrap Italia markup. Every field shows its error next to it, linked by
// aria-describedby; the summary at the top lists the errors and links to each field.
import type { FieldErrors, FormValues } from './form.js';
import type { View } from './view.js';

export interface FormState {
  values: FormValues;
  errors: FieldErrors;
}

export const emptyForm: FormState = { values: {}, errors: {} };

export function CsrfField({ view }: { view: View }) {
  return <input type="hidden" name="_csrf" value={view.csrfToken()} />;
}

export function ErrorSummary({ view, form, labels }: { view: View; form: FormState; labels: Record<string, string> }) {
  const entries = Object.entries(form.errors);
  if (entries.length === 0) return '';
  return (
    <div class="alert alert-danger" role="alert" tabindex="-1" id="error-summary">
      <h2 class="h5" safe>
        {view.t('validation.summaryTitle', { count: entries.length })}
      </h2>
      <ul class="mb-0">
        {entries.map(([field, msg]) => (
          <li>
            {field === '_form' ? (
              <span safe>{view.t(msg.key, msg.params)}</span>
            ) : (
              <a href={`#${field}`} safe>
                {`${labels[field] ?? field}: ${view.t(msg.key, msg.params)}`}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface TextFieldProps {
  view: View;
  form: FormState;
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'date' | 'number';
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  inputmode?: 'numeric' | 'text' | 'email' | 'tel';
  maxlength?: number;
  /** Used when the form has no value for the field yet (editing a record). */
  defaultValue?: string;
}

export function TextField(p: TextFieldProps) {
  const error = p.form.errors[p.name];
  const described = [p.hint ? `${p.name}-hint` : '', error ? `${p.name}-error` : ''].filter(Boolean).join(' ');
  const raw = p.form.values[p.name];
  const value = p.type === 'password' ? undefined : typeof raw === 'string' ? raw : p.defaultValue;
  return (
    <div class="form-group mb-4">
      <label for={p.name} class="active" safe>
        {p.label}
      </label>
      <input
        type={p.type ?? 'text'}
        class={error ? 'form-control is-invalid' : 'form-control'}
        id={p.name}
        name={p.name}
        value={value}
        autocomplete={p.autocomplete}
        required={p.required}
        inputmode={p.inputmode}
        maxlength={p.maxlength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {p.hint ? (
        <small id={`${p.name}-hint`} class="form-text" safe>
          {p.hint}
        </small>
      ) : (
        ''
      )}
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

interface SelectFieldProps {
  view: View;
  form: FormState;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  required?: boolean;
}

export function SelectField(p: SelectFieldProps) {
  const error = p.form.errors[p.name];
  const raw = p.form.values[p.name];
  const selected = typeof raw === 'string' ? raw : p.defaultValue;
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
        aria-describedby={error ? `${p.name}-error` : undefined}
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

interface CheckboxGroupProps {
  view: View;
  form: FormState;
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  defaultValues?: string[];
}

export function CheckboxGroup(p: CheckboxGroupProps) {
  const error = p.form.errors[p.name];
  const raw = p.form.values[p.name];
  const checked = new Set(raw === undefined ? (p.defaultValues ?? []) : Array.isArray(raw) ? raw : [raw]);
  return (
    <fieldset class="mb-4" id={p.name} aria-describedby={error ? `${p.name}-error` : undefined}>
      <legend class="h6" safe>
        {p.legend}
      </legend>
      {p.options.map((o) => (
        <div class="form-check">
          <input type="checkbox" id={`${p.name}-${o.value}`} name={p.name} value={o.value} checked={checked.has(o.value)} />
          <label for={`${p.name}-${o.value}`} safe>
            {o.label}
          </label>
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

interface TextAreaProps {
  view: View;
  form: FormState;
  name: string;
  /** The element's id, when two forms of one page post a field of the same name (default: the name). */
  id?: string | undefined;
  label: string;
  hint?: string | undefined;
  maxlength?: number | undefined;
  /** Visible lines (3 unless said). */
  rows?: number | undefined;
  required?: boolean | undefined;
  /** Shown when the form holds no value for it (a record being edited). */
  defaultValue?: string | undefined;
  /** The language and direction of the text, when it is not the page's (a translation being written). */
  lang?: string | undefined;
  dir?: 'ltr' | 'rtl' | undefined;
}

export function TextArea(p: TextAreaProps) {
  const error = p.form.errors[p.name];
  const raw = p.form.values[p.name];
  const value = typeof raw === 'string' ? raw : Array.isArray(raw) ? (raw[0] ?? '') : (p.defaultValue ?? '');
  const id = p.id ?? p.name;
  const described = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="form-group mb-4">
      <label for={id} class="active" safe>
        {p.label}
      </label>
      <textarea
        id={id}
        name={p.name}
        rows={String(p.rows ?? 3)}
        maxlength={p.maxlength}
        required={p.required}
        lang={p.lang}
        dir={p.dir}
        class={error ? 'form-control is-invalid' : 'form-control'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        safe
      >
        {value}
      </textarea>
      {p.hint ? (
        <small id={`${id}-hint`} class="form-text" safe>
          {p.hint}
        </small>
      ) : (
        ''
      )}
      {error ? (
        <div id={`${id}-error`} class="invalid-feedback d-block" safe>
          {p.view.t(error.key, error.params)}
        </div>
      ) : (
        ''
      )}
    </div>
  );
}
