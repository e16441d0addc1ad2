import { Layout } from '../../ui/layout.js';
import { DataTable } from '../../ui/data-table.js';
import { CsrfField, TextField, type FormState } from '../../ui/fields.js';
import type { View } from '../../ui/view.js';
import type { ChainReport } from '../audit.js';

export interface AuditRow {
  id: number;
  occurredAt: Date;
  actorName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export function AuditPage({
  view,
  rows,
  filter,
  nextBefore,
  report,
}: {
  view: View;
  rows: AuditRow[];
  filter: FormState;
  nextBefore?: number | undefined;
  report?: ChainReport | undefined;
}) {
  const query = new URLSearchParams(
    Object.entries(filter.values).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'before'),
  );
  if (nextBefore) query.set('before', String(nextBefore));
  return (
    <Layout view={view} title={view.t('audit.title')}>
      <h1 class="h2 mb-4" safe>
        {view.t('audit.title')}
      </h1>
      {report ? (
        <div class={report.ok ? 'alert alert-success' : 'alert alert-danger'} role="status" safe>
          {report.ok
            ? view.t('audit.chainOk', { count: report.checked })
            : view.t('audit.chainBroken', { id: report.brokenAt!.id, count: report.checked })}
        </div>
      ) : (
        ''
      )}
      <form method="post" action="/admin/audit/verify" class="mb-4">
        <CsrfField view={view} />
        <button type="submit" class="btn btn-outline-primary btn-sm" safe>
          {view.t('audit.verify')}
        </button>
      </form>
      <form method="get" action="/admin/audit" class="row g-3 mb-4" role="search" aria-label={view.t('audit.filters')}>
        <div class="col-md-4">
          <TextField view={view} form={filter} name="action" label={view.t('audit.action')} maxlength={100} />
        </div>
        <div class="col-md-3">
          <TextField view={view} form={filter} name="entityType" label={view.t('audit.entityType')} maxlength={100} />
        </div>
        <div class="col-md-3">
          <TextField view={view} form={filter} name="entityId" label={view.t('audit.entityId')} maxlength={100} />
        </div>
        <div class="col-md-2 d-flex align-items-start">
          <button type="submit" class="btn btn-primary" safe>
            {view.t('common.filter')}
          </button>
        </div>
      </form>
      {rows.length === 0 ? (
        <p safe>{view.t('audit.empty')}</p>
      ) : (
        <DataTable caption={view.t('audit.title')} headers={[view.t('audit.when'), view.t('audit.who'), view.t('audit.action'), view.t('audit.record'), view.t('audit.from'), view.t('audit.details')]} small>
          {rows.map((r) => (
            <tr>
              <td safe>{view.tr.dateTime(r.occurredAt)}</td>
              <td safe>{r.actorName ?? view.t('audit.nobody')}</td>
              <td>
                <code safe>{r.action}</code>
              </td>
              <td safe>{r.entityType ? `${r.entityType} ${r.entityId ?? ''}` : ''}</td>
              <td safe>{r.ip ?? ''}</td>
              <td>
                <code class="small" dir="ltr" safe>
                  {Object.keys(r.details).length ? JSON.stringify(r.details) : ''}
                </code>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {nextBefore ? (
        <a href={`/admin/audit?${query.toString()}`} safe>
          {view.t('audit.older')}
        </a>
      ) : (
        ''
      )}
    </Layout>
  );
}
