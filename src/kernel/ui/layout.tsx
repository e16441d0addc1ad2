import type { Children, PropsWithChildren } from '@kitajs/html';
import type { View } from './view.js';
import type { Params } from '../i18n/i18n.js';
import { UNREAD_CAP } from '../notify/notify.js';

interface NavItem {
  href: string;
  key: string;
  params?: Params;
}

/** The back-office areas an operator may open; the list shows only what the roles allow. */
function navigation(view: View): NavItem[] {
  if (!view.user) return [];
  const items: NavItem[] = [{ href: '/dashboard', key: 'nav.dashboard' }];
  if (view.can('desk.people')) items.push({ href: '/desk', key: 'nav.desk' });
  if (view.can('desk.people')) items.push({ href: '/desk/appointments', key: 'appointments.nav' });
  if (view.can('desk.cases')) items.push({ href: '/desk/cases', key: 'cases.nav' });
  if (view.can('desk.access_review')) items.push({ href: '/desk/access-review', key: 'nav.accessReview' });
  if (view.can('admin.users.manage')) items.push({ href: '/admin/users', key: 'nav.users' });
  if (view.can('admin.organizations.manage')) items.push({ href: '/admin/organizations', key: 'nav.organizations' });
  if (view.can('audit.read')) items.push({ href: '/admin/audit', key: 'nav.audit' });
  if (view.can('directory.edit')) items.push({ href: '/directory/manage/services', key: 'nav.directoryServices' });
  if (view.can('directory.publish')) items.push({ href: '/directory/manage/review', key: 'nav.directoryReview' });
  if (view.can('directory.publish')) items.push({ href: '/directory/manage/import', key: 'editor.import.nav' });
  if (view.can('directory.edit')) {
    items.push({ href: '/directory/manage/verification', key: 'nav.directoryVerification' });
    items.push({ href: '/directory/manage/reports', key: 'nav.directoryReports' });
  }
  if (view.can('referrals.inbox')) items.push({ href: '/referrals', key: 'referrals.nav' });
  if (view.can('desk.figures')) items.push({ href: '/desk/figures', key: 'figures.nav' });
  if (view.can('mediators.roster')) items.push({ href: '/mediators', key: 'mediators.nav.roster' });
  if (view.can('mediators.own')) items.push({ href: '/mediators/me', key: 'mediators.nav.own' });
  if (view.can('mediators.requests')) items.push({ href: '/mediation/requests', key: 'mediators.nav.requests' });
  if (view.can('mediators.figures')) items.push({ href: '/mediation/figures', key: 'mediators.nav.figures' });
  if (view.can('reception.centres')) items.push({ href: '/reception', key: 'reception.nav' });
  if (view.can('reception.inspect')) items.push({ href: '/reception/visits', key: 'reception.navVisits' });
  if (view.can('reception.dashboard')) items.push({ href: '/reception/dashboard', key: 'reception.navDashboard' });
  const unread = view.unreadNotifications ?? 0;
  items.push(
    unread > UNREAD_CAP
      ? { href: '/notifications', key: 'notifications.navMany', params: { max: UNREAD_CAP } }
      : { href: '/notifications', key: 'notifications.nav', params: { count: unread } },
  );
  return items;
}

