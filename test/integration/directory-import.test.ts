// The directory team imports an HSDS package in the back office: the upload is checked by a dry run that
// lists every row it would reject (file, row, field, translated reason) and writes nothing; a clean package
// is imported only on confirmation, in the background, audited; the job page shows a progress bar while a
// step runs; what is uploaded is recognized by its content; only the directory team may import.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, TestClient } from '../helpers/client.js';
import { makeZip } from '../helpers/zip.js';
import { rows } from '../../src/kernel/db/client.js';
import { LOCALE_COOKIE } from '../../src/kernel/http/request-context.js';
import { importHsdsPackage, type ImportProgress } from '../../src/modules/directory/hsds-import.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATAPACKAGE = readFileSync(join(ROOT, '../shared/standards/hsds-3.0/datapackage.json'), 'utf8');

const PUBLISHER = 'mappa@prefettura.example';
const EDITOR = 'redazione@asl.example';

let t: TestApp;
let publisher: TestClient;
let editor: TestClient;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  publisher = await signIn(t.app, PUBLISHER);
  editor = await signIn(t.app, EDITOR);
}, 60_000);
afterAll(() => t?.close());

const db = () => t.app.kernel.db;
const count = async (query: ReturnType<typeof sql>) => (await rows<{ n: number }>(db(), query))[0]!.n;

// A small package of a partner's directory: one organization, one service at one place in Barletta.
const ORG = '7f0d8f0e-8a53-4c39-9d0e-3f2a7c1b5e01';
const SERVICE = '7f0d8f0e-8a53-4c39-9d0e-3f2a7c1b5e02';
const LOCATION = '7f0d8f0e-8a53-4c39-9d0e-3f2a7c1b5e03';
const ADDRESS = '7f0d8f0e-8a53-4c39-9d0e-3f2a7c1b5e04';
const SAL = '7f0d8f0e-8a53-4c39-9d0e-3f2a7c1b5e05';
const PHONE = '7f0d8f0e-8a53-4c39-9d0e-3f2a7c1b5e06';
const SERVICE_NAME = 'Sportello di ascolto per donne migranti - Barletta';

function validPackage(): Record<string, string> {
  return {
    'organizations.csv': `id,name,description,email,website\n${ORG},Associazione Ponti di Donne,"Associazione di volontariato, Barletta",info@pontididonne.example,https://pontididonne.example\n`,
    'services.csv': `id,organization_id,name,description,status,email\n${SERVICE},${ORG},${SERVICE_NAME},Ascolto e orientamento in italiano e inglese,active,ascolto@pontididonne.example\n`,
    'locations.csv': `id,location_type,name,latitude,longitude\n${LOCATION},physical,Sede di via Cialdini,41.3197,16.2829\n`,
    'addresses.csv': `id,location_id,address_1,city,state_province,postal_code,country,address_type\n${ADDRESS},${LOCATION},Via Cialdini 12,Barletta,BT,76121,IT,physical\n`,
    'service_at_location.csv': `id,service_id,location_id\n${SAL},${SERVICE},${LOCATION}\n`,
    'phones.csv': `id,service_id,number,type\n${PHONE},${SERVICE},0883 123456,voice\n`,
  };
}

interface Upload {
  filename: string;
  content: string | Buffer;
  type?: string;
}

/** Posts a multipart form as a browser sends a file upload, with the CSRF token of the last page. */
async function upload(client: TestClient, files: Upload[], fields: Record<string, string> = {}, options: { csrf?: string | null } = {}) {
  const boundary = `----ponte${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  const csrf = options.csrf === undefined ? client.lastCsrf : options.csrf;
  const all = { ...(csrf ? { _csrf: csrf } : {}), ...fields };
  for (const [name, value] of Object.entries(all)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="package"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url: '/directory/manage/import',
    headers: {
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat(parts),
  });
}

/** Opens the job's page until its step has finished, as its refreshing page does. */
async function jobPage(client: TestClient, location: string) {
  for (let i = 0; i < 100; i++) {
    const res = await client.get(location);
    if (!res.headers.refresh) return res;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${location} is still running`);
}

const jobIdOf = (location: string) => location.split('/').pop()!;

async function auditActions(jobId: string): Promise<string[]> {
  return (await rows<{ action: string }>(db(), sql`SELECT action FROM audit_events WHERE entity_id = ${jobId} ORDER BY id`)).map((r) => r.action);
}

