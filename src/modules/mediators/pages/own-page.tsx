// A mediator's own page: their languages as the roster has them, their weekly availability and absences
// (which they keep), and the assignments and offers they have.
import { Layout } from '../../../kernel/ui/layout.js';
import { CsrfField, ErrorSummary, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import type { AbsenceRow, MediatorRow, RequestRow } from '../mediators.repo.js';
import { Absences, EMPTY, WeeklyFields } from './fields.js';
import { languagesText } from './roster-pages.js';
import { RequestsTable } from './request-pages.js';

export function OwnPage(p: { view: View; mediator: MediatorRow | undefined; absences: AbsenceRow[]; assignments: RequestRow[]; form?: FormState; absenceForm?: FormState }) {
  const { view, mediator: m } = p;
  const title = view.t('mediators.own.title');
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      {!m ? (
        <p class="alert alert-info" safe>
          {view.t('mediators.own.notLinked')}
        </p>
      ) : (
        <>
          <p>
            <strong safe>{view.t('mediators.fields.languages')}</strong>
            {': '}
            <span safe>{languagesText(view, m)}</span>
          </p>
          <p safe>{view.t('mediators.own.monthHours', { hours: view.tr.number(Number(m.month_hours)) })}</p>
          {m.status === 'suspended' ? (
            <p class="alert alert-warning" safe>
              {view.t('mediators.own.suspended')}
            </p>
          ) : (
            ''
          )}
          <section aria-labelledby="assignments-title" class="mb-5">
            <h2 class="h4" id="assignments-title" safe>
              {view.t('mediators.own.assignments')}
            </h2>
            {p.assignments.length === 0 ? <p safe>{view.t('mediators.own.noAssignments')}</p> : <RequestsTable view={view} rows={p.assignments} caption={view.t('mediators.own.assignments')} />}
          </section>
          <form method="post" action="/mediators/me/availability" id="availability-form" novalidate>
            <CsrfField view={view} />
            <ErrorSummary view={view} form={p.form ?? EMPTY} labels={{}} />
            <WeeklyFields view={view} form={p.form ?? EMPTY} weekly={m.weekly} />
            <button type="submit" class="btn btn-primary mb-5" safe>
              {view.t('mediators.own.saveAvailability')}
            </button>
          </form>
          <Absences view={view} form={p.absenceForm ?? EMPTY} absences={p.absences} action="/mediators/me/absences" />
        </>
      )}
    </Layout>
  );
}
