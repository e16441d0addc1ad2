// The directory back office's other work: creating a service with its first place, the verification
// queue and "still correct", the inbox of reports from the public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, type TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';

let t: TestApp;
let editor: TestClient;
let publisher: TestClient;
let editorId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  editor = await signIn(t.app, 'redazione@asl.example');
  publisher = await signIn(t.app, 'mappa@prefettura.example');
  editorId = (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM users WHERE email = 'redazione@asl.example'`))[0]!.id;
}, 60_000);
afterAll(() => t?.close());

const db = () => t.app.kernel.db;
const one = async <T>(query: ReturnType<typeof sql>) => (await rows<T>(db(), query))[0];
const serviceId = async (name: string) => (await one<{ id: string }>(sql`SELECT id FROM dir_services WHERE name = ${name}`))!.id;
const dirOrgId = async (name: string) => (await one<{ id: string }>(sql`SELECT id FROM dir_organizations WHERE name = ${name}`))!.id;
const ASL = 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani';

describe('creating a service', () => {
  it('creates a draft with its place at the centroid of the municipality, which reaches the public only after approval', async () => {
    const page = await editor.get('/directory/manage/services/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(ASL);
    expect(page.body).not.toContain('Comune di Andria');

    const missing = await editor.post('/directory/manage/services', { organizationId: await dirOrgId(ASL), name: 'Vaccinazioni per adulti' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('id="street-error"');
    expect(missing.body).toContain('value="Vaccinazioni per adulti"');

    const far = await editor.post('/directory/manage/services', {
      organizationId: await dirOrgId(ASL),
      name: 'Vaccinazioni per adulti',
      description: 'Vaccinazioni gratuite per adulti, anche senza tessera sanitaria.',
      street: 'Viale Padre Pio 1',
      municipality: '110009',
      latitude: '16,41',
      longitude: '41,277',
    });
    expect(far.statusCode).toBe(422);
    expect(far.body).toContain('Il punto è lontano dal comune scelto');
    expect(far.body).toContain('value="16,41"');

    const created = await editor.post('/directory/manage/services', {
      organizationId: await dirOrgId(ASL),
      name: 'Vaccinazioni per adulti',
      description: 'Vaccinazioni gratuite per adulti, anche senza tessera sanitaria.',
      street: 'Viale Padre Pio 1',
      municipality: '110009',
      wheelchairAccessible: 'on',
    });
    expect(created.statusCode).toBe(303);
    const id = /\/directory\/manage\/services\/([0-9a-f-]{36})$/.exec(created.headers.location as string)![1]!;
    const s = await one<{ publication_status: string }>(sql`SELECT publication_status FROM dir_services WHERE id = ${id}`);
    expect(s!.publication_status).toBe('draft');
    const place = await one<{ latitude: number; longitude: number; municipality_code: string; city: string; postal_code: string; address_1: string }>(
      sql`SELECT l.latitude, l.longitude, l.municipality_code, a.city, a.postal_code, a.address_1 FROM dir_service_at_locations sal
          JOIN dir_locations l ON l.id = sal.location_id JOIN dir_addresses a ON a.location_id = l.id WHERE sal.service_id = ${id}`,
    );
    expect(place).toEqual({ latitude: 41.2772, longitude: 16.4101, municipality_code: '110009', city: 'Trani', postal_code: '76125', address_1: 'Viale Padre Pio 1' });
    expect(await one(sql`SELECT 1 FROM dir_published_services WHERE service_id = ${id}`)).toBeUndefined();
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM dir_metadata WHERE resource_id = ${id} AND last_action_type = 'create'`))!.n).toBe(3);

    const draft = await editor.get(`/directory/manage/services/${id}`);
    expect(draft.body).toContain('Questa è una bozza');
    expect(draft.body).toContain('Viale Padre Pio 1, 76125 Trani');
    expect((await editor.post(`/directory/manage/services/${id}/submit`)).statusCode).toBe(303);
    expect((await one<{ publication_status: string }>(sql`SELECT publication_status FROM dir_services WHERE id = ${id}`))!.publication_status).toBe('in_review');
    expect(await one(sql`SELECT 1 FROM dir_published_services WHERE service_id = ${id}`)).toBeUndefined();

    const review = await publisher.get(`/directory/manage/review/${id}`);
    expect(review.body).toContain('Questo servizio non è ancora pubblicato');
    expect((await publisher.post(`/directory/manage/review/${id}/approve`)).statusCode).toBe(303);
    const published = await one<{ municipality_codes: string[]; name: string; wheelchair_accessible: boolean }>(
      sql`SELECT municipality_codes, name, wheelchair_accessible FROM dir_published_services WHERE service_id = ${id}`,
    );
    expect(published).toEqual({ municipality_codes: ['110009'], name: 'Vaccinazioni per adulti', wheelchair_accessible: true });
  });

  it("refuses a directory organization the editor's organization does not keep", async () => {
    await editor.get('/directory/manage/services/new');
    const res = await editor.post('/directory/manage/services', {
      organizationId: await dirOrgId('Comune di Andria'),
      name: 'Servizio altrui',
      description: 'Non dovrebbe esistere.',
      street: 'Piazza Umberto I 1',
      municipality: '110001',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="organizationId-error"');
    expect(await one(sql`SELECT 1 FROM dir_services WHERE name = 'Servizio altrui'`)).toBeUndefined();
  });
});

