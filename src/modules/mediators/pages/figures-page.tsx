// The mediation figures: the period, then each table with its CSV export, and the whole as XLSX.
import { Layout } from '../../../kernel/ui/layout.js';
import { ErrorSummary, type FormState } from '../../../kernel/ui/fields.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import type { View } from '../../../kernel/ui/view.js';
import type { FigureTable } from '../mediation-figures.js';
import { TimeInput } from './fields.js';

export function FiguresPage({ view, form, tables, query, averageRating }: { view: View; form: FormState; tables: FigureTable[]; query: string | null; averageRating: number | null }) {
  const title = view.t('mediators.figures.title');
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <p safe>{view.t('mediators.figures.intro')}</p>
      <ErrorSummary view={view} form={form} labels={{ from: view.t('mediators.figures.from'), to: view.t('mediators.figures.to') }} />
      <form method="get" action="/mediation/figures" class="d-flex flex-wrap gap-3 align-items-end mb-4" novalidate>
        <TimeInput view={view} form={form} name="from" label={view.t('mediators.figures.from')} type="date" />
        <TimeInput view={view} form={form} name="to" label={view.t('mediators.figures.to')} type="date" />
        <button type="submit" class="btn btn-primary mb-3" safe>
          {view.t('mediators.figures.show')}
        </button>
      </form>
      {query ? (
        <>
          <p>
            <a class="btn btn-outline-primary btn-sm" href={`/mediation/figures?${query}&format=xlsx`} safe>
              {view.t('mediators.figures.xlsx')}
            </a>
          </p>
          {averageRating !== null ? <p safe>{view.t('mediators.figures.rating', { rating: view.tr.number(averageRating) })}</p> : ''}
          {tables.map((table) => (
            <section class="mb-5" aria-labelledby={`table-${table.id}`}>
              <h2 class="h4" id={`table-${table.id}`} safe>
                {table.title}
              </h2>
              <p class="small" safe>
                {table.description}
              </p>
              {table.rows.length === 0 ? (
                <p safe>{view.t('mediators.figures.empty')}</p>
              ) : (
                <DataTable caption={table.title} headers={table.headers} small>
                  {table.rows.map((r) => (
                    <tr>
                      <td safe>{r.label}</td>
                      {r.cells.map((c) => (
                        <td safe>{view.tr.number(c)}</td>
                      ))}
                    </tr>
                  ))}
                </DataTable>
              )}
              <a href={`/mediation/figures?${query}&export=${table.id}&format=csv`} safe>
                {view.t('mediators.figures.csv', { table: table.title })}
              </a>
            </section>
          ))}
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}
