// The centres: the list an operator may see, the Prefettura's form to register one, and a centre's page
// (contract, capacity, guests present, documents with their versions, inspections and findings).
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import { CsrfField, ErrorSummary, SelectField, TextField, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import {
  CENTRE_KIND_KEYS,
  CENTRE_KINDS,
  CENTRE_STATUS_KEYS,
  CENTRE_STATUSES,
  DEPARTURE_REASON_KEYS,
  DOC_TYPE_KEYS,
  HOUSING,
  HOUSING_KEYS,
  VISIT_KIND_KEYS,
  type DocState,
} from '../reception-codes.js';
import type { CentreRow, DocumentRow, FindingRow, RequirementRow, StayRow, VisitRow } from '../reception.repo.js';
import { Back, DocStateBadge, FindingStatusBadge, SeverityBadge, day, euros, percent } from './format.js';

export function CentresPage({ view, centres }: { view: View; centres: CentreRow[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('reception.centres.title')}>
      <h1 class="h2 mb-3" safe>
        {t('reception.centres.title')}
      </h1>
      <p safe>{t(view.can('reception.centres.manage') || view.can('reception.inspect') ? 'reception.centres.introOversight' : 'reception.centres.introBody')}</p>
      <ul class="list-inline">
        <li class="list-inline-item">
          <a href="/reception/occupancy" safe>
            {t('reception.occupancy.title')}
          </a>
        </li>
        {view.can('reception.report') ? (
          <li class="list-inline-item">
            <a href="/reception/register" safe>
              {t('reception.register.title')}
            </a>
          </li>
        ) : (
          ''
        )}
        <li class="list-inline-item">
          <a href="/reception/findings" safe>
            {t('reception.findings.title')}
          </a>
        </li>
        {view.can('reception.documents.review') ? (
          <li class="list-inline-item">
            <a href="/reception/documents" safe>
              {t('reception.review.title')}
            </a>
          </li>
        ) : (
          ''
        )}
        {view.can('reception.centres.manage') ? (
          <li class="list-inline-item">
            <a href="/reception/centres/new" safe>
              {t('reception.centres.new')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
      {centres.length === 0 ? (
        <p safe>{t('reception.centres.empty')}</p>
      ) : (
        <DataTable
          caption={t('reception.centres.title')}
          headers={[t('reception.centre.code'), t('reception.centre.name'), t('reception.centre.kind'), t('reception.centre.municipality'), t('reception.centre.managingBody'), t('reception.centre.occupancy')]}
        >
          {centres.map((c) => (
            <tr data-centre={c.code}>
              <td safe>{c.code}</td>
              <td>
                <a href={`/reception/centres/${c.id}`} safe>
                  {c.name}
                </a>
              </td>
              <td safe>{t(CENTRE_KIND_KEYS[c.kind])}</td>
              <td safe>{c.municipality_name}</td>
              <td safe>{c.managing_body_name}</td>
              <td safe>{t('reception.centre.presentOfCapacity', { present: c.present, capacity: c.capacity, rate: percent(c.present, c.capacity) })}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}

/** The form to register a centre, or (with `editing`) to change one's data, contract and status. */
export function CentreFormPage({
  view,
  form,
  bodies,
  municipalities,
  editing,
}: {
  view: View;
  form: FormState;
  bodies: { id: string; name: string }[];
  municipalities: { code: string; name: string }[];
  editing?: { id: string; name: string } | undefined;
}) {
  const t = view.t;
  const labels: Record<string, string> = {
    identifier: t('reception.centre.code'),
    name: t('reception.centre.name'),
    kind: t('reception.centre.kind'),
    housing: t('reception.centre.housing'),
    managingBodyId: t('reception.centre.managingBody'),
    municipalityCode: t('reception.centre.municipality'),
    address: t('reception.centre.address'),
    capacityMen: t('reception.centre.capacityMen'),
    capacityWomen: t('reception.centre.capacityWomen'),
    capacityFamilies: t('reception.centre.capacityFamilies'),
    contractStart: t('reception.centre.contractStart'),
    contractEnd: t('reception.centre.contractEnd'),
    placesContracted: t('reception.centre.placesContracted'),
    dailyRate: t('reception.centre.dailyRate'),
    contactPhone: t('reception.centre.contactPhone'),
    contactEmail: t('reception.centre.contactEmail'),
    status: t('reception.centre.status'),
  };
  const title = editing ? t('reception.centres.edit', { name: editing.name }) : t('reception.centres.new');
  const text = (name: string, extra: Record<string, unknown> = {}) => <TextField view={view} form={form} name={name} label={labels[name]!} {...extra} />;
  return (
    <Layout view={view} title={title}>
      <Back href={editing ? `/reception/centres/${editing.id}` : '/reception'} label={t('reception.centres.back')} />
      <h1 class="h2 mb-4" safe>
        {title}
      </h1>
      <ErrorSummary view={view} form={form} labels={labels} />
      <form method="post" action={editing ? `/reception/centres/${editing.id}/edit` : '/reception/centres'} novalidate>
        <CsrfField view={view} />
        {text('identifier', { required: true, hint: t('reception.centre.codeHint'), maxlength: 30 })}
        {text('name', { required: true, maxlength: 200 })}
        <SelectField view={view} form={form} name="kind" label={labels.kind!} required options={CENTRE_KINDS.map((k) => ({ value: k, label: t(CENTRE_KIND_KEYS[k]) }))} />
        <SelectField view={view} form={form} name="housing" label={labels.housing!} required options={HOUSING.map((k) => ({ value: k, label: t(HOUSING_KEYS[k]) }))} />
        <SelectField view={view} form={form} name="managingBodyId" label={labels.managingBodyId!} required options={bodies.map((b) => ({ value: b.id, label: b.name }))} />
        <SelectField view={view} form={form} name="municipalityCode" label={labels.municipalityCode!} required options={municipalities.map((m) => ({ value: m.code, label: m.name }))} />
        {text('address', { required: true, maxlength: 300 })}
        <fieldset class="mb-3">
          <legend class="h5" safe>
            {t('reception.centre.capacity')}
          </legend>
          {text('capacityMen', { type: 'number', inputmode: 'numeric' })}
          {text('capacityWomen', { type: 'number', inputmode: 'numeric' })}
          {text('capacityFamilies', { type: 'number', inputmode: 'numeric' })}
        </fieldset>
        <fieldset class="mb-3">
          <legend class="h5" safe>
            {t('reception.centre.contract')}
          </legend>
          {text('contractStart', { type: 'date', required: true })}
          {text('contractEnd', { type: 'date', required: true })}
          {text('placesContracted', { type: 'number', inputmode: 'numeric', required: true })}
          {text('dailyRate', { required: true, hint: t('reception.centre.dailyRateHint'), inputmode: 'text' })}
        </fieldset>
        {text('contactPhone', { type: 'tel', maxlength: 40 })}
        {text('contactEmail', { type: 'email', maxlength: 254 })}
        {editing ? (
          <SelectField view={view} form={form} name="status" label={labels.status!} required options={CENTRE_STATUSES.map((k) => ({ value: k, label: t(CENTRE_STATUS_KEYS[k]) }))} />
        ) : (
          ''
        )}
        <button type="submit" class="btn btn-primary" safe>
          {t(editing ? 'reception.centres.save' : 'reception.centres.create')}
        </button>
      </form>
    </Layout>
  );
}

export interface DocumentLine {
  requirement: RequirementRow;
  state: DocState;
  versions: DocumentRow[];
}

export interface CentrePageProps {
  view: View;
  centre: CentreRow;
  stays: StayRow[];
  documents: DocumentLine[];
  findings: FindingRow[];
  visits: VisitRow[];
  uploadForm: FormState;
  /** The document whose "send back" form has errors. */
  returnForm?: { documentId: string; form: FormState } | undefined;
  /** The document whose new due date has errors. */
  dueForm?: { docType: string; form: FormState } | undefined;
  showGuests: boolean;
}

export function CentrePage(p: CentrePageProps) {
  const { view, centre: c } = p;
  const t = view.t;
  const canUpload = view.can('reception.report');
  const canReview = view.can('reception.documents.review');
  const uploadLabels = { docType: t('reception.documents.type'), expiresOn: t('reception.documents.expiresOn'), file: t('reception.documents.file') };
  return (
    <Layout view={view} title={c.name}>
      <Back href="/reception" label={t('reception.centres.back')} />
      <h1 class="h2 mb-1" safe>
        {c.name}
      </h1>
      <p class="lead" safe>
        {`${c.code} · ${t(CENTRE_KIND_KEYS[c.kind])} · ${t(HOUSING_KEYS[c.housing])} · ${t(CENTRE_STATUS_KEYS[c.status])}`}
      </p>
      {view.can('reception.centres.manage') ? (
        <p>
          <a href={`/reception/centres/${c.id}/edit`} safe>
            {t('reception.centres.editLink')}
          </a>
        </p>
      ) : (
        ''
      )}
      <div class="row">
        <div class="col-lg-6">
          <h2 class="h4" safe>
            {t('reception.centre.details')}
          </h2>
          <dl>
            <dt safe>{t('reception.centre.managingBody')}</dt>
            <dd safe>{c.managing_body_name}</dd>
            <dt safe>{t('reception.centre.address')}</dt>
            <dd safe>{`${c.address}, ${c.municipality_name}`}</dd>
            <dt safe>{t('reception.centre.contract')}</dt>
            <dd safe>
              {t('reception.centre.contractSummary', { start: day(view, c.contract_start), end: day(view, c.contract_end), places: c.places_contracted, rate: euros(view, c.daily_rate_cents) })}
            </dd>
            <dt safe>{t('reception.centre.contacts')}</dt>
            <dd safe>{[c.contact_phone, c.contact_email].filter(Boolean).join(' · ')}</dd>
          </dl>
        </div>
        <div class="col-lg-6">
          <h2 class="h4" safe>
            {t('reception.centre.capacity')}
          </h2>
          <dl>
            <dt safe>{t('reception.centre.capacityMen')}</dt>
            <dd safe>{String(c.capacity_men)}</dd>
            <dt safe>{t('reception.centre.capacityWomen')}</dt>
            <dd safe>{String(c.capacity_women)}</dd>
            <dt safe>{t('reception.centre.capacityFamilies')}</dt>
            <dd safe>{String(c.capacity_families)}</dd>
            <dt safe>{t('reception.centre.occupancy')}</dt>
            <dd data-present={String(c.present)} safe>
              {t('reception.centre.presentOfCapacity', { present: c.present, capacity: c.capacity, rate: percent(c.present, c.capacity) })}
            </dd>
          </dl>
        </div>
      </div>

      <h2 class="h4 mt-4" id="documents" safe>
        {t('reception.documents.title')}
      </h2>
      <DataTable caption={t('reception.documents.title')} headers={[t('reception.documents.type'), t('reception.documents.dueOn'), t('reception.documents.state'), t('reception.documents.versions')]}>
        {p.documents.map((d) => (
          <tr data-doc={d.requirement.doc_type} class={['overdue', 'expired', 'returned'].includes(d.state) ? 'table-warning' : undefined}>
            <td safe>{t(DOC_TYPE_KEYS[d.requirement.doc_type])}</td>
            <td>
              <span safe>{day(view, d.requirement.due_on)}</span>
              {view.can('reception.centres.manage') ? (
                <form method="post" action={`/reception/centres/${c.id}/requirements`} class="mt-2" novalidate>
                  <CsrfField view={view} />
                  <input type="hidden" name="docType" value={d.requirement.doc_type} />
                  <TextField
                    view={view}
                    form={p.dueForm?.docType === d.requirement.doc_type ? p.dueForm.form : { values: {}, errors: {} }}
                    name={`dueOn_${d.requirement.doc_type}`}
                    type="date"
                    label={t('reception.documents.newDueOn', { document: t(DOC_TYPE_KEYS[d.requirement.doc_type]) })}
                    defaultValue={d.requirement.due_on}
                  />
                  <button type="submit" class="btn btn-sm btn-outline-primary" safe>
                    {t('reception.documents.setDueOn')}
                  </button>
                </form>
              ) : (
                ''
              )}
            </td>
            <td>
              <DocStateBadge view={view} state={d.state} />
              {d.requirement.expires_on ? (
                <div class="small" safe>
                  {t('reception.documents.expires', { date: day(view, d.requirement.expires_on) })}
                </div>
              ) : (
                ''
              )}
              {d.requirement.status === 'returned' && d.requirement.return_reason ? (
                <div class="small" safe>
                  {t('reception.documents.returnedBecause', { reason: d.requirement.return_reason })}
                </div>
              ) : (
                ''
              )}
            </td>
            <td>
              <ul class="list-unstyled mb-0">
                {d.versions.map((v) => (
                  <li>
                    <a href={`/reception/files/${v.file_id}`} safe>
                      {t('reception.documents.version', { version: v.version, name: v.original_name })}
                    </a>
                    {canReview && v.status === 'submitted' && v.version === d.requirement.version ? (
                      <div class="mt-1">
                        <form method="post" action={`/reception/documents/${v.id}/accept`} class="d-inline">
                          <CsrfField view={view} />
                          <button type="submit" class="btn btn-sm btn-success" safe>
                            {t('reception.documents.accept')}
                          </button>
                        </form>
                        <form method="post" action={`/reception/documents/${v.id}/return`} class="mt-2" novalidate>
                          <CsrfField view={view} />
                          <TextField
                            view={view}
                            form={p.returnForm?.documentId === v.id ? p.returnForm.form : { values: {}, errors: {} }}
                            name="reason"
                            label={t('reception.documents.returnReason')}
                            maxlength={2000}
                          />
                          <button type="submit" class="btn btn-sm btn-outline-danger" safe>
                            {t('reception.documents.return')}
                          </button>
                        </form>
                      </div>
                    ) : (
                      ''
                    )}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </DataTable>
      {canUpload ? (
        <section class="mt-3" aria-labelledby="upload-title">
          <h3 class="h5" id="upload-title" safe>
            {t('reception.documents.upload')}
          </h3>
          <p class="small" safe>
            {t('reception.documents.uploadHint')}
          </p>
          <ErrorSummary view={view} form={p.uploadForm} labels={uploadLabels} />
          <form method="post" action={`/reception/centres/${c.id}/documents`} enctype="multipart/form-data" novalidate class="mt-4">
            <CsrfField view={view} />
            <SelectField view={view} form={p.uploadForm} name="docType" label={uploadLabels.docType} required options={p.documents.map((d) => ({ value: d.requirement.doc_type, label: t(DOC_TYPE_KEYS[d.requirement.doc_type]) }))} />
            <TextField view={view} form={p.uploadForm} name="expiresOn" type="date" label={uploadLabels.expiresOn} hint={t('reception.documents.expiresHint')} />
            <FileField view={view} form={p.uploadForm} name="file" label={uploadLabels.file} accept="application/pdf" />
            <button type="submit" class="btn btn-primary" safe>
              {t('reception.documents.send')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}

      <h2 class="h4 mt-4" safe>
        {t('reception.findings.title')}
      </h2>
      {p.findings.length === 0 ? <p safe>{t('reception.findings.none')}</p> : <FindingsTable view={view} findings={p.findings} />}

      {p.visits.length > 0 ? (
        <>
          <h2 class="h4 mt-4" safe>
            {t('reception.visits.title')}
          </h2>
          <VisitsTable view={view} visits={p.visits} />
        </>
      ) : (
        ''
      )}

      {p.showGuests ? (
        <>
          <h2 class="h4 mt-4" safe>
            {t('reception.guests.title')}
          </h2>
          <p class="small" safe>
            {t('reception.guests.pseudonymous')}
          </p>
          {p.stays.length === 0 ? (
            <p safe>{t('reception.guests.none')}</p>
          ) : (
            <DataTable caption={t('reception.guests.title')} headers={[t('reception.guests.code'), t('reception.guests.arrived'), t('reception.guests.departed'), t('reception.guests.reason')]} small>
              {p.stays.map((s) => (
                <tr>
                  <td safe>{s.guest_code}</td>
                  <td safe>{day(view, s.arrived_on)}</td>
                  <td safe>{day(view, s.departed_on)}</td>
                  <td>{s.departure_reason ? t(DEPARTURE_REASON_KEYS[s.departure_reason]) : ''}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function FileField({ view, form, name, label, accept }: { view: View; form: FormState; name: string; label: string; accept: string }) {
  const error = form.errors[name];
  return (
    <div class="mb-4">
      <label for={name} class="form-label d-block" safe>
        {label}
      </label>
      <input
        type="file"
        id={name}
        name={name}
        accept={accept}
        class={error ? 'form-control is-invalid' : 'form-control'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
      />
      {error ? (
        <div id={`${name}-error`} class="invalid-feedback d-block" safe>
          {view.t(error.key, error.params)}
        </div>
      ) : (
        ''
      )}
    </div>
  );
}

export function FindingsTable({ view, findings }: { view: View; findings: FindingRow[] }) {
  const t = view.t;
  return (
    <DataTable caption={t('reception.findings.title')} headers={[t('reception.centre.name'), t('reception.findings.severity'), t('reception.findings.description'), t('reception.findings.dueOn'), t('reception.findings.status')]}>
      {findings.map((f) => (
        <tr data-finding={f.id}>
          <td safe>{f.centre_name}</td>
          <td>
            <SeverityBadge view={view} severity={f.severity} />
          </td>
          <td>
            <a href={`/reception/findings/${f.id}`} safe>
              {f.description}
            </a>
          </td>
          <td safe>{day(view, f.due_on)}</td>
          <td>
            <FindingStatusBadge view={view} status={f.status} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function VisitsTable({ view, visits }: { view: View; visits: VisitRow[] }) {
  const t = view.t;
  const link = view.can('reception.inspect');
  return (
    <DataTable caption={t('reception.visits.title')} headers={[t('reception.visits.plannedOn'), t('reception.centre.name'), t('reception.visits.kind'), t('reception.visits.team'), t('reception.visits.status')]}>
      {visits.map((v) => (
        <tr data-visit={v.id}>
          <td>
            {link ? (
              <a href={`/reception/visits/${v.id}`} safe>
                {day(view, v.planned_on)}
              </a>
            ) : (
              <span safe>{day(view, v.planned_on)}</span>
            )}
          </td>
          <td safe>{v.centre_name}</td>
          <td safe>{`${t(VISIT_KIND_KEYS[v.kind])}${v.follow_up_of ? ` · ${t('reception.visits.followUp')}` : ''}`}</td>
          <td safe>{v.inspector_names.join(', ')}</td>
          <td safe>{v.status === 'completed' ? t('reception.visits.completedOn', { date: day(view, v.visited_on) }) : t('reception.visits.planned')}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export function ReviewQueuePage({ view, documents }: { view: View; documents: (DocumentRow & { centre_name: string; centre_code: string; managing_body_name: string })[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('reception.review.title')}>
      <Back href="/reception" label={t('reception.centres.back')} />
      <h1 class="h2 mb-3" safe>
        {t('reception.review.title')}
      </h1>
      <p safe>{t('reception.review.intro')}</p>
      {documents.length === 0 ? (
        <p safe>{t('reception.review.none')}</p>
      ) : (
        <DataTable caption={t('reception.review.title')} headers={[t('reception.centre.name'), t('reception.centre.managingBody'), t('reception.documents.type'), t('reception.documents.versions'), t('reception.review.uploadedAt')]}>
          {documents.map((d) => (
            <tr data-document={d.id}>
              <td>
                <a href={`/reception/centres/${d.centre_id}#documents`} safe>
                  {`${d.centre_code} · ${d.centre_name}`}
                </a>
              </td>
              <td safe>{d.managing_body_name}</td>
              <td safe>{t(DOC_TYPE_KEYS[d.doc_type])}</td>
              <td>
                <a href={`/reception/files/${d.file_id}`} safe>
                  {t('reception.documents.version', { version: d.version, name: d.original_name })}
                </a>
              </td>
              <td safe>{view.tr.dateTime(new Date(d.uploaded_at))}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
