// The managing body's presence register (the template, the upload with its list of bad lines, one line on
// screen) and the occupancy figures: presence-days of a month, the payment they make, occupancy over time.
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import { CsrfField, ErrorSummary, SelectField, TextField, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import { DEPARTURE_REASON_KEYS, DEPARTURE_REASONS } from '../reception-codes.js';
import type { CentreRow } from '../reception.repo.js';
import type { LineProblem, RegisterProblem } from '../presence-register.js';
import { Back, day, euros, monthOf, percent } from './format.js';
import { FileField } from './centre-pages.js';

export const REGISTER_PROBLEM_KEYS: Record<RegisterProblem, string> = {
  unknownCentre: 'reception.register.problems.unknownCentre',
  badEvent: 'reception.register.problems.badEvent',
  badDate: 'reception.register.problems.badDate',
  futureDate: 'reception.register.problems.futureDate',
  badGuestCode: 'reception.register.problems.badGuestCode',
  alreadyPresent: 'reception.register.problems.alreadyPresent',
  duplicateArrival: 'reception.register.problems.duplicateArrival',
  unknownGuest: 'reception.register.problems.unknownGuest',
  departureBeforeArrival: 'reception.register.problems.departureBeforeArrival',
  badReason: 'reception.register.problems.badReason',
  badCount: 'reception.register.problems.badCount',
  negativeCount: 'reception.register.problems.negativeCount',
  overCapacity: 'reception.register.problems.overCapacity',
};

export type RegisterOutcome =
  | { kind: 'problems'; problems: LineProblem[]; lines: number }
  | { kind: 'checked'; lines: number; arrivals: number; departures: number; counts: number }
  | { kind: 'saved'; lines: number; arrivals: number; departures: number; counts: number };

export function RegisterPage({ view, centres, uploadForm, lineForm, outcome }: { view: View; centres: CentreRow[]; uploadForm: FormState; lineForm: FormState; outcome?: RegisterOutcome | undefined }) {
  const t = view.t;
  const lineLabels = {
    centre: t('reception.register.centre'),
    event: t('reception.register.event'),
    date: t('reception.register.date'),
    guest: t('reception.register.guestCode'),
    reason: t('reception.register.reason'),
    present: t('reception.register.present'),
  };
  return (
    <Layout view={view} title={t('reception.register.title')}>
      <Back href="/reception" label={t('reception.centres.back')} />
      <h1 class="h2 mb-3" safe>
        {t('reception.register.title')}
      </h1>
      <p safe>{t('reception.register.intro')}</p>
      <ul>
        <li>
          <a href="/reception/register?template=xlsx" download="" safe>
            {t('reception.register.templateXlsx')}
          </a>
        </li>
        <li>
          <a href="/reception/register?template=csv" download="" safe>
            {t('reception.register.templateCsv')}
          </a>
        </li>
      </ul>
      <p class="small" safe>
        {t('reception.register.columns')}
      </p>
      {outcome?.kind === 'problems' ? (
        <div class="alert alert-danger" role="alert" id="register-problems" tabindex="-1">
          <h2 class="h5" safe>
            {t('reception.register.problemsTitle', { count: outcome.problems.length, lines: outcome.lines })}
          </h2>
          <p safe>{t('reception.register.nothingSaved')}</p>
          <DataTable caption={t('reception.register.problemsCaption')} headers={[t('reception.register.line'), t('reception.register.value'), t('reception.register.problem')]} small>
            {outcome.problems.map((p) => (
              <tr data-line={String(p.line)} data-problem={p.problem}>
                <td safe>{String(p.line)}</td>
                <td safe>{p.value}</td>
                <td safe>{t(REGISTER_PROBLEM_KEYS[p.problem], { ...p.params, ...(p.params?.arrived ? { arrived: day(view, String(p.params.arrived)) } : {}) })}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      ) : outcome ? (
        <div class={outcome.kind === 'saved' ? 'alert alert-success' : 'alert alert-info'} role="status" id="register-outcome">
          <p class="mb-0" safe>
            {t(outcome.kind === 'saved' ? 'reception.register.saved' : 'reception.register.checked', {
              lines: outcome.lines,
              arrivals: outcome.arrivals,
              departures: outcome.departures,
              counts: outcome.counts,
            })}
          </p>
        </div>
      ) : (
        ''
      )}
      <section aria-labelledby="upload-title" class="mb-5">
        <h2 class="h4" id="upload-title" safe>
          {t('reception.register.uploadTitle')}
        </h2>
        <ErrorSummary view={view} form={uploadForm} labels={{ register: t('reception.register.file') }} />
        <form method="post" action="/reception/register" enctype="multipart/form-data" novalidate>
          <CsrfField view={view} />
          <FileField view={view} form={uploadForm} name="register" label={t('reception.register.file')} accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
          <div class="form-check mb-3">
            <input type="checkbox" id="dryRun" name="dryRun" value="yes" checked={uploadForm.values.dryRun === 'yes'} />
            <label for="dryRun" safe>
              {t('reception.register.dryRun')}
            </label>
          </div>
          <button type="submit" class="btn btn-primary" safe>
            {t('reception.register.upload')}
          </button>
        </form>
      </section>
      <section aria-labelledby="line-title">
        <h2 class="h4" id="line-title" safe>
          {t('reception.register.lineTitle')}
        </h2>
        <ErrorSummary view={view} form={lineForm} labels={lineLabels} />
        <form method="post" action="/reception/register/line" novalidate class="mt-4">
          <CsrfField view={view} />
          <SelectField view={view} form={lineForm} name="centre" label={lineLabels.centre} required options={centres.map((c) => ({ value: c.code, label: `${c.code} · ${c.name}` }))} />
          <SelectField
            view={view}
            form={lineForm}
            name="event"
            label={lineLabels.event}
            required
            options={[
              { value: 'arrival', label: t('reception.register.events.arrival') },
              { value: 'departure', label: t('reception.register.events.departure') },
              { value: 'count', label: t('reception.register.events.count') },
            ]}
          />
          <TextField view={view} form={lineForm} name="date" type="date" label={lineLabels.date} required />
          <TextField view={view} form={lineForm} name="guest" label={lineLabels.guest} hint={t('reception.register.guestCodeHint')} maxlength={30} />
          <SelectField view={view} form={lineForm} name="reason" label={lineLabels.reason} options={DEPARTURE_REASONS.map((r) => ({ value: r, label: t(DEPARTURE_REASON_KEYS[r]) }))} />
          <TextField view={view} form={lineForm} name="present" type="number" inputmode="numeric" label={lineLabels.present} />
          <button type="submit" class="btn btn-primary" safe>
            {t('reception.register.saveLine')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

export interface PresenceLine {
  id: string;
  code: string;
  name: string;
  municipality_name: string;
  managing_body_name: string;
  capacity: number;
  daily_rate_cents: number;
  presence_days: number;
  declared_days: number;
  declared_count_days: number;
  guests: number;
}

export interface OccupancyPoint {
  day: string;
  /** By municipality: guests present and places. */
  municipalities: { name: string; present: number; capacity: number }[];
}

export function OccupancyPage({ view, month, months, lines, daysInMonth, history }: { view: View; month: string; months: string[]; lines: PresenceLine[]; daysInMonth: number; history: OccupancyPoint[] }) {
  const t = view.t;
  const monthLabel = (m: string) => monthOf(view, m);
  const totalDays = lines.reduce((n, l) => n + l.presence_days, 0);
  const totalAmount = lines.reduce((n, l) => n + l.presence_days * l.daily_rate_cents, 0);
  const municipalityNames = [...new Set(history.flatMap((h) => h.municipalities.map((m) => m.name)))];
  return (
    <Layout view={view} title={t('reception.occupancy.title')}>
      <Back href="/reception" label={t('reception.centres.back')} />
      <h1 class="h2 mb-3" safe>
        {t('reception.occupancy.title')}
      </h1>
      <p safe>{t('reception.occupancy.intro')}</p>
      <form method="get" action="/reception/occupancy" class="row g-3 align-items-end mb-3">
        <div class="col-md-5">
          <div class="select-wrapper">
            <label for="month" safe>
              {t('reception.occupancy.month')}
            </label>
            <select id="month" name="month">
              {months.map((m) => (
                <option value={m} selected={m === month} safe>
                  {monthLabel(m)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="col-md-3">
          <button type="submit" class="btn btn-outline-primary" safe>
            {t('common.filter')}
          </button>
        </div>
      </form>
      <h2 class="h4" safe>
        {t('reception.occupancy.presenceDaysOf', { month: monthLabel(month) })}
      </h2>
      <DataTable
        caption={t('reception.occupancy.presenceDaysOf', { month: monthLabel(month) })}
        headers={[
          t('reception.centre.code'),
          t('reception.centre.name'),
          t('reception.centre.municipality'),
          t('reception.occupancy.guests'),
          t('reception.occupancy.presenceDays'),
          t('reception.occupancy.declaredDays'),
          t('reception.occupancy.averageRate'),
          t('reception.occupancy.amount'),
        ]}
      >
        {lines.map((l) => (
          <tr data-centre={l.code}>
            <td safe>{l.code}</td>
            <td>
              <a href={`/reception/centres/${l.id}`} safe>
                {l.name}
              </a>
            </td>
            <td safe>{l.municipality_name}</td>
            <td safe>{String(l.guests)}</td>
            <td data-presence-days={String(l.presence_days)} safe>
              {String(l.presence_days)}
            </td>
            <td safe>{l.declared_count_days > 0 ? t('reception.occupancy.declaredOver', { days: l.declared_days, counted: l.declared_count_days }) : t('reception.occupancy.notDeclared')}</td>
            <td safe>{`${percent(l.presence_days, l.capacity * daysInMonth)}%`}</td>
            <td safe>{euros(view, l.presence_days * l.daily_rate_cents)}</td>
          </tr>
        ))}
        <tr class="fw-bold">
          <td colspan="4" safe>
            {t('reception.occupancy.total')}
          </td>
          <td safe>{String(totalDays)}</td>
          <td></td>
          <td></td>
          <td safe>{euros(view, totalAmount)}</td>
        </tr>
      </DataTable>
      <p class="small" safe>
        {t('reception.occupancy.howCounted')}
      </p>
      <h2 class="h4 mt-4" safe>
        {t('reception.occupancy.overTime')}
      </h2>
      <DataTable caption={t('reception.occupancy.overTime')} headers={[t('reception.occupancy.day'), ...municipalityNames]}>
        {history.map((h) => (
          <tr>
            <th scope="row" safe>
              {day(view, h.day)}
            </th>
            {municipalityNames.map((name) => {
              const m = h.municipalities.find((x) => x.name === name);
              return <td>{m ? t('reception.centre.presentOfCapacity', { present: m.present, capacity: m.capacity, rate: percent(m.present, m.capacity) }) : ''}</td>;
            })}
          </tr>
        ))}
      </DataTable>
    </Layout>
  );
}