describe('verification', () => {
  it('lists what was not verified for N months and takes a one-click confirmation', async () => {
    const stale = await serviceId('Consultorio familiare - Trani');
    const recent = await serviceId('Consultorio familiare - Bisceglie');
    const comune = await serviceId('Servizi sociali: segretariato sociale - Trani');
    await db().execute(sql`UPDATE dir_services SET last_verified_at = now() - interval '400 days' WHERE id IN (${stale}, ${comune})`);
    await db().execute(sql`UPDATE dir_services SET last_verified_at = now() - interval '70 days' WHERE id = ${recent}`);

    const queue = await editor.get('/directory/manage/verification');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`/directory/manage/services/${stale}/verify`);
    expect(queue.body).not.toContain(`/directory/manage/services/${recent}/verify`);
    expect(queue.body).not.toContain(`/directory/manage/services/${comune}/verify`);
    expect((await editor.get('/directory/manage/verification?months=2')).body).toContain(`/directory/manage/services/${recent}/verify`);
    expect((await editor.get('/directory/manage/verification?months=zero')).statusCode).toBe(200);
    expect((await publisher.get('/directory/manage/verification')).body).toContain(`/directory/manage/services/${comune}/verify`);

    await editor.get('/directory/manage/verification');
    const res = await editor.post(`/directory/manage/services/${stale}/verify`, { next: '/directory/manage/verification?months=12' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/directory/manage/verification?months=12');
    const s = await one<{ last_verified_at: string; last_verified_by: string }>(sql`SELECT last_verified_at, last_verified_by FROM dir_services WHERE id = ${stale}`);
    expect(Date.now() - new Date(s!.last_verified_at).getTime()).toBeLessThan(60_000);
    expect(s!.last_verified_by).toBe(editorId);
    const meta = await one<{ field_name: string; updated_by: string }>(sql`SELECT field_name, updated_by FROM dir_metadata WHERE resource_id = ${stale} AND last_action_type = 'verified'`);
    expect(meta).toEqual({ field_name: 'last_verified_at', updated_by: 'Teresa Lopopolo' });
    const published = await one<{ last_verified_at: string }>(sql`SELECT last_verified_at FROM dir_published_services WHERE service_id = ${stale}`);
    expect(new Date(published!.last_verified_at).getTime()).toBe(new Date(s!.last_verified_at).getTime());
    expect((await one<{ publication_status: string }>(sql`SELECT publication_status FROM dir_services WHERE id = ${stale}`))!.publication_status).toBe('published');
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${stale} AND action = 'directory.service.verified'`))!.n).toBe(1);

    const after = await editor.get('/directory/manage/verification');
    expect(after.body).toContain('Grazie: le informazioni risultano verificate oggi.');
    expect(after.body).not.toContain(`/directory/manage/services/${stale}/verify`);
    expect((await editor.get(`/directory/manage/services/${stale}/history`)).body).toContain('Verifica');

    // Not for another organization's service; and never a redirect elsewhere.
    expect((await editor.post(`/directory/manage/services/${comune}/verify`)).statusCode).toBe(404);
    await editor.get('/directory/manage/verification');
    const offsite = await editor.post(`/directory/manage/services/${recent}/verify`, { next: '//evil.example/' });
    expect(offsite.headers.location).toBe(`/directory/manage/services/${recent}`);
  });
});

describe('reports from the public', () => {
  it("shows the editor only their services' reports, open first, and records who handled them", async () => {
    const mine = await serviceId('Consultorio familiare - Andria');
    const comune = await serviceId('Servizi sociali: segretariato sociale - Andria');
    const insert = async (serviceId: string, kind: string, message: string, status = 'open') =>
      (await one<{ id: string }>(
        sql`INSERT INTO dir_reports (service_id, kind, message, locale, status, created_at) VALUES (${serviceId}, ${kind}, ${message}, 'fr', ${status}, now()) RETURNING id`,
      ))!.id;
    const older = await insert(mine, 'other', 'Ancien signalement déjà traité', 'dismissed');
    const wrongPhone = await insert(mine, 'phone', 'Le numéro ne répond jamais <b>le matin</b>');
    const wrongHours = await insert(mine, 'hours', 'Fermé le mardi après-midi');
    const notMine = await insert(comune, 'address', "L'adresse de la mairie a changé");
    void older;

    const inbox = await editor.get('/directory/manage/reports');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain('Le numéro ne répond jamais &lt;b>le matin&lt;/b>');
    expect(inbox.body).toContain('Telefono sbagliato');
    expect(inbox.body).not.toContain('adresse de la mairie');
    expect(inbox.body.indexOf('Fermé le mardi')).toBeLessThan(inbox.body.indexOf('Ancien signalement'));
    expect((await publisher.get('/directory/manage/reports')).body).toContain('adresse de la mairie');
    expect((await editor.get(`/directory/manage/services/${mine}`)).body).toContain('2 segnalazioni aperte');

    expect((await editor.post(`/directory/manage/reports/${wrongPhone}/resolve`)).statusCode).toBe(303);
    expect((await editor.post(`/directory/manage/reports/${wrongHours}/dismiss`)).statusCode).toBe(303);
    const handled = await rows<{ id: string; status: string; resolved_by: string; resolved_at: string | null }>(
      db(),
      sql`SELECT id, status, resolved_by, resolved_at FROM dir_reports WHERE id IN (${wrongPhone}, ${wrongHours})`,
    );
    expect(Object.fromEntries(handled.map((r) => [r.id, [r.status, r.resolved_by, r.resolved_at !== null]]))).toEqual({
      [wrongPhone]: ['resolved', editorId, true],
      [wrongHours]: ['dismissed', editorId, true],
    });
    const again = await editor.post(`/directory/manage/reports/${wrongPhone}/dismiss`);
    expect(again.statusCode).toBe(303);
    expect((await one<{ status: string }>(sql`SELECT status FROM dir_reports WHERE id = ${wrongPhone}`))!.status).toBe('resolved');
    expect((await editor.get('/directory/manage/reports')).body).toContain('Questa segnalazione era già stata gestita.');

    expect((await editor.post(`/directory/manage/reports/${notMine}/resolve`)).statusCode).toBe(404);
    expect((await one<{ status: string }>(sql`SELECT status FROM dir_reports WHERE id = ${notMine}`))!.status).toBe('open');
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE action IN ('directory.report.resolved', 'directory.report.dismissed')`))!.n).toBe(2);
  });
});
