import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, TestClient, totpNow } from '../helpers/client.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { latestMailTo } from '../../src/kernel/mail/mailer.js';
import { rows } from '../../src/kernel/db/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t?.close());

describe('signing in', () => {
  it('asks for the second factor after a correct password, then opens the dashboard', async () => {
    const c = new TestClient(t.app);
    await c.get('/login');
    await t.app.kernel.db.execute(sql`UPDATE users SET totp_last_step = NULL`);
    const res = await c.post('/login', { email: 'sportello@prefettura.example', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login/second-factor');
    // Between the two steps, nothing behind the login is reachable.
    expect((await c.get('/dashboard')).headers.location).toMatch(/^\/login/);
    await c.get('/login/second-factor');
    const second = await c.post('/login/second-factor', { code: await totpNow() });
    expect(second.headers.location).toBe('/dashboard');
    const dash = await c.get('/dashboard');
    expect(dash.statusCode).toBe(200);
    expect(dash.body).toContain('Sara Lomuscio');
  });

  it('refuses a wrong password with a translated message and keeps the e-mail typed', async () => {
    const c = new TestClient(t.app, { 'accept-language': 'fr' });
    await c.get('/login');
    const res = await c.post('/login', { email: 'funzionario@prefettura.example', password: 'not the password at all' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Adresse e-mail ou mot de passe incorrect');
    expect(res.body).toContain('value="funzionario@prefettura.example"');
    expect(res.body).not.toContain('not the password at all');
  });

  it('refuses a code that was already used', async () => {
    const email = 'ispezioni@prefettura.example';
    await signIn(t.app, email);
    const c = new TestClient(t.app);
    await c.get('/login');
    await c.post('/login', { email, password: DEMO_PASSWORD });
    await c.get('/login/second-factor');
    const again = await c.post('/login/second-factor', { code: await totpNow() });
    expect(again.statusCode).toBe(401);
    expect(again.body).toContain('già stato usato');
  });

  it('locks the account after five failures, even for the right password', async () => {
    const email = 'osservatorio@prefettura.example';
    const c = new TestClient(t.app);
    await c.get('/login');
    for (let i = 0; i < 5; i++) await c.post('/login', { email, password: `wrong-password-${i}` });
    const res = await c.post('/login', { email, password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('bloccato per 15 minuti');
    const [audit] = await rows<{ n: number }>(t.app.kernel.db, sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.login.failed'`);
    expect(audit!.n).toBeGreaterThanOrEqual(6);
  });

  it('rejects a form posted without its CSRF token, with a translated page', async () => {
    const c = new TestClient(t.app);
    await c.get('/login');
    const res = await c.post('/login', { email: 'admin@prefettura.example', password: DEMO_PASSWORD }, { csrf: null });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Il modulo è scaduto');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('rejects a forged CSRF token', async () => {
    const c = new TestClient(t.app);
    await c.get('/login');
    const res = await c.post('/login', { email: 'admin@prefettura.example', password: DEMO_PASSWORD }, { csrf: 'forged-token' });
    expect(res.statusCode).toBe(403);
  });

  it('signs out and the old session cookie no longer opens anything', async () => {
    const c = await signIn(t.app, 'formazione@cpia.example');
    const oldCookies = new Map(c.cookies);
    const out = await c.post('/logout');
    expect(out.headers.location).toBe('/login');
    const replay = new TestClient(t.app);
    replay.cookies = oldCookies;
    expect((await replay.get('/dashboard')).headers.location).toMatch(/^\/login/);
  });

  it('ends a session left idle longer than the limit and says so', async () => {
    const c = await signIn(t.app, 'lavoro@cpi-andria.example');
    await t.app.kernel.db.execute(
      sql`UPDATE sessions SET data = jsonb_set(data, '{lastSeenAt}', to_jsonb((extract(epoch from now()) * 1000 - 31 * 60000)::bigint)) WHERE user_id IS NOT NULL`,
    );
    const res = await c.get('/dashboard');
    expect(res.statusCode).toBe(303);
    const login = await c.get('/login');
    expect(login.body).toContain('La sessione è scaduta');
  });
});

describe('passwords', () => {
  it('resets a forgotten password through the e-mailed link, once', async () => {
    const email = 'mappa@prefettura.example';
    const c = new TestClient(t.app);
    await c.get('/password/forgot');
    const sent = await c.post('/password/forgot', { email });
    expect(sent.body).toContain('riceverai a breve');
    const mail = await latestMailTo(t.app.kernel.db, email);
    const link = /http:\/\/ponte\.test(\/password\/reset\/\S+)/.exec(mail!.textBody)![1]!;
    await c.get(link);
    const weak = await c.post(link, { password: 'short', confirm: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('almeno 12 caratteri');
    const done = await c.post(link, { password: 'a long new passphrase 42', confirm: 'a long new passphrase 42' });
    expect(done.headers.location).toBe('/login');
    expect((await c.get(link)).statusCode).toBe(400);
    await signIn(t.app, email, 'a long new passphrase 42');
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const c = new TestClient(t.app);
    await c.get('/password/forgot');
    const res = await c.post('/password/forgot', { email: 'nobody@nowhere.example' });
    expect(res.statusCode).toBe(200);
    expect(await latestMailTo(t.app.kernel.db, 'nobody@nowhere.example')).toBeUndefined();
  });

  it('changes the password only with the current one', async () => {
    const c = await signIn(t.app, 'immigrazione@questura.example');
    await c.get('/account/password');
    const wrong = await c.post('/account/password', { currentPassword: 'nope', password: 'another long passphrase', confirm: 'another long passphrase' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('La password attuale non è corretta');
    const ok = await c.post('/account/password', { currentPassword: DEMO_PASSWORD, password: 'another long passphrase', confirm: 'another long passphrase' });
    expect(ok.headers.location).toBe('/account');
    expect((await c.get('/account')).statusCode).toBe(200);
  });
});
