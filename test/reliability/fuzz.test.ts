// Every route of the route table, fuzzed (fast-check, seeded): random and hostile bodies, query strings,
// path parameters and headers — wrong types, huge strings, deep nesting, control characters, invalid
// UTF-8, SQL and HTML fragments, duplicated fields — sent by a demo account holding the route's permission
// (to reach its validation, with a record id it may open, found by crawling its pages) and by an anonymous
// visitor. Whatever arrives, Ponte answers without a server error or a stack trace, with a translated page
// or problem+json or a local redirect, never reflects markup unescaped, and changes nothing when it refuses.
// A module's new routes are fuzzed as soon as they are in the route table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { RouteDef } from '../../src/kernel/http/route.js';
import { rows } from '../../src/kernel/db/client.js';
import { loadCatalog } from '../../src/kernel/i18n/i18n.js';
import { SHIPPED_LOCALES } from '../../src/kernel/i18n/locales.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { Harness, send, type Who } from './route-harness.js';
import { allRowCounts, engine, STACK_TRACE } from './helpers.js';

/** Inputs per route and identity; the seed makes every run try the same inputs. */
const RUNS_POST = Number(process.env.FUZZ_RUNS_POST ?? 8);
const RUNS_GET = Number(process.env.FUZZ_RUNS_GET ?? 4);
/** An anonymous visitor on a route that needs an account is turned away before any parsing: fewer inputs. */
const RUNS_TURNED_AWAY = Number(process.env.FUZZ_RUNS_TURNED_AWAY ?? 2);
const SEED = Number(process.env.FUZZ_SEED ?? 20260501);
/** FUZZ_TRACE=<part of a route label>: print every request sent to the matching routes and its answer. */
const TRACE = process.env.FUZZ_TRACE;
/** Tables a refused request may still write: the session store (CSRF secret, language, flash). */
const VOLATILE_TABLES = ['sessions'];
/** Audit events a refusal records on purpose: failed sign-in attempts (ASVS V7.2.1), and the reading of
 *  what the answer shows again (a form re-shown with a person's data records that it was read, a page
 *  re-shown with a list of people that they were listed). */
const AUDITED_REFUSALS = (action: string) => action === 'auth.login.failed' || /\.(read|view|listed)[A-Za-z]*$/.test(action);

let t: TestApp;
let h: Harness;
const keys = new Set(loadCatalog('it').keys());
const locales = new Set(SHIPPED_LOCALES.map((l) => l.code));

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  h = new Harness(t.app);
}, 120_000);
afterAll(() => t?.close());

// ---------------------------------------------------------------------------------------------------
// What is sent.

const HOSTILE = [
  "' OR '1'='1",
  "1'; DROP TABLE users; --",
  "'); DELETE FROM audit_events; --",
  '1 UNION SELECT password_hash, email FROM users --',
  '$1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea><script>alert(1)</script>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}#{7*7}',
  '{count, plural, one {#} other {#}}',
  '%s%s%n%x',
  '../../../../etc/passwd',
  '\u0000',
  'a\u0000b',
  '\u202e\u0627\u0644\u0639\u0631\u0628\u064a\u0629',
  '\ud800',
  '\udfff\ud800',
  '\uffff\ufffe',
  '\ufeff',
  'e\u0301\u0301\u0301\u0301',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '-0',
  '99999999999999999999999999',
  '0x1F',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '__proto__',
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  '25:61',
  'a@b',
  '"@example.org',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ' ',
  '\t\r\n',
  'x'.repeat(5_000),
];
const MARKUP = ['<script>alert(', '<img src=x onerror', '<svg onload'];

