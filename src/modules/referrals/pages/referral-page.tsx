// One referral, as its sender and its receiver see it: the person as the consent lets them be shared, the
// sender's note, where the referral stands, its history, and the actions the current status allows.
import type { PropsWithChildren } from '@kitajs/html';
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import { CsrfField, SelectField, TextArea, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import {
  CLOSING_OUTCOMES,
  COMPLETION_OUTCOMES,
  DECLINE_REASONS,
  DECLINE_REASON_KEYS,
  NOTE_MAX,
  OUTCOME_KEYS,
  REFERRAL_STATUS_KEYS,
  type DeclineReason,
  type Outcome,
  type ReferralAction,
  type ReferralStatus,
} from '../referral-status.js';
import type { ReferralRow } from '../referrals.repo.js';
import type { SharedPersonData } from '../send-referral.js';
import type { HistoryEntry } from '../read-referral.js';
import { ReferralStatusBadge } from './referral-badge.js';
import { languageName, localizedName, numericDate } from './format.js';

export interface ReferralPageProps {
  view: View;
  referral: ReferralRow;
  shared: SharedPersonData;
  municipalityName: string | undefined;
  note: string | null;
  history: HistoryEntry[];
  actions: ReferralAction[];
  /** The form sent back with its errors, if any. */
  forms: Partial<Record<ReferralAction, FormState>>;
  /** A refusal of the whole action (someone answered first...), as a message key. */
  errorKey?: string | undefined;
  now: Date;
}

function reasonLabel(view: View, entry: { toStatus: ReferralStatus; reason: string | null }): string {
  if (!entry.reason) return '';
  if (entry.toStatus === 'declined') return view.t(DECLINE_REASON_KEYS[entry.reason as DeclineReason] ?? 'referrals.declineReason.other');
  return view.t(OUTCOME_KEYS[entry.reason as Outcome] ?? 'referrals.outcome.other');
}

const EMPTY: FormState = { values: {}, errors: {} };

function ActionForm({ view, referralId, action, children }: PropsWithChildren<{ view: View; referralId: string; action: ReferralAction }>) {
  return (
    <form method="post" action={`/referrals/${referralId}/${action}`} class="mb-4" data-action={action} novalidate>
      <CsrfField view={view} />
      {(children ?? '') as 'safe'}
    </form>
  );
}

function Actions({ view, referral, actions, forms }: { view: View; referral: ReferralRow; actions: ReferralAction[]; forms: ReferralPageProps['forms'] }) {
  if (actions.length === 0) return '';
  const f = (a: ReferralAction) => forms[a] ?? EMPTY;
  const button = (key: string, kind = 'btn-primary') => (
    <button type="submit" class={`btn ${kind}`} safe>
      {view.t(key)}
    </button>
  );
  const noteHint = view.t('referrals.form.noteHint');
  return (
    <section aria-labelledby="actions-title" class="mt-4">
      <h2 id="actions-title" class="h4" safe>
        {view.t('referrals.detail.actions')}
      </h2>
      {actions.includes('accept') ? (
        <ActionForm view={view} referralId={referral.id} action="accept">
          <h3 class="h5 mb-4" safe>
            {view.t('referrals.form.acceptTitle')}
          </h3>
          <TextArea view={view} form={f('accept')} name="acceptNote" maxlength={NOTE_MAX} label={view.t('referrals.form.acceptNote')} hint={noteHint} />
          {button('referrals.form.accept')}
        </ActionForm>
      ) : (
        ''
      )}
      {actions.includes('decline') ? (
        <ActionForm view={view} referralId={referral.id} action="decline">
          <h3 class="h5 mb-4" safe>
            {view.t('referrals.form.declineTitle')}
          </h3>
          <SelectField
            view={view}
            form={f('decline')}
            name="declineReason"
            label={view.t('referrals.form.declineReason')}
            required
            options={DECLINE_REASONS.map((r) => ({ value: r, label: view.t(DECLINE_REASON_KEYS[r]) }))}
          />
          <TextArea view={view} form={f('decline')} name="declineNote" maxlength={NOTE_MAX} label={view.t('referrals.form.declineNote')} hint={view.t('referrals.form.otherNeedsNote')} />
          {button('referrals.form.decline', 'btn-outline-danger')}
        </ActionForm>
      ) : (
        ''
      )}
      {actions.includes('start') ? (
        <ActionForm view={view} referralId={referral.id} action="start">
          <h3 class="h5 mb-4" safe>
            {view.t('referrals.form.startTitle')}
          </h3>
          <p safe>{view.t('referrals.form.startHint')}</p>
          {button('referrals.form.start', 'btn-outline-primary')}
        </ActionForm>
      ) : (
        ''
      )}
      {actions.includes('complete') ? (
        <ActionForm view={view} referralId={referral.id} action="complete">
          <h3 class="h5 mb-4" safe>
            {view.t('referrals.form.completeTitle')}
          </h3>
          <SelectField
            view={view}
            form={f('complete')}
            name="completeOutcome"
            label={view.t('referrals.form.outcome')}
            required
            options={COMPLETION_OUTCOMES.map((o) => ({ value: o, label: view.t(OUTCOME_KEYS[o]) }))}
          />
          <TextArea view={view} form={f('complete')} name="completeNote" maxlength={NOTE_MAX} label={view.t('referrals.form.outcomeNote')} hint={view.t('referrals.form.otherNeedsNote')} />
          {button('referrals.form.complete')}
        </ActionForm>
      ) : (
        ''
      )}
      {actions.includes('close') ? (
        <ActionForm view={view} referralId={referral.id} action="close">
          <h3 class="h5 mb-4" safe>
            {view.t('referrals.form.closeTitle')}
          </h3>
          <SelectField
            view={view}
            form={f('close')}
            name="closeOutcome"
            label={view.t('referrals.form.outcome')}
            required
            options={CLOSING_OUTCOMES.map((o) => ({ value: o, label: view.t(OUTCOME_KEYS[o]) }))}
          />
          <TextArea view={view} form={f('close')} name="closeNote" maxlength={NOTE_MAX} label={view.t('referrals.form.outcomeNote')} hint={view.t('referrals.form.otherNeedsNote')} />
          {button('referrals.form.close', 'btn-outline-secondary')}
        </ActionForm>
      ) : (
        ''
      )}
      {actions.includes('withdraw') ? (
        <ActionForm view={view} referralId={referral.id} action="withdraw">
          <h3 class="h5 mb-4" safe>
            {view.t('referrals.form.withdrawTitle')}
          </h3>
          <TextArea view={view} form={f('withdraw')} name="withdrawNote" maxlength={NOTE_MAX} label={view.t('referrals.form.withdrawNote')} hint={noteHint} />
          {button('referrals.form.withdraw', 'btn-outline-danger')}
        </ActionForm>
      ) : (
        ''
      )}
    </section>
  );
}

/** One line of a description list; `dir` for values whose direction is their own (a phone number, a name). */
function Item({ label, value, dir }: { label: string; value: string; dir?: 'ltr' | 'auto' }) {
  if (!value) return '';
  return (
    <>
      <dt class="col-sm-5" safe>
        {label}
      </dt>
      <dd class="col-sm-7" dir={dir} safe>
        {value}
      </dd>
    </>
  );
}

export function ReferralPage(p: ReferralPageProps) {
  const { view, referral: r, shared } = p;
  const service = localizedName(view, r.serviceTranslations, r.serviceName);
  const title = view.t('referrals.detail.title', { service });
  const overdue = r.status === 'sent' && r.answerBy.getTime() < p.now.getTime();
  const errorCount = Object.values(p.forms).reduce((n, f) => n + Object.keys(f?.errors ?? {}).length, 0);
  return (
    <Layout view={view} title={title}>
      <p class="mb-2">
        <a href={view.user?.organizationId === r.toOrganizationId ? '/referrals' : '/referrals/sent'} safe>
          {view.t('referrals.detail.back')}
        </a>
      </p>
      <h1 class="h2 mb-2" safe>
        {title}
      </h1>
      <p class="mb-4">
        <ReferralStatusBadge view={view} status={r.status} overdue={overdue} />
      </p>
      {p.errorKey ? (
        <div class="alert alert-danger" role="alert" id="referral-error" safe>
          {view.t(p.errorKey)}
        </div>
      ) : (
        ''
      )}
      {errorCount > 0 ? (
        <div class="alert alert-danger" role="alert" safe>
          {view.t('validation.summaryTitle', { count: errorCount })}
        </div>
      ) : (
        ''
      )}
      {overdue ? (
        <div class="alert alert-warning" safe>
          {view.t('referrals.detail.overdue', { date: numericDate(view, r.answerBy) })}
        </div>
      ) : (
        ''
      )}
      <div class="row">
        <div class="col-lg-7">
          <section aria-labelledby="person-title" class="mb-4">
            <h2 id="person-title" class="h4" safe>
              {view.t('referrals.detail.person')}
            </h2>
            <p class="text-muted" safe>
              {view.t('referrals.detail.personHint')}
            </p>
            <dl class="row" id="shared-data">
              <Item label={view.t('referrals.shared.displayName')} value={shared.displayName} dir="auto" />
              <Item label={view.t('referrals.shared.phone')} value={shared.phone ?? ''} dir="ltr" />
              <Item label={view.t('referrals.shared.email')} value={shared.email ?? ''} dir="ltr" />
              <Item label={view.t('referrals.shared.languages')} value={(shared.languages ?? []).map((l) => languageName(view, l)).join(', ')} />
              <Item label={view.t('referrals.shared.municipality')} value={p.municipalityName ?? ''} />
              <Item label={view.t('referrals.shared.summary')} value={shared.summary ?? ''} dir="auto" />
            </dl>
          </section>
          {p.note ? (
            <section aria-labelledby="note-title" class="mb-4">
              <h2 id="note-title" class="h4" safe>
                {view.t('referrals.detail.note')}
              </h2>
              <p dir="auto" safe>
                {p.note}
              </p>
            </section>
          ) : (
            ''
          )}
          <section aria-labelledby="history-title" class="mb-4">
            <h2 id="history-title" class="h4" safe>
              {view.t('referrals.detail.history')}
            </h2>
            <DataTable
              small
              caption={view.t('referrals.detail.history')}
              headers={[view.t('referrals.history.when'), view.t('referrals.history.who'), view.t('referrals.history.change'), view.t('referrals.history.reason')]}
            >
              {p.history.map((e) => (
                <tr>
                  <td safe>{numericDate(view, e.occurredAt, true)}</td>
                  <td>
                    <span safe>{e.actorName ?? view.t('referrals.history.system')}</span>
                    {e.organizationName ? (
                      <div class="small text-muted" safe>
                        {e.organizationName}
                      </div>
                    ) : (
                      ''
                    )}
                  </td>
                  <td safe>
                    {e.fromStatus
                      ? view.t('referrals.history.transition', { from: view.t(REFERRAL_STATUS_KEYS[e.fromStatus]), to: view.t(REFERRAL_STATUS_KEYS[e.toStatus]) })
                      : view.t(REFERRAL_STATUS_KEYS[e.toStatus])}
                  </td>
                  <td>
                    <span safe>{reasonLabel(view, e)}</span>
                    {e.note ? (
                      <div class="small" dir="auto" safe>
                        {e.note}
                      </div>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          </section>
        </div>
        <div class="col-lg-5">
          <section aria-labelledby="details-title">
            <h2 id="details-title" class="h4" safe>
              {view.t('referrals.detail.details')}
            </h2>
            <dl class="row">
              <Item label={view.t('referrals.fields.service')} value={service} />
              <Item label={view.t('referrals.fields.to')} value={r.toOrganizationName} />
              <Item label={view.t('referrals.fields.from')} value={r.fromOrganizationName} />
              <Item label={view.t('referrals.fields.sentBy')} value={r.fromUserName ?? ''} />
              <Item label={view.t('referrals.fields.need')} value={r.needName ? localizedName(view, r.needTranslations, r.needName) : ''} />
              <Item label={view.t('referrals.fields.sentAt')} value={numericDate(view, r.sentAt, true)} />
              <Item label={view.t('referrals.fields.answerBy')} value={r.status === 'sent' ? numericDate(view, r.answerBy) : ''} />
              <Item label={view.t('referrals.fields.answeredAt')} value={numericDate(view, r.answeredAt, true)} />
              <Item label={view.t('referrals.fields.startedAt')} value={numericDate(view, r.startedAt, true)} />
              <Item label={view.t('referrals.fields.endedAt')} value={numericDate(view, r.endedAt, true)} />
              <Item label={view.t('referrals.fields.declineReason')} value={r.declineReason ? view.t(DECLINE_REASON_KEYS[r.declineReason]) : ''} />
              <Item label={view.t('referrals.fields.outcome')} value={r.outcome ? view.t(OUTCOME_KEYS[r.outcome]) : ''} />
            </dl>
          </section>
          <Actions view={view} referral={r} actions={p.actions} forms={p.forms} />
        </div>
      </div>
    </Layout>
  );
}
