// No text of the directory back office bypasses the catalogs: every page, in each of its states, opened in
// the pseudo-locale, shows only marked texts (⟦…⟧) and values from the database. The same check as
// test/i18n/hard-coded.test.ts, with the directory's own data among the values a page may show as they are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, type TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';
import { LOCALE_COOKIE } from '../../src/kernel/http/request-context.js';
import { PSEUDO_CLOSE, PSEUDO_LOCALE, PSEUDO_OPEN, SHIPPED_LOCALES } from '../../src/kernel/i18n/locales.js';
import { loadServiceGraph } from '../../src/modules/directory/service-document.js';
import { serviceFormValues } from '../../src/modules/directory/editor-form.js';
import { hasLetters, untranslatedRest, visibleTexts } from '../i18n/html-text.js';

let t: TestApp;
let editor: TestClient;
let publisher: TestClient;

beforeAll(async () => {
  t = await createTestApp({ seed: true, config: { pseudoLocale: true } });
  editor = await signIn(t.app, 'redazione@asl.example');
  publisher = await signIn(t.app, 'mappa@prefettura.example');
  for (const c of [editor, publisher]) c.cookies.set(LOCALE_COOKIE, PSEUDO_LOCALE);
}, 60_000);
afterAll(() => t?.close());

const db = () => t.app.kernel.db;
const serviceId = async (name: string) => (await rows<{ id: string }>(db(), sql`SELECT id FROM dir_services WHERE name = ${name}`))[0]!.id;

/** Values pages show as stored: people, organizations, the directory's texts, and dates as the pseudo-locale formats them. */
async function allowedValues(): Promise<string[]> {
  const values = await rows<{ v: string | null }>(
    db(),
    sql`SELECT display_name AS v FROM users UNION SELECT email FROM users UNION SELECT name FROM organizations
        UNION SELECT name FROM dir_organizations UNION SELECT name FROM municipalities
        UNION SELECT name FROM dir_services UNION SELECT description FROM dir_services
        UNION SELECT eligibility_description FROM dir_services UNION SELECT application_process FROM dir_services
        UNION SELECT fees_description FROM dir_services UNION SELECT review_note FROM dir_services
        UNION SELECT value FROM dir_services, jsonb_each(translations) AS l(locale, fields), jsonb_each_text(fields) AS f(key, value)
        UNION SELECT name FROM dir_locations UNION SELECT address_1 FROM dir_addresses UNION SELECT city FROM dir_addresses
        UNION SELECT name FROM dir_taxonomy_terms UNION SELECT document FROM dir_required_documents
        UNION SELECT previous_value FROM dir_metadata UNION SELECT replacement_value FROM dir_metadata
        UNION SELECT updated_by FROM dir_metadata UNION SELECT message FROM dir_reports`,
  );
  const tr = t.app.i18n.translator(PSEUDO_LOCALE);
  const times = await rows<{ at: string | Date | null }>(
    db(),
    sql`SELECT last_verified_at AS at FROM dir_services UNION SELECT submitted_at FROM dir_services
        UNION SELECT last_action_date FROM dir_metadata UNION SELECT created_at FROM dir_reports`,
  );
  const dates = times.filter((r) => r.at).flatMap((r) => [tr.date(new Date(r.at!)), tr.dateTime(new Date(r.at!))]);
  return [...values.map((r) => r.v ?? ''), ...dates, ...SHIPPED_LOCALES.map((l) => l.name)]
    .filter((v) => v.trim() !== '')
    .sort((a, b) => b.length - a.length);
}

async function problemsOf(res: LightMyRequestResponse, label: string, status: number): Promise<string[]> {
  if (res.statusCode !== status) return [`${label}: status ${res.statusCode}, expected ${status}`];
  if (!res.body.includes(`<html lang="${PSEUDO_LOCALE}"`)) return [`${label}: the page is not in the pseudo-locale`];
  const allowed = await allowedValues();
  const problems: string[] = [];
  for (const { text, where } of visibleTexts(res.body)) {
    const rest = untranslatedRest(text, allowed, PSEUDO_OPEN, PSEUDO_CLOSE);
    if (hasLetters(rest)) problems.push(`${label}: ${where}: ${JSON.stringify(text.trim())} (outside the catalogs: ${JSON.stringify(rest.trim())})`);
  }
  return problems;
}

async function formOf(id: string): Promise<Record<string, string | string[]>> {
  const values = serviceFormValues((await loadServiceGraph(db(), id))!);
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string | string[]] => e[1] !== undefined));
}

