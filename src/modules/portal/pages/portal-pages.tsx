import { Layout } from '../../../kernel/ui/layout.js';
import type { View } from '../../../kernel/ui/view.js';

export function DashboardPage({ view }: { view: View }) {
  const user = view.user!;
  return (
    <Layout view={view} title={view.t('portal.dashboard.title')}>
      <h1 class="h2" safe>
        {view.t('portal.dashboard.welcome', { name: user.displayName })}
      </h1>
      <p safe>{view.t('portal.dashboard.organization', { organization: user.organizationName })}</p>
      <p safe>{view.t('portal.dashboard.roles', { roles: user.roles.map((r) => view.t(`roles.${r}`)).join(', ') })}</p>
    </Layout>
  );
}

export function StatementPage({ view, titleKey, bodyKeys }: { view: View; titleKey: string; bodyKeys: string[] }) {
  return (
    <Layout view={view} title={view.t(titleKey)}>
      <h1 class="h2" safe>
        {view.t(titleKey)}
      </h1>
      {bodyKeys.map((k) => (
        <p safe>{view.t(k)}</p>
      ))}
    </Layout>
  );
}

export function LanguageUnavailablePage({ view, code }: { view: View; code: string }) {
  return (
    <Layout view={view} title={view.t('portal.language.unavailableTitle')}>
      <h1 class="h2" safe>
        {view.t('portal.language.unavailableTitle')}
      </h1>
      <p safe>{view.t('portal.language.unavailableBody', { code })}</p>
      <ul>
        {view.locales.map((l) => (
          <li>
            <a href={`/lang/${l.code}`} lang={l.code} dir={l.dir} safe>
              {l.name}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
