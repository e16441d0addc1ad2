// Every text of a service the public reads — name, description, who it is for, how to access it, costs,
// documents to bring — can be written in English, French and Arabic in the editor; the public page shows
// the reader's language, and where a text is not translated it shows the Italian one, marked as Italian,
// with a note that says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, type TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';
import { LOCALE_COOKIE } from '../../src/kernel/http/request-context.js';
import { loadServiceGraph } from '../../src/modules/directory/service-document.js';
import { serviceFormValues, TRANSLATED_TEXTS, TRANSLATION_FIELDS, TRANSLATION_LOCALES } from '../../src/modules/directory/editor-form.js';

let t: TestApp;
let editor: TestClient;
let publisher: TestClient;

const SERVICE = 'Scelta del medico di base e tessera sanitaria - Andria';
const ELIGIBILITY_IT = 'Chiunque viva ad Andria, con o senza permesso di soggiorno.';
const HOW_IT = 'Presentati allo sportello con i documenti, senza appuntamento.';
const ELIGIBILITY_FR = 'Toute personne résidant à Andria, avec ou sans titre de séjour.';
const HOW_FR = 'Présentez-vous au guichet avec les documents, sans rendez-vous.';
const HOW_AR = 'توجّه إلى الشباك مع الوثائق، دون موعد مسبق.';
const FEES_EN = 'Free of charge for everyone registered with the health service.';

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  editor = await signIn(t.app, 'redazione@asl.example');
  publisher = await signIn(t.app, 'mappa@prefettura.example');
}, 60_000);
afterAll(() => t?.close());

const db = () => t.app.kernel.db;
const serviceId = async (name: string) => (await rows<{ id: string }>(db(), sql`SELECT id FROM dir_services WHERE name = ${name}`))[0]!.id;

async function formOf(id: string): Promise<Record<string, string | string[]>> {
  const values = serviceFormValues((await loadServiceGraph(db(), id))!);
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string | string[]] => e[1] !== undefined));
}

/** The public page in a language, as a visitor who chose it with the language switch. */
async function publicPage(id: string, locale: string): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: `/services/${id}`, cookies: { [LOCALE_COOKIE]: locale } });
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** The section of the public page with this id: its heading and texts. */
const section = (html: string, id: string) => html.match(new RegExp(`<section class="mb-4" aria-labelledby="${id}">[\\s\\S]*?</section>`))?.[0] ?? '';

describe('translating what the public reads', () => {
  it('offers every public text in English, French and Arabic, each field in its language and direction', async () => {
    const id = await serviceId(SERVICE);
    const page = await editor.get(`/directory/manage/services/${id}`);
    for (const locale of TRANSLATION_LOCALES) {
      for (const text of TRANSLATED_TEXTS) {
        const name = TRANSLATION_FIELDS[locale][text.field];
        expect(page.body, name).toMatch(new RegExp(`name="${name}"[^>]*lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}"`));
      }
    }
    expect(page.body).toContain('A chi si rivolge, in francese');
    expect(page.body).toContain('Come si accede, in arabo');
    // The documents to bring have their own translations section.
    expect(page.body).toContain('action="/directory/manage/services/' + id + '/document-translations"');
  });

  it('publishes the translations after review, and falls back to Italian, marked, where one is missing', async () => {
    const id = await serviceId(SERVICE);
    await editor.get(`/directory/manage/services/${id}`);
    const form = await formOf(id);
    const saved = await editor.post(`/directory/manage/services/${id}`, {
      ...form,
      eligibility: ELIGIBILITY_IT,
      applicationProcess: HOW_IT,
      eligibilityFr: ELIGIBILITY_FR,
      eligibilityAr: '',
      applicationProcessFr: HOW_FR,
      applicationProcessAr: HOW_AR,
      feesDescriptionEn: FEES_EN,
    });
    expect(saved.statusCode).toBe(303);
    const [stored] = await rows<{ translations: Record<string, Record<string, string>>; publication_status: string }>(
      db(),
      sql`SELECT translations, publication_status FROM dir_services WHERE id = ${id}`,
    );
    expect(stored!.publication_status).toBe('in_review');
    expect(stored!.translations.fr).toMatchObject({ eligibility_description: ELIGIBILITY_FR, application_process: HOW_FR });
    expect(stored!.translations.ar).toMatchObject({ application_process: HOW_AR });
    expect(stored!.translations.ar?.eligibility_description).toBeUndefined();
    expect(stored!.translations.en).toMatchObject({ fees_description: FEES_EN });
    // The public does not see them before the directory team approves.
    expect(await publicPage(id, 'fr')).not.toContain(ELIGIBILITY_FR);

    const history = await editor.get(`/directory/manage/services/${id}/history`);
    expect(history.body).toContain('A chi si rivolge, in francese');
    expect(history.body).toContain('Come si accede, in arabo');
    expect(history.body).toContain(ELIGIBILITY_FR);

    await publisher.get(`/directory/manage/review/${id}`);
    expect((await publisher.post(`/directory/manage/review/${id}/approve`)).statusCode).toBe(303);

    const fr = await publicPage(id, 'fr');
    const who = section(fr, 'who');
    expect(who).toContain(`<p lang="fr" dir="ltr">${ELIGIBILITY_FR}</p>`);
    expect(who).not.toContain('pas encore traduite');
    expect(section(fr, 'how')).toContain(`<p lang="fr" dir="ltr">${HOW_FR}</p>`);

    const ar = await publicPage(id, 'ar');
    expect(section(ar, 'how')).toContain(`<p lang="ar" dir="rtl">${HOW_AR}</p>`);
    // Not written in Arabic: the Italian text, marked as Italian and left to right, and the note.
    const whoAr = section(ar, 'who');
    expect(whoAr).toContain(`<p lang="it" dir="ltr">${ELIGIBILITY_IT}</p>`);
    expect(whoAr).toContain('هذا الجزء غير مترجم إلى لغتك بعد: هو باللغة الإيطالية.');

    // Italian readers see the Italian texts, with no note.
    const it = await publicPage(id, 'it');
    expect(section(it, 'who')).toContain(ELIGIBILITY_IT);
    expect(section(it, 'who')).not.toContain('non è ancora tradotta');
  });

  it('refuses a translation that is too long next to its field, storing nothing', async () => {
    const id = await serviceId(SERVICE);
    const before = await rows<{ translations: unknown; updated_at: string }>(db(), sql`SELECT translations, updated_at FROM dir_services WHERE id = ${id}`);
    await editor.get(`/directory/manage/services/${id}`);
    const res = await editor.post(`/directory/manage/services/${id}`, { ...(await formOf(id)), applicationProcessEn: 'x'.repeat(2001) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="applicationProcessEn-error"[^>]*>[^<]*2000/);
    expect(res.body).toContain('href="#applicationProcessEn"');
    expect(await rows(db(), sql`SELECT translations, updated_at FROM dir_services WHERE id = ${id}`)).toEqual(before);
  });
});
