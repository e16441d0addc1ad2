import { Layout } from '../../../kernel/ui/layout.js';
import { CsrfField, ErrorSummary, SelectField, type FormState } from '../../../kernel/ui/fields.js';
import type { View } from '../../../kernel/ui/view.js';
import type { FinderHit } from '../finder.repo.js';
import { RTL_LANGUAGES } from '../../../kernel/i18n/locales.js';
import { hoursByDay, isOpen } from '../opening-hours.js';
import { languageName, localized, weekdayName, type LocalizedText } from '../localized.js';
import type { NeedOption } from './finder-page.js';
import { needName } from './finder-page.js';

export const REPORT_KINDS = ['phone', 'address', 'hours', 'closed', 'other'] as const;

interface Doc {
  status?: string;
  description?: string;
  eligibility_description?: string;
  application_process?: string;
  fees_description?: string;
  email?: string;
  url?: string;
  organization?: { name?: string };
  phones?: { number: string }[];
  required_documents?: { document?: string }[];
  attributes?: { taxonomy_term?: { code?: string } }[];
  service_at_locations?: { location?: { latitude?: number; longitude?: number; addresses?: { address_1?: string; postal_code?: string; city?: string }[] } }[];
}

/** A text in the reader's language, or in Italian with a note and the right lang attribute. */
function Localized({ view, text, as = 'p' }: { view: View; text: LocalizedText | undefined; as?: 'p' | 'span' }) {
  if (!text) return '';
  // A text keeps its own direction: Italian inside an Arabic page is still written left to right.
  const dir = RTL_LANGUAGES.has(text.lang) ? 'rtl' : 'ltr';
  const body =
    as === 'p' ? (
      <p lang={text.lang} dir={dir} safe>
        {text.text}
      </p>
    ) : (
      <span lang={text.lang} dir={dir} safe>
        {text.text}
      </span>
    );
  if (!text.fallback) return body;
  return (
    <>
      {body}
      <p class="small text-muted" safe>
        {view.t('directory.service.notTranslated')}
      </p>
    </>
  );
}

function Section({ title, id, children }: { title: string; id: string; children: JSX.Element | JSX.Element[] | string }) {
  return (
    <section class="mb-4" aria-labelledby={id}>
      <h2 class="h4" id={id} safe>
        {title}
      </h2>
      {children as 'safe'}
    </section>
  );
}

