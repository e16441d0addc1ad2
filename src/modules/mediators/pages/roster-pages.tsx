// The coordinator's roster: the list of mediators, the form to admit or update one, suspension.
import { Layout } from '../../../kernel/ui/layout.js';
import { CheckboxGroup, CsrfField, ErrorSummary, SelectField, TextField, type FormState } from '../../../kernel/ui/fields.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import type { View } from '../../../kernel/ui/view.js';
import { GENDER_KEYS, GENDERS, LEVEL_KEYS, LEVELS, MEDIATION_LANGUAGES, MODE_KEYS, MODES } from '../mediation-status.js';
import { LANGUAGE_ROWS, languageRowsShown } from '../mediation-forms.js';
import type { AbsenceRow, MediatorRow } from '../mediators.repo.js';
import { Absences, EMPTY, languageLabel, listOf, TextArea, WeeklyFields } from './fields.js';

export interface Municipality {
  code: string;
  name: string;
}

function MediatorStatus({ view, m }: { view: View; m: MediatorRow }) {
  return m.status === 'active' ? (
    <span class="badge bg-success" safe>
      {view.t('mediators.roster.active')}
    </span>
  ) : (
    <span class="badge bg-secondary" safe>
      {view.t('mediators.roster.suspended')}
    </span>
  );
}

export const languagesText = (view: View, m: Pick<MediatorRow, 'languages'>) =>
  listOf(
    view,
    m.languages.map((l) => `${languageLabel(view, l.language_code)} (${listOf(view, [view.t(LEVEL_KEYS[l.level]), ...(l.written_translation ? [view.t('mediators.roster.written')] : [])])})`),
  );

