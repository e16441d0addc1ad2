// Opening a case plan for a person: the operator opening it leads it and names the team, across organizations.
import { Layout } from '../../../kernel/ui/layout.js';
import { ErrorSummary, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import type { Candidate } from '../cases.repo.js';
import { CaseForm, TeamField } from './case-fields.js';

export interface CaseOpenPageProps {
  view: View;
  personId: string;
  personName: string;
  candidates: Candidate[];
  form: FormState;
  /** A refusal of the whole form (a case already open...), as a message key, and the case it points to. */
  errorKey?: string | undefined;
  existingCaseId?: string | undefined;
  /** False when nothing can be done here (the case is already open, or already restricted). */
  showForm?: boolean;
}

export function CaseOpenPage(p: CaseOpenPageProps) {
  const { view } = p;
  const title = view.t('cases.open.title', { name: p.personName });
  return (
    <Layout view={view} title={title}>
      <p class="mb-2">
        <a href={`/desk/people/${p.personId}`} safe>
          {view.t('cases.backToPerson')}
        </a>
      </p>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <p safe>{view.t('cases.open.intro')}</p>
      {p.errorKey ? (
        <div class="alert alert-danger" role="alert" id="case-error">
          <span safe>{view.t(p.errorKey)}</span>
          {p.existingCaseId ? (
            <>
              {' '}
              <a href={`/desk/cases/${p.existingCaseId}`} safe>
                {view.t('cases.open.seeOpenCase')}
              </a>
            </>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      <ErrorSummary view={view} form={p.form} labels={{ members: view.t('cases.team.legend') }} />
      {p.showForm === false ? (
        ''
      ) : (
      <CaseForm view={view} action={`/desk/people/${p.personId}/cases`} id="open-case">
        <TeamField
          view={view}
          form={p.form}
          name="members"
          legend={view.t('cases.team.legend')}
          hint={view.t('cases.team.hint')}
          candidates={p.candidates}
          checked={[]}
          fixed={view.user!.id}
        />
        <button type="submit" class="btn btn-primary" safe>
          {view.t('cases.open.submit')}
        </button>
      </CaseForm>
      )}
    </Layout>
  );
}
