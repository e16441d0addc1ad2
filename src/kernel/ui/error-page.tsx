import { Layout } from './layout.js';
import type { View } from './view.js';

/** Status → the message keys of its page. */
const PAGES: Record<number, { title: string; body: string }> = {
  400: { title: 'errors.badRequest.title', body: 'errors.badRequest.body' },
  401: { title: 'errors.unauthenticated.title', body: 'errors.unauthenticated.body' },
  403: { title: 'errors.forbidden.title', body: 'errors.forbidden.body' },
  404: { title: 'errors.notFound.title', body: 'errors.notFound.body' },
  413: { title: 'errors.tooLarge.title', body: 'errors.tooLarge.body' },
  415: { title: 'errors.badRequest.title', body: 'errors.badRequest.body' },
  429: { title: 'errors.tooMany.title', body: 'errors.tooMany.body' },
  500: { title: 'errors.server.title', body: 'errors.server.body' },
  503: { title: 'errors.unavailable.title', body: 'errors.unavailable.body' },
};

export function errorKeys(status: number) {
  return PAGES[status] ?? (status >= 500 ? PAGES[500]! : PAGES[400]!);
}

export function ErrorPage({ view, status, bodyKey, requestId }: { view: View; status: number; bodyKey?: string; requestId?: string }) {
  const keys = errorKeys(status);
  const title = view.t(keys.title);
  return (
    <Layout view={view} title={title}>
      <h1 class="h2" safe>
        {title}
      </h1>
      <p class="lead" safe>
        {view.t(bodyKey ?? keys.body)}
      </p>
      {requestId ? (
        <p class="small text-muted" safe>
          {view.t('errors.reference', { id: requestId })}
        </p>
      ) : (
        ''
      )}
      <p>
        <a href={view.user ? '/dashboard' : '/'} safe>
          {view.t('errors.backHome')}
        </a>
      </p>
    </Layout>
  );
}
