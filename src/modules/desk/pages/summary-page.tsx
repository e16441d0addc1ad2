// The summary a person takes home, in their language: the services they were referred to, with address,
// hours, phone and documents to bring. A print-friendly page (the browser prints it, or saves it as PDF).
import { Layout } from '../../../kernel/ui/layout.js';
import type { View } from '../../../kernel/ui/view.js';
import { RTL_LANGUAGES } from '../../../kernel/i18n/locales.js';
import { weekdayName, type ServiceCard } from '../../directory/index.js';


export interface SummaryItem {
  card: ServiceCard;
  needName: string;
  sentAt: Date;
}

export function SummaryPage({ view, name, items, languages, current, personId }: { view: View; name: string; items: SummaryItem[]; languages: { code: string; name: string }[]; current: string; personId: string }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('desk.summary.title')}>
      <nav class="d-print-none mb-3" aria-label={t('desk.summary.languages')}>
        <p class="mb-1">
          <a href={`/desk/people/${personId}`} safe>
            {t('desk.backToPerson')}
          </a>
        </p>
        <ul class="list-inline">
          {languages.map((l) =>
            l.code === current ? (
              <li class="list-inline-item fw-bold" lang={l.code} aria-current="true" safe>
                {l.name}
              </li>
            ) : (
              <li class="list-inline-item">
                <a href={`/desk/people/${personId}/summary?lang=${l.code}`} lang={l.code} hreflang={l.code} safe>
                  {l.name}
                </a>
              </li>
            ),
          )}
        </ul>
      </nav>
      <h1 class="h2" safe>
        {t('desk.summary.title')}
      </h1>
      <p class="lead" dir="auto" safe>
        {name}
      </p>
      <p safe>{t('desk.summary.intro')}</p>
      {items.length === 0 ? <p safe>{t('desk.summary.none')}</p> : ''}
      {items.map(({ card, needName, sentAt }) => (
        <section class="border rounded p-3 mb-4 ponte-avoid-break" aria-labelledby={`s-${card.serviceId}`}>
          <h2 class="h4" id={`s-${card.serviceId}`} lang={card.name.lang} dir={RTL_LANGUAGES.has(card.name.lang) ? 'rtl' : 'ltr'} safe>
            {card.name.text}
          </h2>
          <p class="mb-2" safe>
            {t('desk.summary.for', { need: needName, date: view.tr.date(sentAt) })}
          </p>
          <p class="mb-2" lang="it" dir="ltr" safe>
            {card.organizationName}
          </p>
          <dl class="row mb-0">
            {card.address ? (
              <>
                <dt class="col-sm-3" safe>
                  {t('desk.summary.address')}
                </dt>
                <dd class="col-sm-9" lang="it" dir="ltr" safe>
                  {card.address}
                </dd>
              </>
            ) : (
              ''
            )}
            {card.phones.length > 0 ? (
              <>
                <dt class="col-sm-3" safe>
                  {t('desk.summary.phone')}
                </dt>
                <dd class="col-sm-9" dir="ltr">
                  {card.phones.map((p) => (
                    <a class="me-3" href={`tel:${p.replace(/[^0-9+]/g, '')}`} safe>
                      {p}
                    </a>
                  ))}
                </dd>
              </>
            ) : (
              ''
            )}
            {card.hours.length > 0 ? (
              <>
                <dt class="col-sm-3" safe>
                  {t('desk.summary.hours')}
                </dt>
                <dd class="col-sm-9">
                  <ul class="list-unstyled mb-0">
                    {card.hours.map((h) => (
                      <li>
                        <span safe>{weekdayName(h.day, view.tr.locale)}</span>{' '}
                        <span dir="ltr" safe>
                          {h.ranges.join(', ')}
                        </span>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : (
              ''
            )}
            <dt class="col-sm-3" safe>
              {t('desk.summary.appointment')}
            </dt>
            <dd class="col-sm-9" safe>
              {t(card.appointmentRequired ? 'desk.summary.appointmentNeeded' : 'desk.summary.noAppointment')}
            </dd>
            {card.documents.length > 0 ? (
              <>
                <dt class="col-sm-3" safe>
                  {t('desk.summary.documents')}
                </dt>
                <dd class="col-sm-9">
                  <ul class="mb-0">
                    {card.documents.map((d) => (
                      <li lang={d.lang} safe>
                        {d.text}
                      </li>
                    ))}
                  </ul>
                  {card.documents.some((d) => d.fallback) ? (
                    <p class="small text-muted mb-0" safe>
                      {t('desk.summary.notTranslated')}
                    </p>
                  ) : (
                    ''
                  )}
                </dd>
              </>
            ) : (
              ''
            )}
          </dl>
        </section>
      ))}
      <p class="d-print-none">
        <span safe>{t('desk.summary.printHint')}</span>
      </p>
    </Layout>
  );
}
