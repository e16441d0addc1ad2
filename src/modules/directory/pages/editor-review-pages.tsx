// The change history of a service, the directory team's review queue and review page, and the inbox of
// reports of mistakes sent by the public.
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import { CsrfField, ErrorSummary, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import { LANGUAGE_KEYS, SERVICE_STATUS_KEYS, type LanguageCode } from '../editor-form.js';
import type { HistoryAction } from '../editor-history.js';
import type { MetadataRow, ReportRow, ServiceInScope, ServiceListRow } from '../editor.repo.js';
import { PUBLICATION_STATUS_KEYS, PublicationBadge, tableDate, TextArea, ServiceCells } from './editor-fields.js';

const ACTION_KEYS: Record<HistoryAction, string> = {
  create: 'editor.history.actions.create',
  update: 'editor.history.actions.update',
  verified: 'editor.history.actions.verified',
  submitted: 'editor.history.actions.submitted',
  approved: 'editor.history.actions.approved',
  returned: 'editor.history.actions.returned',
};

/** HSDS field names of the history → their labels. */
const FIELD_KEYS: Record<string, string> = {
  name: 'editor.fields.name',
  description: 'editor.fields.description',
  eligibility_description: 'editor.fields.eligibility',
  application_process: 'editor.fields.applicationProcess',
  fees_description: 'editor.fields.feesDescription',
  free_of_charge: 'editor.fields.freeOfCharge',
  appointment_required: 'editor.fields.appointmentRequired',
  status: 'editor.fields.status',
  phones: 'editor.fields.phones',
  languages: 'editor.fields.languages',
  required_documents: 'editor.fields.documents',
  schedules: 'editor.fields.hours',
  attributes: 'editor.fields.needs',
  'translations.en.name': 'editor.fields.nameEn',
  'translations.en.description': 'editor.fields.descriptionEn',
  'translations.fr.name': 'editor.fields.nameFr',
  'translations.fr.description': 'editor.fields.descriptionFr',
  'translations.ar.name': 'editor.fields.nameAr',
  'translations.ar.description': 'editor.fields.descriptionAr',
  'translations.en.eligibility_description': 'editor.fields.eligibilityEn',
  'translations.fr.eligibility_description': 'editor.fields.eligibilityFr',
  'translations.ar.eligibility_description': 'editor.fields.eligibilityAr',
  'translations.en.application_process': 'editor.fields.applicationProcessEn',
  'translations.fr.application_process': 'editor.fields.applicationProcessFr',
  'translations.ar.application_process': 'editor.fields.applicationProcessAr',
  'translations.en.fees_description': 'editor.fields.feesDescriptionEn',
  'translations.fr.fees_description': 'editor.fields.feesDescriptionFr',
  'translations.ar.fees_description': 'editor.fields.feesDescriptionAr',
  location: 'editor.fields.location',
  'location.wheelchair_accessible': 'editor.fields.wheelchairAccessible',
  holiday_closures: 'editor.fields.closures',
  'required_documents.translations.en': 'editor.fields.documentsEn',
  'required_documents.translations.fr': 'editor.fields.documentsFr',
  'required_documents.translations.ar': 'editor.fields.documentsAr',
  publication_status: 'editor.fields.publicationStatus',
  review_note: 'editor.fields.reviewNote',
  last_verified_at: 'editor.fields.lastVerifiedAt',
};

const REPORT_KIND_KEYS: Record<ReportRow['kind'], string> = {
  phone: 'editor.reports.kinds.phone',
  address: 'editor.reports.kinds.address',
  hours: 'editor.reports.kinds.hours',
  closed: 'editor.reports.kinds.closed',
  other: 'editor.reports.kinds.other',
};
const REPORT_STATUS_KEYS: Record<ReportRow['status'], string> = {
  open: 'editor.reports.statuses.open',
  resolved: 'editor.reports.statuses.resolved',
  dismissed: 'editor.reports.statuses.dismissed',
};

/** A stored value as a person reads it: yes/no, translated statuses, dates in the reader's language. */
function valueText(view: View, field: string, value: string): string {
  if (value === '') return '—';
  if (field === 'free_of_charge' || field === 'appointment_required') return view.t(value === 'true' ? 'common.yes' : 'common.no');
  if (field === 'status' && value in SERVICE_STATUS_KEYS) return view.t(SERVICE_STATUS_KEYS[value as keyof typeof SERVICE_STATUS_KEYS]);
  if (field === 'publication_status' && value in PUBLICATION_STATUS_KEYS) return view.t(PUBLICATION_STATUS_KEYS[value as keyof typeof PUBLICATION_STATUS_KEYS]);
  if (field === 'last_verified_at') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : tableDate(view, d, true);
  }
  return value;
}

