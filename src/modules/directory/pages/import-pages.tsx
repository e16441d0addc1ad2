// The directory team's import of an HSDS tabular package: the upload form with the recent imports, and a
// job's page (the dry run's verdict with every rejected row, the confirmation, a progress bar while a
// step runs). The job page refreshes itself through the HTTP Refresh header while a step runs, so that it
// needs no script; a link stops the refreshing for whoever needs the page to keep still.
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import { CsrfField, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import type { ImportJobStatus } from '../directory.schema.js';
import { RESOURCE_BY_NAME } from '../hsds-tabular.js';
import type { ImportWarning, Rejection } from '../hsds-import.js';
import { UPLOAD_LIMITS, type UploadProblem } from '../hsds-upload.js';
import { isRunning, type ImportJob } from '../import-jobs.js';
import { tableDate } from './editor-fields.js';

export const IMPORT_STATUS_KEYS: Record<ImportJobStatus, string> = {
  checking: 'editor.import.status.checking',
  checked: 'editor.import.status.checked',
  rejected: 'editor.import.status.rejected',
  importing: 'editor.import.status.importing',
  imported: 'editor.import.status.imported',
  failed: 'editor.import.status.failed',
};

const STATUS_BADGE: Record<ImportJobStatus, string> = {
  checking: 'badge bg-secondary',
  checked: 'badge bg-primary',
  rejected: 'badge bg-danger',
  importing: 'badge bg-secondary',
  imported: 'badge bg-success',
  failed: 'badge bg-danger',
};

export const UPLOAD_PROBLEM_KEYS: Record<UploadProblem, string> = {
  none: 'editor.import.problem.none',
  tooLarge: 'editor.import.problem.tooLarge',
  tooManyFiles: 'editor.import.problem.tooManyFiles',
  notText: 'editor.import.problem.notText',
  zipUnsupported: 'editor.import.problem.zipUnsupported',
  zipCorrupt: 'editor.import.problem.zipCorrupt',
  noCsv: 'editor.import.problem.noCsv',
};

/** A rejected row's reason, and the rule of it when it has several, as a message key. */
const REJECTION_KEYS: Record<string, string> = {
  'malformed_csv.unreadable': 'editor.import.reject.unreadable',
  'malformed_csv.duplicateColumn': 'editor.import.reject.duplicateColumn',
  'malformed_csv.fieldCount': 'editor.import.reject.fieldCount',
  missing_column: 'editor.import.reject.missingColumn',
  missing_required: 'editor.import.reject.missingRequired',
  invalid_uuid: 'editor.import.reject.invalidUuid',
  invalid_email: 'editor.import.reject.invalidEmail',
  invalid_url: 'editor.import.reject.invalidUrl',
  invalid_phone: 'editor.import.reject.invalidPhone',
  invalid_number: 'editor.import.reject.invalidNumber',
  'invalid_number.whole': 'editor.import.reject.wholeNumber',
  invalid_date: 'editor.import.reject.invalidDate',
  'invalid_date.dateTime': 'editor.import.reject.invalidDateTime',
  invalid_time: 'editor.import.reject.invalidTime',
  'invalid_value.oneOf': 'editor.import.reject.oneOf',
  'invalid_value.country': 'editor.import.reject.country',
  'invalid_value.byday': 'editor.import.reject.byday',
  'invalid_value.languageCode': 'editor.import.reject.languageCode',
  'invalid_value.termCode': 'editor.import.reject.termCode',
  'invalid_value.currency': 'editor.import.reject.currency',
  'invalid_value.resourceType': 'editor.import.reject.resourceType',
  out_of_range: 'editor.import.reject.outOfRange',
  'out_of_range.amount': 'editor.import.reject.amount',
  too_long: 'editor.import.reject.tooLong',
  'inconsistent.ages': 'editor.import.reject.ages',
  'inconsistent.hours': 'editor.import.reject.hours',
  'inconsistent.dates': 'editor.import.reject.dates',
  'inconsistent.loop': 'editor.import.reject.loop',
  duplicate_id: 'editor.import.reject.duplicateId',
  'duplicate.file': 'editor.import.reject.duplicateFile',
  'duplicate.serviceAtLocation': 'editor.import.reject.duplicateServiceAtLocation',
  'duplicate.attribute': 'editor.import.reject.duplicateAttribute',
  'duplicate.termCode': 'editor.import.reject.duplicateTermCode',
  unknown_reference: 'editor.import.reject.unknownReference',
  unknown_taxonomy_term: 'editor.import.reject.unknownTerm',
  database: 'editor.import.reject.database',
};

/** The translated sentence that says why a row is rejected. */
export function rejectionText(view: View, r: Rejection): string {
  const key = REJECTION_KEYS[r.code ? `${r.reason}.${r.code}` : r.reason] ?? REJECTION_KEYS[r.reason];
  return key ? view.t(key, r.params) : r.message;
}

function warningText(view: View, w: ImportWarning): string {
  const params = { file: w.file, field: w.field ?? '', rows: w.rows ?? 0 };
  switch (w.kind) {
    case 'unknown_file':
      return view.t('editor.import.warning.unknownFile', params);
    case 'unknown_column':
      return view.t('editor.import.warning.unknownColumn', params);
    case 'derived':
      return view.t('editor.import.warning.derived', params);
    default:
      return view.t(w.field ? 'editor.import.warning.notStoredField' : 'editor.import.warning.notStoredRows', params);
  }
}

function StatusBadge({ view, job }: { view: View; job: ImportJob }) {
  if (job.interrupted) {
    return (
      <span class="badge bg-danger" safe>
        {view.t('editor.import.status.interrupted')}
      </span>
    );
  }
  return (
    <span class={STATUS_BADGE[job.status]} safe>
      {view.t(IMPORT_STATUS_KEYS[job.status])}
    </span>
  );
}

const MB = 1024 * 1024;

export function ImportPage({ view, form, jobs }: { view: View; form: FormState; jobs: ImportJob[] }) {
  const error = form.errors.package;
  const publish = form.values.publish === 'on';
  return (
    <Layout view={view} title={view.t('editor.import.title')}>
      <h1 class="h2 mb-3" safe>
        {view.t('editor.import.title')}
      </h1>
      <p safe>{view.t('editor.import.intro')}</p>
      <ul>
        <li safe>{view.t('editor.import.accepts')}</li>
        <li safe>{view.t('editor.import.limits', { mb: UPLOAD_LIMITS.fileBytes / MB, totalMb: UPLOAD_LIMITS.totalBytes / MB, files: UPLOAD_LIMITS.files })}</li>
        <li safe>{view.t('editor.import.dryRunFirst')}</li>
      </ul>
      {error ? (
        <div class="alert alert-danger" role="alert" id="error-summary" tabindex="-1">
          <a href="#package" safe>
            {view.t(error.key, error.params)}
          </a>
        </div>
      ) : (
        ''
      )}
      <form method="post" action="/directory/manage/import" enctype="multipart/form-data" class="mb-5">
        <CsrfField view={view} />
        <div class="mb-4">
          <label for="package" class="form-label d-block fw-semibold" safe>
            {view.t('editor.import.file')}
          </label>
          <input
            type="file"
            id="package"
            name="package"
            class={error ? 'form-control is-invalid' : 'form-control'}
            multiple
            required
            accept=".zip,.csv,.json,application/zip,text/csv,application/json"
            aria-describedby={error ? 'package-hint package-error' : 'package-hint'}
            aria-invalid={error ? 'true' : undefined}
          />
          <small id="package-hint" class="form-text" safe>
            {view.t('editor.import.fileHint')}
          </small>
          {error ? (
            <div id="package-error" class="invalid-feedback d-block" safe>
              {view.t(error.key, error.params)}
            </div>
          ) : (
            ''
          )}
        </div>
        <div class="form-check mb-4">
          <input type="checkbox" id="publish" name="publish" checked={publish} aria-describedby="publish-hint" />
          <label for="publish" safe>
            {view.t('editor.import.publish')}
          </label>
          <small id="publish-hint" class="form-text d-block" safe>
            {view.t('editor.import.publishHint')}
          </small>
        </div>
        <button type="submit" class="btn btn-primary" safe>
          {view.t('editor.import.check')}
        </button>
      </form>
      <h2 class="h4" safe>
        {view.t('editor.import.recent')}
      </h2>
      {jobs.length === 0 ? (
        <p safe>{view.t('editor.import.noJobs')}</p>
      ) : (
        <DataTable caption={view.t('editor.import.recent')} headers={[view.t('editor.import.when'), view.t('editor.import.who'), view.t('editor.import.files'), view.t('editor.import.state')]}>
          {jobs.map((job) => (
            <tr>
              <td class="text-nowrap">
                <a href={`/directory/manage/import/${job.id}`} safe>
                  {tableDate(view, job.createdAt, true)}
                </a>
              </td>
              <td safe>{job.createdByName ?? ''}</td>
              <td class="text-break" safe>
                {job.fileNames.join(', ')}
              </td>
              <td>
                <StatusBadge view={view} job={job} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}

function Progress({ view, job, refreshing }: { view: View; job: ImportJob; refreshing: boolean }) {
  const phase = job.phase === 'writing' ? (job.status === 'checking' ? 'editor.import.phase.trying' : 'editor.import.phase.writing') : 'editor.import.phase.checking';
  const total = Math.max(job.total, 0);
  const self = `/directory/manage/import/${job.id}`;
  return (
    <section class="mb-4" aria-labelledby="progress-label">
      <p id="progress-label" class="fw-semibold mb-1" safe>
        {view.t(phase)}
      </p>
      {total > 0 ? <progress id="progress" class="w-100" value={String(Math.min(job.processed, total))} max={String(total)} aria-labelledby="progress-label" /> : <progress id="progress" class="w-100" aria-labelledby="progress-label" />}
      <p class="mt-1" safe>
        {total > 0 ? view.t('editor.import.progress', { processed: Math.min(job.processed, total), total }) : view.t('editor.import.progressStarting')}
      </p>
      <p class="small">
        {refreshing ? (
          <>
            <span safe>{view.t('editor.import.refreshing')}</span>{' '}
            <a href={`${self}?refresh=off`} safe>
              {view.t('editor.import.stopRefreshing')}
            </a>
          </>
        ) : (
          <a href={self} safe>
            {view.t('editor.import.reload')}
          </a>
        )}
      </p>
    </section>
  );
}

function Counts({ view, job }: { view: View; job: ImportJob }) {
  const counts = Object.entries(job.report?.counts ?? {});
  if (counts.length === 0) return '';
  const verbKey = job.status === 'imported';
  return (
    <DataTable caption={view.t('editor.import.countsCaption')} headers={[view.t('editor.import.fileColumn'), view.t(verbKey ? 'editor.import.created' : 'editor.import.toCreate'), view.t(verbKey ? 'editor.import.updated' : 'editor.import.toUpdate')]} small>
      {counts.map(([resource, n]) => (
        <tr>
          <td safe>{RESOURCE_BY_NAME.get(resource)?.path ?? resource}</td>
          <td safe>{view.tr.number(n.created)}</td>
          <td safe>{view.tr.number(n.updated)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function Rejections({ view, job }: { view: View; job: ImportJob }) {
  const report = job.report;
  if (!report || report.rejected.length === 0) return '';
  return (
    <>
      <h2 class="h4" safe>
        {view.t('editor.import.rejectedTitle', { count: report.rejectedTotal })}
      </h2>
      {report.rejectedTotal > report.rejected.length ? <p safe>{view.t('editor.import.rejectedShown', { shown: report.rejected.length, total: report.rejectedTotal })}</p> : ''}
      <DataTable caption={view.t('editor.import.rejectedCaption')} headers={[view.t('editor.import.fileColumn'), view.t('editor.import.row'), view.t('editor.import.field'), view.t('editor.import.value'), view.t('editor.import.reason')]} small>
        {report.rejected.map((r) => (
          <tr>
            <td safe>{r.file}</td>
            <td safe>{r.row > 0 ? view.tr.number(r.row) : ''}</td>
            <td>
              <code safe>{r.field ?? ''}</code>
            </td>
            <td class="text-break" dir="auto" safe>
              {r.value ?? ''}
            </td>
            <td safe>{rejectionText(view, r)}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

function Warnings({ view, job }: { view: View; job: ImportJob }) {
  const warnings = job.report?.warnings ?? [];
  if (warnings.length === 0) return '';
  return (
    <>
      <h2 class="h5" safe>
        {view.t('editor.import.warningsTitle')}
      </h2>
      <ul>
        {warnings.map((w) => (
          <li safe>{warningText(view, w)}</li>
        ))}
      </ul>
    </>
  );
}

export function ImportJobPage({ view, job, refreshing }: { view: View; job: ImportJob; refreshing: boolean }) {
  const running = isRunning(job.status) && !job.interrupted;
  const services = job.report?.services;
  return (
    <Layout view={view} title={view.t('editor.import.jobTitle')}>
      <p>
        <a href="/directory/manage/import" safe>
          {view.t('editor.import.back')}
        </a>
      </p>
      <h1 class="h2 mb-3" safe>
        {view.t('editor.import.jobTitle')}
      </h1>
      <dl class="row">
        <dt class="col-sm-3" safe>
          {view.t('editor.import.files')}
        </dt>
        <dd class="col-sm-9 text-break" safe>
          {job.fileNames.join(', ')}
        </dd>
        <dt class="col-sm-3" safe>
          {view.t('editor.import.who')}
        </dt>
        <dd class="col-sm-9" safe>
          {`${job.createdByName ?? ''} · ${tableDate(view, job.createdAt, true)}`}
        </dd>
        <dt class="col-sm-3" safe>
          {view.t('editor.import.state')}
        </dt>
        <dd class="col-sm-9">
          <StatusBadge view={view} job={job} />
        </dd>
        <dt class="col-sm-3" safe>
          {view.t('editor.import.afterImport')}
        </dt>
        <dd class="col-sm-9" safe>
          {view.t(job.publish ? 'editor.import.publishYes' : 'editor.import.publishNo')}
        </dd>
      </dl>
      <div role="status">
        {running ? <Progress view={view} job={job} refreshing={refreshing} /> : ''}
        {job.interrupted ? <p class="alert alert-danger" safe>{view.t('editor.import.interrupted')}</p> : ''}
        {job.status === 'failed' ? <p class="alert alert-danger" safe>{view.t('editor.import.failed')}</p> : ''}
        {job.status === 'rejected' ? (
          <p class="alert alert-danger" safe>
            {view.t(job.report?.dryRun === false ? 'editor.import.rejectedAtImport' : 'editor.import.rejected')}
          </p>
        ) : (
          ''
        )}
        {job.status === 'checked' ? <p class="alert alert-info" safe>{view.t(job.hasFiles ? 'editor.import.checked' : 'editor.import.expired')}</p> : ''}
        {job.status === 'imported' && services ? (
          <p class="alert alert-success" safe>
            {view.t(job.publish ? 'editor.import.importedPublished' : 'editor.import.importedInReview', { count: job.publish ? services.published : services.inReview, refreshed: services.refreshed })}
          </p>
        ) : (
          ''
        )}
      </div>
      {job.status === 'checked' && job.hasFiles ? (
        <form method="post" action={`/directory/manage/import/${job.id}/confirm`} class="mb-4">
          <CsrfField view={view} />
          <button type="submit" class="btn btn-primary" safe>
            {view.t(job.publish ? 'editor.import.confirmPublish' : 'editor.import.confirm')}
          </button>
        </form>
      ) : (
        ''
      )}
      <Counts view={view} job={job} />
      <Rejections view={view} job={job} />
      <Warnings view={view} job={job} />
    </Layout>
  );
}
