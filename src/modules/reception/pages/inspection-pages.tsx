// Inspections: the visits (and the form to plan one with its team), a visit's checklist filled on a
// tablet, its findings with photo and corrective action, the follow-up that closes them; the findings
// list and a finding's page, where the managing body answers.
import { Layout } from '../../../kernel/ui/layout.js';
import { CheckboxGroup, CsrfField, ErrorSummary, SelectField, TextField, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import { ANSWER_RESULT_KEYS, ANSWER_RESULTS, AREA_KEYS, AREAS, CHECKLIST_ITEM_CODES, CHECKLIST_ITEM_KEYS, ITEM_AREAS, type ChecklistItem, SEVERITIES, SEVERITY_KEYS, VISIT_KIND_KEYS, VISIT_KINDS, type ChecklistItemCode } from '../reception-codes.js';
import type { AnswerRow, CentreRow, FindingRow, VisitRow } from '../reception.repo.js';
import { Back, FindingStatusBadge, SeverityBadge, day } from './format.js';
import { FileField, FindingsTable, VisitsTable } from './centre-pages.js';

export function VisitsPage({ view, visits, centres, inspectors, form }: { view: View; visits: VisitRow[]; centres: CentreRow[]; inspectors: { id: string; display_name: string }[]; form: FormState }) {
  const t = view.t;
  const labels = { centreId: t('reception.centre.name'), kind: t('reception.visits.kind'), plannedOn: t('reception.visits.plannedOn'), inspectorIds: t('reception.visits.team') };
  return (
    <Layout view={view} title={t('reception.visits.title')}>
      <h1 class="h2 mb-3" safe>
        {t('reception.visits.title')}
      </h1>
      <p>
        <a href="/reception/checklists" safe>
          {t('reception.checklists.title')}
        </a>
      </p>
      {visits.length === 0 ? <p safe>{t('reception.visits.none')}</p> : <VisitsTable view={view} visits={visits} />}
      <section aria-labelledby="plan-title" class="mt-4">
        <h2 class="h4" id="plan-title" safe>
          {t('reception.visits.plan')}
        </h2>
        <ErrorSummary view={view} form={form} labels={labels} />
        <form method="post" action="/reception/visits" novalidate class="mt-4">
          <CsrfField view={view} />
          <SelectField view={view} form={form} name="centreId" label={labels.centreId} required options={centres.map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }))} />
          <SelectField view={view} form={form} name="kind" label={labels.kind} required options={VISIT_KINDS.map((k) => ({ value: k, label: t(VISIT_KIND_KEYS[k]) }))} />
          <TextField view={view} form={form} name="plannedOn" type="date" label={labels.plannedOn} required />
          <CheckboxGroup view={view} form={form} name="inspectorIds" legend={labels.inspectorIds} options={inspectors.map((i) => ({ value: i.id, label: i.display_name }))} />
          <button type="submit" class="btn btn-primary" safe>
            {t('reception.visits.planSubmit')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

export interface VisitPageProps {
  view: View;
  visit: VisitRow;
  answers: AnswerRow[];
  findings: FindingRow[];
  /** On a follow-up: the findings of the visit it follows, still to close. */
  toVerify: FindingRow[];
  answersForm: FormState;
  findingForm: FormState;
  today: string;
}

export function VisitPage(p: VisitPageProps) {
  const { view, visit: v } = p;
  const t = view.t;
  const answer = new Map(p.answers.map((a) => [a.item_code, a]));
  const values = p.answersForm.values;
  const findingLabels = {
    itemCode: t('reception.findings.item'),
    severity: t('reception.findings.severity'),
    description: t('reception.findings.description'),
    actionRequired: t('reception.findings.actionRequired'),
    dueDays: t('reception.findings.dueDays'),
    photo: t('reception.findings.photo'),
  };
  const areas = [...new Set(v.items.map((i) => i.area))];
  const itemLabel = (code: string) => t(CHECKLIST_ITEM_KEYS[code as ChecklistItemCode]);
  return (
    <Layout view={view} title={t('reception.visits.visitOf', { centre: v.centre_name })}>
      <Back href="/reception/visits" label={t('reception.visits.back')} />
      <h1 class="h2 mb-1" safe>
        {t('reception.visits.visitOf', { centre: v.centre_name })}
      </h1>
      <p class="lead" safe>
        {`${t(VISIT_KIND_KEYS[v.kind])}${v.follow_up_of ? ` · ${t('reception.visits.followUp')}` : ''} · ${day(view, v.planned_on)} · ${t('reception.visits.checklistVersion', { version: v.checklist_version })}`}
      </p>
      <p safe>{t('reception.visits.teamIs', { names: v.inspector_names.join(', ') })}</p>
      <p>
        <a href={`/reception/centres/${v.centre_id}`} safe>
          {t('reception.visits.centrePage')}
        </a>
      </p>

      <ErrorSummary
        view={view}
        form={p.answersForm}
        labels={{
          visitedOn: t('reception.visits.visitedOn'),
          countedPresent: t('reception.visits.countedPresent'),
          ...Object.fromEntries(v.items.flatMap((i) => ['result', 'note', 'photo'].map((f) => [`${f}_${i.code}`, itemLabel(i.code)]))),
        }}
      />
      <form method="post" action={`/reception/visits/${v.id}/answers`} enctype="multipart/form-data" novalidate class="mt-3">
        <CsrfField view={view} />
        <TextField view={view} form={p.answersForm} name="visitedOn" type="date" label={t('reception.visits.visitedOn')} required defaultValue={v.visited_on ?? p.today} />
        <TextField
          view={view}
          form={p.answersForm}
          name="countedPresent"
          type="number"
          inputmode="numeric"
          label={t('reception.visits.countedPresent')}
          hint={t('reception.visits.countedHint')}
          defaultValue={v.counted_present === null ? undefined : String(v.counted_present)}
        />
        {areas.map((area) => (
          <fieldset class="mb-4 border-top pt-3">
            <legend class="h5" safe>
              {t(AREA_KEYS[area])}
            </legend>
            {v.items
              .filter((i) => i.area === area)
              .map((i) => {
                const current = (values[`result_${i.code}`] as string | undefined) ?? answer.get(i.code)?.result;
                const note = (values[`note_${i.code}`] as string | undefined) ?? answer.get(i.code)?.note ?? '';
                return (
                  <div class="mb-3" data-item={i.code}>
                    <fieldset id={`result_${i.code}`}>
                      <legend class="h6" safe>
                        {itemLabel(i.code)}
                      </legend>
                      {ANSWER_RESULTS.map((r) => (
                        <div class="form-check form-check-inline">
                          <input type="radio" id={`result_${i.code}_${r}`} name={`result_${i.code}`} value={r} checked={current === r} />
                          <label for={`result_${i.code}_${r}`} safe>
                            {t(ANSWER_RESULT_KEYS[r])}
                          </label>
                        </div>
                      ))}
                    </fieldset>
                    <div class="form-group mt-2 mb-0">
                      <label for={`note_${i.code}`} class="active" safe>
                        {t('reception.visits.evidence')}
                      </label>
                      <textarea id={`note_${i.code}`} name={`note_${i.code}`} class="form-control" rows="2" maxlength="2000" safe>
                        {note}
                      </textarea>
                    </div>
                    <div class="mt-2">
                      <FileField view={view} form={p.answersForm} name={`photo_${i.code}`} label={t('reception.visits.addPhoto', { item: itemLabel(i.code) })} accept="image/jpeg,image/png" />
                    </div>
                    {answer.get(i.code)?.photo_file_id ? (
                      <a href={`/reception/files/${answer.get(i.code)!.photo_file_id}`} safe>
                        {t('reception.visits.photo')}
                      </a>
                    ) : (
                      ''
                    )}
                  </div>
                );
              })}
          </fieldset>
        ))}
        <div class="form-check mb-3">
          <input type="checkbox" id="complete" name="complete" value="yes" checked={v.status === 'completed' || values.complete === 'yes'} />
          <label for="complete" safe>
            {t('reception.visits.complete')}
          </label>
        </div>
        <button type="submit" class="btn btn-primary" safe>
          {t('reception.visits.saveAnswers')}
        </button>
      </form>

      <h2 class="h4 mt-5" safe>
        {t('reception.findings.ofVisit')}
      </h2>
      {p.findings.length === 0 ? <p safe>{t('reception.findings.none')}</p> : <FindingsTable view={view} findings={p.findings} />}
      <section aria-labelledby="finding-title" class="mt-3">
        <h3 class="h5" id="finding-title" safe>
          {t('reception.findings.record')}
        </h3>
        <ErrorSummary view={view} form={p.findingForm} labels={findingLabels} />
        <form method="post" action={`/reception/visits/${v.id}/findings`} enctype="multipart/form-data" novalidate class="mt-4">
          <CsrfField view={view} />
          <SelectField view={view} form={p.findingForm} name="itemCode" label={findingLabels.itemCode} required options={v.items.map((i) => ({ value: i.code, label: `${t(AREA_KEYS[i.area])} · ${itemLabel(i.code)}` }))} />
          <SelectField view={view} form={p.findingForm} name="severity" label={findingLabels.severity} required options={SEVERITIES.map((s) => ({ value: s, label: t(SEVERITY_KEYS[s]) }))} />
          <TextField view={view} form={p.findingForm} name="description" label={findingLabels.description} required maxlength={2000} />
          <TextField view={view} form={p.findingForm} name="actionRequired" label={findingLabels.actionRequired} required maxlength={2000} />
          <TextField view={view} form={p.findingForm} name="dueDays" type="number" inputmode="numeric" label={findingLabels.dueDays} required defaultValue="30" />
          <FileField view={view} form={p.findingForm} name="photo" label={findingLabels.photo} accept="image/jpeg,image/png" />
          <button type="submit" class="btn btn-primary" safe>
            {t('reception.findings.recordSubmit')}
          </button>
        </form>
      </section>

      {p.toVerify.length > 0 ? (
        <section aria-labelledby="verify-title" class="mt-5">
          <h2 class="h4" id="verify-title" safe>
            {t('reception.findings.toVerify')}
          </h2>
          <ul class="list-unstyled">
            {p.toVerify.map((f) => (
              <li class="mb-3" data-verify={f.id}>
                <SeverityBadge view={view} severity={f.severity} />{' '}
                <a href={`/reception/findings/${f.id}`} safe>
                  {f.description}
                </a>{' '}
                <FindingStatusBadge view={view} status={f.status} />
                <form method="post" action={`/reception/findings/${f.id}/close`} class="mt-1">
                  <CsrfField view={view} />
                  <input type="hidden" name="visitId" value={v.id} />
                  <button type="submit" class="btn btn-sm btn-success" safe>
                    {t('reception.findings.close')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {!v.follow_up_of && p.findings.some((f) => f.status !== 'closed') ? (
        <form method="post" action={`/reception/visits/${v.id}/follow-up`} class="mt-4">
          <CsrfField view={view} />
          <button type="submit" class="btn btn-outline-primary" safe>
            {t('reception.visits.planFollowUp')}
          </button>
        </form>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function FindingsPage({ view, findings }: { view: View; findings: FindingRow[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('reception.findings.title')}>
      <Back href="/reception" label={t('reception.centres.back')} />
      <h1 class="h2 mb-3" safe>
        {t('reception.findings.title')}
      </h1>
      {findings.length === 0 ? <p safe>{t('reception.findings.none')}</p> : <FindingsTable view={view} findings={findings} />}
    </Layout>
  );
}

export function FindingPage({ view, finding: f, form, errorKey }: { view: View; finding: FindingRow; form: FormState; errorKey?: string | undefined }) {
  const t = view.t;
  const canAnswer = view.can('reception.report') && f.status !== 'closed';
  return (
    <Layout view={view} title={t('reception.findings.one')}>
      <Back href="/reception/findings" label={t('reception.findings.back')} />
      <h1 class="h2 mb-1" safe>
        {t('reception.findings.one')}
      </h1>
      <p class="lead">
        <span safe>{`${f.centre_name} · ${t(CHECKLIST_ITEM_KEYS[f.item_code as ChecklistItemCode])} `}</span>
        <SeverityBadge view={view} severity={f.severity} /> <FindingStatusBadge view={view} status={f.status} />
      </p>
      {errorKey ? (
        <div class="alert alert-warning" role="alert" safe>
          {t(errorKey)}
        </div>
      ) : (
        ''
      )}
      <dl>
        <dt safe>{t('reception.findings.description')}</dt>
        <dd safe>{f.description}</dd>
        <dt safe>{t('reception.findings.actionRequired')}</dt>
        <dd safe>{f.action_required}</dd>
        <dt safe>{t('reception.findings.dueOn')}</dt>
        <dd safe>{day(view, f.due_on)}</dd>
        {f.photo_file_id ? (
          <>
            <dt safe>{t('reception.findings.photo')}</dt>
            <dd>
              <a href={`/reception/files/${f.photo_file_id}`} safe>
                {t('reception.findings.openPhoto')}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
        {f.response ? (
          <>
            <dt safe>{t('reception.findings.response')}</dt>
            <dd safe>{`${f.response} (${view.tr.dateTime(f.responded_at ? new Date(f.responded_at) : null)})`}</dd>
          </>
        ) : (
          ''
        )}
        {f.response_file_id ? (
          <>
            <dt safe>{t('reception.findings.responseFile')}</dt>
            <dd>
              <a href={`/reception/files/${f.response_file_id}`} safe>
                {t('reception.findings.openResponseFile')}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
        {f.closed_at ? (
          <>
            <dt safe>{t('reception.findings.closedAt')}</dt>
            <dd safe>{view.tr.dateTime(new Date(f.closed_at))}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {canAnswer ? (
        <section aria-labelledby="answer-title">
          <h2 class="h4" id="answer-title" safe>
            {t('reception.findings.answer')}
          </h2>
          <ErrorSummary view={view} form={form} labels={{ response: t('reception.findings.response'), file: t('reception.findings.responseFile') }} />
          <form method="post" action={`/reception/findings/${f.id}/answer`} enctype="multipart/form-data" novalidate>
            <CsrfField view={view} />
            <TextField view={view} form={form} name="response" label={t('reception.findings.response')} required maxlength={2000} />
            <FileField view={view} form={form} name="file" label={t('reception.findings.responseFile')} accept="application/pdf,image/jpeg,image/png" />
            <button type="submit" class="btn btn-primary" safe>
              {t('reception.findings.answerSubmit')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** The checklist in use, and the form that makes its next version from the items Ponte knows. */
export function ChecklistsPage({ view, current, form }: { view: View; current: { version: number; items: ChecklistItem[] }; form: FormState }) {
  const t = view.t;
  const inUse = new Set(current.items.map((i) => i.code));
  const raw = form.values.items;
  const chosen = raw === undefined ? inUse : new Set(Array.isArray(raw) ? raw : [raw]);
  return (
    <Layout view={view} title={t('reception.checklists.title')}>
      <Back href="/reception/visits" label={t('reception.visits.back')} />
      <h1 class="h2 mb-3" safe>
        {t('reception.checklists.title')}
      </h1>
      <p safe>{t('reception.checklists.intro', { version: current.version })}</p>
      <ErrorSummary view={view} form={form} labels={{ items: t('reception.checklists.items') }} />
      <form method="post" action="/reception/checklists" novalidate>
        <CsrfField view={view} />
        <fieldset id="items" aria-describedby={form.errors.items ? 'items-error' : undefined}>
          <legend class="h5" safe>
            {t('reception.checklists.items')}
          </legend>
          {AREAS.map((area) => (
            <div class="mb-3">
              <p class="fw-bold mb-1" safe>
                {t(AREA_KEYS[area])}
              </p>
              {CHECKLIST_ITEM_CODES.filter((c) => ITEM_AREAS[c] === area).map((code) => (
                <div class="form-check">
                  <input type="checkbox" id={`item-${code}`} name="items" value={code} checked={chosen.has(code)} />
                  <label for={`item-${code}`} safe>
                    {t(CHECKLIST_ITEM_KEYS[code])}
                  </label>
                </div>
              ))}
            </div>
          ))}
          {form.errors.items ? (
            <div id="items-error" class="invalid-feedback d-block" safe>
              {t(form.errors.items.key, form.errors.items.params)}
            </div>
          ) : (
            ''
          )}
        </fieldset>
        <button type="submit" class="btn btn-primary" safe>
          {t('reception.checklists.save', { version: current.version + 1 })}
        </button>
      </form>
    </Layout>
  );
}
