// Requests for mediation: the list (each reader sees the requests their role and organization allow), the
// form to ask for a mediator, and one request with the matching mediators and the actions its status allows.
import { Layout } from '../../../kernel/ui/layout.js';
import { CheckboxGroup, CsrfField, ErrorSummary, SelectField, TextField, type FormState } from '../../../kernel/ui/fields.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import type { View } from '../../../kernel/ui/view.js';
import {
  GENDER_PREFERENCE_KEYS,
  GENDER_PREFERENCES,
  LEVEL_KEYS,
  MEDIATION_LANGUAGES,
  MODE_KEYS,
  MODES,
  OUTCOME_KEYS,
  OUTCOMES,
  REQUEST_STATUSES,
  SETTING_KEYS,
  SETTINGS,
  STATUS_KEYS,
} from '../mediation-status.js';
import { DURATIONS } from '../mediation-forms.js';
import type { RequestEventRow, RequestRow } from '../mediators.repo.js';
import type { Candidate } from '../match-mediators.js';
import type { ChangeInput } from '../change-request.js';
import { EMPTY, languageLabel, StatusBadge, TextArea, TimeInput } from './fields.js';
import type { Municipality } from './roster-pages.js';

export const whenText = (view: View, r: Pick<RequestRow, 'asap' | 'starts_at'>) => (r.starts_at ? view.tr.dateTime(r.starts_at) : view.t('mediators.request.asap'));

