// A crash in the middle of a stream of writes: the real server runs as a child process on a data folder
// (PGlite) or a database (PostgreSQL, when DATABASE_URL is set) holding the demo province; the administrator
// creates organizations over HTTP, several at a time; the process is killed with SIGKILL while requests
// are under way; it is started again. Every creation that was acknowledged (303) must be there with its
// audit event, nothing may be half-written (an organization without its event, or the reverse), the audit
// chain must verify, and the restarted server must serve.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { openDatabase, rows } from '../../src/kernel/db/client.js';
import { verifyAuditChain } from '../../src/kernel/audit/audit.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { TEST_KEYS } from '../helpers/test-app.js';
import { totpNow } from '../helpers/client.js';
import { createPgDatabase, engine, PG_URL, tempDir } from './helpers.js';

const TRIALS = Number(process.env.CRASH_TRIALS ?? 1);
const IN_FLIGHT = 4;
const scratch = tempDir('crash');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  scratch.remove();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

interface Server {
  child: ChildProcess;
  base: string;
  log: () => string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), SECURE_COOKIES: 'false', ...TEST_KEYS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${output}`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not become ready: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base, log: () => output };
}

function stop(server: Server, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}

/** A browser over fetch: cookies, the CSRF token of the last form, no automatic redirects. */
class HttpClient {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly base: string) {}
  async request(method: string, path: string, form?: Record<string, string>) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams({ _csrf: this.csrf, ...form }).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    const body = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, location: res.headers.get('location'), body };
  }
  async signIn(email: string) {
    await this.request('GET', '/login');
    const first = await this.request('POST', '/login', { email, password: DEMO_PASSWORD });
    if (first.location !== '/login/second-factor') throw new Error(`sign-in: ${first.status}`);
    await this.request('GET', '/login/second-factor');
    const second = await this.request('POST', '/login/second-factor', { code: await totpNow() });
    if (second.status !== 303) throw new Error(`second factor: ${second.status}`);
  }
}

/** A fresh copy of the demo province for a trial: a PGlite data folder, or a PostgreSQL database. */
async function demoDatabase(label: string): Promise<{ env: Record<string, string>; open: () => ReturnType<typeof openDatabase> }> {
  if (PG_URL) {
    const database = await createPgDatabase({ seeded: true });
    cleanups.push(database.drop);
    return { env: { DATABASE_URL: database.url, DATA_DIR: join(scratch.dir, label) }, open: () => openDatabase({ databaseUrl: database.url, pgliteDir: '' }) };
  }
  const dataDir = join(scratch.dir, label);
  const pgliteDir = join(dataDir, 'pglite');
  const snapshot = readFileSync(inject('pgliteSeededSnapshot'));
  mkdirSync(pgliteDir, { recursive: true });
  const pglite = await PGlite.create(pgliteDir, { extensions: { pg_trgm, unaccent }, loadDataDir: new Blob([snapshot]) });
  await pglite.close();
  return { env: { DATA_DIR: dataDir }, open: () => openDatabase({ pgliteDir }) };
}

describe(`a crash in the middle of writes (${engine})`, () => {
  it(`keeps every acknowledged write with its audit event, and nothing half-written (${TRIALS} trials)`, async () => {
    const outcomes: string[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const { env, open } = await demoDatabase(`trial-${trial}`);
      const timings: string[] = [];
      let t0 = Date.now();
      const server = await startServer(env);
      timings.push(`start ${Date.now() - t0} ms`);
      t0 = Date.now();
      const admin = new HttpClient(server.base);
      await admin.signIn('admin@prefettura.example');
      await admin.request('GET', '/admin/organizations');

      // The stream: IN_FLIGHT writers, each creating organizations one after another until the crash.
      const acknowledged: string[] = [];
      const sent: string[] = [];
      let n = 0;
      let crashed = false;
      const writer = async () => {
        while (!crashed) {
          const name = `Crash ${trial}-${String(++n).padStart(4, '0')} (${engine})`;
          sent.push(name);
          try {
            const res = await admin.request('POST', '/admin/organizations', { name, kind: 'association', municipalityCode: '110002' });
            if (res.status === 303) acknowledged.push(name);
            else if (!crashed) throw new Error(`unexpected ${res.status} for ${name}: ${res.body.slice(0, 300)}`);
          } catch (err) {
            if (!crashed) throw err;
          }
        }
      };
      const writers = Array.from({ length: IN_FLIGHT }, writer);
      // Kill at a moment that varies between trials, once writes are flowing.
      const killAfter = 25 + trial * 15;
      while (acknowledged.length < killAfter) await new Promise((r) => setTimeout(r, 5));
      crashed = true;
      server.child.kill('SIGKILL');
      timings.push(`writes ${Date.now() - t0} ms`);
      await Promise.allSettled(writers);
      await new Promise((r) => server.child.exitCode !== null || server.child.signalCode !== null ? r(null) : server.child.once('exit', r));

      // Started again on the same data: it must come up and serve what was acknowledged.
      t0 = Date.now();
      const again = await startServer(env);
      // (Another account: the administrator's last second-factor code may not be used twice.)
      const check = new HttpClient(again.base);
      await check.signIn('dpo@prefettura.example');
      const page = await check.request('GET', `/admin/audit?action=admin.organization.created`);
      expect(page.status).toBe(200);
      timings.push(`restart ${Date.now() - t0} ms`);
      await stop(again, 'SIGTERM');

      const database = await open();
      try {
        const orgs = await rows<{ id: string; name: string }>(database.db, sql`SELECT id, name FROM organizations WHERE name LIKE ${`Crash ${trial}-%`}`);
        const events = await rows<{ entity_id: string }>(database.db, sql`SELECT entity_id FROM audit_events WHERE action = 'admin.organization.created' AND details->>'name' LIKE ${`Crash ${trial}-%`}`);
        const stored = new Set(orgs.map((o) => o.name));
        const lost = acknowledged.filter((name) => !stored.has(name));
        const withEvent = new Set(events.map((e) => e.entity_id));
        const withoutEvent = orgs.filter((o) => !withEvent.has(o.id)).map((o) => o.name);
        const eventWithoutOrg = events.filter((e) => !orgs.some((o) => o.id === e.entity_id)).length;
        const chain = await verifyAuditChain(database.db);
        const outcome =
          `trial ${trial}: ${sent.length} sent, ${acknowledged.length} acknowledged before SIGKILL, ${orgs.length} stored after restart ` +
          `(${orgs.length - acknowledged.length + lost.length} unacknowledged ones committed), ${lost.length} acknowledged lost, ` +
          `${withoutEvent.length} without audit event, ${eventWithoutOrg} events without organization, audit chain ${chain.ok ? 'intact' : 'BROKEN'} (${chain.checked} events); ${timings.join(', ')}`;
        outcomes.push(outcome);
        expect(lost, outcome).toEqual([]);
        expect(withoutEvent, outcome).toEqual([]);
        expect(eventWithoutOrg, outcome).toBe(0);
        expect(chain.ok, outcome).toBe(true);
        // Nothing beyond what was sent, and each name once.
        expect(orgs.every((o) => sent.includes(o.name))).toBe(true);
        expect(stored.size).toBe(orgs.length);
      } finally {
        await database.close();
      }
    }
    console.log(`crash (${engine}):\n  ${outcomes.join('\n  ')}`);
    writeFileSync(join(scratch.dir, 'outcome.txt'), outcomes.join('\n'));
  }, 600_000);
});
