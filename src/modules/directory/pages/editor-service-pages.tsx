// The service form (edit an existing service) and the form that creates a draft with its first place.
import { Layout } from '../../../kernel/ui/layout.js';
import { CsrfField, ErrorSummary, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import { SERVICE_STATUSES } from '../directory.schema.js';
import {
  DAY_KEYS,
  DAYS,
  LANGUAGE_CODES,
  LANGUAGE_KEYS,
  rowIndices,
  SERVICE_STATUS_KEYS,
  TRANSLATED_TEXTS,
  TRANSLATION_FIELDS,
  TRANSLATION_LOCALES,
  type TranslatedField,
  type TranslationLocale,
} from '../editor-form.js';
import type { MunicipalityRow, ServiceInScope, TermRow } from '../editor.repo.js';
import { DOCUMENT_TRANSLATION_FIELD } from '../editor-sections.js';
import { Checkbox, CheckboxList, FieldError, Input, PublicationBadge, Select, TextArea } from './editor-fields.js';
import { LocationMap, LocationMapAssets, type MapConfig } from './location-map.js';

/** Italian is the reference language of the directory's texts, whatever the language of the screen. */
const ITALIAN = { lang: 'it', dir: 'ltr' } as const;

export interface PlaceSummary {
  name: string | null;
  address: string;
}

const TRANSLATION_LABEL_KEYS: Record<TranslationLocale, Record<TranslatedField, string> & { legend: string }> = {
  en: {
    name: 'editor.fields.nameEn',
    description: 'editor.fields.descriptionEn',
    eligibility: 'editor.fields.eligibilityEn',
    applicationProcess: 'editor.fields.applicationProcessEn',
    feesDescription: 'editor.fields.feesDescriptionEn',
    legend: 'editor.service.translationEn',
  },
  fr: {
    name: 'editor.fields.nameFr',
    description: 'editor.fields.descriptionFr',
    eligibility: 'editor.fields.eligibilityFr',
    applicationProcess: 'editor.fields.applicationProcessFr',
    feesDescription: 'editor.fields.feesDescriptionFr',
    legend: 'editor.service.translationFr',
  },
  ar: {
    name: 'editor.fields.nameAr',
    description: 'editor.fields.descriptionAr',
    eligibility: 'editor.fields.eligibilityAr',
    applicationProcess: 'editor.fields.applicationProcessAr',
    feesDescription: 'editor.fields.feesDescriptionAr',
    legend: 'editor.service.translationAr',
  },
};

export function termLabel(view: View, term: TermRow): string {
  return view.tr.locale === 'it' ? term.name : (term.translations[view.tr.locale]?.name ?? term.name);
}

/** Labels of every field of the service form, numbered rows included, for the error summary. */
function serviceLabels(view: View, form: FormState): Record<string, string> {
  const labels: Record<string, string> = {
    name: view.t('editor.fields.name'),
    description: view.t('editor.fields.description'),
    status: view.t('editor.fields.status'),
    eligibility: view.t('editor.fields.eligibility'),
    applicationProcess: view.t('editor.fields.applicationProcess'),
    feesDescription: view.t('editor.fields.feesDescription'),
    freeOfCharge: view.t('editor.fields.freeOfCharge'),
    appointmentRequired: view.t('editor.fields.appointmentRequired'),
    languages: view.t('editor.fields.languages'),
    needs: view.t('editor.fields.needs'),
  };
  for (const l of TRANSLATION_LOCALES) {
    for (const text of TRANSLATED_TEXTS) labels[TRANSLATION_FIELDS[l][text.field]] = view.t(TRANSLATION_LABEL_KEYS[l][text.field]);
  }
  for (const field of Object.keys(form.errors)) {
    const [prefix, n] = field.split('.');
    const row = Number(n) + 1;
    if (prefix === 'phone') labels[field] = view.t('editor.fields.phoneRow', { n: row });
    if (prefix === 'document') labels[field] = view.t('editor.fields.documentRow', { n: row });
    if (prefix === 'hours') labels[field] = view.t('editor.fields.hoursRow', { n: row });
  }
  return labels;
}

function ServiceStatusPanel({ view, service, openReports }: { view: View; service: ServiceInScope; openReports: number }) {
  const s = service;
  const canPublish = view.can('directory.publish');
  const action = (suffix: string, key: string, style = 'btn-outline-primary') => (
    <form method="post" action={`/directory/manage/services/${s.id}/${suffix}`} class="d-inline">
      <CsrfField view={view} />
      <button type="submit" class={`btn ${style} btn-sm`} safe>
        {view.t(key)}
      </button>
    </form>
  );
  return (
    <section class="mb-4" aria-labelledby="publication-title">
      <h2 class="visually-hidden" id="publication-title" safe>
        {view.t('editor.service.publication')}
      </h2>
      <p class="mb-2">
        <PublicationBadge view={view} status={s.publicationStatus} />{' '}
        <span class="text-muted" safe>
          {s.lastVerifiedAt ? view.t('editor.service.lastVerified', { date: view.tr.date(s.lastVerifiedAt) }) : view.t('editor.service.neverVerified')}
        </span>
      </p>
      {s.publicationStatus === 'returned' ? (
        <div class="alert alert-warning" role="note">
          <p class="fw-bold mb-1" safe>
            {view.t('editor.service.returnedNote')}
          </p>
          <p class="mb-0" style="white-space: pre-line" safe>
            {s.reviewNote ?? ''}
          </p>
        </div>
      ) : (
        ''
      )}
      {s.online && s.publicationStatus !== 'published' ? (
        <p class="alert alert-info" safe>
          {view.t('editor.service.publishedVersionOnline')}
        </p>
      ) : (
        ''
      )}
      {s.publicationStatus === 'draft' ? (
        <p class="alert alert-info" safe>
          {view.t('editor.service.draftNote')}
        </p>
      ) : (
        ''
      )}
      {s.publicationStatus === 'in_review' && !s.online ? (
        <p class="alert alert-info" safe>
          {view.t('editor.service.inReviewNote')}
        </p>
      ) : (
        ''
      )}
      <div class="d-flex flex-wrap gap-2">
        {s.publicationStatus === 'draft' || s.publicationStatus === 'returned' ? action('submit', 'editor.service.submit', 'btn-primary') : ''}
        {canPublish && s.publicationStatus === 'in_review' ? (
          <a class="btn btn-primary btn-sm" href={`/directory/manage/review/${s.id}`} safe>
            {view.t('editor.service.review')}
          </a>
        ) : (
          ''
        )}
        {action('verify', 'editor.service.verify')}
        <a class="btn btn-outline-secondary btn-sm" href={`/directory/manage/services/${s.id}/history`} safe>
          {view.t('editor.service.history')}
        </a>
        {openReports > 0 ? (
          <a class="btn btn-outline-danger btn-sm" href="/directory/manage/reports" safe>
            {view.t('editor.service.openReports', { count: openReports })}
          </a>
        ) : (
          ''
        )}
      </div>
    </section>
  );
}

const DOCUMENT_LOCALE_KEYS: Record<TranslationLocale, string> = {
  en: 'editor.documents.en',
  fr: 'editor.documents.fr',
  ar: 'editor.documents.ar',
};

/** The hidden fields every section's form carries: the CSRF token and when the service was loaded. */
function SectionHidden({ view, form }: { view: View; form: FormState }) {
  return (
    <>
      <CsrfField view={view} />
      <input type="hidden" name="loadedAt" value={typeof form.values.loadedAt === 'string' ? form.values.loadedAt : ''} />
    </>
  );
}

const hidden = (form: FormState, name: string) => {
  const v = form.values[name];
  return <input type="hidden" name={name} value={typeof v === 'string' ? v : ''} />;
};

/** The places of the service: address, municipality, coordinates, wheelchair access. */
function PlacesSection({
  view,
  form,
  service,
  places,
  placeRows,
  sharedPlaces,
  municipalities,
  map,
}: {
  view: View;
  form: FormState;
  service: ServiceInScope;
  places: PlaceSummary[];
  placeRows: { index: number; name: string | null }[];
  sharedPlaces: number;
  municipalities: MunicipalityRow[];
  map: MapConfig;
}) {
  const fieldKeys: Record<string, string> = {
    street: 'editor.fields.street',
    municipality: 'editor.fields.municipality',
    latitude: 'editor.fields.latitude',
    longitude: 'editor.fields.longitude',
  };
  const labels: Record<string, string> = {};
  for (const field of Object.keys(form.errors)) {
    const [, n, name] = field.split('.');
    const key = fieldKeys[name ?? ''];
    if (key) labels[field] = view.t('editor.places.fieldOf', { field: view.t(key), n: Number(n) + 1 });
  }
  const options = municipalities.map((m) => ({ value: m.code, label: m.name }));
  return (
    <section class="col-lg-10 mb-5" aria-labelledby="places-title" id="places">
      <h2 class="h4" id="places-title" safe>
        {view.t('editor.service.places')}
      </h2>
      <ErrorSummary view={view} form={form} labels={labels} />
      {sharedPlaces > 0 ? (
        <p class="alert alert-info" safe>
          {view.t('editor.places.shared', { count: sharedPlaces })}
        </p>
      ) : (
        ''
      )}
      {places.length === 0 ? (
        <p safe>{view.t('editor.service.noPlaces')}</p>
      ) : (
        <ul>
          {places.map((p) => (
            <li safe>{p.name ? `${p.name} · ${p.address}` : p.address}</li>
          ))}
        </ul>
      )}
      {placeRows.length === 0 ? (
        ''
      ) : (
        <>
          <p class="form-text small" safe>
            {view.t('editor.places.hint')}
          </p>
          <form method="post" action={`/directory/manage/services/${service.id}/places`} novalidate>
            <SectionHidden view={view} form={form} />
            {placeRows.map(({ index: i, name }) => (
              <fieldset class="border rounded p-3 mb-3">
                <legend class="h6 float-none w-auto px-1 mb-2" lang={name ? 'it' : undefined} safe>
                  {name ?? view.t('editor.places.placeRow', { n: i + 1 })}
                </legend>
                {hidden(form, `place.${i}.id`) as 'safe'}
                <Input view={view} form={form} name={`place.${i}.street`} label={view.t('editor.fields.street')} hint={view.t('editor.new.streetHint')} required maxlength={200} {...ITALIAN} />
                <Select view={view} form={form} name={`place.${i}.municipality`} label={view.t('editor.fields.municipality')} options={options} required />
                <p class="form-text small" safe>
                  {view.t('editor.places.coordinatesHint')}
                </p>
                <div class="row">
                  <div class="col-sm-6">
                    <Input view={view} form={form} name={`place.${i}.latitude`} label={view.t('editor.fields.latitude')} inputmode="decimal" maxlength={20} dir="ltr" />
                  </div>
                  <div class="col-sm-6">
                    <Input view={view} form={form} name={`place.${i}.longitude`} label={view.t('editor.fields.longitude')} inputmode="decimal" maxlength={20} dir="ltr" />
                  </div>
                </div>
                <LocationMap
                  view={view}
                  map={map}
                  id={`place-${i}-map`}
                  latitudeField={`place.${i}.latitude`}
                  longitudeField={`place.${i}.longitude`}
                  municipalityField={`place.${i}.municipality`}
                  municipalities={municipalities}
                />
                <Checkbox view={view} form={form} name={`place.${i}.wheelchair`} label={view.t('editor.fields.wheelchairAccessible')} />
              </fieldset>
            ))}
            <button type="submit" class="btn btn-primary" safe>
              {view.t('editor.places.save')}
            </button>
          </form>
          <LocationMapAssets map={map} />
        </>
      )}
    </section>
  );
}

/** Holiday closures: the dates the service is closed, as exceptions to the weekly hours. */
function ClosuresSection({ view, form, service }: { view: View; form: FormState; service: ServiceInScope }) {
  const rows = rowIndices(form.values, 'closure', 100);
  const labels = Object.fromEntries(rows.map((i) => [`closure.${i}`, view.t('editor.closures.row', { n: i + 1 })]));
  return (
    <section class="col-lg-10 mb-5" aria-labelledby="closures-title" id="closures">
      <h2 class="h4" id="closures-title" safe>
        {view.t('editor.closures.title')}
      </h2>
      <p class="form-text small" safe>
        {view.t('editor.closures.hint')}
      </p>
      <ErrorSummary view={view} form={form} labels={labels} />
      <form method="post" action={`/directory/manage/services/${service.id}/closures`} novalidate>
        <SectionHidden view={view} form={form} />
        <div class="row">
          {rows.map((i) => (
            <div class="col-sm-6 col-lg-4">
              <Input view={view} form={form} name={`closure.${i}`} type="date" label={labels[`closure.${i}`]!} dir="ltr" />
            </div>
          ))}
        </div>
        <button type="submit" class="btn btn-primary" safe>
          {view.t('editor.closures.save')}
        </button>
      </form>
    </section>
  );
}

/** The documents to bring, in English, French and Arabic. */
function DocumentTranslationsSection({ view, form, service, documentTexts }: { view: View; form: FormState; service: ServiceInScope; documentTexts: string[] }) {
  const labels: Record<string, string> = {};
  for (const field of Object.keys(form.errors)) {
    const [, n, l] = field.split('.');
    if (l === 'en' || l === 'fr' || l === 'ar') labels[field] = view.t('editor.documents.fieldOf', { language: view.t(DOCUMENT_LOCALE_KEYS[l]), n: Number(n) + 1 });
  }
  return (
    <section class="col-lg-10 mb-5" aria-labelledby="document-translations-title" id="document-translations">
      <h2 class="h4" id="document-translations-title" safe>
        {view.t('editor.documents.title')}
      </h2>
      <ErrorSummary view={view} form={form} labels={labels} />
      {documentTexts.length === 0 ? (
        <p safe>{view.t('editor.documents.none')}</p>
      ) : (
        <>
          <p class="form-text small" safe>
            {view.t('editor.documents.hint')}
          </p>
          <form method="post" action={`/directory/manage/services/${service.id}/document-translations`} novalidate>
            <SectionHidden view={view} form={form} />
            {documentTexts.map((text, i) => (
              <fieldset class="border rounded p-3 mb-3">
                <legend class="h6 float-none w-auto px-1 mb-2" lang="it" dir="ltr" safe>
                  {text}
                </legend>
                {hidden(form, `documentTranslation.${i}.id`) as 'safe'}
                {TRANSLATION_LOCALES.map((l) => (
                  <Input view={view} form={form} name={DOCUMENT_TRANSLATION_FIELD(i, l)} label={view.t(DOCUMENT_LOCALE_KEYS[l])} maxlength={300} lang={l} dir={l === 'ar' ? 'rtl' : 'ltr'} />
                ))}
              </fieldset>
            ))}
            <button type="submit" class="btn btn-primary" safe>
              {view.t('editor.documents.save')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

export function EditServicePage({
  view,
  form,
  placesForm,
  closuresForm,
  documentsForm,
  placeRows,
  sharedPlaces,
  documentTexts,
  municipalities,
  service,
  terms,
  places,
  openReports,
  map,
}: {
  view: View;
  map: MapConfig;
  form: FormState;
  placesForm: FormState;
  closuresForm: FormState;
  documentsForm: FormState;
  placeRows: { index: number; name: string | null }[];
  sharedPlaces: number;
  documentTexts: string[];
  municipalities: MunicipalityRow[];
  service: ServiceInScope;
  terms: TermRow[];
  places: PlaceSummary[];
  openReports: number;
}) {
  const labels = serviceLabels(view, form);
  const statusOptions = SERVICE_STATUSES.map((s) => ({ value: s, label: view.t(SERVICE_STATUS_KEYS[s]) }));
  const languageOptions = LANGUAGE_CODES.map((c) => ({ value: c, label: view.t(LANGUAGE_KEYS[c]) })).sort((a, b) => a.label.localeCompare(b.label, view.tr.locale));
  const dayOptions = DAYS.map((d) => ({ value: d, label: view.t(DAY_KEYS[d]) }));
  const phoneRows = rowIndices(form.values, 'phone', 100);
  const documentRows = rowIndices(form.values, 'document', 100);
  const hoursRows = rowIndices(form.values, 'hours', 100);
  const reviewed = !view.can('directory.publish') && (service.publicationStatus === 'published' || service.online);
  return (
    <Layout view={view} title={service.name}>
      <p class="mb-1">
        <a href="/directory/manage/services" safe>
          {view.t('editor.list.back')}
        </a>
      </p>
      <h1 class="h2 mb-1" safe>
        {service.name}
      </h1>
      <p class="text-muted" safe>
        {service.organizationName}
      </p>
      <ServiceStatusPanel view={view} service={service} openReports={openReports} />
      <ErrorSummary view={view} form={form} labels={labels} />
      <form method="post" action={`/directory/manage/services/${service.id}`} novalidate class="col-lg-10">
        <CsrfField view={view} />
        <input type="hidden" name="loadedAt" value={typeof form.values.loadedAt === 'string' ? form.values.loadedAt : ''} />

        <h2 class="h4 mt-4 mb-3" safe>
          {view.t('editor.service.sectionGeneral')}
        </h2>
        <Input view={view} form={form} name="name" label={labels.name!} required maxlength={300} {...ITALIAN} />
        <TextArea view={view} form={form} name="description" label={labels.description!} hint={view.t('editor.service.descriptionHint')} rows={5} maxlength={4000} required {...ITALIAN} />
        <Select view={view} form={form} name="status" label={labels.status!} options={statusOptions} hint={view.t('editor.service.statusHint')} required />

        <h2 class="h4 mt-4 mb-3" safe>
          {view.t('editor.service.sectionAccess')}
        </h2>
        <TextArea view={view} form={form} name="eligibility" label={labels.eligibility!} hint={view.t('editor.service.eligibilityHint')} rows={3} maxlength={2000} {...ITALIAN} />
        <TextArea view={view} form={form} name="applicationProcess" label={labels.applicationProcess!} hint={view.t('editor.service.applicationProcessHint')} rows={3} maxlength={2000} {...ITALIAN} />
        <Checkbox view={view} form={form} name="freeOfCharge" label={labels.freeOfCharge!} />
        <TextArea view={view} form={form} name="feesDescription" label={labels.feesDescription!} hint={view.t('editor.service.feesHint')} rows={2} maxlength={1000} {...ITALIAN} />
        <Checkbox view={view} form={form} name="appointmentRequired" label={labels.appointmentRequired!} />
        <fieldset class="mb-4">
          <legend class="h6" safe>
            {view.t('editor.fields.documents')}
          </legend>
          <p class="form-text small" safe>
            {view.t('editor.service.documentsHint')}
          </p>
          {documentRows.map((i) => (
            <Input view={view} form={form} name={`document.${i}`} label={view.t('editor.fields.documentRow', { n: i + 1 })} maxlength={300} hiddenLabel {...ITALIAN} />
          ))}
        </fieldset>

        <h2 class="h4 mt-4 mb-3" safe>
          {view.t('editor.service.sectionContacts')}
        </h2>
        <fieldset class="mb-4">
          <legend class="h6" safe>
            {view.t('editor.fields.phones')}
          </legend>
          <p class="form-text small" safe>
            {view.t('editor.service.phonesHint')}
          </p>
          {phoneRows.map((i) => (
            <Input view={view} form={form} name={`phone.${i}`} type="tel" inputmode="tel" label={view.t('editor.fields.phoneRow', { n: i + 1 })} maxlength={30} hiddenLabel dir="ltr" />
          ))}
        </fieldset>
        <CheckboxList view={view} form={form} name="languages" legend={labels.languages!} hint={view.t('editor.service.languagesHint')} options={languageOptions} columns />
        <fieldset class="mb-4">
          <legend class="h6" safe>
            {view.t('editor.fields.hours')}
          </legend>
          <p class="form-text small" safe>
            {view.t('editor.service.hoursHint')}
          </p>
          {hoursRows.map((i) => {
            const field = `hours.${i}`;
            const error = form.errors[field];
            return (
              <fieldset
                class={error ? 'border border-danger rounded p-3 mb-3' : 'border rounded p-3 mb-3'}
                id={field}
                aria-describedby={error ? `${field}-error` : undefined}
              >
                <legend class="h6 float-none w-auto px-1 mb-2" safe>
                  {view.t('editor.fields.hoursRow', { n: i + 1 })}
                </legend>
                <CheckboxList view={view} form={form} name={`${field}.days`} legend={view.t('editor.fields.days')} options={dayOptions} inline />
                <div class="row">
                  <div class="col-sm-6 col-lg-4">
                    <Input view={view} form={form} name={`${field}.opens`} type="time" label={view.t('editor.fields.opens')} />
                  </div>
                  <div class="col-sm-6 col-lg-4">
                    <Input view={view} form={form} name={`${field}.closes`} type="time" label={view.t('editor.fields.closes')} />
                  </div>
                </div>
                <FieldError view={view} form={form} name={field} />
              </fieldset>
            );
          })}
        </fieldset>

        <h2 class="h4 mt-4 mb-3" safe>
          {view.t('editor.fields.needs')}
        </h2>
        <CheckboxList
          view={view}
          form={form}
          name="needs"
          legend={view.t('editor.service.needsLegend')}
          options={terms.map((t) => ({ value: t.id, label: termLabel(view, t) }))}
          columns
        />

        <h2 class="h4 mt-4 mb-3" safe>
          {view.t('editor.service.sectionTranslations')}
        </h2>
        <p safe>{view.t('editor.service.translationsHint')}</p>
        {TRANSLATION_LOCALES.map((l) => {
          const dir = l === 'ar' ? 'rtl' : 'ltr';
          return (
            <fieldset class="mb-4">
              <legend class="h6" safe>
                {view.t(TRANSLATION_LABEL_KEYS[l].legend)}
              </legend>
              {TRANSLATED_TEXTS.map((text) =>
                text.field === 'name' ? (
                  <Input view={view} form={form} name={TRANSLATION_FIELDS[l].name} label={view.t(TRANSLATION_LABEL_KEYS[l].name)} maxlength={text.max} lang={l} dir={dir} />
                ) : (
                  <TextArea view={view} form={form} name={TRANSLATION_FIELDS[l][text.field]} label={view.t(TRANSLATION_LABEL_KEYS[l][text.field])} rows={text.field === 'description' ? 4 : 3} maxlength={text.max} lang={l} dir={dir} />
                ),
              )}
            </fieldset>
          );
        })}

        {reviewed ? (
          <p class="alert alert-info" safe>
            {view.t('editor.service.reviewWarning')}
          </p>
        ) : (
          ''
        )}
        <button type="submit" class="btn btn-primary mb-5" safe>
          {view.t('editor.service.save')}
        </button>
      </form>

      {reviewed ? (
        <p class="alert alert-info col-lg-10" safe>
          {view.t('editor.service.reviewWarning')}
        </p>
      ) : (
        ''
      )}
      <PlacesSection view={view} form={placesForm} service={service} places={places} placeRows={placeRows} sharedPlaces={sharedPlaces} municipalities={municipalities} map={map} />
      <ClosuresSection view={view} form={closuresForm} service={service} />
      <DocumentTranslationsSection view={view} form={documentsForm} service={service} documentTexts={documentTexts} />
    </Layout>
  );
}

export function NewServicePage({
  view,
  form,
  organizations,
  municipalities,
  map,
}: {
  view: View;
  form: FormState;
  organizations: { id: string; name: string }[];
  municipalities: MunicipalityRow[];
  map: MapConfig;
}) {
  const labels = {
    organizationId: view.t('editor.fields.organization'),
    name: view.t('editor.fields.name'),
    description: view.t('editor.fields.description'),
    locationName: view.t('editor.fields.locationName'),
    street: view.t('editor.fields.street'),
    municipality: view.t('editor.fields.municipality'),
    latitude: view.t('editor.fields.latitude'),
    longitude: view.t('editor.fields.longitude'),
    wheelchairAccessible: view.t('editor.fields.wheelchairAccessible'),
  };
  return (
    <Layout view={view} title={view.t('editor.new.title')}>
      <p class="mb-1">
        <a href="/directory/manage/services" safe>
          {view.t('editor.list.back')}
        </a>
      </p>
      <h1 class="h2 mb-3" safe>
        {view.t('editor.new.title')}
      </h1>
      {organizations.length === 0 ? (
        <p class="alert alert-warning" safe>
          {view.t('editor.new.noOrganizations')}
        </p>
      ) : (
        <>
          <p safe>{view.t('editor.new.intro')}</p>
          <ErrorSummary view={view} form={form} labels={labels} />
          <form method="post" action="/directory/manage/services" novalidate class="col-lg-8">
            <CsrfField view={view} />
            <Select view={view} form={form} name="organizationId" label={labels.organizationId} options={organizations.map((o) => ({ value: o.id, label: o.name }))} required />
            <Input view={view} form={form} name="name" label={labels.name} required maxlength={300} {...ITALIAN} />
            <TextArea view={view} form={form} name="description" label={labels.description} hint={view.t('editor.service.descriptionHint')} rows={5} maxlength={4000} required {...ITALIAN} />
            <fieldset class="mb-4">
              <legend class="h5" safe>
                {view.t('editor.new.place')}
              </legend>
              <Input view={view} form={form} name="locationName" label={labels.locationName} hint={view.t('editor.new.locationNameHint')} maxlength={200} {...ITALIAN} />
              <Input view={view} form={form} name="street" label={labels.street} hint={view.t('editor.new.streetHint')} required maxlength={200} {...ITALIAN} />
              <Select view={view} form={form} name="municipality" label={labels.municipality} options={municipalities.map((m) => ({ value: m.code, label: m.name }))} required />
              <p class="form-text small" id="coordinates-hint" safe>
                {view.t('editor.new.coordinatesHint')}
              </p>
              <div class="row">
                <div class="col-sm-6">
                  <Input view={view} form={form} name="latitude" label={labels.latitude} inputmode="decimal" maxlength={20} dir="ltr" />
                </div>
                <div class="col-sm-6">
                  <Input view={view} form={form} name="longitude" label={labels.longitude} inputmode="decimal" maxlength={20} dir="ltr" />
                </div>
              </div>
              <LocationMap view={view} map={map} id="new-place-map" latitudeField="latitude" longitudeField="longitude" municipalityField="municipality" municipalities={municipalities} />
              <Checkbox view={view} form={form} name="wheelchairAccessible" label={labels.wheelchairAccessible} />
            </fieldset>
            <button type="submit" class="btn btn-primary" safe>
              {view.t('editor.new.create')}
            </button>
          </form>
          <LocationMapAssets map={map} />
        </>
      )}
    </Layout>
  );
}
