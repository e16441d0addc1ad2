// Record scopes, over the route table: for every route with an :id, every demo account holding its
// permission may open a record or is told it does not exist (404) — never "forbidden" (403), which would
// disclose that it exists — on pages and API alike; and what one account cannot open, it cannot act on
// either (the route's POST actions answer 404 and change nothing). A record another account with the same
// permission can open is "a record of another organization". The records tried are found generically:
// the crawl finds a link to one, the database says which table holds it, and a sample of that table is
// tried. Identifiers are random UUIDs (v4), so that they cannot be guessed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { RouteDef } from '../../src/kernel/http/route.js';
import { rows } from '../../src/kernel/db/client.js';
import { DEMO_ACCOUNTS } from '../../seeds/demo.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, type TestClient } from '../helpers/client.js';
import { Harness, holdersOf, patternOf, send, UUID_V4 } from './route-harness.js';
import { engine } from './helpers.js';

/** Records tried per table; accounts tried per route when any operator may (permission 'signed-in'). */
const SAMPLE = 30;
const SIGNED_IN_ACCOUNTS = 5;

let t: TestApp;
let h: Harness;
let uuidTables: string[];
const clients = new Map<string, TestClient>();
const db = () => t.app.kernel.db;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  h = new Harness(t.app);
  uuidTables = (
    await rows<{ name: string }>(db(), sql`SELECT table_name AS name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid' ORDER BY table_name`)
  ).map((r) => r.name);
}, 120_000);
afterAll(() => t?.close());

async function client(email: string): Promise<TestClient> {
  let c = clients.get(email);
  if (!c) {
    c = await signIn(t.app, email);
    clients.set(email, c);
  }
  return c;
}

/** The accounts that act for a route: every holder of its permission (one per organization for 'signed-in'). */
function actorsOf(def: RouteDef): string[] {
  if (def.permission === 'signed-in') {
    const seen = new Set<string>();
    return DEMO_ACCOUNTS.filter((a) => !seen.has(a.org) && seen.add(a.org)).slice(0, SIGNED_IN_ACCOUNTS).map((a) => a.email);
  }
  return holdersOf(def.permission);
}

/** Which tables hold a row with this id. */
async function tablesHolding(id: string): Promise<string[]> {
  if (!UUID_V4.test(id) && !/^[0-9a-f-]{36}$/i.test(id)) return [];
  const union = uuidTables.map((name) => `SELECT '${name}' AS name FROM "${name}" WHERE id = '${id}'`).join(' UNION ALL ');
  return (await rows<{ name: string }>(db(), sql.raw(union))).map((r) => r.name);
}

