// A person's household (links to the family members the operator may see) and possible duplicates of a
// record, with the page that compares two records before merging them.
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import { CsrfField, ErrorSummary, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import { displayName, type Person } from '../people.js';
import { countryName } from '../countries.js';
import { HOUSEHOLD_RELATIONS, type HouseholdRelation } from '../household.js';
import { Back, type PersonListItem } from './desk-pages.js';

export type HouseholdMember = PersonListItem & { relation: HouseholdRelation };

const birth = (view: View, date: string | undefined) => (date ? view.tr.date(new Date(`${date}T12:00:00Z`)) : '');

/** On the person page: who of the household this operator may see, and where to change it. */
export function HouseholdSection({ view, person, household }: { view: View; person: Person; household: HouseholdMember[] }) {
  const t = view.t;
  return (
    <section class="mb-5" aria-labelledby="household-title">
      <h2 class="h4" id="household-title" safe>
        {t('desk.household.title')}
      </h2>
      {household.length === 0 ? (
        <p safe>{t('desk.household.none')}</p>
      ) : (
        <ul>
          {household.map((m) => (
            <li>
              <a href={`/desk/people/${m.id}`} safe>
                {m.name}
              </a>{' '}
              <span safe>{t(`desk.household.relations.${m.relation}`)}</span>
            </li>
          ))}
        </ul>
      )}
      <a class="btn btn-outline-primary btn-sm d-print-none" href={`/desk/people/${person.id}/household`} safe>
        {t('desk.household.manage')}
      </a>
    </section>
  );
}

/** On the person page, only when there are any: other records that may be the same person. */
export function DuplicatesSection({ view, person, duplicates }: { view: View; person: Person; duplicates: PersonListItem[] }) {
  if (duplicates.length === 0) return '';
  const t = view.t;
  return (
    <section class="alert alert-warning mb-5 d-print-none" aria-labelledby="possible-duplicates-title">
      <h2 class="h5" id="possible-duplicates-title" safe>
        {t('desk.merge.possible', { count: duplicates.length })}
      </h2>
      <ul class="mb-0">
        {duplicates.map((d) => (
          <li>
            <span safe>{d.name}</span> <span safe>{birth(view, d.birthDate)}</span> <span safe>{d.organizationName}</span>{' '}
            <a href={`/desk/people/${person.id}/merge/${d.id}`} safe>
              {t('desk.merge.compare')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function HouseholdPage({
  view,
  person,
  household,
  query,
  results,
  form,
}: {
  view: View;
  person: Person;
  household: HouseholdMember[];
  query: string;
  results: PersonListItem[] | null;
  form: FormState;
}) {
  const t = view.t;
  const name = displayName(person);
  const relationOptions = HOUSEHOLD_RELATIONS.map((r) => ({ value: r, label: t(`desk.household.relations.${r}`) }));
  return (
    <Layout view={view} title={t('desk.household.pageTitle', { name })}>
      <Back href={`/desk/people/${person.id}`} label={t('desk.household.back', { name })} />
      <h1 class="h2" safe>
        {t('desk.household.pageTitle', { name })}
      </h1>
      <ErrorSummary view={view} form={form} labels={{ relation: t('desk.household.relation'), relatedId: t('desk.person.name') }} />

      <section class="mb-5" aria-labelledby="members-title">
        <h2 class="h4" id="members-title" safe>
          {t('desk.household.members')}
        </h2>
        {household.length === 0 ? (
          <p safe>{t('desk.household.none')}</p>
        ) : (
          <DataTable caption={t('desk.household.members')} headers={[t('desk.person.name'), t('desk.person.birthDate'), t('desk.household.relation'), t('desk.household.actions')]}>
            {household.map((m) => (
              <tr>
                <td>
                  <a href={`/desk/people/${m.id}`} safe>
                    {m.name}
                  </a>
                </td>
                <td safe>{birth(view, m.birthDate)}</td>
                <td safe>{t(`desk.household.relations.${m.relation}`)}</td>
                <td>
                  <form method="post" action={`/desk/people/${person.id}/household/unlink`}>
                    <CsrfField view={view} />
                    <input type="hidden" name="relatedId" value={m.id} />
                    <button type="submit" class="btn btn-outline-danger btn-sm" aria-label={t('desk.household.unlinkNamed', { name: m.name })} safe>
                      {t('desk.household.unlink')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section aria-labelledby="add-member-title">
        <h2 class="h4" id="add-member-title" safe>
          {t('desk.household.add')}
        </h2>
        <form method="post" action={`/desk/people/${person.id}/household`} class="row g-3 align-items-end mb-4" role="search">
          <CsrfField view={view} />
          <div class="col-md-8">
            <div class="form-group mb-0">
              <label for="q" class="active" safe>
                {t('desk.home.searchName')}
              </label>
              <input type="search" class="form-control" id="q" name="q" value={query} maxlength={200} autocomplete="off" />
            </div>
          </div>
          <div class="col-md-4">
            <button type="submit" class="btn btn-outline-primary" safe>
              {t('desk.home.search')}
            </button>
          </div>
        </form>
        {results === null ? (
          ''
        ) : results.length === 0 ? (
          <div class="alert alert-info" role="status">
            <p safe>{t('desk.home.noResults')}</p>
            <a href="/desk/people/new" safe>
              {t('desk.home.newPerson')}
            </a>
          </div>
        ) : (
          <DataTable caption={t('desk.home.results', { count: results.length })} headers={[t('desk.person.name'), t('desk.person.birthDate'), t('desk.person.nationality'), t('desk.household.relation')]}>
            {results.map((p) => (
              <tr>
                <td>
                  <a href={`/desk/people/${p.id}`} safe>
                    {p.name}
                  </a>
                </td>
                <td safe>{birth(view, p.birthDate)}</td>
                <td safe>{p.nationality ? countryName(p.nationality, view.tr.locale) : ''}</td>
                <td>
                  <form method="post" action={`/desk/people/${person.id}/household/link`} class="d-flex flex-wrap gap-2 align-items-end">
                    <CsrfField view={view} />
                    <input type="hidden" name="relatedId" value={p.id} />
                    <input type="hidden" name="q" value={query} />
                    <div class="select-wrapper">
                      <label for={`relation-${p.id}`} class="visually-hidden" safe>
                        {t('desk.household.relationOf', { name: p.name, of: name })}
                      </label>
                      <select id={`relation-${p.id}`} name="relation" required>
                        <option value="" safe>
                          {t('common.choose')}
                        </option>
                        {relationOptions.map((o) => (
                          <option value={o.value} safe>
                            {o.label}
                          </option>
                        ))}
                      </select>
                    </div>
                    <button type="submit" class="btn btn-primary btn-sm" safe>
                      {t('desk.household.link')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </Layout>
  );
}

/** Two records side by side before merging: the one kept, and the one whose history moves to it. */
export function MergePage({
  view,
  survivor,
  duplicate,
  rows,
}: {
  view: View;
  survivor: PersonListItem;
  duplicate: PersonListItem;
  rows: { label: string; kept: string; merged: string }[];
}) {
  const t = view.t;
  return (
    <Layout view={view} title={t('desk.merge.title')}>
      <Back href={`/desk/people/${survivor.id}`} label={t('desk.household.back', { name: survivor.name })} />
      <h1 class="h2" safe>
        {t('desk.merge.title')}
      </h1>
      <p safe>{t('desk.merge.explain')}</p>
      <DataTable caption={t('desk.merge.title')} headers={['', t('desk.merge.kept'), t('desk.merge.merged')]}>
        {rows.map((r) => (
          <tr class={r.kept !== r.merged ? 'table-warning' : undefined}>
            <th scope="row" safe>
              {r.label}
            </th>
            <td safe>{r.kept}</td>
            <td safe>{r.merged}</td>
          </tr>
        ))}
      </DataTable>
      <form method="post" action={`/desk/people/${survivor.id}/merge`} class="d-flex flex-wrap gap-3 align-items-center mt-4">
        <CsrfField view={view} />
        <input type="hidden" name="duplicateId" value={duplicate.id} />
        <button type="submit" class="btn btn-primary" safe>
          {t('desk.merge.confirm', { kept: survivor.name })}
        </button>
        <a href={`/desk/people/${duplicate.id}/merge/${survivor.id}`} safe>
          {t('desk.merge.other')}
        </a>
      </form>
    </Layout>
  );
}