function ChangesTable({ view, rows, caption }: { view: View; rows: MetadataRow[]; caption: string }) {
  return (
    <DataTable caption={caption} headers={[view.t('editor.history.when'), view.t('editor.history.who'), view.t('editor.history.action'), view.t('editor.history.field'), view.t('editor.history.previous'), view.t('editor.history.replacement')]}>
      {rows.map((m) => (
        <tr>
          <td class="text-nowrap" safe>
            {tableDate(view, m.lastActionDate, true)}
          </td>
          <td safe>{m.updatedBy}</td>
          <td safe>{m.lastActionType in ACTION_KEYS ? view.t(ACTION_KEYS[m.lastActionType as HistoryAction]) : m.lastActionType}</td>
          <td safe>{FIELD_KEYS[m.fieldName] ? view.t(FIELD_KEYS[m.fieldName]!) : m.fieldName}</td>
          <td class="text-break" style="white-space: pre-line" dir="auto" safe>
            {valueText(view, m.fieldName, m.previousValue)}
          </td>
          <td class="text-break" style="white-space: pre-line" dir="auto" safe>
            {valueText(view, m.fieldName, m.replacementValue)}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function HistoryPage({ view, service, rows }: { view: View; service: ServiceInScope; rows: MetadataRow[] }) {
  const title = view.t('editor.history.title', { name: service.name });
  return (
    <Layout view={view} title={title}>
      <p class="mb-1">
        <a href={`/directory/manage/services/${service.id}`} safe>
          {view.t('editor.history.back')}
        </a>
      </p>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      {rows.length === 0 ? <p safe>{view.t('editor.history.empty')}</p> : <ChangesTable view={view} rows={rows} caption={title} />}
    </Layout>
  );
}

export function ReviewQueuePage({ view, rows }: { view: View; rows: ServiceListRow[] }) {
  return (
    <Layout view={view} title={view.t('editor.review.title')}>
      <h1 class="h2 mb-3" safe>
        {view.t('editor.review.title')}
      </h1>
      <p safe>{view.t('editor.review.intro')}</p>
      {rows.length === 0 ? (
        <p safe>{view.t('editor.review.empty')}</p>
      ) : (
        <DataTable caption={view.t('editor.review.title')} headers={[view.t('editor.fields.name'), view.t('editor.fields.organization'), view.t('editor.review.kind'), view.t('editor.review.submittedAt')]}>
          {rows.map((r) => (
            <tr>
              <ServiceCells href={`/directory/manage/review/${r.id}`} row={r} />
              <td safe>{view.t(r.online ? 'editor.review.kindUpdate' : 'editor.review.kindNew')}</td>
              <td class="text-nowrap" safe>
                {tableDate(view, r.submittedAt, true)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}

export function ReviewPage({ view, service, changes, form }: { view: View; service: ServiceInScope; changes: MetadataRow[]; form: FormState }) {
  const title = view.t('editor.review.pageTitle', { name: service.name });
  const inReview = service.publicationStatus === 'in_review';
  return (
    <Layout view={view} title={title}>
      <p class="mb-1">
        <a href="/directory/manage/review" safe>
          {view.t('editor.review.back')}
        </a>
      </p>
      <h1 class="h2 mb-1" safe>
        {title}
      </h1>
      <p class="text-muted" safe>
        {service.organizationName}
      </p>
      <p>
        <PublicationBadge view={view} status={service.publicationStatus} />{' '}
        {service.submittedAt ? <span class="text-muted" safe>{view.t('editor.review.submittedOn', { date: view.tr.dateTime(service.submittedAt) })}</span> : ''}
      </p>
      {inReview ? (
        <p class="alert alert-info" safe>
          {view.t(service.online ? 'editor.review.onlineNote' : 'editor.review.firstPublicationNote')}
        </p>
      ) : (
        <p class="alert alert-warning" safe>
          {view.t('editor.review.notInReview')}
        </p>
      )}
      <h2 class="h4 mt-4" safe>
        {view.t(service.online ? 'editor.review.changesSincePublication' : 'editor.review.allChanges')}
      </h2>
      {changes.length === 0 ? <p safe>{view.t('editor.review.noChanges')}</p> : <ChangesTable view={view} rows={changes} caption={view.t('editor.review.changesSincePublication')} />}
      <p>
        <a href={`/directory/manage/services/${service.id}`} safe>
          {view.t('editor.review.openForm')}
        </a>
      </p>
      {inReview ? (
        <div class="row mt-4">
          <section class="col-lg-5 mb-4" aria-labelledby="approve-title">
            <h2 class="h4" id="approve-title" safe>
              {view.t('editor.review.approveTitle')}
            </h2>
            <p safe>{view.t('editor.review.approveHint')}</p>
            <form method="post" action={`/directory/manage/review/${service.id}/approve`}>
              <CsrfField view={view} />
              <button type="submit" class="btn btn-primary" safe>
                {view.t('editor.review.approve')}
              </button>
            </form>
          </section>
          <section class="col-lg-7 mb-4" aria-labelledby="return-title">
            <h2 class="h4" id="return-title" safe>
              {view.t('editor.review.returnTitle')}
            </h2>
            <ErrorSummary view={view} form={form} labels={{ reason: view.t('editor.fields.reason') }} />
            <form method="post" action={`/directory/manage/review/${service.id}/return`} novalidate>
              <CsrfField view={view} />
              <TextArea view={view} form={form} name="reason" label={view.t('editor.fields.reason')} hint={view.t('editor.review.reasonHint')} rows={4} maxlength={2000} required />
              <button type="submit" class="btn btn-outline-danger" safe>
                {view.t('editor.review.return')}
              </button>
            </form>
          </section>
        </div>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function ReportsPage({ view, rows }: { view: View; rows: ReportRow[] }) {
  const action = (r: ReportRow, suffix: 'resolve' | 'dismiss', key: string, style: string) => (
    <form method="post" action={`/directory/manage/reports/${r.id}/${suffix}`} class="d-inline">
      <CsrfField view={view} />
      <button type="submit" class={`btn ${style} btn-sm`} safe>
        {view.t(key)}
      </button>
    </form>
  );
  const open = rows.filter((r) => r.status === 'open').length;
  return (
    <Layout view={view} title={view.t('editor.reports.title')}>
      <h1 class="h2 mb-3" safe>
        {view.t('editor.reports.title')}
      </h1>
      <p safe>{view.t('editor.reports.intro')}</p>
      <p class="text-muted" role="status" safe>
        {view.t('editor.reports.count', { count: open })}
      </p>
      {rows.length === 0 ? (
        <p safe>{view.t('editor.reports.empty')}</p>
      ) : (
        <ul class="list-unstyled">
          {rows.map((r) => (
            <li class={r.status === 'open' ? 'border rounded p-3 mb-3' : 'border rounded p-3 mb-3 bg-light'}>
              <h2 class="h5 mb-1">
                <a href={`/directory/manage/services/${r.serviceId}`} safe>
                  {r.serviceName}
                </a>
              </h2>
              <p class="small text-muted mb-2" safe>
                {view.t('editor.reports.meta', {
                  kind: view.t(REPORT_KIND_KEYS[r.kind]),
                  date: view.tr.dateTime(r.createdAt),
                  language: r.locale in LANGUAGE_KEYS ? view.t(LANGUAGE_KEYS[r.locale as LanguageCode]) : r.locale,
                })}
              </p>
              <p class="mb-2 text-break" style="white-space: pre-line" lang={r.locale} safe>
                {r.message}
              </p>
              {r.status === 'open' ? (
                <div class="d-flex flex-wrap gap-2">
                  {action(r, 'resolve', 'editor.reports.resolve', 'btn-primary')}
                  {action(r, 'dismiss', 'editor.reports.dismiss', 'btn-outline-secondary')}
                </div>
              ) : (
                <p class="small mb-0" safe>
                  {view.t('editor.reports.closed', {
                    status: view.t(REPORT_STATUS_KEYS[r.status]),
                    name: r.resolvedByName ?? '—',
                    date: view.tr.dateTime(r.resolvedAt),
                  })}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
