// Lists of services in the directory back office: every service in the operator's scope (filterable),
// and the ones whose information nobody has confirmed for a while.
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import { CsrfField } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import { PUBLICATION_STATUSES } from '../directory.schema.js';
import { SERVICE_STATUS_KEYS } from '../editor-form.js';
import type { PublicationStatus, ServiceListRow } from '../editor.repo.js';
import { PUBLICATION_STATUS_KEYS, PublicationBadge, tableDate, ServiceCells } from './editor-fields.js';

function verifiedText(view: View, row: ServiceListRow): string {
  return row.lastVerifiedAt ? tableDate(view, row.lastVerifiedAt) : view.t('editor.list.never');
}

export function ServicesListPage({
  view,
  rows,
  total,
  page,
  pages,
  filter,
}: {
  view: View;
  rows: ServiceListRow[];
  total: number;
  page: number;
  pages: number;
  filter: { status?: PublicationStatus | undefined; q?: string | undefined };
}) {
  const query = (p: number) => {
    const params = new URLSearchParams();
    if (filter.status) params.set('status', filter.status);
    if (filter.q) params.set('q', filter.q);
    if (p > 1) params.set('page', String(p));
    const s = params.toString();
    return s ? `/directory/manage/services?${s}` : '/directory/manage/services';
  };
  return (
    <Layout view={view} title={view.t('editor.list.title')}>
      <div class="d-flex flex-wrap justify-content-between align-items-center mb-3 gap-2">
        <h1 class="h2 mb-0" safe>
          {view.t('editor.list.title')}
        </h1>
        <a class="btn btn-primary" href="/directory/manage/services/new" safe>
          {view.t('editor.list.newService')}
        </a>
      </div>
      <p safe>{view.t(view.can('directory.publish') ? 'editor.list.introPublisher' : 'editor.list.introEditor')}</p>
      <form method="get" action="/directory/manage/services" class="row g-3 align-items-end mb-4">
        <div class="col-md-5">
          <div class="form-group mb-0">
            <label for="q" class="active" safe>
              {view.t('editor.list.search')}
            </label>
            <input type="search" class="form-control" id="q" name="q" value={filter.q ?? ''} maxlength={100} />
          </div>
        </div>
        <div class="col-md-4">
          <div class="select-wrapper">
            <label for="status" safe>
              {view.t('editor.list.filterStatus')}
            </label>
            <select id="status" name="status">
              <option value="" safe>
                {view.t('editor.list.allStatuses')}
              </option>
              {PUBLICATION_STATUSES.map((s) => (
                <option value={s} selected={filter.status === s} safe>
                  {view.t(PUBLICATION_STATUS_KEYS[s])}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="col-md-3">
          <button type="submit" class="btn btn-outline-primary" safe>
            {view.t('common.filter')}
          </button>
        </div>
      </form>
      <p class="text-muted" role="status" safe>
        {view.t('editor.list.count', { count: total })}
      </p>
      {rows.length === 0 ? (
        <p safe>{view.t('editor.list.empty')}</p>
      ) : (
        <DataTable caption={view.t('editor.list.title')} headers={[view.t('editor.fields.name'), view.t('editor.fields.organization'), view.t('editor.list.publication'), view.t('editor.fields.status'), view.t('editor.list.verified'), view.t('editor.list.reports')]}>
          {rows.map((r) => (
            <tr>
              <ServiceCells href={`/directory/manage/services/${r.id}`} row={r} />
              <td>
                <PublicationBadge view={view} status={r.publicationStatus} />
                {r.online && r.publicationStatus !== 'published' ? (
                  <div class="small" safe>
                    {view.t('editor.list.onlineMeanwhile')}
                  </div>
                ) : (
                  ''
                )}
              </td>
              <td safe>{view.t(SERVICE_STATUS_KEYS[r.status])}</td>
              <td safe>{verifiedText(view, r)}</td>
              <td safe>{view.tr.number(r.openReports)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {pages > 1 ? (
        <nav aria-label={view.t('editor.list.pagination')} class="d-flex align-items-center gap-3">
          {page > 1 ? (
            <a href={query(page - 1)} safe>
              {view.t('common.previous')}
            </a>
          ) : (
            ''
          )}
          <span safe>{view.t('common.page', { page, pages })}</span>
          {page < pages ? (
            <a href={query(page + 1)} safe>
              {view.t('common.next')}
            </a>
          ) : (
            ''
          )}
        </nav>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function VerificationPage({ view, rows, months }: { view: View; rows: ServiceListRow[]; months: number }) {
  const back = `/directory/manage/verification?months=${months}`;
  return (
    <Layout view={view} title={view.t('editor.verification.title')}>
      <h1 class="h2 mb-3" safe>
        {view.t('editor.verification.title')}
      </h1>
      <p safe>{view.t('editor.verification.intro')}</p>
      <form method="get" action="/directory/manage/verification" class="row g-3 align-items-end mb-4">
        <div class="col-sm-6 col-md-4">
          <div class="form-group mb-0">
            <label for="months" class="active" safe>
              {view.t('editor.verification.months')}
            </label>
            <input type="number" class="form-control" id="months" name="months" value={String(months)} min="1" max="120" inputmode="numeric" />
          </div>
        </div>
        <div class="col-sm-6 col-md-3">
          <button type="submit" class="btn btn-outline-primary" safe>
            {view.t('common.filter')}
          </button>
        </div>
      </form>
      <p class="text-muted" role="status" safe>
        {view.t('editor.verification.count', { count: rows.length, months })}
      </p>
      {rows.length === 0 ? (
        <p safe>{view.t('editor.verification.empty')}</p>
      ) : (
        <DataTable caption={view.t('editor.verification.title')} headers={[view.t('editor.fields.name'), view.t('editor.fields.organization'), view.t('editor.list.verified'), view.t('editor.verification.action')]}>
          {rows.map((r) => (
            <tr>
              <ServiceCells href={`/directory/manage/services/${r.id}`} row={r} />
              <td safe>{verifiedText(view, r)}</td>
              <td>
                <form method="post" action={`/directory/manage/services/${r.id}/verify`}>
                  <CsrfField view={view} />
                  <input type="hidden" name="next" value={back} />
                  <button type="submit" class="btn btn-outline-primary btn-sm" aria-label={view.t('editor.verification.stillCorrectFor', { name: r.name })} safe>
                    {view.t('editor.verification.stillCorrect')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