export function RequestsTable({ view, rows, caption, showOrganization }: { view: View; rows: RequestRow[]; caption: string; showOrganization?: boolean }) {
  return (
    <DataTable
      caption={caption}
      headers={[
        view.t('mediators.request.when'),
        view.t('mediators.request.language'),
        view.t('mediators.request.setting'),
        ...(showOrganization ? [view.t('mediators.request.organization')] : []),
        view.t('mediators.request.mediator'),
        view.t('mediators.request.status'),
      ]}
    >
      {rows.map((r) => (
        <tr>
          <td>
            <a href={`/mediation/requests/${r.id}`} safe>
              {whenText(view, r)}
            </a>
          </td>
          <td safe>{languageLabel(view, r.language_code)}</td>
          <td safe>{view.t(SETTING_KEYS[r.setting])}</td>
          {showOrganization ? <td safe>{r.organization_name}</td> : ''}
          <td safe>{r.mediator_name ?? '—'}</td>
          <td>
            <StatusBadge view={view} status={r.status} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function RequestListPage(p: { view: View; rows: RequestRow[]; total: number; page: number; pages: number; status: string }) {
  const { view } = p;
  const title = view.t('mediators.requests.title');
  const filters = ['open', 'all', ...REQUEST_STATUSES] as const;
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      {view.can('mediators.ask') ? (
        <p>
          <a class="btn btn-primary" href="/mediation/requests/new" safe>
            {view.t('mediators.requests.new')}
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action="/mediation/requests" class="d-flex flex-wrap gap-2 align-items-end mb-3">
        <div class="select-wrapper">
          <label for="status" safe>
            {view.t('mediators.request.status')}
          </label>
          <select id="status" name="status">
            {filters.map((f) => (
              <option value={f} selected={f === p.status} safe>
                {f === 'open' ? view.t('mediators.requests.open') : f === 'all' ? view.t('mediators.requests.all') : view.t(STATUS_KEYS[f])}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="btn btn-outline-primary btn-sm" safe>
          {view.t('mediators.roster.filter')}
        </button>
      </form>
      <p safe>{view.t('mediators.requests.count', { count: p.total })}</p>
      {p.rows.length > 0 ? <RequestsTable view={view} rows={p.rows} caption={title} showOrganization={!view.can('mediators.ask') || view.can('mediators.roster')} /> : ''}
      {p.pages > 1 ? (
        <nav aria-label={view.t('mediators.requests.pages')}>
          <ul class="pagination">
            {Array.from({ length: p.pages }, (_, i) => i + 1).map((n) => (
              <li class="page-item">
                <a class="page-link" href={`/mediation/requests?status=${p.status}&page=${n}`} aria-current={n === p.page ? 'page' : undefined} safe>
                  {String(n)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        ''
      )}
    </Layout>
  );
}

const REQUEST_LABELS = (view: View): Record<string, string> => ({
  language: view.t('mediators.request.language'),
  when: view.t('mediators.request.whenLegend'),
  date: view.t('mediators.request.date'),
  time: view.t('mediators.request.time'),
  duration: view.t('mediators.request.duration'),
  mode: view.t('mediators.request.mode'),
  municipality: view.t('mediators.request.municipality'),
  setting: view.t('mediators.request.setting'),
  purpose: view.t('mediators.request.purpose'),
  caseReference: view.t('mediators.request.caseReference'),
});

export function NewRequestPage({ view, form, municipalities }: { view: View; form: FormState; municipalities: Municipality[] }) {
  const title = view.t('mediators.requests.new');
  const when = typeof form.values.when === 'string' ? form.values.when : 'at';
  return (
    <Layout view={view} title={title}>
      <p class="mb-2">
        <a href="/mediation/requests" safe>
          {view.t('mediators.requests.back')}
        </a>
      </p>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <p safe>{view.t('mediators.requests.intro')}</p>
      <ErrorSummary view={view} form={form} labels={REQUEST_LABELS(view)} />
      <form method="post" action="/mediation/requests" id="request-form" novalidate>
        <CsrfField view={view} />
        <div class="row">
          <div class="col-md-6">
            <SelectField
              view={view}
              form={form}
              name="language"
              label={view.t('mediators.request.language')}
              options={MEDIATION_LANGUAGES.map((c) => ({ value: c, label: languageLabel(view, c) }))}
              required
            />
          </div>
          <div class="col-md-6">
            <TextField view={view} form={form} name="dialect" label={view.t('mediators.request.dialect')} maxlength={80} />
          </div>
        </div>
        <fieldset class="mb-3" id="when">
          <legend class="h6" safe>
            {view.t('mediators.request.whenLegend')}
          </legend>
          <div class="form-check">
            <input type="radio" name="when" id="when-at" value="at" checked={when === 'at'} />
            <label for="when-at" safe>
              {view.t('mediators.request.at')}
            </label>
          </div>
          <div class="form-check">
            <input type="radio" name="when" id="when-asap" value="asap" checked={when === 'asap'} />
            <label for="when-asap" safe>
              {view.t('mediators.request.asap')}
            </label>
          </div>
        </fieldset>
        <div class="d-flex flex-wrap gap-3">
          <TimeInput view={view} form={form} name="date" label={view.t('mediators.request.date')} type="date" />
          <TimeInput view={view} form={form} name="time" label={view.t('mediators.request.time')} />
        </div>
        <SelectField
          view={view}
          form={form}
          name="duration"
          label={view.t('mediators.request.duration')}
          options={DURATIONS.map((d) => ({ value: String(d), label: view.t('mediators.request.minutes', { minutes: d }) }))}
          defaultValue="60"
          required
        />
        <SelectField view={view} form={form} name="mode" label={view.t('mediators.request.mode')} options={MODES.map((m) => ({ value: m, label: view.t(MODE_KEYS[m]) }))} defaultValue="in_person" required />
        <SelectField
          view={view}
          form={form}
          name="municipality"
          label={view.t('mediators.request.municipality')}
          options={municipalities.map((m) => ({ value: m.code, label: m.name }))}
        />
        <TextField view={view} form={form} name="place" label={view.t('mediators.request.place')} hint={view.t('mediators.request.placeHint')} maxlength={200} />
        <SelectField view={view} form={form} name="setting" label={view.t('mediators.request.setting')} options={SETTINGS.map((s) => ({ value: s, label: view.t(SETTING_KEYS[s]) }))} required />
        <SelectField
          view={view}
          form={form}
          name="genderPreference"
          label={view.t('mediators.request.genderPreference')}
          options={GENDER_PREFERENCES.map((g) => ({ value: g, label: view.t(GENDER_PREFERENCE_KEYS[g]) }))}
          defaultValue="any"
        />
        <CheckboxGroup
          view={view}
          form={form}
          name="tortureVictim"
          legend={view.t('mediators.request.sensitivity')}
          options={[{ value: 'on', label: view.t('mediators.request.tortureVictim') }]}
        />
        <TextArea view={view} form={form} name="purpose" label={view.t('mediators.request.purpose')} hint={view.t('mediators.request.purposeHint')} maxlength={500} required />
        <TextField view={view} form={form} name="caseReference" label={view.t('mediators.request.caseReference')} hint={view.t('mediators.request.caseReferenceHint')} maxlength={40} />
        <button type="submit" class="btn btn-primary" safe>
          {view.t('mediators.requests.submit')}
        </button>
      </form>
    </Layout>
  );
}

export type ActionName = ChangeInput['action'];

function Row({ label, children }: { label: string; children: JSX.Element | string }) {
  return (
    <div class="row mb-2">
      <dt class="col-sm-4" safe>
        {label}
      </dt>
      <dd class="col-sm-8 mb-0">{children as 'safe'}</dd>
    </div>
  );
}

function CandidateChoice({ view, candidates, form, prefix }: { view: View; candidates: Candidate[]; form: FormState; prefix: string }) {
  const error = form.errors.mediatorId;
  return (
    <fieldset class="mb-3" id={`${prefix}-mediatorId`} aria-describedby={error ? `${prefix}-mediatorId-error` : undefined}>
      <legend class="h6" safe>
        {view.t('mediators.match.legend')}
      </legend>
      {candidates.map((c, i) => (
        <div class="form-check">
          <input type="radio" name="mediatorId" id={`${prefix}-${c.id}`} value={c.id} checked={i === 0 && candidates.length > 0 && c.free} />
          <label for={`${prefix}-${c.id}`}>
            <span safe>{c.full_name}</span>
            {' — '}
            <span safe>{view.t(LEVEL_KEYS[c.level])}</span>
            {' · '}
            <span safe>{c.free ? view.t('mediators.match.free') : view.t('mediators.match.busy')}</span>
            {' · '}
            <span safe>{c.coversArea ? view.t('mediators.match.inArea') : view.t('mediators.match.outOfArea')}</span>
            {c.fitsSensitivity ? '' : <span safe>{` · ${view.t('mediators.match.sensitivityNotMet')}`}</span>}
            {c.modeOffered ? '' : <span safe>{` · ${view.t('mediators.match.modeNotOffered')}`}</span>}
            {' · '}
            <span safe>{view.t('mediators.match.recentHours', { hours: view.tr.number(Math.round(Number(c.recent_hours) * 10) / 10) })}</span>
          </label>
        </div>
      ))}
      {error ? (
        <div id={`${prefix}-mediatorId-error`} class="invalid-feedback d-block" safe>
          {view.t(error.key, error.params)}
        </div>
      ) : (
        ''
      )}
    </fieldset>
  );
}

export interface RequestPageProps {
  view: View;
  request: RequestRow;
  events: RequestEventRow[];
  linked: RequestRow[];
  candidates: Candidate[];
  actions: ActionName[];
  forms: Partial<Record<ActionName, FormState>>;
  errorKey?: string | undefined;
  /** Whether the reader may see the mediator's contact data (the parties of a booked request). */
  showContacts: boolean;
}

export function RequestPage(p: RequestPageProps) {
  const { view, request: r } = p;
  const title = view.t('mediators.request.title', { language: languageLabel(view, r.language_code) });
  const f = (a: ActionName) => p.forms[a] ?? EMPTY;
  // "Assign" and "offer" are two buttons of one form: what either refused is shown in it.
  const choice = p.forms.offer ?? f('assign');
  const can = (a: ActionName) => p.actions.includes(a);
  const action = (a: ActionName) => `/mediation/requests/${r.id}/${a}`;
  return (
    <Layout view={view} title={title}>
      <p class="mb-2">
        <a href="/mediation/requests" safe>
          {view.t('mediators.requests.back')}
        </a>
      </p>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <p>
        <StatusBadge view={view} status={r.status} />
      </p>
      {p.errorKey ? (
        <div class="alert alert-danger" role="alert" id="request-error" safe>
          {view.t(p.errorKey)}
        </div>
      ) : (
        ''
      )}
      {r.status === 'unmet' ? (
        <div class="alert alert-warning" id="unmet-notice" safe>
          {view.t('mediators.request.unmetExplained')}
        </div>
      ) : (
        ''
      )}
      <dl class="mb-4">
        <Row label={view.t('mediators.request.organization')}>{<span dir="auto" safe>{r.organization_name}</span>}</Row>
        <Row label={view.t('mediators.request.when')}>{<span safe>{whenText(view, r)}</span>}</Row>
        <Row label={view.t('mediators.request.duration')}>{<span safe>{view.t('mediators.request.minutes', { minutes: r.duration_minutes })}</span>}</Row>
        <Row label={view.t('mediators.request.language')}>{<span safe>{[languageLabel(view, r.language_code), r.dialect].filter(Boolean).join(' — ')}</span>}</Row>
        <Row label={view.t('mediators.request.mode')}>{<span safe>{view.t(MODE_KEYS[r.mode])}</span>}</Row>
        <Row label={view.t('mediators.request.place')}>{<span dir="auto" safe>{[r.place, r.municipality_name].filter(Boolean).join(', ') || '—'}</span>}</Row>
        <Row label={view.t('mediators.request.setting')}>{<span safe>{view.t(SETTING_KEYS[r.setting])}</span>}</Row>
        <Row label={view.t('mediators.request.sensitivity')}>
          {<span safe>{[view.t(GENDER_PREFERENCE_KEYS[r.gender_preference]), r.torture_victim ? view.t('mediators.request.tortureVictim') : ''].filter(Boolean).join(' · ')}</span>}
        </Row>
        <Row label={view.t('mediators.request.purpose')}>{<span dir="auto" safe>{r.purpose}</span>}</Row>
        <Row label={view.t('mediators.request.caseReference')}>{<span dir="auto" safe>{r.case_reference ?? '—'}</span>}</Row>
        <Row label={view.t('mediators.request.mediator')}>
          {
            <span safe>
              {[r.mediator_name ?? '—', p.showContacts ? r.mediator_phone : null, p.showContacts ? r.mediator_email : null].filter(Boolean).join(' · ')}
            </span>
          }
        </Row>
        {r.hours ? <Row label={view.t('mediators.report.hours')}>{<span safe>{view.tr.number(Number(r.hours))}</span>}</Row> : ''}
        {r.outcome ? <Row label={view.t('mediators.report.outcome')}>{<span safe>{view.t(OUTCOME_KEYS[r.outcome])}</span>}</Row> : ''}
        {r.rating ? <Row label={view.t('mediators.confirm.rating')}>{<span safe>{view.t('mediators.confirm.stars', { rating: r.rating })}</span>}</Row> : ''}
        {r.requester_comment ? <Row label={view.t('mediators.confirm.comment')}>{<span dir="auto" safe>{r.requester_comment}</span>}</Row> : ''}
        {r.cancel_reason ? <Row label={view.t('mediators.cancel.reason')}>{<span dir="auto" safe>{r.cancel_reason}</span>}</Row> : ''}
      </dl>
      {p.showContacts && r.starts_at && r.status === 'assigned' ? (
        <p>
          <a class="btn btn-outline-primary btn-sm" href={`/mediation/requests/${r.id}?format=ics`} download="mediazione.ics" safe>
            {view.t('mediators.request.calendar')}
          </a>
        </p>
      ) : (
        ''
      )}

      {can('assign') || can('offer') ? (
        <section aria-labelledby="assign-title" class="mb-5">
          <h2 class="h4" id="assign-title" safe>
            {view.t('mediators.match.title')}
          </h2>
          {p.candidates.length === 0 ? (
            <p safe>{view.t('mediators.match.none')}</p>
          ) : (
            <form method="post" action={action('assign')} id="assign-form" novalidate>
              <CsrfField view={view} />
              <ErrorSummary view={view} form={choice} labels={{ mediatorId: view.t('mediators.match.legend') }} />
              <CandidateChoice view={view} candidates={p.candidates} form={choice} prefix="assign" />
              {r.asap || !r.starts_at ? (
                <div class="d-flex flex-wrap gap-3">
                  <TimeInput view={view} form={choice} name="assignDate" label={view.t('mediators.request.date')} type="date" />
                  <TimeInput view={view} form={choice} name="assignTime" label={view.t('mediators.request.time')} />
                </div>
              ) : (
                ''
              )}
              <div class="d-flex flex-wrap gap-2">
                <button type="submit" class="btn btn-primary" safe>
                  {view.t('mediators.match.assign')}
                </button>
                {can('offer') ? (
                  <button type="submit" class="btn btn-outline-primary" formaction={action('offer')} safe>
                    {view.t('mediators.match.offer')}
                  </button>
                ) : (
                  ''
                )}
              </div>
            </form>
          )}
        </section>
      ) : (
        ''
      )}
      {can('accept') ? (
        <section aria-labelledby="offer-title" class="mb-5">
          <h2 class="h4" id="offer-title" safe>
            {view.t('mediators.offer.title')}
          </h2>
          <div class="d-flex flex-wrap gap-2">
            <form method="post" action={action('accept')}>
              <CsrfField view={view} />
              <button type="submit" class="btn btn-primary" safe>
                {view.t('mediators.offer.accept')}
              </button>
            </form>
            <form method="post" action={action('decline')}>
              <CsrfField view={view} />
              <button type="submit" class="btn btn-outline-secondary" safe>
                {view.t('mediators.offer.decline')}
              </button>
            </form>
          </div>
        </section>
      ) : (
        ''
      )}
      {can('report') ? (
        <section aria-labelledby="report-title" class="mb-5">
          <h2 class="h4" id="report-title" safe>
            {view.t('mediators.report.title')}
          </h2>
          <form method="post" action={action('report')} id="report-form" novalidate>
            <CsrfField view={view} />
            <ErrorSummary view={view} form={f('report')} labels={{ hours: view.t('mediators.report.hours'), outcome: view.t('mediators.report.outcome') }} />
            <TextField view={view} form={f('report')} name="hours" label={view.t('mediators.report.hours')} hint={view.t('mediators.report.hoursHint')} inputmode="text" maxlength={5} required />
            <SelectField view={view} form={f('report')} name="outcome" label={view.t('mediators.report.outcome')} options={OUTCOMES.map((o) => ({ value: o, label: view.t(OUTCOME_KEYS[o]) }))} required />
            <button type="submit" class="btn btn-primary" safe>
              {view.t('mediators.report.submit')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      {can('confirm') ? (
        <section aria-labelledby="confirm-title" class="mb-5">
          <h2 class="h4" id="confirm-title" safe>
            {view.t('mediators.confirm.title')}
          </h2>
          <form method="post" action={action('confirm')} id="confirm-form" novalidate>
            <CsrfField view={view} />
            <ErrorSummary view={view} form={f('confirm')} labels={{ rating: view.t('mediators.confirm.rating') }} />
            <SelectField
              view={view}
              form={f('confirm')}
              name="rating"
              label={view.t('mediators.confirm.rating')}
              options={[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: view.t('mediators.confirm.stars', { rating: n }) }))}
              required
            />
            <TextArea view={view} form={f('confirm')} name="comment" label={view.t('mediators.confirm.comment')} maxlength={500} />
            <button type="submit" class="btn btn-primary" safe>
              {view.t('mediators.confirm.submit')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      {can('reschedule') ? (
        <section aria-labelledby="reschedule-title" class="mb-5">
          <h2 class="h4" id="reschedule-title" safe>
            {view.t('mediators.reschedule.title')}
          </h2>
          <form method="post" action={action('reschedule')} id="reschedule-form" novalidate>
            <CsrfField view={view} />
            <ErrorSummary view={view} form={f('reschedule')} labels={{ newDate: view.t('mediators.request.date'), newTime: view.t('mediators.request.time'), rescheduleReason: view.t('mediators.reschedule.reason') }} />
            <div class="d-flex flex-wrap gap-3">
              <TimeInput view={view} form={f('reschedule')} name="newDate" label={view.t('mediators.request.date')} type="date" />
              <TimeInput view={view} form={f('reschedule')} name="newTime" label={view.t('mediators.request.time')} />
            </div>
            <TextArea view={view} form={f('reschedule')} name="rescheduleReason" label={view.t('mediators.reschedule.reason')} maxlength={500} required />
            <button type="submit" class="btn btn-outline-primary" safe>
              {view.t('mediators.reschedule.submit')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      {can('unmet') ? <ReasonForm view={view} kind="unmet" action={action('unmet')} form={f('unmet')} danger /> : ''}
      {can('cancel') ? <ReasonForm view={view} kind="cancel" action={action('cancel')} form={f('cancel')} danger /> : ''}
      {p.linked.length > 0 ? (
        <section aria-labelledby="linked-title" class="mb-5">
          <h2 class="h4" id="linked-title" safe>
            {view.t('mediators.request.linked', { reference: r.case_reference ?? '' })}
          </h2>
          <RequestsTable view={view} rows={p.linked} caption={view.t('mediators.request.linked', { reference: r.case_reference ?? '' })} />
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="history-title">
        <h2 class="h4" id="history-title" safe>
          {view.t('mediators.request.history')}
        </h2>
        <ol>
          {p.events.map((e) => (
            <li>
              <span safe>{view.tr.dateTime(e.occurred_at)}</span>
              {' — '}
              <span safe>{view.t(STATUS_KEYS[e.to_status])}</span>
              {e.actor_name ? <span safe>{` (${e.actor_name})`}</span> : ''}
              {e.reason && e.from_status ? <span safe>{`: ${e.reason}`}</span> : ''}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}

/**
 * A step that needs only a reason (no mediator found, cancellation): its own section and form. Both may
 * be on one page and both post `reason`, so each text area has an id of its own.
 */
const REASON_FORM_KEYS = {
  unmet: { title: 'mediators.unmet.title', reason: 'mediators.unmet.reason', submit: 'mediators.unmet.submit' },
  cancel: { title: 'mediators.cancel.title', reason: 'mediators.cancel.reason', submit: 'mediators.cancel.submit' },
} as const;

function ReasonForm({ view, kind, action, form, danger }: { view: View; kind: keyof typeof REASON_FORM_KEYS; action: string; form: FormState; danger?: boolean }) {
  const keys = REASON_FORM_KEYS[kind];
  return (
    <section aria-labelledby={`${kind}-title`} class="mb-5">
      <h2 class="h4" id={`${kind}-title`} safe>
        {view.t(keys.title)}
      </h2>
      <form method="post" action={action} id={`${kind}-form`} novalidate>
        <CsrfField view={view} />
        <TextArea view={view} form={form} name="reason" id={`${kind}-reason`} label={view.t(keys.reason)} maxlength={500} required />
        <button type="submit" class={danger ? 'btn btn-outline-danger' : 'btn btn-outline-primary'} safe>
          {view.t(keys.submit)}
        </button>
      </form>
    </section>
  );
}
