import { Layout } from '../../../kernel/ui/layout.js';
import { TextField, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import type { FinderHit } from '../finder.repo.js';
import { isOpen } from '../opening-hours.js';
import { languageName, localized } from '../localized.js';
import type { Translations } from '../directory.schema.js';

export interface NeedOption {
  code: string;
  name: string;
  translations: Translations;
  parentId: string | null;
}

export interface FinderData {
  form: FormState;
  searched: boolean;
  hits: FinderHit[];
  total: number;
  relaxed: boolean;
  correctedQuery?: string | undefined;
  page: number;
  pages: number;
  needs: NeedOption[];
  municipalities: { code: string; name: string }[];
  languages: string[];
  municipalityNames: Map<string, string>;
  /** Tiles for the map over the results; without them there is no map. */
  map: { tileUrl: string | undefined; attribution: string };
}

export const needName = (n: NeedOption, locale: string) => n.translations[locale]?.name ?? n.name;

function Select({ view, form, name, label, any, options }: { view: View; form: FormState; name: string; label: string; any: string; options: { value: string; label: string }[] }) {
  const selected = form.values[name];
  return (
    <div class="select-wrapper mb-3">
      <label for={name} safe>
        {label}
      </label>
      <select id={name} name={name}>
        <option value="" safe>
          {any}
        </option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === selected} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Check({ form, name, label }: { form: FormState; name: string; label: string }) {
  return (
    <div class="form-check form-check-inline">
      <input type="checkbox" id={name} name={name} value="1" checked={form.values[name] === '1'} />
      <label for={name} safe>
        {label}
      </label>
    </div>
  );
}

export function SearchForm({ view, data }: { view: View; data: FinderData }) {
  const t = view.t;
  const locale = view.tr.locale;
  return (
    <form method="get" action="/services" role="search" aria-label={t('directory.finder.title')} class="mb-4">
      <TextField view={view} form={data.form} name="q" label={t('directory.finder.q')} hint={t('directory.finder.qHint')} maxlength={200} />
      <div class="row">
        <div class="col-md-4">
          <Select
            view={view}
            form={data.form}
            name="need"
            label={t('directory.finder.need')}
            any={t('directory.finder.anyNeed')}
            options={data.needs.map((n) => ({ value: n.code, label: `${n.parentId ? '— ' : ''}${needName(n, locale)}` }))}
          />
        </div>
        <div class="col-md-4">
          <Select
            view={view}
            form={data.form}
            name="municipality"
            label={t('directory.finder.municipality')}
            any={t('directory.finder.anyMunicipality')}
            options={data.municipalities.map((m) => ({ value: m.code, label: m.name }))}
          />
        </div>
        <div class="col-md-4">
          <Select
            view={view}
            form={data.form}
            name="language"
            label={t('directory.finder.language')}
            any={t('directory.finder.anyLanguage')}
            options={data.languages.map((code) => ({ value: code, label: languageName(code, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale))}
          />
        </div>
      </div>
      <fieldset class="mb-3">
        <legend class="h6" safe>
          {t('directory.finder.options')}
        </legend>
        <Check form={data.form} name="free" label={t('directory.finder.free')} />
        <Check form={data.form} name="open" label={t('directory.finder.openNow')} />
        <Check form={data.form} name="accessible" label={t('directory.finder.accessible')} />
        <Check form={data.form} name="walkin" label={t('directory.finder.noAppointment')} />
      </fieldset>
      <button type="submit" class="btn btn-primary" safe>
        {t('directory.finder.submit')}
      </button>
    </form>
  );
}

export function ServiceCard({ view, hit, municipalityNames }: { view: View; hit: FinderHit; municipalityNames: Map<string, string> }) {
  const locale = view.tr.locale;
  const name = localized(hit.translations, 'name', hit.name, locale)!;
  const doc = hit.document as { organization?: { name?: string }; service_at_locations?: { location?: { addresses?: { address_1?: string; city?: string }[] } }[] };
  const location = doc.service_at_locations?.[0]?.location as { latitude?: number; longitude?: number; addresses?: { address_1?: string; city?: string }[] } | undefined;
  const address = location?.addresses?.[0];
  const open = isOpen(hit.hours, hit.closedDates);
  return (
    <li class="card-wrapper card-space mb-3" data-lat={location?.latitude?.toString()} data-lon={location?.longitude?.toString()}>
      <div class="card card-bg border">
        <div class="card-body">
          <h3 class="card-title h5">
            <a href={`/services/${hit.serviceId}`} lang={name.lang} dir="auto" safe>
              {name.text}
            </a>
          </h3>
          <p class="mb-1" lang="it" dir="auto" safe>
            {doc.organization?.name ?? ''}
          </p>
          {address ? (
            <p class="mb-1" safe>
              {`${address.address_1 ?? ''}, ${address.city ?? hit.municipalityCodes.map((c) => municipalityNames.get(c)).join(', ')}`}
            </p>
          ) : (
            ''
          )}
          <p class="mb-0 d-flex flex-wrap gap-2">
            <span class={open ? 'badge bg-success' : 'badge bg-secondary'} safe>
              {view.t(open ? 'directory.service.openNow' : 'directory.service.closedNow')}
            </span>
            {hit.freeOfCharge ? (
              <span class="badge bg-primary" safe>
                {view.t('directory.service.free')}
              </span>
            ) : (
              ''
            )}
            {hit.appointmentRequired ? '' : (
              <span class="badge bg-primary" safe>
                {view.t('directory.service.noAppointment')}
              </span>
            )}
            <span class="small" safe>
              {`${view.t('directory.service.languages')}: ${hit.languageCodes.map((c) => languageName(c, locale)).join(', ')}`}
            </span>
          </p>
        </div>
      </div>
    </li>
  );
}

function Pagination({ view, data, query }: { view: View; data: FinderData; query: URLSearchParams }) {
  if (data.pages <= 1) return '';
  const link = (page: number) => {
    const q = new URLSearchParams(query);
    q.set('page', String(page));
    return `/services?${q.toString()}`;
  };
  return (
    <nav class="pagination-wrapper" aria-label={view.t('directory.finder.pagination')}>
      <p safe>{view.t('directory.finder.pageOf', { page: data.page, pages: data.pages })}</p>
      <ul class="pagination">
        {data.page > 1 ? (
          <li class="page-item">
            <a class="page-link" href={link(data.page - 1)} rel="prev" safe>
              {view.t('directory.finder.previous')}
            </a>
          </li>
        ) : (
          ''
        )}
        {data.page < data.pages ? (
          <li class="page-item">
            <a class="page-link" href={link(data.page + 1)} rel="next" safe>
              {view.t('directory.finder.next')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}

export function FinderPage({ view, data, status }: { view: View; data: FinderData; status?: number }) {
  void status;
  const t = view.t;
  const locale = view.tr.locale;
  const query = new URLSearchParams(Object.entries(data.form.values).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'page'));
  return (
    <Layout view={view} title={t('directory.finder.title')}>
      <h1 class="h2" safe>
        {t('directory.finder.title')}
      </h1>
      <p class="lead" safe>
        {t('directory.finder.lead')}
      </p>
      <SearchForm view={view} data={data} />
      {data.searched ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" class="h4" safe>
            {t('directory.finder.resultsHeading')}
          </h2>
          <p role="status" class="fw-semibold" safe>
            {t('directory.finder.results', { count: data.total })}
          </p>
          {data.relaxed ? <p safe>{t('directory.finder.relaxed')}</p> : ''}
          {data.correctedQuery ? <p safe>{t('directory.finder.corrected', { query: data.correctedQuery })}</p> : ''}
          {data.total === 0 ? <p safe>{t('directory.finder.noResults')}</p> : ''}
          {data.map.tileUrl && data.hits.length > 0 ? (
            <>
              <link rel="stylesheet" href="/static/leaflet/leaflet.css" />
              <div
                id="finder-map"
                class="ponte-map"
                hidden
                role="region"
                aria-label={t('directory.finder.map')}
                data-tiles={data.map.tileUrl}
                data-attribution={data.map.attribution}
              ></div>
              <script src="/static/leaflet/leaflet.js" defer></script>
              <script src="/static/finder-map.js" defer></script>
            </>
          ) : (
            ''
          )}
          <ul class="list-unstyled">
            {data.hits.map((hit) => (
              <ServiceCard view={view} hit={hit} municipalityNames={data.municipalityNames} />
            ))}
          </ul>
          <Pagination view={view} data={data} query={query} />
        </section>
      ) : (
        <section aria-labelledby="needs-heading">
          <h2 id="needs-heading" class="h4" safe>
            {t('directory.finder.browseNeeds')}
          </h2>
          <ul class="list-unstyled row">
            {data.needs
              .filter((n) => !n.parentId)
              .map((n) => (
                <li class="col-12 col-sm-6 col-lg-4 mb-2">
                  <a href={`/services?need=${encodeURIComponent(n.code)}`} safe>
                    {needName(n, locale)}
                  </a>
                </li>
              ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
