// "Possible victim of trafficking or exploitation": what will happen is said before it happens — who will
// still see the person, where the referral goes and what it shares, or why it cannot be sent yet.
import { Layout } from '../../../kernel/ui/layout.js';
import { ErrorSummary, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import type { Candidate, ReceivingService } from '../cases.repo.js';
import type { ReferralNotSent } from '../flag-possible-victim.js';
import { CaseForm, TeamField, TextArea } from './case-fields.js';

export const NOT_SENT_KEYS: Record<ReferralNotSent, string> = {
  noConsent: 'cases.referral.notSent.noConsent',
  noService: 'cases.referral.notSent.noService',
  serviceUnavailable: 'cases.referral.notSent.serviceUnavailable',
};

export interface CaseFlagPageProps {
  view: View;
  personId: string;
  personName: string;
  candidates: Candidate[];
  /** The person's open case, which becomes restricted; none: one is opened. */
  openCase: { leadName: string; memberIds: string[] } | undefined;
  /** Where the referral will go, or why it cannot be sent now. */
  referral: { service: ReceivingService; sharesContact: boolean } | { notSent: ReferralNotSent };
  form: FormState;
  errorKey?: string | undefined;
  existingCaseId?: string | undefined;
  /** False when nothing can be done here (the case is already open, or already restricted). */
  showForm?: boolean;
}

export function localizedServiceName(view: View, s: ReceivingService): string {
  return (view.tr.locale !== 'it' && s.translations[view.tr.locale]?.name) || s.name;
}

export function CaseFlagPage(p: CaseFlagPageProps) {
  const { view } = p;
  const title = view.t('cases.flag.title');
  return (
    <Layout view={view} title={title}>
      <p class="mb-2">
        <a href={`/desk/people/${p.personId}`} safe>
          {view.t('cases.backToPerson')}
        </a>
      </p>
      <h1 class="h2 mb-1" safe>
        {title}
      </h1>
      <p class="lead mb-3" safe>
        {p.personName}
      </p>
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
      <ErrorSummary view={view} form={p.form} labels={{ members: view.t('cases.flag.teamLegend'), reason: view.t('cases.flag.reason'), confirm: view.t('cases.flag.confirmLabel') }} />
      <section aria-labelledby="what-happens" class="mb-4">
        <h2 id="what-happens" class="h4" safe>
          {view.t('cases.flag.whatHappens')}
        </h2>
        <ul>
          <li safe>{view.t('cases.flag.hides')}</li>
          <li safe>{p.openCase ? view.t('cases.flag.existingCase', { lead: p.openCase.leadName }) : view.t('cases.flag.newCase')}</li>
          {'service' in p.referral ? (
            <li id="flag-referral">
              <span safe>
                {view.t('cases.flag.referralTo', { service: localizedServiceName(view, p.referral.service), organization: p.referral.service.organizationName })}
              </span>{' '}
              <span safe>{view.t(p.referral.sharesContact ? 'cases.flag.sharesWithContact' : 'cases.flag.sharesWithoutContact')}</span>
            </li>
          ) : (
            ''
          )}
        </ul>
        {'notSent' in p.referral ? (
          <div class="alert alert-warning" id="flag-referral" safe>
            {view.t(NOT_SENT_KEYS[p.referral.notSent])}
          </div>
        ) : (
          ''
        )}
      </section>
      {p.showForm === false ? (
        ''
      ) : (
      <CaseForm view={view} action={`/desk/people/${p.personId}/flag`} id="flag-form">
        <TeamField
          view={view}
          form={p.form}
          name="members"
          legend={view.t('cases.flag.teamLegend')}
          hint={view.t('cases.flag.teamHint')}
          candidates={p.candidates}
          checked={p.openCase?.memberIds ?? []}
          fixed={view.user!.id}
        />
        <TextArea view={view} form={p.form} name="reason" label={view.t('cases.flag.reason')} hint={view.t('cases.flag.reasonHint')} maxlength={500} />
        <div class="form-check mb-4">
          <input
            type="checkbox"
            id="confirm"
            name="confirm"
            value="on"
            checked={p.form.values.confirm === 'on'}
            aria-invalid={p.form.errors.confirm ? 'true' : undefined}
            aria-describedby={p.form.errors.confirm ? 'confirm-error' : undefined}
          />
          <label for="confirm" safe>
            {view.t('cases.flag.confirmLabel')}
          </label>
          {p.form.errors.confirm ? (
            <div id="confirm-error" class="invalid-feedback d-block" safe>
              {view.t(p.form.errors.confirm.key)}
            </div>
          ) : (
            ''
          )}
        </div>
        <button type="submit" class="btn btn-danger" safe>
          {view.t('cases.flag.submit')}
        </button>
      </CaseForm>
      )}
    </Layout>
  );
}