describe('the directory back office in the pseudo-locale', () => {
  it('has no text outside the catalogs on any page, in any state', async () => {
    const problems: string[] = [];
    const check = async (client: TestClient, label: string, res: Promise<LightMyRequestResponse>, status = 200) =>
      problems.push(...(await problemsOf(await res, label, status)));

    const published = await serviceId('Scelta del medico di base e tessera sanitaria - Andria');
    const returned = await serviceId('Consultorio familiare - Andria');
    // An edit waiting for review, one sent back, a verification, reports in every state.
    await editor.get(`/directory/manage/services/${published}`);
    expect((await editor.post(`/directory/manage/services/${published}`, { ...(await formOf(published)), 'phone.0': '0883 299000' })).statusCode).toBe(303);
    expect((await editor.post(`/directory/manage/services/${returned}`, { ...(await formOf(returned)), feesDescription: 'Ticket di 10 euro' })).statusCode).toBe(303);
    await publisher.get('/directory/manage/review');
    expect((await publisher.post(`/directory/manage/review/${returned}/return`, { reason: 'Il ticket non si paga più.' })).statusCode).toBe(303);
    expect((await editor.post(`/directory/manage/services/${published}/verify`)).statusCode).toBe(303);
    for (const [kind, status] of [['phone', 'open'], ['hours', 'resolved'], ['closed', 'dismissed']] as const) {
      await db().execute(sql`INSERT INTO dir_reports (service_id, kind, message, locale, status, resolved_at, resolved_by)
        VALUES (${returned}, ${kind}, ${`Segnalazione ${kind}`}, 'it', ${status}, ${status === 'open' ? null : new Date()},
        ${status === 'open' ? null : sql`(SELECT id FROM users WHERE email = 'redazione@asl.example')`})`);
    }
    const draft = await editor.post('/directory/manage/services', {
      organizationId: (await rows<{ id: string }>(db(), sql`SELECT organization_id AS id FROM dir_services WHERE id = ${published}`))[0]!.id,
      name: 'Bozza di prova',
      description: 'Una bozza.',
      street: 'Via Bovio 73',
      municipality: '110002',
    });
    const draftId = String(draft.headers.location).split('/').pop()!;

    for (const [who, client] of [['editor', editor], ['publisher', publisher]] as const) {
      for (const url of [
        '/directory/manage/services',
        '/directory/manage/services?status=in_review&q=a',
        '/directory/manage/services/new',
        `/directory/manage/services/${published}`,
        `/directory/manage/services/${returned}`,
        `/directory/manage/services/${draftId}`,
        `/directory/manage/services/${published}/history`,
        `/directory/manage/services/${returned}/history`,
        '/directory/manage/verification',
        '/directory/manage/verification?months=1',
        '/directory/manage/reports',
      ]) {
        await check(client, `${who} GET ${url}`, client.get(url));
      }
    }
    await check(publisher, 'publisher GET review queue', publisher.get('/directory/manage/review'));
    await check(publisher, 'publisher GET review page', publisher.get(`/directory/manage/review/${published}`));
    await check(publisher, 'publisher GET review page of a returned service', publisher.get(`/directory/manage/review/${returned}`));
    await check(publisher, 'publisher POST return without reason', publisher.post(`/directory/manage/review/${published}/return`, {}), 422);

    // Forms shown again with their errors, and the messages after each action.
    await editor.get('/directory/manage/services/new');
    await check(editor, 'editor POST empty new service', editor.post('/directory/manage/services', { latitude: 'x', longitude: '' }), 422);
    await check(editor, 'editor POST far coordinates', editor.post('/directory/manage/services', { name: 'x', municipality: '110002', latitude: '16.1', longitude: '41.1' }), 422);
    await editor.get(`/directory/manage/services/${published}`);
    await check(
      editor,
      'editor POST service with errors',
      editor.post(`/directory/manage/services/${published}`, {
        ...(await formOf(published)),
        name: '',
        'phone.0': 'abc',
        'document.0': 'x'.repeat(301),
        'hours.0.days': 'MO',
        'hours.0.opens': '09:00',
        'hours.0.closes': '08:00',
        'hours.1.days': [],
        'hours.1.opens': '10:00',
        'hours.1.closes': '11:00',
        'hours.2.days': 'MO',
        'hours.2.opens': '8',
        'hours.2.closes': '9',
        needs: '00000000-0000-4000-8000-000000000000',
      }),
      422,
    );
    const loaded = await formOf(published);
    await db().execute(sql`UPDATE dir_services SET updated_at = now() + interval '1 second' WHERE id = ${published}`);
    await check(editor, 'editor POST stale version', editor.post(`/directory/manage/services/${published}`, { ...loaded, name: 'Nuovo' }), 409);
    for (const [label, action] of [
      ['saved', () => editor.post(`/directory/manage/services/${draftId}`, { ...loaded, name: 'Bozza di prova 2', loadedAt: '' })],
      ['no changes', async () => editor.post(`/directory/manage/services/${returned}`, await formOf(returned))],
      ['submitted', () => editor.post(`/directory/manage/services/${returned}/submit`)],
      ['not submittable', () => editor.post(`/directory/manage/services/${returned}/submit`)],
      ['verified', () => editor.post(`/directory/manage/services/${returned}/verify`)],
    ] as const) {
      await editor.get(`/directory/manage/services/${returned}`);
      const res = await action();
      if (res.statusCode === 303) await check(editor, `editor after ${label}`, editor.get(String(res.headers.location)));
      else problems.push(...(await problemsOf(res, `editor ${label}`, 422)));
    }
    await publisher.get('/directory/manage/review');
    const approved = await publisher.post(`/directory/manage/review/${returned}/approve`);
    await check(publisher, 'publisher after approving', publisher.get(String(approved.headers.location)));
    const again = await publisher.post(`/directory/manage/review/${returned}/approve`);
    await check(publisher, 'publisher approving twice', publisher.get(String(again.headers.location)));
    const [open] = await rows<{ id: string }>(db(), sql`SELECT id FROM dir_reports WHERE status = 'open' LIMIT 1`);
    await editor.get('/directory/manage/reports');
    await editor.post(`/directory/manage/reports/${open!.id}/resolve`);
    await check(editor, 'editor after resolving a report', editor.get('/directory/manage/reports'));
    await editor.post(`/directory/manage/reports/${open!.id}/dismiss`);
    await check(editor, 'editor after handling a report twice', editor.get('/directory/manage/reports'));
    expect(problems).toEqual([]);
  }, 120_000);
});
