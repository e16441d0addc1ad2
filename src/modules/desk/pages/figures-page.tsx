// The desk's figures: a filter (period, organization), then each table with its chart and its CSV export.
// Only aggregates: a figure that stands for fewer than five people says so instead of a number.
import { Layout } from '../../../kernel/ui/layout.js';
import type { View } from '../../../kernel/ui/view.js';
import { ErrorSummary, TextField, type FormState } from '../../../kernel/ui/fields.js';
import { cellText, type FigureTable } from '../figures-tables.js';
import { MIN_PEOPLE } from '../figures.repo.js';
import { BarChart } from './bar-chart.js';

export interface FiguresPageData {
  form: FormState;
  /** The organizations one may choose among; null when one sees only one's own. */
  organizations: { id: string; name: string }[] | null;
  /** Whose figures and over which days; null when the filter is wrong. */
  shown: { scopeName: string; from: Date; to: Date; query: string } | null;
  tables: FigureTable[];
}

function OrganizationField({ view, form, organizations }: { view: View; form: FormState; organizations: { id: string; name: string }[] }) {
  const selected = typeof form.values.organization === 'string' ? form.values.organization : 'all';
  const error = form.errors.organization;
  return (
    <div class="select-wrapper mb-4">
      <label for="organization" safe>
        {view.t('figures.filters.organization')}
      </label>
      <select id="organization" name="organization" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'organization-error' : undefined}>
        <option value="all" selected={selected === 'all'} safe>
          {view.t('figures.filters.province')}
        </option>
        {organizations.map((o) => (
          <option value={o.id} selected={o.id === selected} safe>
            {o.name}
          </option>
        ))}
      </select>
      {error ? (
        <div id="organization-error" class="invalid-feedback d-block" safe>
          {view.t(error.key, error.params)}
        </div>
      ) : (
        ''
      )}
    </div>
  );
}

function FigureSection({ view, table, query }: { view: View; table: FigureTable; query: string }) {
  const headingId = `figures-${table.id}`;
  const exportHref = `/desk/figures?${query}${query ? '&' : ''}export=${table.id}`;
  const chartKind = table.kinds[table.chartColumn]!;
  return (
    <section class="mb-5" aria-labelledby={headingId}>
      <h2 class="h4" id={headingId} safe>
        {table.title}
      </h2>
      <p class="text-muted" safe>
        {table.description}
      </p>
      {table.rows.length === 0 ? (
        <p safe>{view.t('figures.empty')}</p>
      ) : (
        <>
          <BarChart
            view={view}
            title={table.title}
            bars={table.rows.map((r) => {
              const cell = r.cells[table.chartColumn]!;
              return { label: r.label, value: cell.shown ? cell.value : null, text: cellText(view.tr, chartKind, cell) };
            })}
          />
          <div class="table-responsive">
            <table class="table table-sm" data-figures={table.id}>
              <caption class="visually-hidden" safe>
                {table.title}
              </caption>
              <thead>
                <tr>
                  {table.headers.map((h, i) => (
                    <th scope="col" class={i > 0 ? 'text-end' : undefined} safe>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr>
                    <th scope="row" class="fw-normal" safe>
                      {r.label}
                    </th>
                    {r.cells.map((c, i) => (
                      <td class={c.shown ? 'text-end' : 'text-end text-muted fst-italic'} data-suppressed={c.shown ? undefined : 'true'} safe>
                        {cellText(view.tr, table.kinds[i]!, c)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              {table.total ? (
                <tfoot>
                  <tr>
                    <th scope="row" safe>
                      {view.t('figures.totalShown')}
                    </th>
                    {table.total.map((v) => (
                      <td class="text-end fw-bold" safe>
                        {v === null ? '' : view.tr.number(v)}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              ) : (
                ''
              )}
            </table>
          </div>
        </>
      )}
      <p>
        <a href={exportHref} safe>
          {view.t('figures.export', { title: table.title })}
        </a>
      </p>
    </section>
  );
}

export function FiguresPage({ view, data }: { view: View; data: FiguresPageData }) {
  const title = view.t('figures.title');
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <p safe>{view.t('figures.intro', { min: MIN_PEOPLE })}</p>
      <ErrorSummary
        view={view}
        form={data.form}
        labels={{ from: view.t('figures.filters.from'), to: view.t('figures.filters.to'), organization: view.t('figures.filters.organization') }}
      />
      <form method="get" action="/desk/figures" class="mb-4" novalidate>
        <div class="row g-3 align-items-end">
          <div class="col-md-3">
            <TextField view={view} form={data.form} name="from" type="date" label={view.t('figures.filters.from')} />
          </div>
          <div class="col-md-3">
            <TextField view={view} form={data.form} name="to" type="date" label={view.t('figures.filters.to')} />
          </div>
          {data.organizations ? (
            <div class="col-md-4">
              <OrganizationField view={view} form={data.form} organizations={data.organizations} />
            </div>
          ) : (
            ''
          )}
          <div class="col-md-2 mb-4">
            <button type="submit" class="btn btn-primary" safe>
              {view.t('figures.filters.show')}
            </button>
          </div>
        </div>
      </form>
      {data.shown ? (
        <>
          <p class="lead" role="status" safe>
            {view.t('figures.showing', { scope: data.shown.scopeName, from: view.tr.date(data.shown.from), to: view.tr.date(data.shown.to) })}
          </p>
          {data.tables.map((table) => (
            <FigureSection view={view} table={table} query={data.shown!.query} />
          ))}
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}