export function ServicePage({ view, hit, needs }: { view: View; hit: FinderHit; needs: NeedOption[] }) {
  const t = view.t;
  const locale = view.tr.locale;
  const doc = hit.document as Doc;
  const tr = hit.translations;
  const name = localized(tr, 'name', hit.name, locale)!;
  const open = isOpen(hit.hours, hit.closedDates);
  const location = doc.service_at_locations?.[0]?.location;
  const address = location?.addresses?.[0];
  const termCodes = new Set((doc.attributes ?? []).map((a) => a.taxonomy_term?.code));
  const serviceNeeds = needs.filter((n) => termCodes.has(n.code));
  const documents = (doc.required_documents ?? []).map((d, i) => localized(tr, `document_${i}`, d.document, locale)).filter((d): d is LocalizedText => !!d);
  const upcomingClosures = hit.closedDates.filter((d) => d >= new Date().toISOString().slice(0, 10)).sort();
  return (
    <Layout view={view} title={name.text}>
      <p class="d-print-none">
        <a href="/services" safe>
          {t('directory.service.back')}
        </a>
      </p>
      <h1 class="h2" lang={name.lang} dir="auto" safe>
        {name.text}
      </h1>
      <p class="lead" lang="it" dir="auto" safe>
        {doc.organization?.name ?? ''}
      </p>
      {doc.status === 'temporarily closed' || doc.status === 'inactive' ? (
        <div class="alert alert-warning" role="status" safe>
          {t(doc.status === 'inactive' ? 'directory.service.inactive' : 'directory.service.temporarilyClosed')}
        </div>
      ) : (
        ''
      )}
      <p class="d-flex flex-wrap gap-2">
        <span class={open ? 'badge bg-success' : 'badge bg-secondary'} safe>
          {t(open ? 'directory.service.openNow' : 'directory.service.closedNow')}
        </span>
        <span class="badge bg-primary" safe>
          {t(hit.freeOfCharge ? 'directory.service.free' : 'directory.service.notFree')}
        </span>
        <span class="badge bg-primary" safe>
          {t(hit.appointmentRequired ? 'directory.service.appointment' : 'directory.service.noAppointment')}
        </span>
        {hit.wheelchairAccessible ? (
          <span class="badge bg-primary" safe>
            {t('directory.service.accessible')}
          </span>
        ) : (
          ''
        )}
        {serviceNeeds.map((n) => (
          <a class="badge bg-light text-dark border" href={`/services?need=${encodeURIComponent(n.code)}`} safe>
            {needName(n, locale)}
          </a>
        ))}
      </p>
      <div class="row">
        <div class="col-lg-7">
          <Section title={t('directory.service.whatItOffers')} id="offers">
            <Localized view={view} text={localized(tr, 'description', doc.description, locale)} />
          </Section>
          {doc.eligibility_description ? (
            <Section title={t('directory.service.whoFor')} id="who">
              <Localized view={view} text={localized(tr, 'eligibility_description', doc.eligibility_description, locale)} />
            </Section>
          ) : (
            ''
          )}
          {doc.application_process ? (
            <Section title={t('directory.service.howTo')} id="how">
              <Localized view={view} text={localized(tr, 'application_process', doc.application_process, locale)} />
            </Section>
          ) : (
            ''
          )}
          {documents.length ? (
            <Section title={t('directory.service.documents')} id="documents">
              <ul>
                {documents.map((d) => (
                  <li>
                    <Localized view={view} text={d} as="span" />
                  </li>
                ))}
              </ul>
            </Section>
          ) : (
            ''
          )}
          {!hit.freeOfCharge && doc.fees_description ? (
            <Section title={t('directory.service.costs')} id="costs">
              <Localized view={view} text={localized(tr, 'fees_description', doc.fees_description, locale)} />
            </Section>
          ) : (
            ''
          )}
        </div>
        <div class="col-lg-5">
          <Section title={t('directory.service.hours')} id="hours">
            <table class="table table-sm">
              <caption class="visually-hidden" safe>
                {t('directory.service.hours')}
              </caption>
              <thead>
                <tr>
                  <th scope="col" safe>
                    {t('directory.service.day')}
                  </th>
                  <th scope="col" safe>
                    {t('directory.service.opening')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {hoursByDay(hit.hours).map((d) => (
                  <tr>
                    <th scope="row" safe>
                      {weekdayName(d.day, locale)}
                    </th>
                    <td dir="ltr" safe>
                      {d.ranges.length ? d.ranges.join(', ') : t('directory.service.closed')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {upcomingClosures.length ? (
              <p class="small" safe>
                {t('directory.service.closedOn', { dates: upcomingClosures.map((d) => view.tr.date(new Date(`${d}T12:00:00Z`))).join(', ') })}
              </p>
            ) : (
              ''
            )}
          </Section>
          {address ? (
            <Section title={t('directory.service.where')} id="where">
              <p lang="it" dir="auto" safe>
                {`${address.address_1 ?? ''}, ${address.postal_code ?? ''} ${address.city ?? ''}`}
              </p>
              {location?.latitude !== undefined && location.longitude !== undefined ? (
                <p class="d-print-none">
                  <a href={`https://www.openstreetmap.org/directions?to=${location.latitude}%2C${location.longitude}`} rel="noopener noreferrer" safe>
                    {t('directory.service.directions')}
                  </a>
                </p>
              ) : (
                ''
              )}
            </Section>
          ) : (
            ''
          )}
          <Section title={t('directory.service.contacts')} id="contacts">
            <ul class="list-unstyled">
              {(doc.phones ?? []).map((p) => (
                <li class="mb-2">
                  <a class="btn btn-outline-primary" href={`tel:${p.number.replace(/[^\d+]/g, '')}`} aria-label={t('directory.service.call', { number: p.number })}>
                    <span dir="ltr" safe>
                      {p.number}
                    </span>
                  </a>
                </li>
              ))}
              {doc.email ? (
                <li>
                  <a href={`mailto:${doc.email}`} safe>
                    {doc.email}
                  </a>
                </li>
              ) : (
                ''
              )}
            </ul>
          </Section>
          <Section title={t('directory.service.languages')} id="languages">
            <p safe>{hit.languageCodes.map((c) => languageName(c, locale)).join(', ')}</p>
          </Section>
          <p class="small text-muted" safe>
            {hit.lastVerifiedAt ? t('directory.service.lastVerified', { date: view.tr.date(hit.lastVerifiedAt) }) : t('directory.service.notVerified')}
          </p>
          <p class="d-print-none small" safe>
            {t('directory.service.printHint')}
          </p>
        </div>
      </div>
      <p class="mt-4 d-print-none">
        <a href={`/services/${hit.serviceId}/report`} safe>
          {t('directory.report.title')}
        </a>
      </p>
    </Layout>
  );
}

/** Its own page, so that service pages set no cookie: the form's CSRF token needs a session. */
export function ReportPage({ view, serviceId, serviceName, form }: { view: View; serviceId: string; serviceName: LocalizedText; form: FormState }) {
  const t = view.t;
  const labels = { kind: t('directory.report.kind'), message: t('directory.report.message') };
  const error = form.errors.message;
  return (
    <Layout view={view} title={t('directory.report.title')}>
      <h1 class="h2" safe>
        {t('directory.report.title')}
      </h1>
      <p class="lead">
        <a href={`/services/${serviceId}`} lang={serviceName.lang} safe>
          {serviceName.text}
        </a>
      </p>
      <p safe>{t('directory.report.intro')}</p>
      <ErrorSummary view={view} form={form} labels={labels} />
      <form method="post" action={`/services/${serviceId}/report`} novalidate class="col-lg-8">
        <CsrfField view={view} />
        <SelectField view={view} form={form} name="kind" label={labels.kind} options={REPORT_KINDS.map((k) => ({ value: k, label: t(`directory.report.kinds.${k}`) }))} required />
        <div class="form-group mb-4">
          <label for="message" class="active" safe>
            {labels.message}
          </label>
          <textarea
            id="message"
            name="message"
            rows="4"
            maxlength="2000"
            class={error ? 'form-control is-invalid' : 'form-control'}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'message-error' : undefined}
            safe
          >
            {typeof form.values.message === 'string' ? form.values.message : ''}
          </textarea>
          {error ? (
            <div id="message-error" class="invalid-feedback d-block" safe>
              {t(error.key, error.params)}
            </div>
          ) : (
            ''
          )}
        </div>
        <button type="submit" class="btn btn-primary" safe>
          {t('directory.report.submit')}
        </button>
      </form>
    </Layout>
  );
}