const controlChars = fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 12 }).map((c) => String.fromCharCode(...c));
const huge = fc.integer({ min: 20_000, max: 400_000 }).chain((n) => fc.constantFrom('A', 'é', '<', '\u0645', '%').map((c) => c.repeat(n)));
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: controlChars },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 })).map(([a, b]) => a + b) },
);
/** `arb` one time in `n`, null otherwise. */
const oneIn = <T,>(n: number, arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
const fieldValue = fc.oneof({ weight: 5, arbitrary: hostileString }, { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 4 }) });
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  fc.constant({ $gt: '' }),
);
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '_csrf', 'a[b]', 'a[]', 'roles[0]', '', ' ', '\u0000', 'x'.repeat(300), 'id', 'organizationId', 'status'),
  fc.string({ maxLength: 12 }),
);
const printable = (max: number) => fc.array(fc.integer({ min: 0x20, max: 0x7e }), { maxLength: max }).map((c) => String.fromCharCode(...c));
const rawJunk = fc.constantFrom('%', '%zz', '%ff%fe', '%C3%28', '%E0%80%AF', '%00', '&&&=&=', '=', '[]=1', 'a[b][c]=d', '+%2B+', ';a=b');
const invalidUtf8 = fc.array(fc.constantFrom(0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x00), { minLength: 1, maxLength: 16 });

type Encoding = 'form' | 'form-raw' | 'json' | 'json-deep' | 'json-broken' | 'other-type' | 'none';

interface Input {
  encoding: Encoding;
  fields: Record<string, unknown>;
  csrf: 'valid' | 'missing' | 'junk' | 'twice';
  query: { pairs: [string, string][]; junk: string | null };
  headers: Record<string, string>;
  cookie: string | null;
  depth: number;
  raw: number[];
  pathJunk: string | null;
  /** A huge value (20 kB to 400 kB, over the body limit at the top) for one field, or the query. */
  huge: string | null;
}

function inputArb(def: RouteDef, bodyFields: string[], queryFields: string[]): fc.Arbitrary<Input> {
  const isGet = def.method === 'GET';
  const known = (names: string[]) =>
    names.length === 0
      ? fc.constant({} as Record<string, unknown>)
      : fc.record(Object.fromEntries(names.map((n) => [n, fieldValue])) as Record<string, fc.Arbitrary<unknown>>, { requiredKeys: [] });
  const fields = fc
    .tuple(known(bodyFields), fc.dictionary(hostileKey, fc.oneof(fieldValue, wrongType), { maxKeys: 3 }), fc.boolean())
    .map(([k, extra, typed]) => ({ ...k, ...(typed ? extra : Object.fromEntries(Object.entries(extra).filter(([, v]) => typeof v === 'string'))) }));
  const queryPairs = fc.array(
    fc.tuple(queryFields.length > 0 ? fc.oneof(fc.constantFrom(...queryFields), hostileKey) : hostileKey, hostileString.filter((s) => s.length < 20_000)),
    { maxLength: 5 },
  );
  return fc.record({
    encoding: isGet
      ? fc.constant<Encoding>('none')
      : fc.oneof(
          { weight: 6, arbitrary: fc.constant<Encoding>('form') },
          { weight: 2, arbitrary: fc.constant<Encoding>('form-raw') },
          { weight: 3, arbitrary: fc.constant<Encoding>('json') },
          { weight: 1, arbitrary: fc.constant<Encoding>('json-deep') },
          { weight: 1, arbitrary: fc.constant<Encoding>('json-broken') },
          { weight: 1, arbitrary: fc.constant<Encoding>('other-type') },
          { weight: 1, arbitrary: fc.constant<Encoding>('none') },
        ),
    fields,
    csrf: fc.oneof({ weight: 8, arbitrary: fc.constant('valid' as const) }, { weight: 1, arbitrary: fc.constantFrom('missing' as const, 'junk' as const, 'twice' as const) }),
    query: fc.record({ pairs: queryPairs, junk: oneIn(4, rawJunk) }),
    headers: fc.record(
      {
        'accept-language': fc.oneof(fc.constantFrom('ar', 'fr-FR,fr;q=0.9', 'en', 'xx', '*', ';q=', 'en;q=abc', 'it'.repeat(3000)), printable(60)),
        accept: fc.constantFrom('application/json', 'text/html', '*/*', 'application/problem+json', 'image/png', ';;;', 'text/html;q=0, application/json'),
        'hx-request': fc.constant('true'),
        'hx-target': printable(30),
        'user-agent': fc.oneof(printable(100), fc.constant('U'.repeat(8000))),
        'x-forwarded-for': fc.constantFrom('1.2.3.4, 5.6.7.8', 'not-an-ip', '::1'),
        referer: fc.constantFrom('https://evil.example/', 'javascript:alert(1)', '/'),
      },
      { requiredKeys: [] },
    ),
    cookie: oneIn(
      3,
      fc.oneof(
        fc.constantFrom('ponte_lang=klingon', 'ponte_lang=<script>', 'ponte_session=forged.signature', '=;;;=', 'ponte_lang=ar; ponte_lang=it'),
        printable(40).map((v) => `x=${v}`),
      ),
    ),
    huge: oneIn(12, huge),
    depth: fc.integer({ min: 100, max: 120_000 }),
    raw: invalidUtf8,
    pathJunk: def.url.includes(':') ? oneIn(8, hostileString) : fc.constant(null),
  });
}

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');

