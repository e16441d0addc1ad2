// The Prefettura's dashboard: per centre, overdue documents, open findings by severity, days since the last
// inspection, occupancy, and the variance between the count declared and the count the inspectors made.
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import type { View } from '../../../kernel/ui/view.js';

export interface DashboardLine {
  id: string;
  code: string;
  name: string;
  municipality: string;
  managingBody: string;
  capacity: number;
  present: number;
  occupancyRate: number;
  overdueDocuments: number;
  open: { low: number; medium: number; high: number; critical: number };
  daysSinceInspection: number | null;
  countedPresent: number | null;
  declaredPresent: number | null;
  /** Declared minus counted, on the day of the last inspection. */
  variance: number | null;
}

export function DashboardPage({ view, lines }: { view: View; lines: DashboardLine[] }) {
  const t = view.t;
  const open = (l: DashboardLine) => l.open.low + l.open.medium + l.open.high + l.open.critical;
  const totals = {
    overdue: lines.filter((l) => l.overdueDocuments > 0).length,
    critical: lines.reduce((n, l) => n + l.open.critical + l.open.high, 0),
    never: lines.filter((l) => l.daysSinceInspection === null).length,
  };
  return (
    <Layout view={view} title={t('reception.dashboard.title')}>
      <h1 class="h2 mb-3" safe>
        {t('reception.dashboard.title')}
      </h1>
      <ul class="list-unstyled" id="dashboard-summary">
        <li safe>{t('reception.dashboard.centresOverdue', { count: totals.overdue })}</li>
        <li safe>{t('reception.dashboard.seriousFindings', { count: totals.critical })}</li>
        <li safe>{t('reception.dashboard.neverInspected', { count: totals.never })}</li>
      </ul>
      <p>
        <a href="/reception/dashboard?format=csv" download="" safe>
          {t('reception.dashboard.export')}
        </a>
      </p>
      <DataTable
        caption={t('reception.dashboard.title')}
        headers={[
          t('reception.centre.name'),
          t('reception.centre.municipality'),
          t('reception.dashboard.occupancy'),
          t('reception.dashboard.overdueDocuments'),
          t('reception.dashboard.openFindings'),
          t('reception.dashboard.daysSinceInspection'),
          t('reception.dashboard.variance'),
        ]}
      >
        {lines.map((l) => (
          <tr data-centre={l.code} class={l.overdueDocuments > 0 || l.open.critical > 0 ? 'table-warning' : undefined}>
            <td>
              {view.can('reception.centres') ? (
                <a href={`/reception/centres/${l.id}`} safe>
                  {`${l.code} · ${l.name}`}
                </a>
              ) : (
                <span safe>{`${l.code} · ${l.name}`}</span>
              )}
              <div class="small" safe>
                {l.managingBody}
              </div>
            </td>
            <td safe>{l.municipality}</td>
            <td safe>{t('reception.centre.presentOfCapacity', { present: l.present, capacity: l.capacity, rate: l.occupancyRate })}</td>
            <td data-overdue={String(l.overdueDocuments)} safe>
              {String(l.overdueDocuments)}
            </td>
            <td data-open={String(open(l))} safe>
              {t('reception.dashboard.bySeverity', { critical: l.open.critical, high: l.open.high, medium: l.open.medium, low: l.open.low })}
            </td>
            <td safe>{l.daysSinceInspection === null ? t('reception.dashboard.never') : String(l.daysSinceInspection)}</td>
            <td safe>
              {l.variance === null
                ? t('reception.dashboard.noComparison')
                : t('reception.dashboard.varianceIs', { declared: l.declaredPresent ?? 0, counted: l.countedPresent ?? 0, variance: l.variance })}
            </td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  );
}
