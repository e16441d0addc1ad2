// Every role against every route: who may open it, and — as important — who may not.
// A new route is covered here without writing a test: it is read from the route table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, TestClient } from '../helpers/client.js';
import { routeRegistry, type RouteDef } from '../../src/kernel/http/route.js';
import { grantsOf, ROLES, type Role } from '../../src/kernel/access/policy.js';
import { DEMO_ACCOUNTS } from '../../seeds/demo.js';

let t: TestApp;
let routes: RouteDef[];
const clients = new Map<Role | 'anonymous', TestClient>();

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  // Signing out ends the session the rest of the matrix needs: it goes last.
  routes = [...routeRegistry.get(t.app)!].sort((a, b) => Number(a.url === '/logout') - Number(b.url === '/logout'));
  const anonymous = new TestClient(t.app);
  await anonymous.get('/login');
  clients.set('anonymous', anonymous);
  for (const role of ROLES) {
    const account = DEMO_ACCOUNTS.find((a) => a.roles.length === 1 && a.roles[0] === role);
    if (!account) throw new Error(`the demo data has no account with only the role ${role}`);
    clients.set(role, await signIn(t.app, account.email));
  }
}, 120_000);
afterAll(() => t?.close());

function concreteUrl(url: string): string {
  return url
    .replace(':id', '00000000-0000-4000-8000-000000000000')
    .replace(':token', 'not-a-real-token')
    .replace(':code', 'it');
}

async function call(client: TestClient, def: RouteDef) {
  const url = concreteUrl(def.url);
  if (def.method === 'GET') return client.get(url);
  // State-changing requests carry the CSRF token of a form the same client was shown.
  await client.get(client === clients.get('anonymous') ? '/login' : '/account');
  return client.post(url, {});
}

const deniedToLogin = (res: { statusCode: number; headers: Record<string, unknown> }) =>
  (res.statusCode === 303 || res.statusCode === 302) && String(res.headers.location).startsWith('/login');

// The policy written out again, on purpose: widening who may do something must be a visible change here.
const EXPECTED_GRANTS: Record<string, readonly Role[]> = {
  'admin.users.manage': ['admin'],
  'admin.organizations.manage': ['admin'],
  'audit.read': ['admin', 'dpo'],
  'directory.edit': ['directory_editor', 'directory_publisher'],
  'directory.publish': ['directory_publisher'],
  'desk.people': ['desk_operator'],
  'desk.cases': ['desk_operator', 'service_operator'],
  'desk.figures': ['desk_operator', 'prefettura_official', 'analyst'],
  'desk.figures.province': ['prefettura_official', 'analyst'],
  'desk.access_review': ['dpo'],
  'referrals.inbox': ['desk_operator', 'service_operator'],
  'mediators.roster': ['mediator_coordinator'],
  'mediators.own': ['mediator'],
  'mediators.ask': ['desk_operator', 'service_operator', 'prefettura_official', 'questura_officer', 'managing_body_operator'],
  'mediators.requests': ['mediator_coordinator', 'mediator', 'desk_operator', 'service_operator', 'prefettura_official', 'questura_officer', 'managing_body_operator'],
  'mediators.figures': ['mediator_coordinator', 'prefettura_official', 'analyst'],
  'reception.centres': ['prefettura_official', 'reception_inspector', 'managing_body_operator'],
  'reception.centres.manage': ['prefettura_official'],
  'reception.documents.review': ['prefettura_official'],
  'reception.report': ['managing_body_operator'],
  'reception.inspect': ['reception_inspector'],
  'reception.dashboard': ['prefettura_official', 'reception_inspector', 'analyst'],
};

describe('permission matrix', () => {
  it('grants each permission to exactly the expected roles', () => {
    const permissions = new Set(routes.map((r) => r.permission).filter((p) => !['public', 'signed-in', 'login-in-progress'].includes(p)));
    for (const p of permissions) {
      expect([...grantsOf(p as keyof typeof EXPECTED_GRANTS & Parameters<typeof grantsOf>[0])].sort(), p).toEqual([...(EXPECTED_GRANTS[p] ?? ['(missing from EXPECTED_GRANTS)'])].sort());
    }
  });

  it('has a demo account for every role, so that no role goes untested', () => {
    expect(clients.size).toBe(ROLES.length + 1);
  });

  it('checks every route against every role', async () => {
    const failures: string[] = [];
    let checks = 0;
    for (const def of routes) {
      for (const [who, client] of clients) {
        const res = await call(client, def);
        checks++;
        const label = `${def.method} ${def.url} as ${who} → ${res.statusCode} ${res.headers.location ?? ''}`;
        const p = def.permission;
        if (p === 'public') {
          if (res.statusCode === 401 || res.statusCode === 403 || deniedToLogin(res)) {
            if (!(def.url.startsWith('/login') || def.url === '/login')) failures.push(`${label}: public route refused`);
          }
        } else if (p === 'login-in-progress') {
          if (who === 'anonymous' && !deniedToLogin(res)) failures.push(`${label}: should send to login`);
        } else if (p === 'signed-in') {
          if (who === 'anonymous' && !deniedToLogin(res)) failures.push(`${label}: anonymous should be sent to login`);
          // Signing out also ends on the login page: for it, success is that the session is really gone.
          const signedOut = def.url === '/logout' && deniedToLogin(await client.get('/dashboard'));
          if (who !== 'anonymous' && (res.statusCode === 403 || (deniedToLogin(res) && !signedOut))) failures.push(`${label}: any operator may`);
        } else {
          const allowed = grantsOf(p) as readonly string[];
          if (who === 'anonymous') {
            if (!deniedToLogin(res)) failures.push(`${label}: anonymous should be sent to login`);
          } else if (allowed.includes(who)) {
            if (res.statusCode === 403 || deniedToLogin(res)) failures.push(`${label}: ${who} holds ${p}`);
          } else if (res.statusCode !== 403) {
            failures.push(`${label}: ${who} does not hold ${p}, expected 403`);
          } else if (!res.body.includes('Accesso non consentito')) {
            failures.push(`${label}: the 403 page is not the translated one`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checks).toBe(routes.length * (ROLES.length + 1));
  }, 400_000);

  it('refuses to start when a route declares no known permission', async () => {
    const { registerRoutes } = await import('../../src/kernel/http/route.js');
    const bad = { method: 'GET', url: '/unguarded', permission: 'nobody.checked', handler: async () => 'x' } as unknown as RouteDef;
    expect(() => registerRoutes(t.app, [bad])).toThrow(/declares no known permission/);
  });
});