/** Percent-encodes the UTF-8 bytes of a string (lone surrogates become U+FFFD, as a browser sends them). */
const percentEncode = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');

/** The request an input describes. */
function requestOf(input: Input, url: string, csrfToken: string | undefined) {
  let path = url;
  if (input.pathJunk !== null) {
    // The last parameter of the URL replaced by something hostile (URL-encoded: it must reach the router).
    path = url.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|not-a-real-token|\/it$/i, (m) => (m === '/it' ? '/' : '') + percentEncode(input.pathJunk!));
  }
  const qs = new URLSearchParams();
  for (const [k, v] of input.query.pairs) qs.append(k, v);
  if (input.huge !== null && input.encoding === 'none') qs.append('q', input.huge.slice(0, 60_000));
  if (input.huge !== null) input = { ...input, fields: { ...input.fields, [Object.keys(input.fields)[0] ?? 'text']: input.huge } };
  const query = [qs.toString(), input.query.junk].filter(Boolean).join('&');
  const fullUrl = query ? `${path}?${query}` : path;

  const tokenFields: [string, string][] =
    input.csrf === 'valid' && csrfToken ? [['_csrf', csrfToken]] : input.csrf === 'junk' ? [['_csrf', 'junk-token']] : input.csrf === 'twice' && csrfToken ? [['_csrf', csrfToken], ['_csrf', 'other']] : [];
  const headers: Record<string, string> = { ...input.headers };
  let payload: string | Buffer | undefined;
  const formPairs = (): [string, string][] =>
    Object.entries(input.fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, text(x)] as [string, string]) : [[k, text(v)] as [string, string]]));
  switch (input.encoding) {
    case 'form': {
      const body = new URLSearchParams([...tokenFields, ...formPairs()]);
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = body.toString();
      break;
    }
    case 'form-raw': {
      const body = new URLSearchParams([...tokenFields, ...formPairs()]).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
      const name = Object.keys(input.fields)[0] ?? 'field';
      payload = Buffer.concat([Buffer.from(`${body}&${encodeURIComponent(name)}=%ff%C3%28&`), Buffer.from(input.raw), Buffer.from('=%E0%80%AF')]);
      break;
    }
    case 'json':
      headers['content-type'] = 'application/json';
      payload = JSON.stringify({ ...Object.fromEntries(tokenFields.slice(0, 1)), ...input.fields });
      break;
    case 'json-deep':
      headers['content-type'] = 'application/json';
      payload = `{"_csrf":${JSON.stringify(tokenFields[0]?.[1] ?? '')},"a":${'['.repeat(input.depth)}${']'.repeat(input.depth)}}`;
      break;
    case 'json-broken':
      headers['content-type'] = 'application/json; charset=utf-8';
      payload = Buffer.concat([Buffer.from('{"_csrf": "'), Buffer.from(input.raw), Buffer.from('", "a": [1, 2,')]);
      break;
    case 'other-type':
      headers['content-type'] = 'multipart/form-data; boundary=----x';
      payload = `------x\r\nContent-Disposition: form-data; name="a"\r\n\r\n${text(Object.values(input.fields)[0] ?? '')}\r\n------x--`;
      break;
    case 'none':
      break;
  }
  return { url: fullUrl, headers, payload, extraCookie: input.cookie ?? undefined };
}