export function RosterPage({ view, mediators, language }: { view: View; mediators: MediatorRow[]; language: string | undefined }) {
  const title = view.t('mediators.roster.title');
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <p class="d-flex flex-wrap gap-3">
        <a class="btn btn-primary" href="/mediators/new" safe>
          {view.t('mediators.roster.admit')}
        </a>
        <a class="btn btn-outline-primary" href="/mediation/requests" safe>
          {view.t('mediators.requests.nav')}
        </a>
      </p>
      <form method="get" action="/mediators" class="d-flex flex-wrap gap-2 align-items-end mb-3">
        <div class="select-wrapper">
          <label for="language" safe>
            {view.t('mediators.roster.filterLanguage')}
          </label>
          <select id="language" name="language">
            <option value="" safe>
              {view.t('mediators.roster.allLanguages')}
            </option>
            {MEDIATION_LANGUAGES.map((c) => (
              <option value={c} selected={c === language} safe>
                {languageLabel(view, c)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="btn btn-outline-primary btn-sm" safe>
          {view.t('mediators.roster.filter')}
        </button>
      </form>
      {mediators.length === 0 ? (
        <p safe>{view.t('mediators.roster.empty')}</p>
      ) : (
        <DataTable
          caption={title}
          headers={[view.t('mediators.fields.fullName'), view.t('mediators.fields.languages'), view.t('mediators.fields.modes'), view.t('mediators.roster.monthHours'), view.t('mediators.roster.status')]}
        >
          {mediators.map((m) => (
            <tr>
              <td>
                <a href={`/mediators/${m.id}`} safe>
                  {m.full_name}
                </a>
              </td>
              <td safe>{languagesText(view, m)}</td>
              <td safe>{listOf(view, m.modes.map((x) => view.t(MODE_KEYS[x])))}</td>
              <td safe>{view.tr.number(Number(m.month_hours))}</td>
              <td>
                <MediatorStatus view={view} m={m} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}

/** The roster record's fields, for admitting and for updating. */
function MediatorFields({ view, form, m, municipalities }: { view: View; form: FormState; m: MediatorRow | undefined; municipalities: Municipality[] }) {
  return (
    <>
      <TextField view={view} form={form} name="fullName" label={view.t('mediators.fields.fullName')} required maxlength={120} defaultValue={m?.full_name} />
      <div class="row">
        <div class="col-md-6">
          <TextField view={view} form={form} name="email" type="email" label={view.t('mediators.fields.email')} maxlength={254} defaultValue={m?.email ?? ''} />
        </div>
        <div class="col-md-6">
          <TextField view={view} form={form} name="phone" type="tel" label={view.t('mediators.fields.phone')} maxlength={40} defaultValue={m?.phone ?? ''} />
        </div>
      </div>
      <SelectField
        view={view}
        form={form}
        name="gender"
        label={view.t('mediators.fields.gender')}
        options={GENDERS.map((g) => ({ value: g, label: view.t(GENDER_KEYS[g]) }))}
        defaultValue={m?.gender ?? ''}
      />
      <TextField
        view={view}
        form={form}
        name="accountEmail"
        type="email"
        label={view.t('mediators.fields.accountEmail')}
        hint={view.t('mediators.fields.accountEmailHint')}
        maxlength={254}
        defaultValue={m?.account_email ?? ''}
      />
      <fieldset class="mb-4" id="languages">
        <legend class="h5" safe>
          {view.t('mediators.fields.languages')}
        </legend>
        {LANGUAGE_ROWS.slice(0, languageRowsShown(m?.languages.length ?? 0, form.values)).map((n) => {
          const l = m?.languages[n - 1];
          return (
            <div class="row border-bottom mb-3">
              <div class="col-md-3">
                <SelectField
                  view={view}
                  form={form}
                  name={`lang${n}`}
                  label={view.t('mediators.fields.language', { n })}
                  options={MEDIATION_LANGUAGES.map((c) => ({ value: c, label: languageLabel(view, c) }))}
                  defaultValue={l?.language_code ?? ''}
                />
              </div>
              <div class="col-md-3">
                <SelectField
                  view={view}
                  form={form}
                  name={`level${n}`}
                  label={view.t('mediators.fields.level', { n })}
                  options={LEVELS.map((x) => ({ value: x, label: view.t(LEVEL_KEYS[x]) }))}
                  defaultValue={l?.level ?? ''}
                />
              </div>
              <div class="col-md-3">
                <TextField view={view} form={form} name={`dialects${n}`} label={view.t('mediators.fields.dialects', { n })} maxlength={120} defaultValue={l?.dialects ?? ''} />
              </div>
              <div class="col-md-3">
                <CheckboxGroup
                  view={view}
                  form={form}
                  name={`written${n}`}
                  legend={view.t('mediators.fields.writtenLegend', { n })}
                  options={[{ value: 'on', label: view.t('mediators.fields.written') }]}
                  defaultValues={l?.written_translation ? ['on'] : []}
                />
              </div>
            </div>
          );
        })}
      </fieldset>
      <TextArea view={view} form={form} name="qualifications" label={view.t('mediators.fields.qualifications')} hint={view.t('mediators.fields.qualificationsHint')} maxlength={2000} defaultValue={m?.qualifications} />
      <TextArea view={view} form={form} name="training" label={view.t('mediators.fields.training')} hint={view.t('mediators.fields.trainingHint')} maxlength={2000} defaultValue={m?.training} />
      <CheckboxGroup
        view={view}
        form={form}
        name="tortureSupport"
        legend={view.t('mediators.fields.specialist')}
        options={[{ value: 'on', label: view.t('mediators.fields.tortureSupport') }]}
        defaultValues={m?.torture_support ? ['on'] : []}
      />
      <CheckboxGroup
        view={view}
        form={form}
        name="modes"
        legend={view.t('mediators.fields.modes')}
        options={MODES.map((x) => ({ value: x, label: view.t(MODE_KEYS[x]) }))}
        defaultValues={m?.modes ?? []}
      />
      <CheckboxGroup
        view={view}
        form={form}
        name="municipalities"
        legend={view.t('mediators.fields.municipalities')}
        options={municipalities.map((x) => ({ value: x.code, label: x.name }))}
        defaultValues={m?.municipality_codes ?? []}
      />
      <WeeklyFields view={view} form={form} weekly={m?.weekly ?? []} />
    </>
  );
}

const FIELD_LABELS = (view: View): Record<string, string> => ({
  fullName: view.t('mediators.fields.fullName'),
  email: view.t('mediators.fields.email'),
  phone: view.t('mediators.fields.phone'),
  accountEmail: view.t('mediators.fields.accountEmail'),
  modes: view.t('mediators.fields.modes'),
  lang1: view.t('mediators.fields.languages'),
});

export function MediatorFormPage(p: {
  view: View;
  form: FormState;
  mediator?: MediatorRow | undefined;
  municipalities: Municipality[];
  absences?: AbsenceRow[];
  absenceForm?: FormState;
  suspendForm?: FormState;
  errorKey?: string | undefined;
}) {
  const { view, mediator: m } = p;
  const title = m ? m.full_name : view.t('mediators.roster.admitTitle');
  return (
    <Layout view={view} title={title}>
      <p class="mb-2">
        <a href="/mediators" safe>
          {view.t('mediators.roster.back')}
        </a>
      </p>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      {m ? (
        <p>
          <MediatorStatus view={view} m={m} />
          {m.suspended_reason ? <span class="ms-2" safe>{view.t('mediators.roster.suspendedBecause', { reason: m.suspended_reason })}</span> : ''}
        </p>
      ) : (
        ''
      )}
      {p.errorKey ? (
        <div class="alert alert-danger" role="alert" safe>
          {view.t(p.errorKey)}
        </div>
      ) : (
        ''
      )}
      <ErrorSummary view={view} form={p.form} labels={FIELD_LABELS(view)} />
      <form method="post" action={m ? `/mediators/${m.id}` : '/mediators'} id="mediator-form" novalidate>
        <CsrfField view={view} />
        <MediatorFields view={view} form={p.form} m={m} municipalities={p.municipalities} />
        <button type="submit" class="btn btn-primary" safe>
          {m ? view.t('mediators.roster.save') : view.t('mediators.roster.admitSubmit')}
        </button>
      </form>
      {m ? (
        <>
          <hr class="my-5" />
          <Absences view={view} form={p.absenceForm ?? EMPTY} absences={p.absences ?? []} action={`/mediators/${m.id}/absences`} />
          <section aria-labelledby="status-title" class="mb-5">
            <h2 class="h4" id="status-title" safe>
              {view.t('mediators.roster.statusTitle')}
            </h2>
            {m.status === 'active' ? (
              <form method="post" action={`/mediators/${m.id}/suspend`} id="suspend-form">
                <CsrfField view={view} />
                <ErrorSummary view={view} form={p.suspendForm ?? EMPTY} labels={{ suspendReason: view.t('mediators.roster.suspendReason') }} />
                <TextArea view={view} form={p.suspendForm ?? EMPTY} name="suspendReason" label={view.t('mediators.roster.suspendReason')} maxlength={500} required />
                <button type="submit" class="btn btn-outline-danger" safe>
                  {view.t('mediators.roster.suspend')}
                </button>
              </form>
            ) : (
              <form method="post" action={`/mediators/${m.id}/reactivate`}>
                <CsrfField view={view} />
                <button type="submit" class="btn btn-outline-primary" safe>
                  {view.t('mediators.roster.reactivate')}
                </button>
              </form>
            )}
          </section>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}
