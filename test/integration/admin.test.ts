import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, TestClient, totpNow } from '../helpers/client.js';
import { latestMailTo } from '../../src/kernel/mail/mailer.js';
import { rows } from '../../src/kernel/db/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t?.close());

async function orgId(name: string) {
  return (await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM organizations WHERE name = ${name}`))[0]!.id;
}

describe('a new operator', () => {
  it('is invited by e-mail, chooses a password, must enrol a second factor, and sees only what the role allows', async () => {
    const admin = await signIn(t.app, 'admin@prefettura.example');
    await admin.get('/admin/users/new');
    const invited = await admin.post('/admin/users', {
      email: 'Rosa.Tedeschi@cpi-andria.example',
      displayName: 'Rosa Tedeschi',
      organizationId: await orgId("Centro per l'Impiego di Andria"),
      locale: 'it',
      roles: ['labour_officer'],
    });
    expect(invited.statusCode).toBe(303);

    const mail = await latestMailTo(t.app.kernel.db, 'rosa.tedeschi@cpi-andria.example');
    expect(mail!.subject).toContain("Centro per l'Impiego di Andria");
    const link = /http:\/\/ponte\.test(\/invitation\/\S+)/.exec(mail!.textBody)![1]!;

    const rosa = new TestClient(t.app);
    await rosa.get(link);
    expect((await rosa.post(link, { password: 'rosa sceglie una frase lunga', confirm: 'rosa sceglie una frase lunga' })).headers.location).toBe('/login');
    await rosa.get('/login');
    const login = await rosa.post('/login', { email: 'rosa.tedeschi@cpi-andria.example', password: 'rosa sceglie una frase lunga' });
    expect(login.headers.location).toBe('/login/enrol');
    const enrol = await rosa.get('/login/enrol');
    expect(enrol.body).toContain('<svg');
    const secret = /class="ponte-secret"[^>]*>([A-Z2-7]+)</.exec(enrol.body)![1]!;
    const wrong = await rosa.post('/login/enrol', { code: '000000' });
    expect(wrong.statusCode).toBe(422);
    const done = await rosa.post('/login/enrol', { code: await totpNow(secret) });
    expect(done.headers.location).toBe('/dashboard');
    const dash = await rosa.get('/dashboard');
    expect(dash.body).toContain('Rosa Tedeschi');
    expect(dash.body).not.toContain('href="/admin/users"');
    expect((await rosa.get('/admin/users')).statusCode).toBe(403);
  });

  it('cannot use the invitation link twice', async () => {
    const mail = await latestMailTo(t.app.kernel.db, 'rosa.tedeschi@cpi-andria.example');
    const link = /http:\/\/ponte\.test(\/invitation\/\S+)/.exec(mail!.textBody)![1]!;
    expect((await new TestClient(t.app).get(link)).statusCode).toBe(400);
  });
});

describe('deactivation', () => {
  it('ends the sessions of a deactivated operator at once', async () => {
    const trainer = await signIn(t.app, 'formazione@cpia.example');
    const [user] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM users WHERE email = 'formazione@cpia.example'`);
    const admin = await signIn(t.app, 'admin@prefettura.example');
    await admin.get(`/admin/users/${user!.id}`);
    expect((await admin.post(`/admin/users/${user!.id}/deactivate`)).statusCode).toBe(303);
    expect((await trainer.get('/dashboard')).headers.location).toMatch(/^\/login/);
    const c = new TestClient(t.app);
    await c.get('/login');
    expect((await c.post('/login', { email: 'formazione@cpia.example', password: 'demo-ponte-bat-2026' })).statusCode).toBe(401);
  });

  it('does not let an administrator deactivate their own account', async () => {
    const admin = await signIn(t.app, 'admin@prefettura.example');
    const [me] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM users WHERE email = 'admin@prefettura.example'`);
    await admin.get(`/admin/users/${me!.id}`);
    expect((await admin.post(`/admin/users/${me!.id}/deactivate`)).statusCode).toBe(404);
  });

  it('applies changed roles to the next request, by ending the open sessions', async () => {
    const analyst = await signIn(t.app, 'osservatorio@prefettura.example');
    const [user] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM users WHERE email = 'osservatorio@prefettura.example'`);
    const admin = await signIn(t.app, 'admin@prefettura.example');
    await admin.get(`/admin/users/${user!.id}`);
    const saved = await admin.post(`/admin/users/${user!.id}`, { displayName: 'Paolo Grieco', organizationId: await orgId('Prefettura di Barletta-Andria-Trani'), roles: ['analyst', 'dpo'] });
    expect(saved.statusCode).toBe(303);
    expect((await analyst.get('/dashboard')).headers.location).toMatch(/^\/login/);
    const again = await signIn(t.app, 'osservatorio@prefettura.example');
    expect((await again.get('/admin/audit')).statusCode).toBe(200);
  });
});
