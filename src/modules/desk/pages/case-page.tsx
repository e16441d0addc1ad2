// A case plan as its team sees it: the person, the lead and the team across organizations, the goals, the
// actions with the organization responsible and their due dates (overdue ones marked), the review meetings
// with their notes, and the closure. For a restricted case, where the referral to the anti-trafficking
// programme stands. The team changes the plan; the lead names the team and closes the case. Operators who
// see an unrestricted case without being on its team read it only.
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import { SelectField, TextField, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import { ReferralStatusBadge, type ReferralSummary } from '../../referrals/index.js';
import type { ActionRow, ActionStatus, CaseOutcome, CaseRow, Candidate, GoalRow, GoalStatus, MeetingRow, MemberRow } from '../cases.repo.js';
import { CASE_OUTCOMES } from '../cases.repo.js';
import type { ReferralNotSent } from '../flag-possible-victim.js';
import { CaseBadges, CaseForm, EMPTY_FORM, TeamField, TextArea, calendarDate, shortDate } from './case-fields.js';
import { NOT_SENT_KEYS } from './case-flag-page.js';

export type CaseFormName = 'goal' | 'action' | 'meeting' | 'team' | 'close' | 'referral';

export const OUTCOME_KEYS: Record<CaseOutcome, string> = {
  goals_met: 'cases.outcome.goals_met',
  partly_met: 'cases.outcome.partly_met',
  moved_away: 'cases.outcome.moved_away',
  withdrew: 'cases.outcome.withdrew',
  other: 'cases.outcome.other',
};
const GOAL_STATUS_KEYS: Record<GoalStatus, string> = {
  open: 'cases.goalStatus.open',
  achieved: 'cases.goalStatus.achieved',
  dropped: 'cases.goalStatus.dropped',
};
const ACTION_STATUS_KEYS: Record<ActionStatus, string> = {
  planned: 'cases.actionStatus.planned',
  done: 'cases.actionStatus.done',
  cancelled: 'cases.actionStatus.cancelled',
};

/** The buttons that move a goal or an action to a status. */
const GOAL_SET_KEYS: Record<GoalStatus, string> = {
  open: 'cases.goals.set.open',
  achieved: 'cases.goals.set.achieved',
  dropped: 'cases.goals.set.dropped',
};
const ACTION_SET_KEYS: Record<ActionStatus, string> = {
  planned: 'cases.actions.set.planned',
  done: 'cases.actions.set.done',
  cancelled: 'cases.actions.set.cancelled',
};

export interface CasePageProps {
  view: View;
  kase: CaseRow;
  personName: string;
  members: MemberRow[];
  goals: GoalRow[];
  actions: ActionRow[];
  meetings: (MeetingRow & { notes: string })[];
  closureNote: string | null;
  /** Why the case was flagged (possible victim), opened for its team. */
  flagReason: string | null;
  organizations: { id: string; name: string }[];
  /** For the lead's team form. */
  candidates: Candidate[];
  /** Restricted cases: the referrals to the anti-trafficking programme, and why one cannot be sent now. */
  antiTrafficking: { referrals: ReferralSummary[]; blocked: ReferralNotSent | null } | null;
  /** YYYY-MM-DD in Rome. */
  today: string;
  forms: Partial<Record<CaseFormName, FormState>>;
  errorKey?: string | undefined;
}

function Item({ label, value }: { label: string; value: string }) {
  if (!value) return '';
  return (
    <>
      <dt class="col-sm-4" safe>
        {label}
      </dt>
      <dd class="col-sm-8" safe>
        {value}
      </dd>
    </>
  );
}

/** A one-button form that sets a status; the row's text is in the button's name for screen readers. */
function StatusButton({ view, action, status, label, about }: { view: View; action: string; status: string; label: string; about: string }) {
  return (
    <form method="post" action={action} class="d-inline">
      <input type="hidden" name="_csrf" value={view.csrfToken()} />
      <input type="hidden" name="status" value={status} />
      <button type="submit" class="btn btn-outline-primary btn-xs py-0 px-2 me-1 mb-1">
        <span safe>{label}</span>
        <span class="visually-hidden" safe>{`: ${about}`}</span>
      </button>
    </form>
  );
}

function AntiTrafficking({ view, kase, info, form, canChange }: { view: View; kase: CaseRow; info: NonNullable<CasePageProps['antiTrafficking']>; form: FormState; canChange: boolean }) {
  const live = info.referrals.filter((r) => !['declined', 'withdrawn', 'closed'].includes(r.status));
  return (
    <section aria-labelledby="anti-trafficking-title" class="mb-4" id="anti-trafficking">
      <h2 id="anti-trafficking-title" class="h4" safe>
        {view.t('cases.referral.title')}
      </h2>
      {info.referrals.length > 0 ? (
        <ul class="list-unstyled">
          {info.referrals.map((r) => (
            <li class="mb-2">
              <span safe>{view.t('cases.referral.sentTo', { service: r.serviceName, organization: r.toOrganizationName, date: shortDate(view, r.sentAt) })}</span>{' '}
              <ReferralStatusBadge view={view} status={r.status} overdue={r.overdue} />
              {view.user?.organizationName === r.fromOrganizationName ? (
                <>
                  {' '}
                  <a href={`/referrals/${r.id}`} safe>
                    {view.t('cases.referral.open')}
                  </a>
                </>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p safe>{view.t('cases.referral.none')}</p>
      )}
      {live.length === 0 && kase.status === 'open' && canChange ? (
        info.blocked ? (
          <div class="alert alert-warning" id="referral-blocked" safe>
            {view.t(NOT_SENT_KEYS[info.blocked])}
          </div>
        ) : (
          <CaseForm view={view} action={`/desk/cases/${kase.id}/anti-trafficking`} id="referral-form">
            <TextArea view={view} form={form} name="referralNote" label={view.t('cases.referral.note')} hint={view.t('cases.referral.noteHint')} maxlength={500} />
            <button type="submit" class="btn btn-primary" safe>
              {view.t('cases.referral.send')}
            </button>
          </CaseForm>
        )
      ) : (
        ''
      )}
    </section>
  );
}

export function CasePage(p: CasePageProps) {
  const { view, kase } = p;
  const f = (name: CaseFormName) => p.forms[name] ?? EMPTY_FORM;
  const isOpen = kase.status === 'open';
  const canChange = isOpen && kase.isMember;
  const isLead = isOpen && kase.leadUserId === view.user?.id;
  const title = view.t('cases.page.title', { name: p.personName });
  const goalTitle = new Map(p.goals.map((g) => [g.id, g.title]));
  const errorCount = Object.values(p.forms).reduce((n, form) => n + Object.keys(form?.errors ?? {}).length, 0);
  const base = `/desk/cases/${kase.id}`;
  return (
    <Layout view={view} title={title}>
      <p class="mb-2">
        {view.can('desk.people') ? (
          <a href={`/desk/people/${kase.personId}`} safe>
            {view.t('cases.backToPerson')}
          </a>
        ) : (
          <a href="/desk/cases" safe>
            {view.t('cases.list.back')}
          </a>
        )}
      </p>
      <h1 class="h2 mb-2" safe>
        {title}
      </h1>
      <p class="mb-3">
        <CaseBadges view={view} status={kase.status} restricted={kase.restricted} />
      </p>
      {p.errorKey ? (
        <div class="alert alert-danger" role="alert" id="case-error" safe>
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
      {kase.restricted ? (
        <div class="alert alert-info" id="restricted-notice">
          <span safe>{view.t(isOpen ? 'cases.restricted.notice' : 'cases.restricted.closedNotice')}</span>
          {kase.flag ? (
            <p class="mb-0 mt-2" id="flag-details">
              <span safe>{view.t('cases.restricted.flagged', { date: view.tr.date(kase.flag.at), name: kase.flag.byName })}</span>
              {p.flagReason ? (
                <>
                  {' '}
                  <span safe>{view.t('cases.restricted.reason')}</span> <q safe>{p.flagReason}</q>
                </>
              ) : (
                ''
              )}
            </p>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      {!kase.isMember ? (
        <p class="alert alert-secondary" safe>
          {view.t('cases.page.readOnly')}
        </p>
      ) : (
        ''
      )}
      <div class="row">
        <div class="col-lg-5">
          <section aria-labelledby="summary-title" class="mb-4">
            <h2 id="summary-title" class="h4" safe>
              {view.t('cases.page.summary')}
            </h2>
            <dl class="row">
              <Item label={view.t('cases.fields.lead')} value={kase.leadName} />
              <Item label={view.t('cases.fields.organization')} value={kase.organizationName} />
              <Item label={view.t('cases.fields.openedAt')} value={shortDate(view, kase.openedAt)} />
              <Item label={view.t('cases.fields.closedAt')} value={shortDate(view, kase.closedAt)} />
              <Item label={view.t('cases.fields.outcome')} value={kase.outcome ? view.t(OUTCOME_KEYS[kase.outcome]) : ''} />
              <Item label={view.t('cases.fields.closureNote')} value={p.closureNote ?? ''} />
            </dl>
          </section>
          {p.antiTrafficking ? <AntiTrafficking view={view} kase={kase} info={p.antiTrafficking} form={f('referral')} canChange={canChange} /> : ''}
          <section aria-labelledby="team-title" class="mb-4">
            <h2 id="team-title" class="h4" safe>
              {view.t('cases.team.title')}
            </h2>
            <ul id="team">
              {p.members.map((m) => (
                <li>
                  <span safe>{m.name}</span>
                  <span class="text-muted" safe>{` · ${m.organizationName}`}</span>
                  {m.userId === kase.leadUserId ? (
                    <span class="badge bg-primary ms-1" safe>
                      {view.t('cases.team.lead')}
                    </span>
                  ) : (
                    ''
                  )}
                </li>
              ))}
            </ul>
            {isLead ? (
              <details class="mt-2" open={Object.keys(f('team').errors).length > 0}>
                <summary safe>{view.t('cases.team.change')}</summary>
                <CaseForm view={view} action={`${base}/team`} id="team-form">
                  <TeamField
                    view={view}
                    form={f('team')}
                    name="members"
                    legend={view.t('cases.team.legend')}
                    hint={view.t(kase.restricted ? 'cases.team.restrictedHint' : 'cases.team.hint')}
                    candidates={p.candidates}
                    checked={p.members.map((m) => m.userId)}
                    fixed={kase.leadUserId}
                  />
                  <button type="submit" class="btn btn-outline-primary" safe>
                    {view.t('cases.team.save')}
                  </button>
                </CaseForm>
              </details>
            ) : (
              ''
            )}
          </section>
        </div>
        <div class="col-lg-7">
          <section aria-labelledby="goals-title" class="mb-4">
            <h2 id="goals-title" class="h4" safe>
              {view.t('cases.goals.title')}
            </h2>
            {p.goals.length === 0 ? (
              <p safe>{view.t('cases.goals.none')}</p>
            ) : (
              <DataTable small caption={view.t('cases.goals.title')} headers={[view.t('cases.goals.goal'), view.t('cases.fields.status'), ...(canChange ? [view.t('cases.fields.change')] : [])]}>
                {p.goals.map((g) => (
                  <tr>
                    <td safe>{g.title}</td>
                    <td safe>{view.t(GOAL_STATUS_KEYS[g.status])}</td>
                    {canChange ? (
                      <td>
                        {(['achieved', 'dropped', 'open'] as const)
                          .filter((s) => s !== g.status)
                          .map((s) => (
                            <StatusButton view={view} action={`${base}/goals/${g.id}`} status={s} label={view.t(GOAL_SET_KEYS[s])} about={g.title} />
                          ))}
                      </td>
                    ) : (
                      ''
                    )}
                  </tr>
                ))}
              </DataTable>
            )}
            {canChange ? (
              <CaseForm view={view} action={`${base}/goals`} id="goal-form">
                <TextField view={view} form={f('goal')} name="goalTitle" label={view.t('cases.goals.new')} hint={view.t('cases.goals.hint')} maxlength={300} required />
                <button type="submit" class="btn btn-outline-primary" safe>
                  {view.t('cases.goals.add')}
                </button>
              </CaseForm>
            ) : (
              ''
            )}
          </section>

          <section aria-labelledby="actions-title" class="mb-4">
            <h2 id="actions-title" class="h4" safe>
              {view.t('cases.actions.title')}
            </h2>
            {p.actions.length === 0 ? (
              <p safe>{view.t('cases.actions.none')}</p>
            ) : (
              <DataTable
                small
                caption={view.t('cases.actions.title')}
                headers={[
                  view.t('cases.actions.action'),
                  view.t('cases.actions.responsible'),
                  view.t('cases.actions.due'),
                  view.t('cases.fields.status'),
                  ...(canChange ? [view.t('cases.fields.change')] : []),
                ]}
              >
                {p.actions.map((a) => {
                  const overdue = a.status === 'planned' && !!a.dueOn && a.dueOn < p.today;
                  return (
                    <tr class={overdue ? 'ponte-overdue' : undefined}>
                      <td>
                        <span safe>{a.description}</span>
                        {a.goalId && goalTitle.has(a.goalId) ? (
                          <div class="small text-muted" safe>
                            {view.t('cases.actions.forGoal', { goal: goalTitle.get(a.goalId)! })}
                          </div>
                        ) : (
                          ''
                        )}
                      </td>
                      <td safe>{a.responsibleOrganizationName}</td>
                      <td>
                        <span safe>{calendarDate(view, a.dueOn)}</span>
                        {overdue ? (
                          <span class="badge bg-warning text-white ms-1" safe>
                            {view.t('cases.actions.overdue')}
                          </span>
                        ) : (
                          ''
                        )}
                      </td>
                      <td safe>{view.t(ACTION_STATUS_KEYS[a.status])}</td>
                      {canChange ? (
                        <td>
                          {(['done', 'cancelled', 'planned'] as const)
                            .filter((s) => s !== a.status)
                            .map((s) => (
                              <StatusButton view={view} action={`${base}/actions/${a.id}`} status={s} label={view.t(ACTION_SET_KEYS[s])} about={a.description} />
                            ))}
                        </td>
                      ) : (
                        ''
                      )}
                    </tr>
                  );
                })}
              </DataTable>
            )}
            {canChange ? (
              <CaseForm view={view} action={`${base}/actions`} id="action-form">
                <h3 class="h5" safe>
                  {view.t('cases.actions.new')}
                </h3>
                <TextField view={view} form={f('action')} name="actionDescription" label={view.t('cases.actions.description')} hint={view.t('cases.goals.hint')} maxlength={500} required />
                <SelectField
                  view={view}
                  form={f('action')}
                  name="actionOrganization"
                  label={view.t('cases.actions.responsible')}
                  required
                  options={p.organizations.map((o) => ({ value: o.id, label: o.name }))}
                />
                <TextField view={view} form={f('action')} name="actionDue" type="date" label={view.t('cases.actions.due')} />
                {p.goals.length > 0 ? (
                  <SelectField
                    view={view}
                    form={f('action')}
                    name="actionGoal"
                    label={view.t('cases.actions.goal')}
                    options={p.goals.filter((g) => g.status === 'open').map((g) => ({ value: g.id, label: g.title }))}
                  />
                ) : (
                  ''
                )}
                <button type="submit" class="btn btn-outline-primary" safe>
                  {view.t('cases.actions.add')}
                </button>
              </CaseForm>
            ) : (
              ''
            )}
          </section>

          <section aria-labelledby="meetings-title" class="mb-4">
            <h2 id="meetings-title" class="h4" safe>
              {view.t('cases.meetings.title')}
            </h2>
            {p.meetings.length === 0 ? (
              <p safe>{view.t('cases.meetings.none')}</p>
            ) : (
              <ul class="list-unstyled" id="meetings">
                {p.meetings.map((m) => (
                  <li class="mb-3 border-start border-3 ps-3">
                    <p class="fw-semibold mb-1" safe>
                      {calendarDate(view, m.heldOn)}
                    </p>
                    <p class="small text-muted mb-1" safe>
                      {view.t('cases.meetings.participantsAndRecorder', { participants: m.participants, recorder: m.recordedByName })}
                    </p>
                    <p class="mb-0 ponte-note" safe>
                      {m.notes}
                    </p>
                  </li>
                ))}
              </ul>
            )}
            {canChange ? (
              <CaseForm view={view} action={`${base}/meetings`} id="meeting-form">
                <h3 class="h5" safe>
                  {view.t('cases.meetings.new')}
                </h3>
                <TextField view={view} form={f('meeting')} name="meetingDate" type="date" label={view.t('cases.meetings.date')} required defaultValue={p.today} />
                <TextArea
                  view={view}
                  form={f('meeting')}
                  name="meetingParticipants"
                  label={view.t('cases.meetings.participants')}
                  maxlength={1000}
                  rows={2}
                  required
                  defaultValue={p.members.map((m) => `${m.name} (${m.organizationName})`).join(', ')}
                />
                <TextArea view={view} form={f('meeting')} name="meetingNotes" label={view.t('cases.meetings.notes')} hint={view.t('cases.meetings.notesHint')} maxlength={4000} rows={5} required />
                <button type="submit" class="btn btn-outline-primary" safe>
                  {view.t('cases.meetings.add')}
                </button>
              </CaseForm>
            ) : (
              ''
            )}
          </section>

          {isLead ? (
            <section aria-labelledby="close-title" class="mb-4">
              <h2 id="close-title" class="h4" safe>
                {view.t('cases.close.title')}
              </h2>
              {kase.restricted ? (
                <p class="alert alert-warning" safe>
                  {view.t('cases.close.restrictedWarning')}
                </p>
              ) : (
                ''
              )}
              <CaseForm view={view} action={`${base}/close`} id="close-form">
                <SelectField
                  view={view}
                  form={f('close')}
                  name="closeOutcome"
                  label={view.t('cases.fields.outcome')}
                  required
                  options={CASE_OUTCOMES.map((o) => ({ value: o, label: view.t(OUTCOME_KEYS[o]) }))}
                />
                <TextArea view={view} form={f('close')} name="closeNote" label={view.t('cases.fields.closureNote')} hint={view.t('cases.close.noteHint')} maxlength={2000} />
                <button type="submit" class="btn btn-outline-danger" safe>
                  {view.t('cases.close.submit')}
                </button>
              </CaseForm>
            </section>
          ) : (
            ''
          )}
        </div>
      </div>
    </Layout>
  );
}
