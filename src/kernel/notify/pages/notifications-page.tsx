// The organization's notifications, newest first: what happened, when, a link to it, and "mark as read".
import { Layout } from '../../ui/layout.js';
import { DataTable } from '../../ui/data-table.js';
import { CsrfField } from '../../ui/fields.js';
import type { View } from '../../ui/view.js';
import { DEFAULT_LOCALE, PSEUDO_LOCALE, TIME_ZONE } from '../../i18n/locales.js';
import type { NotificationRow } from '../notify.js';

const formats = new Map<string, Intl.DateTimeFormat>();
/** Digits only ("23/11/26, 21:45"), in Rome's time: no month names, which would be texts outside the catalogs. */
function when(view: View, d: Date): string {
  const locale = view.tr.locale === PSEUDO_LOCALE ? DEFAULT_LOCALE : view.tr.locale;
  let f = formats.get(locale);
  if (!f) formats.set(locale, (f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'short' })));
  return f.format(d);
}

export function NotificationsPage({
  view,
  rows,
  unreadOnly,
  olderHref,
}: {
  view: View;
  rows: NotificationRow[];
  unreadOnly: boolean;
  olderHref: string | undefined;
}) {
  const title = view.t('notifications.title');
  const anyUnread = rows.some((r) => !r.readAt) || (view.unreadNotifications ?? 0) > 0;
  return (
    <Layout view={view} title={title}>
      <div class="d-flex flex-wrap justify-content-between align-items-center mb-3 gap-2">
        <h1 class="h2 mb-0" safe>
          {title}
        </h1>
        {anyUnread ? (
          <form method="post" action="/notifications/read-all">
            <CsrfField view={view} />
            <button type="submit" class="btn btn-outline-primary" safe>
              {view.t('notifications.markAllRead')}
            </button>
          </form>
        ) : (
          ''
        )}
      </div>
      <p safe>{view.t('notifications.intro', { organization: view.user?.organizationName ?? '' })}</p>
      <nav aria-label={view.t('notifications.filterLabel')} class="mb-3">
        <ul class="nav nav-tabs">
          <li class="nav-item">
            <a class={unreadOnly ? 'nav-link' : 'nav-link active'} href="/notifications" aria-current={unreadOnly ? undefined : 'page'} safe>
              {view.t('notifications.filterAll')}
            </a>
          </li>
          <li class="nav-item">
            <a class={unreadOnly ? 'nav-link active' : 'nav-link'} href="/notifications?unread=1" aria-current={unreadOnly ? 'page' : undefined} safe>
              {view.t('notifications.filterUnread')}
            </a>
          </li>
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p safe>{view.t(unreadOnly ? 'notifications.emptyUnread' : 'notifications.empty')}</p>
      ) : (
        <DataTable caption={title} headers={[view.t('notifications.when'), view.t('notifications.what'), view.t('notifications.state'), view.t('notifications.actions')]}>
          {rows.map((r) => (
            <tr class={r.readAt ? undefined : 'fw-semibold'}>
              <td safe>{when(view, r.createdAt)}</td>
              <td>
                {r.link ? (
                  <a href={r.link} safe>
                    {view.t(r.messageKey, r.params)}
                  </a>
                ) : (
                  <span safe>{view.t(r.messageKey, r.params)}</span>
                )}
              </td>
              <td>
                {r.readAt ? (
                  <span safe>{view.t('notifications.read')}</span>
                ) : (
                  <span class="badge bg-primary" safe>
                    {view.t('notifications.unread')}
                  </span>
                )}
              </td>
              <td>
                {r.readAt ? (
                  ''
                ) : (
                  <form method="post" action={`/notifications/${r.id}/read`}>
                    <CsrfField view={view} />
                    <button type="submit" class="btn btn-sm btn-outline-secondary" safe>
                      {view.t('notifications.markRead')}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {olderHref ? (
        <p>
          <a href={olderHref} safe>
            {view.t('notifications.older')}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}