const serviceRows = () => count(sql`SELECT count(*)::int AS n FROM dir_services WHERE id = ${SERVICE}`);

describe('importing an HSDS package from the back office', () => {
  it('checks a zip package in a dry run that writes nothing, then imports it on confirmation, audited', async () => {
    await publisher.get('/directory/manage/import');
    const zip = makeZip([...Object.entries(validPackage()).map(([name, content]) => ({ path: `pacchetto/${name}`, content })), { path: 'pacchetto/datapackage.json', content: DATAPACKAGE }]);
    const res = await upload(publisher, [{ filename: 'pacchetto.zip', content: zip, type: 'application/zip' }]);
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/directory\/manage\/import\/[0-9a-f-]{36}$/);

    const checked = await jobPage(publisher, location);
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain('Pronto per l&#39;importazione');
    expect(checked.body).toContain('La prova non ha trovato righe da rifiutare');
    // What it would create, file by file.
    for (const file of ['organizations.csv', 'services.csv', 'locations.csv', 'addresses.csv', 'service_at_location.csv', 'phones.csv']) expect(checked.body).toContain(file);
    expect(checked.body).toContain('Importa e invia in revisione');
    expect(await serviceRows()).toBe(0);

    const confirmed = await publisher.post(`${location}/confirm`);
    expect(confirmed.statusCode).toBe(303);
    const done = await jobPage(publisher, location);
    expect(done.body).toContain('Importato');
    expect(done.body).toContain('1 servizio inviato in revisione');
    expect(done.body).not.toContain('<progress');
    const [service] = await rows<{ publication_status: string; name: string }>(db(), sql`SELECT publication_status, name FROM dir_services WHERE id = ${SERVICE}`);
    expect(service).toEqual({ publication_status: 'in_review', name: SERVICE_NAME });
    // The place's address names a municipality of the province: it joins the finder's filter.
    const [place] = await rows<{ municipality_code: string | null }>(db(), sql`SELECT municipality_code FROM dir_locations WHERE id = ${LOCATION}`);
    expect(place!.municipality_code).not.toBeNull();

    const jobId = jobIdOf(location);
    expect(await auditActions(jobId)).toEqual(['directory.import.uploaded', 'directory.import.checked', 'directory.import.confirmed']);
    const [imported] = await rows<{ name: string }>(
      db(),
      sql`SELECT u.display_name AS name FROM audit_events a JOIN users u ON u.id = a.actor_user_id WHERE a.action = 'directory.hsds.imported' ORDER BY a.id DESC LIMIT 1`,
    );
    expect(imported!.name).toBe('Davide Porcelli');
    // The uploaded files are not kept once imported; a second confirmation changes nothing.
    expect(await count(sql`SELECT count(*)::int AS n FROM dir_import_jobs WHERE id = ${jobId} AND files IS NULL`)).toBe(1);
    await publisher.post(`${location}/confirm`);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${jobId} AND action = 'directory.import.confirmed'`)).toBe(1);

    // The import page lists it among the recent imports.
    const list = await publisher.get('/directory/manage/import');
    expect(list.body).toContain(`href="${location}"`);
  });

  it('lists every row a package with bad rows would reject, with file, row, field and translated reason, and writes nothing', async () => {
    const tables = ['dir_organizations', 'dir_services', 'dir_locations', 'dir_addresses', 'dir_phones', 'dir_published_services'];
    const sizes = async () => Promise.all(tables.map((table) => count(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))));
    const before = await sizes();
    const good = validPackage();
    const ORG2 = '8a1b2c3d-0000-4000-8000-000000000001';
    const files = {
      'organizations.csv': `id,name,description\n${ORG2},Centro interculturale,Mediazione e corsi\n`,
      'services.csv': `id,organization_id,name,status,email\n8a1b2c3d-0000-4000-8000-000000000002,${ORG2},Corso di italiano serale,active,non-una-mail\n8a1b2c3d-0000-4000-8000-000000000003,8a1b2c3d-0000-4000-8000-0000000000ff,Doposcuola,active,\n`,
      'locations.csv': `id,location_type,latitude,longitude\n8a1b2c3d-0000-4000-8000-000000000004,physical,100,16.28\n`,
      'phones.csv': `id,service_id,number\n8a1b2c3d-0000-4000-8000-000000000005,8a1b2c3d-0000-4000-8000-000000000002,"chiamare 0883"\n`,
      'addresses.csv': good['addresses.csv']!.replace(LOCATION, '8a1b2c3d-0000-4000-8000-000000000006').replace(ADDRESS, '8a1b2c3d-0000-4000-8000-000000000007'),
    };
    await publisher.get('/directory/manage/import');
    const res = await upload(
      publisher,
      Object.entries(files).map(([filename, content]) => ({ filename, content, type: 'text/csv' })),
    );
    expect(res.statusCode).toBe(303);
    const page = await jobPage(publisher, String(res.headers.location));
    expect(page.body).toContain('Rifiutato');
    expect(page.body).toContain('nulla è stato scritto');
    expect(page.body).toContain('5 righe rifiutate');
    expect(page.body).not.toContain('/confirm');
    const rowsOf = (html: string) =>
      [...html.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td><code>([^<]*)<\/code><\/td><td[^>]*>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1).join(' | '));
    expect(rowsOf(page.body)).toEqual([
      'services.csv | 2 | email | non-una-mail | Non è un indirizzo e-mail.',
      'services.csv | 3 | organization_id | 8a1b2c3d-0000-4000-8000-0000000000ff | Rimanda a una riga che non c&#39;è né in organizations.csv né in Ponte.',
      'locations.csv | 2 | latitude | 100 | Deve essere compreso tra -90 e 90.',
      'phones.csv | 2 | number | chiamare 0883 | Non è un numero di telefono: solo cifre, spazi e + . / ( ) -, da 3 a 30 caratteri.',
      `addresses.csv | 2 | location_id | 8a1b2c3d-0000-4000-8000-000000000006 | Rimanda a una riga che non c&#39;è né in locations.csv né in Ponte.`,
    ]);
    expect(await sizes()).toEqual(before);

    // The same page in English: the reasons are translated.
    publisher.cookies.set(LOCALE_COOKIE, 'en');
    try {
      const english = await publisher.get(String(res.headers.location));
      expect(english.body).toContain('Not an e-mail address.');
      expect(english.body).toContain('Must be between -90 and 90.');
      expect(english.body).toContain('5 rows rejected');
    } finally {
      publisher.cookies.delete(LOCALE_COOKIE);
    }
  });

  it('tells what a file is by its content: a zip named .csv is read, a picture named services.csv is refused', async () => {
    await publisher.get('/directory/manage/import');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(64, 7)]);
    const refused = await upload(publisher, [{ filename: 'services.csv', content: png, type: 'text/csv' }]);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('services.csv non è un file CSV, né un archivio ZIP, né un datapackage.json.');
    expect(refused.body).toContain('aria-invalid="true"');

    // A zip whatever its name, and a CSV named otherwise recognized by its header row.
    const named = { 'servizi.csv': validPackage()['services.csv']!, 'enti.csv': validPackage()['organizations.csv']! };
    const zip = makeZip(Object.entries(named).map(([path, content]) => ({ path, content })));
    const res = await upload(publisher, [{ filename: 'export.csv', content: zip, type: 'text/csv' }]);
    expect(res.statusCode).toBe(303);
    const page = await jobPage(publisher, String(res.headers.location));
    expect(page.body).toContain('Pronto per l&#39;importazione');
    expect(page.body).toContain('services.csv');
    expect(page.body).toContain('organizations.csv');

    const nothing = await upload(publisher, []);
    expect(nothing.statusCode).toBe(400);
    expect(nothing.body).toContain('Scegli l&#39;archivio .zip del pacchetto o i suoi file CSV.');
  });

  it('refuses an archive that would unpack beyond the limit without unpacking it', async () => {
    await publisher.get('/directory/manage/import');
    const jobsBefore = await count(sql`SELECT count(*)::int AS n FROM dir_import_jobs`);
    const bomb = makeZip([{ path: 'services.csv', content: Buffer.alloc(61 * 1024 * 1024, 0x20) }]);
    expect(bomb.length).toBeLessThan(200_000);
    const res = await upload(publisher, [{ filename: 'pacchetto.zip', content: bomb }]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Il pacchetto è troppo grande');
    // An archive whose headers say it holds less than it unpacks to is refused too.
    const forged = makeZip([{ path: 'services.csv', content: Buffer.alloc(2_000_000, 0x41) }]);
    forged.writeUInt32LE(10, 22);
    forged.writeUInt32LE(10, forged.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    const res2 = await upload(publisher, [{ filename: 'forged.zip', content: forged }]);
    expect(res2.statusCode).toBe(400);
    expect(await count(sql`SELECT count(*)::int AS n FROM dir_import_jobs`)).toBe(jobsBefore);
  });

  it('shows a progress bar that refreshes the page without a script while a step runs, and can be kept still', async () => {
    const [{ id }] = (await rows<{ id: string }>(
      db(),
      sql`INSERT INTO dir_import_jobs (created_by, status, file_names, phase, processed, total)
          VALUES ((SELECT id FROM users WHERE email = ${PUBLISHER}), 'importing', ARRAY['services.csv'], 'writing', 12000, 50000) RETURNING id`,
    )) as [{ id: string }];
    const page = await publisher.get(`/directory/manage/import/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers.refresh).toBe('2');
    expect(page.body).toMatch(/<progress id="progress" class="w-100" value="12000" max="50000" aria-labelledby="progress-label"><\/progress>/);
    expect(page.body).toContain('12.000 righe su 50.000');
    expect(page.body).not.toContain('<script');
    const still = await publisher.get(`/directory/manage/import/${id}?refresh=off`);
    expect(still.headers.refresh).toBeUndefined();
    expect(still.body).toContain('<progress');

    // A step that stopped moving long ago and runs nowhere was interrupted: no bar, no refreshing.
    await db().execute(sql`UPDATE dir_import_jobs SET updated_at = now() - interval '1 hour' WHERE id = ${id}`);
    const stalled = await publisher.get(`/directory/manage/import/${id}`);
    expect(stalled.headers.refresh).toBeUndefined();
    expect(stalled.body).toContain('Interrotto');
    expect(stalled.body).not.toContain('<progress');
  });

  it('reports its progress while writing, up to every row of the package', async () => {
    const n = 450;
    const org = '9c000000-0000-4000-8000-000000000000';
    const services = Array.from({ length: n }, (_, i) => `9c000000-0000-4000-8000-${String(i + 1).padStart(12, '0')},${org},Servizio di prova ${i + 1},active`);
    const seen: ImportProgress[] = [];
    const report = await importHsdsPackage(
      db(),
      [
        { name: 'organizations.csv', content: `id,name,description\n${org},Ente di prova,Prova\n` },
        { name: 'services.csv', content: `id,organization_id,name,status\n${services.join('\n')}\n` },
      ],
      { dryRun: true, onProgress: (p) => void seen.push({ ...p }) },
    );
    expect(report.ok).toBe(true);
    const writing = seen.filter((p) => p.phase === 'writing');
    expect(writing.length).toBeGreaterThanOrEqual(3);
    expect(writing.every((p) => p.total === n + 1)).toBe(true);
    expect(writing.map((p) => p.processed)).toEqual([...writing.map((p) => p.processed)].sort((a, b) => a - b));
    expect(writing.at(-1)!.processed).toBe(n + 1);
    expect(await count(sql`SELECT count(*)::int AS n FROM dir_services WHERE organization_id = ${org}`)).toBe(0);
  });
});

describe('who may import', () => {
  it('refuses an organization editor and an anonymous visitor, before reading the upload', async () => {
    const page = await editor.get('/directory/manage/import');
    expect(page.statusCode).toBe(403);
    await editor.get('/directory/manage/services');
    const jobsBefore = await count(sql`SELECT count(*)::int AS n FROM dir_import_jobs`);
    const res = await upload(editor, [{ filename: 'services.csv', content: validPackage()['services.csv']! }]);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Accesso non consentito');

    const anonymous = new TestClient(t.app);
    await anonymous.get('/login');
    const anon = await upload(anonymous, [{ filename: 'services.csv', content: validPackage()['services.csv']! }]);
    expect(anon.statusCode).toBe(303);
    expect(String(anon.headers.location)).toMatch(/^\/login/);
    expect(await count(sql`SELECT count(*)::int AS n FROM dir_import_jobs`)).toBe(jobsBefore);
  });

  it('refuses an upload without the form token', async () => {
    await publisher.get('/directory/manage/import');
    const res = await upload(publisher, [{ filename: 'services.csv', content: validPackage()['services.csv']! }], {}, { csrf: null });
    expect(res.statusCode).toBe(403);
  });

  it('shows the import in the directory team\'s navigation only', async () => {
    expect((await publisher.get('/directory/manage/services')).body).toContain('href="/directory/manage/import"');
    expect((await editor.get('/directory/manage/services')).body).not.toContain('href="/directory/manage/import"');
  });
});
