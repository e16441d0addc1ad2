// The desk's screens about people: finding someone, recording them (after seeing possible duplicates),
// their page (consent, contacts, needs, referrals), the services for a need, consent, the printable summary.
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import { CheckboxGroup, CsrfField, ErrorSummary, SelectField, TextField, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import { LANGUAGE_CODES, LANGUAGE_KEYS, type ServiceMatch } from '../../directory/index.js';
import { ReferralStatusBadge, type ReferralSummary } from '../../referrals/index.js';
import { DOCUMENT_TYPES, ITALIAN_LEVELS, displayName, type Person } from '../people.js';
import { countryName, countryOptions } from '../countries.js';
import { CONTACT_CHANNELS, URGENCIES } from '../contacts-and-needs.js';
import { CONSENT_PURPOSES } from '../record-person.js';
import type { ConsentRow, ContactRow, NeedRow } from '../desk.repo.js';

export interface Named {
  code: string;
  name: string;
}

const languageOptions = (view: View) =>
  LANGUAGE_CODES.map((c) => ({ value: c, label: view.t(LANGUAGE_KEYS[c]) })).sort((a, b) => a.label.localeCompare(b.label, view.tr.locale));
const languageList = (view: View, codes: readonly string[]) =>
  codes.map((c) => (c in LANGUAGE_KEYS ? view.t(LANGUAGE_KEYS[c as keyof typeof LANGUAGE_KEYS]) : c)).join(', ');

export function Back({ href, label }: { href: string; label: string }) {
  return (
    <p class="d-print-none">
      <a href={href} safe>
        {label}
      </a>
    </p>
  );
}

/** A person in a list: name, birth year and country, recorded by which organization. */
export interface PersonListItem {
  id: string;
  name: string;
  birthDate: string | undefined;
  nationality: string | undefined;
  municipality: string | undefined;
  organizationName: string;
}

export function PeopleTable({ view, people, caption }: { view: View; people: PersonListItem[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      headers={[view.t('desk.person.name'), view.t('desk.person.birthDate'), view.t('desk.person.nationality'), view.t('desk.person.municipality'), view.t('desk.person.recordedBy')]}
    >
      {people.map((p) => (
        <tr>
          <td>
            <a href={`/desk/people/${p.id}`} safe>
              {p.name}
            </a>
          </td>
          <td>{p.birthDate ? view.tr.date(new Date(`${p.birthDate}T12:00:00Z`)) : ''}</td>
          <td safe>{p.nationality ? countryName(p.nationality, view.tr.locale) : ''}</td>
          <td safe>{p.municipality ?? ''}</td>
          <td safe>{p.organizationName}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export function DeskHomePage({
  view,
  query,
  results,
  recent,
}: {
  view: View;
  query: { q?: string | undefined; birthDate?: string | undefined; document?: string | undefined };
  results: PersonListItem[] | null;
  recent: PersonListItem[];
}) {
  const t = view.t;
  return (
    <Layout view={view} title={t('desk.home.title')}>
      <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
        <h1 class="h2 mb-0" safe>
          {t('desk.home.title')}
        </h1>
        <div class="d-flex flex-wrap gap-2">
          <a class="btn btn-primary" href="/desk/people/new" safe>
            {t('desk.home.newPerson')}
          </a>
          <a class="btn btn-outline-primary" href="/desk/contacts/anonymous" safe>
            {t('desk.home.anonymousContact')}
          </a>
        </div>
      </div>
      <form method="post" action="/desk" class="row g-3 align-items-end mb-4" role="search">
        <CsrfField view={view} />
        <div class="col-md-5">
          <div class="form-group mb-0">
            <label for="q" class="active" safe>
              {t('desk.home.searchName')}
            </label>
            <input type="search" class="form-control" id="q" name="q" value={query.q ?? ''} maxlength={200} autocomplete="off" aria-describedby="q-hint" />
            <small id="q-hint" class="form-text" safe>
              {t('desk.home.searchHint')}
            </small>
          </div>
        </div>
        <div class="col-md-3">
          <div class="form-group mb-0">
            <label for="birthDate" class="active" safe>
              {t('desk.person.birthDate')}
            </label>
            <input type="date" class="form-control" id="birthDate" name="birthDate" value={query.birthDate ?? ''} />
          </div>
        </div>
        <div class="col-md-2">
          <div class="form-group mb-0">
            <label for="document" class="active" safe>
              {t('desk.person.documentNumber')}
            </label>
            <input type="text" class="form-control" id="document" name="document" value={query.document ?? ''} maxlength={40} autocomplete="off" />
          </div>
        </div>
        <div class="col-md-2">
          <button type="submit" class="btn btn-outline-primary" safe>
            {t('desk.home.search')}
          </button>
        </div>
      </form>
      {results === null ? (
        ''
      ) : results.length === 0 ? (
        <div class="alert alert-info" role="status" safe>
          {t('desk.home.noResults')}
        </div>
      ) : (
        <section aria-labelledby="results-title">
          <h2 class="h4" id="results-title" safe>
            {t('desk.home.results', { count: results.length })}
          </h2>
          <PeopleTable view={view} people={results} caption={t('desk.home.results', { count: results.length })} />
        </section>
      )}
      <section aria-labelledby="recent-title" class="mt-4">
        <h2 class="h4" id="recent-title" safe>
          {t('desk.home.recent')}
        </h2>
        {recent.length === 0 ? <p safe>{t('desk.home.noRecent')}</p> : <PeopleTable view={view} people={recent} caption={t('desk.home.recent')} />}
      </section>
    </Layout>
  );
}

const PERSON_LABELS = (view: View): Record<string, string> => ({
  givenName: view.t('desk.person.givenName'),
  familyName: view.t('desk.person.familyName'),
  latinName: view.t('desk.person.latinName'),
  birthDate: view.t('desk.person.birthDate'),
  phone: view.t('desk.person.phone'),
  email: view.t('desk.person.email'),
  documentType: view.t('desk.person.documentType'),
  documentNumber: view.t('desk.person.documentNumber'),
  nationality: view.t('desk.person.nationality'),
  languages: view.t('desk.person.languages'),
  italianLevel: view.t('desk.person.italianLevel'),
  municipalityCode: view.t('desk.person.municipality'),
});

export function PersonFormPage({
  view,
  form,
  person,
  municipalities,
  duplicates,
}: {
  view: View;
  form: FormState;
  person?: Person;
  municipalities: Named[];
  duplicates?: { visible: PersonListItem[]; hidden: number } | undefined;
}) {
  const t = view.t;
  const title = person ? t('desk.person.editTitle') : t('desk.person.newTitle');
  const labels = PERSON_LABELS(view);
  return (
    <Layout view={view} title={title}>
      <Back href={person ? `/desk/people/${person.id}` : '/desk'} label={t('desk.back')} />
      <h1 class="h2" safe>
        {title}
      </h1>
      <p safe>{t('desk.person.formIntro')}</p>
      <ErrorSummary view={view} form={form} labels={labels} />
      {duplicates && (duplicates.visible.length > 0 || duplicates.hidden > 0) ? (
        <section class="alert alert-warning" aria-labelledby="duplicates-title" tabindex="-1" id="duplicates">
          <h2 class="h5" id="duplicates-title" safe>
            {t('desk.duplicates.title')}
          </h2>
          {duplicates.visible.length > 0 ? (
            <>
              <p safe>{t('desk.duplicates.visible')}</p>
              <PeopleTable view={view} people={duplicates.visible} caption={t('desk.duplicates.title')} />
            </>
          ) : (
            ''
          )}
          {duplicates.hidden > 0 ? <p safe>{t('desk.duplicates.hidden', { count: duplicates.hidden })}</p> : ''}
          <p class="mb-0" safe>
            {t('desk.duplicates.confirm')}
          </p>
        </section>
      ) : (
        ''
      )}
      <form method="post" action={person ? `/desk/people/${person.id}/edit` : '/desk/people'} novalidate>
        <CsrfField view={view} />
        <div class="row">
          <div class="col-md-6">
            <TextField view={view} form={form} name="givenName" label={labels.givenName!} required maxlength={100} autocomplete="off" />
          </div>
          <div class="col-md-6">
            <TextField view={view} form={form} name="familyName" label={labels.familyName!} required maxlength={100} autocomplete="off" />
          </div>
        </div>
        <TextField view={view} form={form} name="latinName" label={labels.latinName!} hint={t('desk.person.latinNameHint')} maxlength={200} autocomplete="off" />
        <div class="row">
          <div class="col-md-4">
            <TextField view={view} form={form} name="birthDate" type="date" label={labels.birthDate!} />
          </div>
          <div class="col-md-4">
            <SelectField view={view} form={form} name="nationality" label={labels.nationality!} options={countryOptions(view.tr.locale)} />
          </div>
          <div class="col-md-4">
            <SelectField view={view} form={form} name="municipalityCode" label={labels.municipalityCode!} options={municipalities.map((m) => ({ value: m.code, label: m.name }))} />
          </div>
        </div>
        <div class="row">
          <div class="col-md-6">
            <TextField view={view} form={form} name="phone" type="tel" inputmode="tel" label={labels.phone!} maxlength={30} autocomplete="off" />
          </div>
          <div class="col-md-6">
            <TextField view={view} form={form} name="email" type="email" label={labels.email!} maxlength={254} autocomplete="off" />
          </div>
        </div>
        <div class="row">
          <div class="col-md-6">
            <SelectField
              view={view}
              form={form}
              name="documentType"
              label={labels.documentType!}
              options={DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`desk.documentTypes.${d}`) }))}
            />
          </div>
          <div class="col-md-6">
            <TextField view={view} form={form} name="documentNumber" label={labels.documentNumber!} maxlength={40} autocomplete="off" hint={t('desk.person.documentNumberHint')} />
          </div>
        </div>
        <SelectField
          view={view}
          form={form}
          name="italianLevel"
          label={labels.italianLevel!}
          options={ITALIAN_LEVELS.map((l) => ({ value: l, label: t(`desk.italianLevels.${l}`) }))}
        />
        <details class="mb-4" open={Array.isArray(form.values.languages) || typeof form.values.languages === 'string' ? true : undefined}>
          <summary safe>{labels.languages}</summary>
          <CheckboxGroup view={view} form={form} name="languages" legend={labels.languages!} options={languageOptions(view)} />
        </details>
        {duplicates && (duplicates.visible.length > 0 || duplicates.hidden > 0) ? <input type="hidden" name="confirmNew" value="1" /> : ''}
        <button type="submit" class="btn btn-primary" safe>
          {duplicates && (duplicates.visible.length > 0 || duplicates.hidden > 0) ? t('desk.duplicates.createAnyway') : person ? t('desk.save') : t('desk.person.create')}
        </button>
      </form>
    </Layout>
  );
}

function Field({ label, value }: { label: string; value: string | undefined }) {
  return (
    <>
      <dt class="col-sm-4" safe>
        {label}
      </dt>
      <dd class="col-sm-8" safe>
        {value || '—'}
      </dd>
    </>
  );
}

export interface CaseItem {
  id: string;
  status: string;
  restricted: boolean;
  openedAt: Date;
  leadName: string;
}

export function PersonPage({
  view,
  person,
  recordedBy,
  municipalityName,
  consent,
  organizationNames,
  contacts,
  contactNotes,
  needs,
  needNotes,
  referrals,
  cases,
  terms,
  contactForm,
  needForm,
  accessVia,
  household,
  duplicates,
}: {
  view: View;
  person: Person;
  recordedBy: string;
  municipalityName: string | undefined;
  consent: ConsentRow | undefined;
  organizationNames: Map<string, string>;
  contacts: ContactRow[];
  contactNotes: Map<string, string>;
  needs: NeedRow[];
  needNotes: Map<string, string>;
  referrals: ReferralSummary[];
  cases: CaseItem[];
  terms: Named[];
  contactForm: FormState;
  needForm: FormState;
  accessVia: 'organization' | 'consent' | 'exception' | 'team';
  /** The household section (pages/household-pages.tsx). */
  household: JSX.Element;
  /** Possible duplicates of this record, if any (pages/household-pages.tsx). */
  duplicates: JSX.Element;
}) {
  const t = view.t;
  const termName = new Map(terms.map((x) => [x.code, x.name]));
  const name = displayName(person);
  return (
    <Layout view={view} title={name}>
      <Back href="/desk" label={t('desk.back')} />
      <div class="d-flex flex-wrap justify-content-between align-items-start gap-2">
        <h1 class="h2" safe>
          {name}
        </h1>
        <div class="d-flex flex-wrap gap-2 d-print-none">
          <a class="btn btn-outline-primary btn-sm" href={`/desk/people/${person.id}/edit`} safe>
            {t('desk.person.edit')}
          </a>
          <a class="btn btn-outline-primary btn-sm" href={`/desk/people/${person.id}/summary`} safe>
            {t('desk.summary.link')}
          </a>
          <a class="btn btn-outline-danger btn-sm" href={`/desk/people/${person.id}/flag`} safe>
            {t('desk.person.flag')}
          </a>
        </div>
      </div>
      {accessVia === 'exception' ? (
        <div class="alert alert-warning" role="status" safe>
          {t('desk.access.viaException')}
        </div>
      ) : (
        ''
      )}
      <dl class="row">
        <Field label={t('desk.person.latinName')} value={person.latinName} />
        <Field label={t('desk.person.birthDate')} value={person.birthDate ? view.tr.date(new Date(`${person.birthDate}T12:00:00Z`)) : undefined} />
        <Field label={t('desk.person.nationality')} value={person.nationality ? countryName(person.nationality, view.tr.locale) : undefined} />
        <Field label={t('desk.person.languages')} value={languageList(view, person.languages)} />
        <Field label={t('desk.person.italianLevel')} value={person.italianLevel ? t(`desk.italianLevels.${person.italianLevel}`) : undefined} />
        <Field label={t('desk.person.municipality')} value={municipalityName} />
        <Field label={t('desk.person.phone')} value={person.phone} />
        <Field label={t('desk.person.email')} value={person.email} />
        <Field
          label={t('desk.person.document')}
          value={person.documentType ? `${t(`desk.documentTypes.${person.documentType}`)} ${person.documentNumber ?? ''}` : undefined}
        />
        <Field label={t('desk.person.recordedBy')} value={recordedBy} />
      </dl>
      {duplicates as 'safe'}

      <section class="mb-5" aria-labelledby="consent-title">
        <h2 class="h4" id="consent-title" safe>
          {t('desk.consent.title')}
        </h2>
        {consent ? (
          <>
            <p safe>
              {t('desk.consent.inForce', { date: view.tr.date(new Date(consent.given_at)), how: t(`desk.consent.how.${consent.given_how}`), who: consent.recorded_by_name })}
            </p>
            <ul>
              {consent.purposes.map((p) => (
                <li safe>{t(`desk.consent.purposes.${p}`)}</li>
              ))}
            </ul>
            <p safe>
              {consent.organization_ids.length > 0
                ? t('desk.consent.organizations', { names: consent.organization_ids.map((id) => organizationNames.get(id) ?? '').join(', ') })
                : t('desk.consent.noOrganizations')}
            </p>
            <p safe>{t(consent.shares_contact ? 'desk.consent.sharesContact' : 'desk.consent.noContact')}</p>
          </>
        ) : (
          <div class="alert alert-warning" role="status" safe>
            {t('desk.consent.none')}
          </div>
        )}
        <a class="btn btn-outline-primary btn-sm d-print-none" href={`/desk/people/${person.id}/consent`} safe>
          {t(consent ? 'desk.consent.change' : 'desk.consent.record')}
        </a>
      </section>

      <section class="mb-5" aria-labelledby="needs-title">
        <h2 class="h4" id="needs-title" safe>
          {t('desk.needs.title')}
        </h2>
        {needs.length === 0 ? (
          <p safe>{t('desk.needs.none')}</p>
        ) : (
          <DataTable caption={t('desk.needs.title')} headers={[t('desk.needs.need'), t('desk.needs.urgency'), t('desk.needs.status'), t('desk.needs.note'), t('desk.needs.services')]}>
            {needs.map((n) => (
              <tr>
                <td safe>{termName.get(n.term_code) ?? n.term_code}</td>
                <td safe>{t(`desk.urgency.${n.urgency}`)}</td>
                <td safe>{t(`desk.needStatus.${n.status}`)}</td>
                <td safe>{needNotes.get(n.id) ?? ''}</td>
                <td>
                  {n.status === 'open' ? (
                    <a href={`/desk/people/${person.id}/needs/${n.id}`} safe>
                      {t('desk.needs.findServices')}
                    </a>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <form method="post" action={`/desk/people/${person.id}/needs`} class="border rounded p-3 d-print-none" novalidate>
          <h3 class="h5 mb-4" safe>
            {t('desk.needs.add')}
          </h3>
          <ErrorSummary view={view} form={needForm} labels={{ termCode: t('desk.needs.need'), urgency: t('desk.needs.urgency'), note: t('desk.needs.note') }} />
          <CsrfField view={view} />
          <div class="row">
            <div class="col-md-6">
              <SelectField view={view} form={needForm} name="termCode" label={t('desk.needs.need')} options={terms.map((x) => ({ value: x.code, label: x.name }))} required />
            </div>
            <div class="col-md-6">
              <SelectField
                view={view}
                form={needForm}
                name="urgency"
                label={t('desk.needs.urgency')}
                options={URGENCIES.map((u) => ({ value: u, label: t(`desk.urgency.${u}`) }))}
                defaultValue="normal"
                required
              />
            </div>
          </div>
          <TextField view={view} form={needForm} name="note" label={t('desk.needs.note')} hint={t('desk.needs.noteHint')} maxlength={500} />
          <button type="submit" class="btn btn-primary" safe>
            {t('desk.needs.save')}
          </button>
        </form>
      </section>

      <section class="mb-5" aria-labelledby="referrals-title">
        <h2 class="h4" id="referrals-title" safe>
          {t('desk.referrals.title')}
        </h2>
        {referrals.length === 0 ? (
          <p safe>{t('desk.referrals.none')}</p>
        ) : (
          <DataTable caption={t('desk.referrals.title')} headers={[t('desk.referrals.service'), t('desk.referrals.sentAt'), t('desk.referrals.status'), t('desk.referrals.outcome')]}>
            {referrals.map((r) => (
              <tr>
                <td>
                  <span lang="it" safe>
                    {r.serviceName}
                  </span>
                  <br />
                  <small safe>{r.toOrganizationName}</small>
                </td>
                <td safe>{view.tr.date(r.sentAt)}</td>
                <td>
                  <ReferralStatusBadge view={view} status={r.status} overdue={r.overdue} />
                </td>
                <td>
                  <a href={`/referrals/${r.id}`} safe>
                    {t('desk.referrals.open')}
                  </a>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section class="mb-5" aria-labelledby="contacts-title">
        <h2 class="h4" id="contacts-title" safe>
          {t('desk.contacts.title')}
        </h2>
        {contacts.length === 0 ? (
          <p safe>{t('desk.contacts.none')}</p>
        ) : (
          <DataTable
            caption={t('desk.contacts.title')}
            headers={[t('desk.contacts.when'), t('desk.contacts.channel'), t('desk.contacts.language'), t('desk.contacts.mediator'), t('desk.contacts.where'), t('desk.contacts.note')]}
          >
            {contacts.map((c) => (
              <tr>
                <td safe>{view.tr.dateTime(new Date(c.occurred_at))}</td>
                <td safe>{t(`desk.channels.${c.channel}`)}</td>
                <td safe>{languageList(view, [c.language_code])}</td>
                <td safe>{t(c.mediator_present ? 'desk.yes' : 'desk.no')}</td>
                <td safe>{`${c.organization_name} (${c.user_name})`}</td>
                <td safe>{contactNotes.get(c.id) ?? ''}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <ContactForm view={view} form={contactForm} action={`/desk/people/${person.id}/contacts`} />
      </section>

      <section class="mb-5" aria-labelledby="cases-title">
        <h2 class="h4" id="cases-title" safe>
          {t('desk.cases.title')}
        </h2>
        {cases.length === 0 ? (
          <p safe>{t('desk.cases.none')}</p>
        ) : (
          <ul>
            {cases.map((c) => (
              <li>
                <a href={`/desk/cases/${c.id}`} safe>
                  {t('desk.cases.item', { date: view.tr.date(c.openedAt), lead: c.leadName })}
                </a>{' '}
                {c.restricted ? (
                  <span class="badge bg-danger" safe>
                    {t('desk.cases.restricted')}
                  </span>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        )}
        <a class="btn btn-outline-primary btn-sm d-print-none" href={`/desk/people/${person.id}/cases/new`} safe>
          {t('desk.cases.open')}
        </a>
      </section>
      {household as 'safe'}
    </Layout>
  );
}

export function ContactForm({ view, form, action, withNationality }: { view: View; form: FormState; action: string; withNationality?: boolean }) {
  const t = view.t;
  return (
    <form method="post" action={action} class="border rounded p-3 d-print-none" novalidate>
      <h3 class="h5 mb-4" safe>
        {t('desk.contacts.add')}
      </h3>
      <ErrorSummary
        view={view}
        form={form}
        labels={{ channel: t('desk.contacts.channel'), languageCode: t('desk.contacts.language'), nationality: t('desk.person.nationality'), note: t('desk.contacts.note') }}
      />
      <CsrfField view={view} />
      <div class="row">
        <div class="col-md-6">
          <SelectField view={view} form={form} name="channel" label={t('desk.contacts.channel')} options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`desk.channels.${c}`) }))} defaultValue="walk_in" required />
        </div>
        <div class="col-md-6">
          <SelectField view={view} form={form} name="languageCode" label={t('desk.contacts.language')} options={languageOptions(view)} required />
        </div>
      </div>
      {withNationality ? <SelectField view={view} form={form} name="nationality" label={t('desk.person.nationality')} options={countryOptions(view.tr.locale)} /> : ''}
      <div class="form-check mb-3">
        <input type="checkbox" id="mediatorPresent" name="mediatorPresent" value="on" checked={form.values.mediatorPresent === 'on'} />
        <label for="mediatorPresent" safe>
          {t('desk.contacts.mediatorPresent')}
        </label>
      </div>
      <TextField view={view} form={form} name="note" label={t('desk.contacts.note')} hint={t('desk.contacts.noteHint')} maxlength={1000} />
      <button type="submit" class="btn btn-primary" safe>
        {t('desk.contacts.save')}
      </button>
    </form>
  );
}

export function AnonymousContactPage({ view, form }: { view: View; form: FormState }) {
  return (
    <Layout view={view} title={view.t('desk.anonymous.title')}>
      <Back href="/desk" label={view.t('desk.back')} />
      <h1 class="h2" safe>
        {view.t('desk.anonymous.title')}
      </h1>
      <p safe>{view.t('desk.anonymous.intro')}</p>
      <ContactForm view={view} form={form} action="/desk/contacts/anonymous" withNationality />
    </Layout>
  );
}

export function ConsentPage({
  view,
  person,
  form,
  organizations,
  history,
}: {
  view: View;
  person: Person;
  form: FormState;
  organizations: { id: string; name: string }[];
  history: ConsentRow[];
}) {
  const t = view.t;
  const labels = {
    purposes: t('desk.consent.purposesLegend'),
    organizationIds: t('desk.consent.organizationsLegend'),
    givenHow: t('desk.consent.givenHow'),
    witnessName: t('desk.consent.witness'),
  };
  const active = history.find((c) => !c.withdrawn_at);
  return (
    <Layout view={view} title={t('desk.consent.pageTitle')}>
      <Back href={`/desk/people/${person.id}`} label={t('desk.backToPerson')} />
      <h1 class="h2" safe>
        {t('desk.consent.pageTitle')}
      </h1>
      <p class="lead" safe>
        {displayName(person)}
      </p>
      <p safe>{t('desk.consent.intro')}</p>
      <ErrorSummary view={view} form={form} labels={labels} />
      <form method="post" action={`/desk/people/${person.id}/consent`} novalidate>
        <CsrfField view={view} />
        <CheckboxGroup
          view={view}
          form={form}
          name="purposes"
          legend={labels.purposes}
          options={CONSENT_PURPOSES.map((p) => ({ value: p, label: t(`desk.consent.purposes.${p}`) }))}
        />
        <CheckboxGroup view={view} form={form} name="organizationIds" legend={labels.organizationIds} options={organizations.map((o) => ({ value: o.id, label: o.name }))} />
        <div class="form-check mb-4">
          <input type="checkbox" id="sharesContact" name="sharesContact" value="on" checked={form.values.sharesContact === 'on'} />
          <label for="sharesContact" safe>
            {t('desk.consent.sharesContactLabel')}
          </label>
        </div>
        <SelectField
          view={view}
          form={form}
          name="givenHow"
          label={labels.givenHow}
          options={(['signed_form', 'oral_with_witness'] as const).map((h) => ({ value: h, label: t(`desk.consent.how.${h}`) }))}
          required
        />
        <TextField view={view} form={form} name="witnessName" label={labels.witnessName} hint={t('desk.consent.witnessHint')} maxlength={120} />
        <button type="submit" class="btn btn-primary" safe>
          {t('desk.consent.save')}
        </button>
      </form>
      {active ? (
        <form method="post" action={`/desk/people/${person.id}/consent/withdraw`} class="mt-4">
          <CsrfField view={view} />
          <button type="submit" class="btn btn-outline-danger" safe>
            {t('desk.consent.withdraw')}
          </button>
        </form>
      ) : (
        ''
      )}
      {history.length > 0 ? (
        <section class="mt-5" aria-labelledby="history-title">
          <h2 class="h4" id="history-title" safe>
            {t('desk.consent.history')}
          </h2>
          <DataTable caption={t('desk.consent.history')} headers={[t('desk.consent.givenAt'), t('desk.consent.purposesLegend'), t('desk.consent.givenHow'), t('desk.consent.withdrawnAt')]}>
            {history.map((c) => (
              <tr>
                <td safe>{view.tr.dateTime(new Date(c.given_at))}</td>
                <td safe>{c.purposes.map((p) => t(`desk.consent.purposes.${p}`)).join(', ')}</td>
                <td safe>{t(`desk.consent.how.${c.given_how}`)}</td>
                <td>{c.withdrawn_at ? view.tr.dateTime(new Date(c.withdrawn_at)) : '—'}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function NeedServicesPage({
  view,
  person,
  needName,
  need,
  matches,
  municipalityNames,
  form,
  canRefer,
}: {
  view: View;
  person: Person;
  needName: string;
  need: NeedRow;
  matches: ServiceMatch[];
  municipalityNames: Map<string, string>;
  form: FormState;
  canRefer: boolean;
}) {
  const t = view.t;
  return (
    <Layout view={view} title={t('desk.match.title', { need: needName })}>
      <Back href={`/desk/people/${person.id}`} label={t('desk.backToPerson')} />
      <h1 class="h2" safe>
        {t('desk.match.title', { need: needName })}
      </h1>
      <p class="lead" safe>
        {displayName(person)}
      </p>
      <p safe>{t('desk.match.intro')}</p>
      {!canRefer ? (
        <div class="alert alert-warning" role="status" safe>
          {t('desk.error.noReferralConsent')}
        </div>
      ) : (
        ''
      )}
      <ErrorSummary view={view} form={form} labels={{ serviceId: t('desk.match.service'), note: t('desk.match.note') }} />
      {matches.length === 0 ? (
        <p safe>{t('desk.match.none')}</p>
      ) : (
        <form method="post" action={`/desk/people/${person.id}/needs/${need.id}/refer`} novalidate>
          <CsrfField view={view} />
          <fieldset id="serviceId" aria-describedby={form.errors.serviceId ? 'serviceId-error' : undefined}>
            <legend class="h5" safe>
              {t('desk.match.service')}
            </legend>
            {form.errors.serviceId ? (
              <div id="serviceId-error" class="invalid-feedback d-block" safe>
                {t(form.errors.serviceId.key, form.errors.serviceId.params)}
              </div>
            ) : (
              ''
            )}
            <ol class="list-unstyled">
              {matches.map((m, i) => (
                <li class="border rounded p-3 mb-3">
                  <div class="form-check">
                    <input type="radio" id={`service-${i}`} name="serviceId" value={m.serviceId} checked={form.values.serviceId === m.serviceId} />
                    <label for={`service-${i}`} class="fw-bold">
                      <span lang={m.name.lang} safe>
                        {m.name.text}
                      </span>
                    </label>
                  </div>
                  <p class="mb-1" lang="it" safe>
                    {m.organizationName}
                  </p>
                  <p class="mb-1" safe>
                    {[m.address ?? '', m.municipalityCodes.map((c) => municipalityNames.get(c) ?? c).join(', ')].filter(Boolean).join(' · ')}
                  </p>
                  <ul class="list-inline mb-1">
                    {m.reasons.sameMunicipality ? (
                      <li class="list-inline-item badge bg-success" safe>
                        {t('desk.match.sameMunicipality')}
                      </li>
                    ) : (
                      ''
                    )}
                    {m.reasons.speaksLanguage ? (
                      <li class="list-inline-item badge bg-success" safe>
                        {t('desk.match.speaksLanguage')}
                      </li>
                    ) : (
                      ''
                    )}
                    {m.reasons.free ? (
                      <li class="list-inline-item badge bg-info text-dark" safe>
                        {t('desk.match.free')}
                      </li>
                    ) : (
                      ''
                    )}
                    <li class={m.openNow ? 'list-inline-item badge bg-success' : 'list-inline-item badge bg-secondary'} safe>
                      {t(m.openNow ? 'desk.match.openNow' : 'desk.match.closedNow')}
                    </li>
                  </ul>
                  <a href={`/services/${m.serviceId}`} safe>
                    {t('desk.match.details')}
                  </a>
                </li>
              ))}
            </ol>
          </fieldset>
          <TextField view={view} form={form} name="note" label={t('desk.match.note')} hint={t('desk.match.noteHint')} maxlength={500} />
          <button type="submit" class="btn btn-primary" disabled={!canRefer} safe>
            {t('desk.match.refer')}
          </button>
        </form>
      )}
    </Layout>
  );
}

export function PersonNotFoundPage({ view, id, form }: { view: View; id: string; form: FormState }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('desk.notFound.title')}>
      <h1 class="h2" safe>
        {t('desk.notFound.title')}
      </h1>
      <p safe>{t('desk.notFound.body')}</p>
      <section class="border rounded p-3 mt-4" aria-labelledby="glass-title">
        <h2 class="h5" id="glass-title" safe>
          {t('desk.access.title')}
        </h2>
        <p safe>{t('desk.access.intro')}</p>
        <ErrorSummary view={view} form={form} labels={{ reason: t('desk.access.reason') }} />
        <form method="post" action={`/desk/people/${id}/access`} novalidate>
          <CsrfField view={view} />
          <TextField view={view} form={form} name="reason" label={t('desk.access.reason')} hint={t('desk.access.reasonHint')} maxlength={2000} required />
          <button type="submit" class="btn btn-danger" safe>
            {t('desk.access.submit')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

export interface ExceptionItem {
  id: string;
  personId: string;
  userName: string;
  organizationName: string;
  reason: string;
  grantedAt: Date;
  reviewedAt: Date | null;
  reviewerName: string | null;
}

export function AccessReviewPage({ view, items }: { view: View; items: ExceptionItem[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('desk.review.title')}>
      <h1 class="h2" safe>
        {t('desk.review.title')}
      </h1>
      <p safe>{t('desk.review.intro')}</p>
      {items.length === 0 ? (
        <p safe>{t('desk.review.none')}</p>
      ) : (
        <DataTable caption={t('desk.review.title')} headers={[t('desk.review.when'), t('desk.review.who'), t('desk.review.record'), t('desk.review.reason'), t('desk.review.status')]}>
          {items.map((x) => (
            <tr>
              <td safe>{view.tr.dateTime(x.grantedAt)}</td>
              <td safe>{`${x.userName} (${x.organizationName})`}</td>
              <td>
                <code safe>{x.personId}</code>
              </td>
              <td safe>{x.reason}</td>
              <td>
                {x.reviewedAt ? (
                  <span safe>{t('desk.review.reviewed', { date: view.tr.date(x.reviewedAt), who: x.reviewerName ?? '' })}</span>
                ) : (
                  <form method="post" action={`/desk/access-review/${x.id}`}>
                    <CsrfField view={view} />
                    <button type="submit" class="btn btn-outline-primary btn-sm" safe>
                      {t('desk.review.markReviewed')}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
