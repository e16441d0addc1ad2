// The public page of the languages the network's mediators cover: no people, no numbers of people.
import { Layout } from '../../../kernel/ui/layout.js';
import { DataTable } from '../../../kernel/ui/data-table.js';
import type { View } from '../../../kernel/ui/view.js';
import { MODE_KEYS, type Mode } from '../mediation-status.js';
import { languageLabel, listOf } from './fields.js';

export function LanguagesPage({ view, languages }: { view: View; languages: { language_code: string; written: boolean; modes: Mode[] }[] }) {
  const title = view.t('mediators.public.title');
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <p safe>{view.t('mediators.public.intro')}</p>
      {languages.length === 0 ? (
        <p safe>{view.t('mediators.public.none')}</p>
      ) : (
        <DataTable caption={title} headers={[view.t('mediators.public.language'), view.t('mediators.public.written'), view.t('mediators.public.modes')]}>
          {[...languages].sort((a, b) => languageLabel(view, a.language_code).localeCompare(languageLabel(view, b.language_code), view.tr.locale === 'qps' ? 'it' : view.tr.locale)).map((l) => (
            <tr>
              <td safe>{languageLabel(view, l.language_code)}</td>
              <td safe>{l.written ? view.t('mediators.public.yes') : view.t('mediators.public.no')}</td>
              <td safe>{listOf(view, l.modes.map((x) => view.t(MODE_KEYS[x])))}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p class="mt-4" safe>
        {view.t('mediators.public.howToAsk')}
      </p>
    </Layout>
  );
}
