// Bad input of every kind gets a clear, translated answer — never a stack trace — and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t?.close());

const noTrace = (body: string) => {
  expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+|Error:/);
};
const count = async (table: string) =>
  (await rows<{ n: number }>(t.app.kernel.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;

describe('bad input', () => {
  it('answers an oversized form with a translated 413 page', async () => {
    const c = new TestClient(t.app);
    await c.get('/login');
    const res = await c.post('/login', { email: 'a@b.it', password: 'x'.repeat(300 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('Dati troppo grandi');
    noTrace(res.body);
  });

  it('answers a malformed JSON body with problem+json', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: '{"email":' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 400, title: 'Richiesta non valida' });
    noTrace(res.body);
  });

  it('answers an unsupported content type with a translated page', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-unknown' }, payload: 'x' });
    expect(res.statusCode).toBe(415);
    expect(res.body).toContain('Richiesta non valida');
  });

  it('explains an unknown language and lists the available ones', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/lang/xx' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Lingua non disponibile');
    expect(res.body).toContain('العربية');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('ignores an unknown language cookie and falls back to the browser language', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: 'ponte_lang=klingon', 'accept-language': 'ar-MA,ar;q=0.9' } });
    expect(res.body).toContain('<html lang="ar" dir="rtl">');
  });

  it('never redirects outside Ponte after a language change', async () => {
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      const res = await t.app.inject({ method: 'GET', url: `/lang/it?next=${encodeURIComponent(next)}` });
      expect(res.headers.location).toBe('/');
    }
  });

  it('answers a malformed record id with 404, not a database error', async () => {
    const admin = await signIn(t.app, 'admin@prefettura.example');
    const res = await admin.get("/admin/users/1' OR '1'='1");
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Pagina non trovata');
    noTrace(res.body);
  });

  it('keeps what was typed and shows each error next to its field, storing nothing', async () => {
    const admin = await signIn(t.app, 'admin@prefettura.example');
    await admin.get('/admin/users/new');
    const users = await count('users');
    const res = await admin.post('/admin/users', { email: 'not-an-email', displayName: 'Rosa Tedeschi', organizationId: '', roles: [] });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="Rosa Tedeschi"');
    expect(res.body).toContain('value="not-an-email"');
    expect(res.body).toMatch(/id="email-error"[^>]*>Inserisci un indirizzo e-mail valido/);
    expect(res.body).toMatch(/id="roles-error"[^>]*>Scegli almeno un&#39;opzione/);
    expect(await count('users')).toBe(users);
  });

  it('refuses a second account with the same e-mail', async () => {
    const admin = await signIn(t.app, 'admin@prefettura.example');
    await admin.get('/admin/users/new');
    const [org] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM organizations LIMIT 1`);
    const res = await admin.post('/admin/users', {
      email: 'SPORTELLO@prefettura.example',
      displayName: 'Doppione',
      organizationId: org!.id,
      locale: 'it',
      roles: ['desk_operator'],
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Esiste già un utente con questo indirizzo e-mail');
  });

  it('answers an API client with problem+json for a page that does not exist', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('logs a server error with a reference and shows a translated page without details', async () => {
    const { registerRoutes, route } = await import('../../src/kernel/http/route.js');
    const { buildApp } = await import('../../src/app.js');
    const app = await buildApp(t.config, { database: t.database });
    registerRoutes(app, [route({ method: 'GET', url: '/boom', permission: 'public', handler: async () => { throw new Error('secret internals'); } })]);
    const res = await app.inject({ method: 'GET', url: '/boom', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internals');
    expect(res.body).toMatch(/Codice di riferimento|reference/i);
    noTrace(res.body);
    await app.close();
  });
});

describe('rate limits', () => {
  it('slows down repeated password guesses from one address', async () => {
    const limited = await createTestApp({ seed: false, config: { rateLimits: true } });
    try {
      const c = new TestClient(limited.app);
      await c.get('/login');
      let last = 0;
      for (let i = 0; i < 22; i++) last = (await c.post('/login', { email: 'x@y.it', password: 'guess' + i })).statusCode;
      expect(last).toBe(429);
      const res = await c.post('/login', { email: 'x@y.it', password: 'guess' });
      expect(res.body).toContain('Troppi tentativi');
    } finally {
      await limited.close();
    }
  });
});

describe('errors the router answers itself', () => {
  it('gives an over-long URL a translated answer', async () => {
    const t2 = await createTestApp();
    try {
      const long = `/services/${'a'.repeat(3000)}`;
      const page = await t2.app.inject({ method: 'GET', url: long, headers: { 'accept-language': 'fr' } });
      expect(page.statusCode).toBe(414);
      expect(page.body).toContain('lang="fr"');
      expect(page.body).toContain('Requête non valide');
      const api = await t2.app.inject({ method: 'GET', url: `/hsds/services/${'a'.repeat(3000)}`, headers: { accept: 'application/json' } });
      expect(api.headers['content-type']).toContain('application/problem+json');
    } finally {
      await t2.close();
    }
  });
});
