// The organization's referrals: those received (the inbox, the late ones highlighted) and those sent (the
// closed loop: where each one stands). Lists show no personal data of the person: that is on the referral's
// own page, where reading it is recorded.
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import type { View } from '../../../kernel/ui/view.js';
import { OUTCOME_KEYS, REFERRAL_STATUSES, REFERRAL_STATUS_KEYS } from '../referral-status.js';
import type { ReferralRow, StatusFilter } from '../referrals.repo.js';
import { ReferralStatusBadge } from './referral-badge.js';
import { localizedName, numericDate } from './format.js';

export type Box = 'received' | 'sent';

interface ListProps {
  view: View;
  box: Box;
  rows: ReferralRow[];
  total: number;
  page: number;
  pages: number;
  status: StatusFilter;
  counts: { waiting: number; overdue: number };
  now: Date;
}

const BASE: Record<Box, string> = { received: '/referrals', sent: '/referrals/sent' };

function Tabs({ view, box, counts }: { view: View; box: Box; counts: { waiting: number } }) {
  const tab = (b: Box, label: string) => (
    <li class="nav-item">
      <a class={b === box ? 'nav-link active' : 'nav-link'} href={BASE[b]} aria-current={b === box ? 'page' : undefined} safe>
        {label}
      </a>
    </li>
  );
  return (
    <nav aria-label={view.t('referrals.list.boxes')} class="mb-4">
      <ul class="nav nav-tabs">
        {tab('received', view.t('referrals.list.received', { count: counts.waiting }))}
        {tab('sent', view.t('referrals.list.sent'))}
      </ul>
    </nav>
  );
}

const needOf = (view: View, r: ReferralRow) => (r.needName ? localizedName(view, r.needTranslations, r.needName) : '');
const outcomeOf = (view: View, r: ReferralRow): string => (r.outcome ? view.t(OUTCOME_KEYS[r.outcome]) : '');
const isOverdue = (r: ReferralRow, now: Date) => r.status === 'sent' && r.answerBy.getTime() < now.getTime();

export function ReferralListPage({ view, box, rows, total, page, pages, status, counts, now }: ListProps) {
  const title = view.t(box === 'received' ? 'referrals.list.titleReceived' : 'referrals.list.titleSent');
  const base = BASE[box];
  const query = (p: number) => {
    const params = new URLSearchParams();
    if (status !== 'open') params.set('status', status);
    if (p > 1) params.set('page', String(p));
    const s = params.toString();
    return s ? `${base}?${s}` : base;
  };
  const filters: { value: StatusFilter; key: string }[] = [
    { value: 'open', key: 'referrals.list.filterOpen' },
    { value: 'all', key: 'referrals.list.filterAll' },
    ...REFERRAL_STATUSES.map((s) => ({ value: s, key: REFERRAL_STATUS_KEYS[s] })),
  ];
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <Tabs view={view} box={box} counts={counts} />
      <p safe>{view.t(box === 'received' ? 'referrals.list.introReceived' : 'referrals.list.introSent')}</p>
      {box === 'received' && counts.overdue > 0 ? (
        <div class="alert alert-warning" safe>
          {view.t('referrals.list.overdueAlert', { count: counts.overdue })}
        </div>
      ) : (
        ''
      )}
      <form method="get" action={base} class="row g-3 align-items-end mb-3">
        <div class="col-md-5">
          <div class="select-wrapper">
            <label for="status" safe>
              {view.t('referrals.list.filterStatus')}
            </label>
            <select id="status" name="status">
              {filters.map((f) => (
                <option value={f.value} selected={f.value === status} safe>
                  {view.t(f.key)}
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
        {view.t('referrals.list.count', { count: total })}
      </p>
      {rows.length === 0 ? (
        <p safe>{view.t('referrals.list.empty')}</p>
      ) : box === 'received' ? (
        <DataTable
          caption={title}
          headers={[
            view.t('referrals.fields.service'),
            view.t('referrals.fields.from'),
            view.t('referrals.fields.need'),
            view.t('referrals.fields.sentAt'),
            view.t('referrals.fields.answerBy'),
            view.t('referrals.fields.status'),
          ]}
        >
          {rows.map((r) => {
            const overdue = isOverdue(r, now);
            return (
              <tr class={overdue ? 'table-warning' : undefined} data-referral={r.id}>
                <td>
                  <a href={`/referrals/${r.id}`} safe>
                    {localizedName(view, r.serviceTranslations, r.serviceName)}
                  </a>
                </td>
                <td safe>{r.fromOrganizationName}</td>
                <td safe>{needOf(view, r)}</td>
                <td safe>{numericDate(view, r.sentAt)}</td>
                <td safe>{numericDate(view, r.answerBy)}</td>
                <td>
                  <ReferralStatusBadge view={view} status={r.status} overdue={overdue} />
                </td>
              </tr>
            );
          })}
        </DataTable>
      ) : (
        <DataTable
          caption={title}
          headers={[
            view.t('referrals.fields.service'),
            view.t('referrals.fields.to'),
            view.t('referrals.fields.need'),
            view.t('referrals.fields.sentAt'),
            view.t('referrals.fields.status'),
            view.t('referrals.fields.updatedAt'),
            view.t('referrals.fields.outcome'),
          ]}
        >
          {rows.map((r) => {
            const overdue = isOverdue(r, now);
            return (
              <tr class={overdue ? 'table-warning' : undefined} data-referral={r.id}>
                <td>
                  <a href={`/referrals/${r.id}`} safe>
                    {localizedName(view, r.serviceTranslations, r.serviceName)}
                  </a>
                </td>
                <td safe>{r.toOrganizationName}</td>
                <td safe>{needOf(view, r)}</td>
                <td safe>{numericDate(view, r.sentAt)}</td>
                <td>
                  <ReferralStatusBadge view={view} status={r.status} overdue={overdue} />
                </td>
                <td safe>{numericDate(view, r.updatedAt)}</td>
                <td safe>{outcomeOf(view, r)}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {pages > 1 ? (
        <nav aria-label={view.t('referrals.list.pagination')} class="d-flex align-items-center gap-3">
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
