// Stored values containing HTML and script, entered through the forms people use (a service's name and
// description in the directory editor, an organization's name and an operator's name in administration,
// a report-a-mistake message), are shown as text on every page that displays them: the pages each kind of
// operator and the public can reach (found by crawling, so new modules' pages are checked too) carry the
// escaped text and never the live markup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';
import { loadServiceGraph } from '../../src/modules/directory/service-document.js';
import { serviceFormValues } from '../../src/modules/directory/editor-form.js';
import { Harness, type Who } from './route-harness.js';
import { engine } from './helpers.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
/** What a browser would run if either were sent back as markup. */
const LIVE = [/<script>alert\(1\)/i, /<img src=x onerror=alert\(1\)>/i];
/** The escaped forms @kitajs/html writes ('<' and '&' escaped, '>' need not be): the text, shown as text. */
const SHOWN = [/&lt;script(?:>|&gt;)alert\(1\)&lt;\/script/, /&lt;img src=x onerror=alert\(1\)/];

let t: TestApp;
let h: Harness;
const db = () => t.app.kernel.db;
const stored = {
  serviceName: `Ambulatorio ${SCRIPT} Andria`,
  serviceDescription: `Descrizione ${IMG} e ${SCRIPT}`,
  organization: `Associazione ${IMG} Trani`,
  operator: `Mario ${SCRIPT} Rossi`,
  report: `Il telefono è sbagliato ${IMG} ${SCRIPT}`,
};
let serviceId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  h = new Harness(t.app);
  const [s] = await rows<{ id: string }>(db(), sql`SELECT id FROM dir_services WHERE name = 'Scelta del medico di base e tessera sanitaria - Andria'`);
  serviceId = s!.id;

  // The directory editor renames and describes a service; the directory team approves it: the public sees it.
  const editor = await signIn(t.app, 'redazione@asl.example');
  await editor.get(`/directory/manage/services/${serviceId}`);
  const values = Object.fromEntries(
    Object.entries(serviceFormValues((await loadServiceGraph(db(), serviceId))!)).filter((e): e is [string, string | string[]] => e[1] !== undefined),
  );
  const saved = await editor.post(`/directory/manage/services/${serviceId}`, { ...values, name: stored.serviceName, description: stored.serviceDescription });
  expect(saved.statusCode).toBe(303);
  const publisher = await signIn(t.app, 'mappa@prefettura.example');
  await publisher.get(`/directory/manage/review/${serviceId}`);
  expect((await publisher.post(`/directory/manage/review/${serviceId}/approve`)).statusCode).toBe(303);

  // A visitor reports a mistake on it.
  const visitor = new TestClient(t.app);
  await visitor.get(`/services/${serviceId}/report`);
  expect((await visitor.post(`/services/${serviceId}/report`, { kind: 'phone', message: stored.report })).statusCode).toBe(303);

  // The administrator adds an organization and invites an operator into it.
  const admin = await signIn(t.app, 'admin@prefettura.example');
  await admin.get('/admin/organizations');
  expect((await admin.post('/admin/organizations', { name: stored.organization, kind: 'association', municipalityCode: '110009' })).statusCode).toBe(303);
  const [org] = await rows<{ id: string }>(db(), sql`SELECT id FROM organizations WHERE name = ${stored.organization}`);
  await admin.get('/admin/users/new');
  const invited = await admin.post('/admin/users', {
    email: 'mario.rossi@associazione.example',
    displayName: stored.operator,
    organizationId: org!.id,
    locale: 'it',
    roles: ['service_operator'],
  });
  expect(invited.statusCode).toBe(303);
}, 180_000);
afterAll(() => t?.close());

/** Markup outside double-quoted attribute values (inside them '<' is inert and '"' is escaped). */
const outsideAttributes = (html: string) => html.replace(/="[^"]*"/g, '=""');

describe(`stored HTML and script are shown as text (${engine})`, () => {
  it('stored every value as typed, markup included', async () => {
    const [s] = await rows<{ name: string; description: string }>(db(), sql`SELECT name, description FROM dir_services WHERE id = ${serviceId}`);
    expect(s).toEqual({ name: stored.serviceName, description: stored.serviceDescription });
    const [r] = await rows<{ message: string }>(db(), sql`SELECT message FROM dir_reports WHERE service_id = ${serviceId}`);
    expect(r!.message).toBe(stored.report);
  });

  it('shows them escaped on every page that displays them, to every kind of user, and never as markup', async () => {
    const whos = new Set<Who>(['anonymous', ...h.routes.map((r) => h.whoFor(r)).filter((w) => w !== 'pending')]);
    // Pages that must display them (so that the check below is not vacuous), beside everything the crawl finds.
    const expected: [Who, string, RegExp[]][] = [
      ['anonymous', `/services/${serviceId}`, SHOWN],
      ['anonymous', `/services?q=${encodeURIComponent('Ambulatorio')}`, [SHOWN[0]!]],
      ['redazione@asl.example', '/directory/manage/services', [SHOWN[0]!]],
      ['redazione@asl.example', `/directory/manage/services/${serviceId}/history`, SHOWN],
      ['redazione@asl.example', '/directory/manage/reports', SHOWN],
      ['admin@prefettura.example', '/admin/organizations', [SHOWN[1]!]],
      ['admin@prefettura.example', '/admin/users', [SHOWN[0]!]],
      ['admin@prefettura.example', '/admin/users/new', [SHOWN[1]!]],
      ['admin@prefettura.example', '/admin/audit', []],
    ];
    const live: string[] = [];
    const displaying: string[] = [];
    let checked = 0;
    for (const who of whos) {
      const { client } = await h.identity(who);
      const crawl = await h.crawl(who, 120);
      const pages = new Set([...crawl.pages, ...expected.filter(([w]) => w === who).map(([, p]) => p)]);
      for (const page of pages) {
        if (page === '/logout') continue;
        const res = await client.get(page);
        if (!String(res.headers['content-type']).includes('text/html')) continue;
        checked++;
        for (const pattern of LIVE) if (pattern.test(outsideAttributes(res.body))) live.push(`${page} as ${who}: ${pattern}`);
        if (SHOWN.some((p) => p.test(res.body))) displaying.push(`${page} as ${who}`);
        const must = expected.find(([w, p]) => w === who && p === page);
        for (const pattern of must?.[2] ?? []) expect(res.body, `${page} as ${who} should show ${pattern}`).toMatch(pattern);
      }
    }
    console.log(`escaping (${engine}): ${checked} pages checked as ${whos.size} kinds of user; the stored markup is shown as text on ${displaying.length}:\n  ${displaying.join('\n  ')}`);
    expect(live).toEqual([]);
    expect(displaying.length).toBeGreaterThanOrEqual(expected.filter(([, , p]) => p.length > 0).length);
  }, 240_000);

  it('keeps the markup as data, not markup, in the HSDS API', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/hsds/services/${serviceId}` });
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.json()).toMatchObject({ name: stored.serviceName });
  });
});
