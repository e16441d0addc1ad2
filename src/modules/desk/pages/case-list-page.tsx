// The cases an operator is on the team of, whatever their organization: open ones first, with the actions
// past their due date.
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import type { View } from '../../../kernel/ui/view.js';
import { CaseBadges, shortDate } from './case-fields.js';

export interface CaseListItem {
  id: string;
  personName: string;
  status: 'open' | 'closed';
  restricted: boolean;
  openedAt: Date;
  leadName: string;
  overdueActions: number;
}

export function CaseListPage({ view, cases }: { view: View; cases: CaseListItem[] }) {
  const title = view.t('cases.list.title');
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <p safe>{view.t('cases.list.intro')}</p>
      {cases.length === 0 ? (
        <p class="alert alert-info" safe>
          {view.t('cases.list.none')}
        </p>
      ) : (
        <DataTable
          caption={title}
          headers={[view.t('cases.list.person'), view.t('cases.fields.status'), view.t('cases.fields.lead'), view.t('cases.fields.openedAt'), view.t('cases.list.overdue')]}
        >
          {cases.map((c) => (
            <tr>
              <td>
                <a href={`/desk/cases/${c.id}`} safe>
                  {c.personName}
                </a>
              </td>
              <td>
                <CaseBadges view={view} status={c.status} restricted={c.restricted} />
              </td>
              <td safe>{c.leadName}</td>
              <td safe>{shortDate(view, c.openedAt)}</td>
              <td>
                {c.overdueActions > 0 ? (
                  <span class="badge bg-warning text-white" safe>
                    {view.t('cases.list.overdueCount', { count: c.overdueActions })}
                  </span>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