function LanguageSwitch({ view }: { view: View }) {
  return (
    <nav class="ponte-languages" aria-label={view.t('layout.languages')}>
      <ul class="list-inline mb-0">
        {view.locales.map((l) => (
          <li class="list-inline-item">
            {l.code === view.tr.locale ? (
              <span class="fw-bold" lang={l.code} dir={l.dir} aria-current="true" safe>
                {l.name}
              </span>
            ) : (
              <a
                class="text-white"
                href={`/lang/${l.code}?next=${encodeURIComponent(view.path)}`}
                lang={l.code}
                hreflang={l.code}
                dir={l.dir}
                safe
              >
                {l.name}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function UserZone({ view }: { view: View }) {
  if (!view.user) {
    return (
      <a class="btn btn-primary btn-sm" href="/login" safe>
        {view.t('layout.login')}
      </a>
    );
  }
  return (
    <div class="d-flex align-items-center gap-2">
      <a class="text-white" href="/account">
        <span safe>{view.user.displayName}</span>
        <span class="visually-hidden" safe>
          {' '}
          {view.user.organizationName}
        </span>
      </a>
      <form method="post" action="/logout" class="d-inline">
        <input type="hidden" name="_csrf" value={view.csrfToken()} />
        <button type="submit" class="btn btn-outline-light btn-sm" safe>
          {view.t('layout.logout')}
        </button>
      </form>
    </div>
  );
}

export function Flash({ view }: { view: View }) {
  if (!view.flash) return '';
  return (
    <div class={`alert alert-${view.flash.kind}`} role="status" safe>
      {view.t(view.flash.key)}
    </div>
  );
}

export function Layout({ view, title, children }: PropsWithChildren<{ view: View; title: string }>) {
  const nav = navigation(view);
  // The current area: the longest item that the path is in (/desk/figures is "figures", not "desk").
  const current = nav
    .map((item) => item.href)
    .filter((href) => view.path === href || view.path.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <html lang={view.tr.locale} dir={view.tr.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{`${title} · ${view.t('layout.brand')}`}</title>
        <link rel="stylesheet" href="/static/bi/css/bootstrap-italia.min.css" />
        <link rel="stylesheet" href="/static/ponte.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="visually-hidden-focusable ponte-skip" href="#main" safe>
          {view.t('layout.skipToContent')}
        </a>
        <header class="it-header-wrapper">
          <div class="it-header-slim-wrapper">
            <div class="container">
              <div class="it-header-slim-wrapper-content d-flex flex-wrap justify-content-between align-items-center gap-2 py-1">
                <span class="text-white" safe>
                  {view.t('layout.owner')}
                </span>
                <div class="d-flex flex-wrap align-items-center gap-3">
                  <LanguageSwitch view={view} />
                  <UserZone view={view} />
                </div>
              </div>
            </div>
          </div>
          <div class="it-header-center-wrapper">
            <div class="container">
              <div class="it-header-center-content-wrapper">
                <div class="it-brand-wrapper">
                  <a href={view.user ? '/dashboard' : '/'}>
                    <div class="it-brand-text">
                      <div class="it-brand-title" safe>
                        {view.t('layout.brand')}
                      </div>
                      <div class="it-brand-tagline d-none d-md-block" safe>
                        {view.t('layout.tagline')}
                      </div>
                    </div>
                  </a>
                </div>
              </div>
            </div>
          </div>
          {nav.length > 0 ? (
            <div class="ponte-nav">
              <div class="container">
                <nav aria-label={view.t('layout.mainNavigation')}>
                  <ul class="nav">
                    {nav.map((item) => (
                      <li class="nav-item">
                        <a
                          class="nav-link"
                          href={item.href}
                          aria-current={item.href === current ? 'page' : undefined}
                          safe
                        >
                          {view.t(item.key, item.params)}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              </div>
            </div>
          ) : (
            ''
          )}
        </header>
        <main id="main" class="container my-4" tabindex="-1">
          <Flash view={view} />
          {children as 'safe'}
        </main>
        <footer class="it-footer">
          <div class="it-footer-small-prints clearfix">
            <div class="container">
              <ul class="it-footer-small-prints-list list-inline mb-0 d-flex flex-column flex-md-row">
                <li class="list-inline-item">
                  <a href="/accessibility" safe>
                    {view.t('layout.accessibility')}
                  </a>
                </li>
                <li class="list-inline-item">
                  <a href="/privacy" safe>
                    {view.t('layout.privacy')}
                  </a>
                </li>
                <li class="list-inline-item">
                  <a href="/mediation/languages" safe>
                    {view.t('mediators.public.footer')}
                  </a>
                </li>
              </ul>
            </div>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function PageTitle({ children }: { children: Children }) {
  return <h1 class="h2 mb-4">{children as 'safe'}</h1>;
}
