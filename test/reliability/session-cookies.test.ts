// The session cookie and the headers every answer carries, as ASVS V3 and V14 ask of them: a new session
// identifier at sign-in, cookies out of scripts' reach and bound to this site, a __Host- cookie over HTTPS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, TestClient } from '../helpers/client.js';
import { engine } from './helpers.js';

let t: TestApp;
let secure: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  secure = await createTestApp({ seed: true, config: { secureCookies: true, isProduction: true } });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await secure?.close();
});

const setCookie = (res: { headers: Record<string, unknown> }) => [res.headers['set-cookie'] ?? []].flat().map(String);

describe(`session cookies and headers (${engine})`, () => {
  it('gives a new session identifier at sign-in, and the one before opens nothing', async () => {
    const c = new TestClient(t.app);
    await c.get('/login');
    const before = c.cookies.get('ponte_session');
    expect(before).toBeTruthy();
    const signed = await signIn(t.app, 'admin@prefettura.example');
    expect(signed.cookies.get('ponte_session')).not.toBe(before);
    // The pre-login identifier of this client stays anonymous.
    expect((await c.get('/admin/users')).statusCode).toBe(303);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, for the whole site', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/login' });
    const cookie = setCookie(res).find((c) => c.startsWith('ponte_session='));
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Domain=/i);
  });

  it('over HTTPS, uses a __Host- cookie marked Secure, and sends HSTS', async () => {
    // Behind the TLS-terminating proxy a production deployment has (trustProxy is on in production).
    const res = await secure.app.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
    const cookie = setCookie(res).find((c) => c.startsWith('__Host-ponte='));
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(String(res.headers['strict-transport-security'])).toMatch(/max-age=31536000; includeSubDomains/);
  });

  it('sends a strict Content-Security-Policy, no sniffing, no framing and a same-origin referrer on every page', async () => {
    for (const url of ['/', '/login', '/does-not-exist']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      expect(String(res.headers['content-type']), url).toMatch(/charset=utf-8/i);
    }
  });

  it('keeps every page an operator sees out of caches (Cache-Control: no-store)', async () => {
    const admin = await signIn(t.app, 'admin@prefettura.example');
    for (const url of ['/dashboard', '/admin/users', '/admin/audit', '/account', '/']) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });
});