// ---------------------------------------------------------------------------------------------------
// What must hold of every answer.

function untranslatedKeys(html: string): string[] {
  const text = html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' ');
  return [...new Set([...text.matchAll(/\b[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9_]+)+\b/g)].map((m) => m[0]).filter((k) => keys.has(k)))];
}

function problemsOf(res: { statusCode: number; headers: Record<string, unknown>; body: string }): string[] {
  const problems: string[] = [];
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode >= 500) problems.push(`server error ${res.statusCode}`);
  if (STACK_TRACE.test(res.body)) problems.push(`stack trace or internals in the body: ${STACK_TRACE.exec(res.body)![0]}`);
  if (res.statusCode >= 300 && res.statusCode < 400) {
    const location = String(res.headers.location ?? '');
    if (!location.startsWith('/') || location.startsWith('//') || location.startsWith('/\\')) problems.push(`redirect outside Ponte: ${location}`);
  }
  if (type.includes('text/html')) {
    const lang = /<html lang="([^"]+)"/.exec(res.body)?.[1];
    if (res.statusCode >= 400 && (!lang || !locales.has(lang))) problems.push('an error page that is not a translated Ponte page');
    const leaked = untranslatedKeys(res.body);
    if (leaked.length > 0) problems.push(`untranslated message keys: ${leaked.join(', ')}`);
    // Inside a double-quoted attribute value '<' is inert (and '"' is escaped): only markup outside them counts.
    const outsideAttributes = res.body.replace(/="[^"]*"/g, '=""');
    for (const m of MARKUP) if (outsideAttributes.includes(m)) problems.push(`markup sent back unescaped: ${m}`);
  } else if (type.includes('application/problem+json')) {
    try {
      const doc = JSON.parse(res.body) as { title?: unknown; status?: unknown };
      if (typeof doc.title !== 'string' || keys.has(doc.title)) problems.push('problem+json without a translated title');
      if (doc.status !== res.statusCode) problems.push('problem+json status differs from the answer');
    } catch {
      problems.push('problem+json that does not parse');
    }
  } else if (res.statusCode >= 400) {
    problems.push(`an error answered as ${type || 'nothing'}, neither a page nor problem+json`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------

/** Row counts of every table but the volatile ones, and the last audit event, in one statement. */
let tables: string[] | undefined;
async function stateOf(): Promise<{ counts: Record<string, number>; lastAudit: number }> {
  tables ??= Object.keys(await allRowCounts(t.app.kernel.db, VOLATILE_TABLES));
  const select = [...tables.map((name, i) => `(SELECT count(*) FROM "${name}")::int AS c${i}`), '(SELECT coalesce(max(id), 0) FROM audit_events)::int AS last_audit'].join(', ');
  const [r] = await rows<Record<string, number>>(t.app.kernel.db, sql.raw(`SELECT ${select}`));
  return { counts: Object.fromEntries(tables.map((name, i) => [name, Number(r![`c${i}`])])), lastAudit: Number(r!.last_audit) };
}

const seedOf = (label: string) => SEED ^ createHash('sha256').update(label).digest().readUInt32LE(0);
const short = (s: string) => (s.length > 160 ? `${s.slice(0, 160)}… (${s.length} chars)` : s);

describe(`fuzzed inputs on every route (${engine})`, () => {
  it('never answers a fuzzed request with a server error, a trace or an untranslated page, and a refusal changes nothing', async () => {
    // Signing out ends the session of the account used by later routes: it goes last.
    const routes = [...h.routes].sort((a, b) => Number(a.url === '/logout') - Number(b.url === '/logout'));
    const failures: string[] = [];
    const covered: string[] = [];
    const statuses = new Map<number, number>();
    let inputs = 0;
    let refusals = 0;
    const started = Date.now();
    for (const def of routes) {
      const holder = h.whoFor(def);
      const whos: Who[] = holder === 'anonymous' ? ['anonymous'] : [holder, 'anonymous'];
      for (const who of whos) {
        const identity = await h.identity(who);
        await h.ensureSignedIn(identity);
        // The anonymous visitor aims at the same record as the holder: it must be turned away all the same.
        const url = await h.concreteUrl(def, holder);
        const form = await h.formFor(def, holder);
        const getForm = def.method === 'GET' ? form : undefined;
        const arb = inputArb(def, def.method === 'GET' ? [] : form?.fields ?? [], getForm?.fields ?? []);
        const label = `${def.method} ${def.url} as ${who}`;
        const numRuns = who !== holder ? RUNS_TURNED_AWAY : def.method === 'GET' ? RUNS_GET : RUNS_POST;
        const samples = fc.sample(arb, { numRuns, seed: seedOf(label) });
        const seen = new Map<number, number>();
        let before = await stateOf();
        for (const input of samples) {
          const request = requestOf(input, url, identity.client.lastCsrf);
          const res = await send(identity.client, { method: def.method, ...request });
          inputs++;
          seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const problems = problemsOf(res);
          if (TRACE && label.includes(TRACE)) console.log(`${label} ${res.statusCode} ${short(request.url)} ${input.encoding} ${short(res.body.replace(/\s+/g, ' ').replace(/^.*<main/, '<main'))}`);
          const after = await stateOf();
          if (res.statusCode >= 400) {
            refusals++;
            const newEvents = await rows<{ action: string }>(t.app.kernel.db, sql`SELECT action FROM audit_events WHERE id > ${before.lastAudit}`);
            // A GET changes nothing but may record that it was read (reads of the log, of personal data are audited).
            const unexpected = newEvents.filter((e) => !AUDITED_REFUSALS(e.action) && def.method !== 'GET');
            const changed = Object.keys(after.counts).filter((k) => k !== 'audit_events' && after.counts[k] !== before.counts[k]);
            if (changed.length > 0 || unexpected.length > 0) {
              problems.push(`refused (${res.statusCode}) but changed ${[...changed, ...unexpected.map((e) => `audit ${e.action}`)].join(', ')}`);
            }
          }
          before = after;
          if (problems.length > 0) {
            failures.push(`${label} → ${res.statusCode}: ${problems.join('; ')}\n    sent ${short(`${def.method} ${request.url}`)} ${input.encoding} ${short(JSON.stringify(input.fields))} headers ${short(JSON.stringify(input.headers))}\n    answer ${short(res.body.replace(/\s+/g, ' '))}`);
          }
        }
        covered.push(`${label} (${url}): ${samples.length} inputs → ${[...seen].map(([s, n]) => `${s}×${n}`).join(' ')}`);
      }
    }
    console.log(
      [
        `fuzz (${engine}, seed ${SEED}): ${inputs} inputs over ${routes.length} routes (${covered.length} route × identity pairs), ${refusals} refused, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        `statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`,
        ...covered.map((c) => `  ${c}`),
      ].join('\n'),
    );
    expect(failures, failures.join('\n')).toEqual([]);
    expect(covered.length).toBeGreaterThanOrEqual(routes.length);
  }, 600_000);
});
