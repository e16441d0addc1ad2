// The public finder as a newcomer uses it: in Arabic or Italian, with typos, filters and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t?.close());

const get = (url: string, lang = 'it') => t.app.inject({ method: 'GET', url, headers: { 'accept-language': lang } });
const titles = (body: string) => [...body.matchAll(/<h3 class="card-title h5"><a [^>]*>([^<]*)</g)].map((m) => m[1]);
const ANDRIA = '110001';

describe('public finder', () => {
  it('finds the family doctor office in Andria from the Arabic word for doctor, in Arabic, right to left', async () => {
    const res = await get(`/services?q=${encodeURIComponent('طبيب')}&municipality=${ANDRIA}`, 'ar-MA');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="ar" dir="rtl">');
    expect(titles(res.body)[0]).toContain('اختيار طبيب الأسرة');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('finds it from "medico di base" in Italian, and from a misspelt "medco"', async () => {
    expect(titles((await get(`/services?q=medico+di+base&municipality=${ANDRIA}`)).body)[0]).toBe('Scelta del medico di base e tessera sanitaria - Andria');
    const typo = await get(`/services?q=medco&municipality=${ANDRIA}`);
    expect(titles(typo.body)[0]).toBe('Scelta del medico di base e tessera sanitaria - Andria');
    expect(typo.body).toContain('mostriamo i risultati per «medico»');
  });

  it('copes with the uneven Italian stemming of "casa popolare affitto"', async () => {
    // "popolare" is corrected to the directory's "popolari", and the housing office comes first.
    const res = await get('/services?q=casa+popolare+affitto');
    expect(titles(res.body)[0]).toMatch(/^Ufficio casa/);
  });

  it('lists the services named for the words before those that only mention them', async () => {
    const found = titles((await get('/services?q=medico')).body).map((n) => /medic/i.test(n!));
    expect(found.length).toBeGreaterThan(3);
    expect(found[0]).toBe(true);
    // Once a title without the word appears, no title with it follows.
    expect(found.slice(found.indexOf(false)).every((named) => !named)).toBe(true);
    expect(found).toContain(false);
  });

  it('finds services with some of the words when none has all of them', async () => {
    const res = await get('/services?q=medico+nuoto');
    expect(res.body).toContain('ecco quelli che ne contengono almeno una');
    expect(titles(res.body).length).toBeGreaterThan(0);
  });

  it('filters by need, language spoken, cost and appointment', async () => {
    const arabicHealth = await get(`/services?need=health&language=ar&free=1&walkin=1`);
    const found = titles(arabicHealth.body);
    expect(found.length).toBeGreaterThan(0);
    const [row] = await rows<{ n: number }>(
      t.app.kernel.db,
      sql`SELECT count(*)::int AS n FROM dir_published_services WHERE term_codes @> ARRAY['health'] AND language_codes @> ARRAY['ar'] AND free_of_charge AND NOT appointment_required`,
    );
    expect(arabicHealth.body).toContain(row!.n === 1 ? 'Un servizio trovato' : `${row!.n} servizi trovati`);
  });

  it('shows only services open at this moment with "open now"', async () => {
    const res = await get('/services?open=1');
    expect(res.statusCode).toBe(200);
    // Every card on the page says it is open now.
    expect(res.body).not.toContain('Chiuso ora');
  });

  it('shows a change of what is published at once, though the same search was just answered', async () => {
    const search = '/services?q=medico+di+base&municipality=' + ANDRIA;
    const name = 'Scelta del medico di base e tessera sanitaria - Andria';
    expect(titles((await get(search)).body)[0]).toBe(name);
    // Kept in memory, and spelt differently, the same search gives the same answer.
    expect(titles((await get('/services?q=Medico++DI+base&municipality=' + ANDRIA)).body)[0]).toBe(name);
    await t.app.kernel.db.execute(sql`UPDATE dir_published_services SET name = ${`${name} (nuova sede)`} WHERE name = ${name}`);
    try {
      expect(titles((await get(search)).body)[0]).toBe(`${name} (nuova sede)`);
    } finally {
      await t.app.kernel.db.execute(sql`UPDATE dir_published_services SET name = ${name} WHERE name = ${`${name} (nuova sede)`}`);
    }
    expect(titles((await get(search)).body)[0]).toBe(name);
  });

  it('pages through many results with shareable links', async () => {
    const first = await get('/services?need=health');
    expect(first.body).toContain('Pagina 1 di');
    expect(first.body).toContain('href="/services?need=health&page=2"');
    const second = await get('/services?need=health&page=2');
    expect(titles(second.body)).not.toEqual(titles(first.body));
  });

  it('explains a search that is too long, keeps it, and does not search', async () => {
    const long = 'x'.repeat(5000);
    const res = await get(`/services?q=${long}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Inserisci al massimo 200 caratteri');
    expect(res.body).not.toContain('Risultati');
  });

  it('treats SQL and markup in the search as words', async () => {
    const res = await get(`/services?q=${encodeURIComponent("'; DROP TABLE dir_services; -- <script>alert(1)</script>")}`);
    expect(res.statusCode).toBe(200);
    // The text comes back only inside the quoted value of the search box, where markup is inert.
    expect(res.body.split('<script>alert(1)</script>').length).toBe(2);
    expect(res.body).toContain('value="\'; DROP TABLE dir_services; -- <script>alert(1)</script>"');
    const [row] = await rows<{ n: number }>(t.app.kernel.db, sql`SELECT count(*)::int AS n FROM dir_services`);
    expect(row!.n).toBeGreaterThan(100);
  });

  it('ignores filters that are not among the options instead of failing', async () => {
    const res = await get('/services?municipality=abc&language=%27&need=%3Cx%3E&q=medico');
    expect(res.statusCode).toBe(200);
    expect(titles(res.body).length).toBeGreaterThan(0);
  });
});

describe('service page', () => {
  const serviceIdOf = async (name: string) =>
    (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT service_id AS id FROM dir_published_services WHERE name = ${name}`))[0]!.id;

  it('shows what to bring, hours, address, a phone to tap, languages and when it was checked', async () => {
    const id = await serviceIdOf('Scelta del medico di base e tessera sanitaria - Andria');
    const res = await get(`/services/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Documenti da portare');
    expect(res.body).toContain('Codice fiscale');
    expect(res.body).toContain('Via Fornaci 201, 76123 Andria');
    expect(res.body).toMatch(/href="tel:0883\d{6}"/);
    expect(res.body).toContain('arabo');
    expect(res.body).toContain('Informazioni verificate il');
    expect(res.body).toContain('lunedì');
  });

  it('in Arabic shows the Arabic name and says which parts are still in Italian', async () => {
    const id = await serviceIdOf('Scelta del medico di base e tessera sanitaria - Andria');
    const res = await get(`/services/${id}`, 'ar');
    expect(res.body).toContain('اختيار طبيب الأسرة والبطاقة الصحية - Andria');
    expect(res.body).toContain('هذا الجزء غير مترجم إلى لغتك بعد');
    expect(res.body).toMatch(/<p lang="it" dir="ltr">L&#39;ufficio scelta e revoca/);
  });

  it('answers 404 for a service that is not published, and for an id that is not one', async () => {
    const [draft] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM dir_services WHERE publication_status <> 'published' LIMIT 1`);
    expect((await get(`/services/${draft!.id}`)).statusCode).toBe(404);
    expect((await get('/services/42')).statusCode).toBe(404);
  });

  it('takes a report of a mistake for the organization, and keeps the text when it is too short', async () => {
    const id = await serviceIdOf('Scelta del medico di base e tessera sanitaria - Andria');
    const c = new TestClient(t.app);
    await c.get(`/services/${id}/report`);
    const short = await c.post(`/services/${id}/report`, { kind: 'phone', message: 'no' });
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('>no</textarea>');
    const ok = await c.post(`/services/${id}/report`, { kind: 'phone', message: 'Il numero squilla a vuoto da una settimana.' });
    expect(ok.statusCode).toBe(303);
    expect((await c.get(`/services/${id}`)).body).toContain('la segnalazione è stata inviata');
    const [report] = await rows<{ kind: string; message: string }>(t.app.kernel.db, sql`SELECT kind, message FROM dir_reports WHERE service_id = ${id}`);
    expect(report).toEqual({ kind: 'phone', message: 'Il numero squilla a vuoto da una settimana.' });
  });
});

describe('map of the results', () => {
  it('is absent, and the policy allows no third party, when no tile server is configured', async () => {
    const res = await get('/services?q=medico');
    expect(res.body).not.toContain('finder-map');
    expect(String(res.headers['content-security-policy'])).toContain("img-src 'self' data:;");
  });

  it('is offered over the list, with the tile server allowed and nothing else, when one is configured', async () => {
    const { buildApp } = await import('../../src/app.js');
    const app = await buildApp({ ...t.config, map: { tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png', attribution: '© OSM' } }, { database: t.database });
    const res = await app.inject({ method: 'GET', url: '/services?q=medico&municipality=110001' });
    expect(res.body).toContain('id="finder-map"');
    expect(res.body).toMatch(/data-lat="41\.\d+" data-lon="16\.\d+"/);
    expect(String(res.headers['content-security-policy'])).toContain("img-src 'self' data: https://tiles.example.org;");
    expect((await app.inject({ method: 'GET', url: '/static/leaflet/leaflet.js' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('caching of public pages', () => {
  it('lets shared caches keep an anonymous page, per language', async () => {
    const res = await get('/services?q=medico');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers.vary).toContain('Accept-Language');
  });

  it('never lets them keep a page seen by a signed-in operator, or one with a one-time message', async () => {
    const { signIn } = await import('../helpers/client.js');
    const operator = await signIn(t.app, 'sportello@prefettura.example');
    const res = await operator.get('/services?q=medico');
    expect(res.body).toContain('Sara Lomuscio');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