const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe(`record scopes over every :id route (${engine})`, () => {
  it('answers 404, never 403, for a record an account may not open, and refuses every action on it', async () => {
    const idRoutes = h.routes.filter((r) => r.url.includes('/:id') && !['public', 'login-in-progress'].includes(r.permission));
    // Routes grouped by what precedes their :id: one kind of record per group.
    const groups = new Map<string, RouteDef[]>();
    for (const r of idRoutes) {
      const base = r.url.slice(0, r.url.indexOf('/:id'));
      groups.set(base, [...(groups.get(base) ?? []), r]);
    }
    const failures: string[] = [];
    const report: string[] = [];
    const notes: string[] = [];
    let foreignTried = 0;
    for (const [base, defs] of groups) {
      const page = defs.find((d) => d.method === 'GET' && d.url === `${base}/:id`) ?? defs.find((d) => d.method === 'GET');
      const actors = [...new Set(defs.flatMap(actorsOf))];
      // The kind of record: a link or form of the actors' pages to one of them, and the table holding it.
      let table: string | undefined;
      for (const email of actors) {
        if (table) break;
        await client(email);
        h.identities.set(email, { who: email, email, client: (await client(email))! });
        const crawl = await h.crawl(email, 120);
        const found = [...crawl.links, ...crawl.forms.map((f) => f.action)]
          .map((u) => new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(${UUID_SOURCE})`, 'i').exec(u)?.[1])
          .filter((x): x is string => !!x)
          .sort();
        for (const id of found) {
          const holding = await tablesHolding(id);
          if (holding.length === 1) {
            table = holding[0];
            break;
          }
        }
      }
      if (!table) {
        report.push(`${base}/:id — not probed: no demo record reachable by its users (${defs.length} routes)`);
        continue;
      }
      const ids = (await rows<{ id: string }>(db(), sql.raw(`SELECT id::text AS id FROM "${table}" ORDER BY md5(id::text) LIMIT ${SAMPLE}`))).map((r) => r.id);
      // Who can open which: every actor holding the page's permission, every sampled record. Without a page
      // of its own (actions only), what an actor's pages link to or offer a form for is what it may reach.
      const visible = new Map<string, Set<string>>();
      if (!page) {
        for (const email of actors) {
          const crawl = await h.crawl(email, 120);
          const reached = [...crawl.links, ...crawl.forms.map((f) => f.action)].join(' ');
          visible.set(email, new Set((await rows<{ id: string }>(db(), sql.raw(`SELECT id::text AS id FROM "${table}"`))).map((r) => r.id).filter((id) => reached.includes(`${base}/${id}`))));
        }
      }
      for (const email of page ? actorsOf(page) : []) {
        if (!page) break;
        const c = await client(email);
        const open = new Set<string>();
        for (const id of ids) {
          const res = await c.get(page.url.replace(':id', id));
          if (res.statusCode === 200) open.add(id);
          else if (res.statusCode !== 404) failures.push(`GET ${page.url} as ${email}, a record of ${table}: ${res.statusCode}, expected 200 or 404`);
          else if (page.kind === 'api' && !String(res.headers['content-type']).includes('application/problem+json')) failures.push(`GET ${page.url} as ${email}: 404 without problem+json`);
        }
        visible.set(email, open);
      }
      const openToSomeone = new Set([...visible.values()].flatMap((s) => [...s]));
      let foreignHere = 0;
      // What an actor cannot open but another can: every route of the group must say "not found", and change nothing.
      for (const def of defs) {
        for (const email of actorsOf(def)) {
          const mine = visible.get(email);
          if (!mine) continue;
          const foreign = [...openToSomeone].filter((id) => !mine.has(id)).slice(0, def.method === 'GET' ? 5 : 2);
          const c = await client(email);
          // A record of another organization must be answered exactly as one that does not exist: 404, or
          // the refusal of the empty form when the route checks its form first (then no record is looked at).
          const call = async (id: string) => {
            const url = def.url.replace(':id', id).replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');
            if (def.method === 'GET') return c.get(url);
            await c.get('/account');
            return send(c, { method: def.method, url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: c.lastCsrf ?? '' }).toString() });
          };
          const absent = foreign.length > 0 ? (await call('00000000-0000-4000-8000-00000000dead')).statusCode : 404;
          if (absent !== 404) notes.push(`${def.method} ${def.url}: answers ${absent} to an empty form before looking the record up`);
          for (const id of foreign) {
            const [before] = await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${id} AND action NOT LIKE '%.viewed'`);
            const res = await call(id);
            const [after] = await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${id} AND action NOT LIKE '%.viewed'`);
            foreignTried++;
            foreignHere++;
            if (res.statusCode !== absent || res.statusCode === 403) {
              failures.push(`${def.method} ${def.url} as ${email}, a record only others may open: ${res.statusCode}, expected ${absent} as for a record that does not exist`);
            }
            if (def.method !== 'GET' && after!.n > before!.n) failures.push(`${def.method} ${def.url} as ${email} on a record of another organization recorded a change`);
            if ((def.kind === 'api' || res.headers['content-type']?.toString().includes('json')) && !String(res.headers['content-type']).includes('application/problem+json')) {
              failures.push(`${def.method} ${def.url} as ${email}: an API answer that is not problem+json`);
            }
          }
        }
      }
      report.push(
        `${base}/:id (${table}, ${defs.length} routes): ${ids.length} records × ${visible.size} accounts; ` +
          [...visible].map(([e, s]) => `${e} opens ${s.size}`).join(', ') +
          `; ${foreignHere} requests on records of another organization`,
      );
    }
    console.log(`record scopes (${engine}): ${foreignTried} requests on records of another organization\n  ${[...report, ...new Set(notes)].join('\n  ')}`);
    expect(failures).toEqual([]);
    // Today's scope that must hold: a directory editor reaches only their organization's services.
    expect(report.find((r) => r.startsWith('/directory/manage/services/:id'))).toMatch(/redazione@asl\.example opens \d+.*; [1-9]\d* requests on records of another organization/);
  }, 300_000);

  it('uses random (v4) UUIDs for every record, so that identifiers cannot be guessed', async () => {
    const wrong: string[] = [];
    let checked = 0;
    // The needs' taxonomy is public reference data, the same on every install on purpose: its terms' ids
    // are name-based (v3) UUIDs of their codes (migration 0015). Every other table holds records.
    const [terms] = await rows<{ n: number; v3: number }>(
      db(),
      sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE id::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')::int AS v3 FROM dir_taxonomy_terms`,
    );
    expect(terms!.v3).toBe(terms!.n);
    for (const name of uuidTables.filter((n) => n !== 'dir_taxonomy_terms')) {
      const [r] = await rows<{ n: number; bad: number }>(
        db(),
        sql.raw(`SELECT count(*)::int AS n, count(*) FILTER (WHERE id::text !~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')::int AS bad FROM "${name}"`),
      );
      checked += r!.n;
      if (r!.bad > 0) wrong.push(`${name}: ${r!.bad} of ${r!.n} ids are not random v4 UUIDs`);
    }
    console.log(`identifiers (${engine}): ${checked} ids in ${uuidTables.length} tables checked`);
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('answers 404 to a guessed identifier on every :id route', async () => {
    const failures: string[] = [];
    for (const def of h.routes.filter((r) => r.method === 'GET' && r.url.includes('/:id'))) {
      const email = actorsOf(def)[0];
      const c = email ? await client(email) : undefined;
      for (const guess of ['1', '2', '0', '00000000-0000-0000-0000-000000000001']) {
        const url = def.url.replace(':id', guess).replace(/:[a-zA-Z]+/g, '1');
        const res = c ? await c.get(url) : await t.app.inject({ method: 'GET', url });
        if (res.statusCode !== 404) failures.push(`${url} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    expect(patternOf('/x/:id').test('/x/1')).toBe(false);
  });
});
