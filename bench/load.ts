// Load on the demo province: the public finder, the login page, signing in (password step, with its
// argon2 check), and one back-office screen per module present in the route table, each driven by
// autocannon for a fixed time and connection count. Prints requests per second, p50/p95/p99 (computed from
// every response), errors (failed connections, timeouts, 4xx/5xx answers), and the process's memory (RSS)
// before and after each target. The server and autocannon share this process (as in bench/finder.ts): the
// figures are a floor, and the RSS includes autocannon's.
//   node --import tsx bench/load.ts [seconds=10] [connections=10]
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/load.ts
import autocannon from 'autocannon';
import pg from 'pg';
import { generate } from 'otplib';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/kernel/db/client.js';
import { routeRegistry, type RouteDef } from '../src/kernel/http/route.js';
import { rolesHold, type GrantedPermission } from '../src/kernel/access/policy.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemo } from '../seeds/demo.js';

const [seconds = 10, connections = 10] = process.argv.slice(2).map(Number);
const baseUrl = process.env.DATABASE_URL;
let databaseUrl: string | undefined;
if (baseUrl) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS ponte_load WITH (FORCE)');
  await admin.query('CREATE DATABASE ponte_load');
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = '/ponte_load';
  databaseUrl = u.toString();
}
const database = await openDatabase({ databaseUrl, pgliteDir: 'memory://' });
const config = {
  ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '.tmp/bench', SESSION_SECRET: 'x'.repeat(40), ENCRYPTION_KEY: '1'.repeat(64), BLIND_INDEX_KEY: '2'.repeat(64) }),
  databaseUrl,
  rateLimits: false,
};
const app = await buildApp(config, { database });
await seedDemo(app.kernel);
const address = await app.listen({ port: 0, host: '127.0.0.1' });

const mb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const percentile = (xs: number[], p: number) => (xs.length === 0 ? NaN : xs[Math.min(xs.length - 1, Math.floor(xs.length * p))]!);

/** The session cookie of a demo account, signed in through the pages (password, then second factor). */
const sessions = new Map<string, string>();
async function sessionOf(app: FastifyInstance, email: string): Promise<string> {
  // One session per account: a second-factor code may not be used twice.
  const known = sessions.get(email);
  if (known) return known;
  const cookies = new Map<string, string>();
  let csrf = '';
  const call = async (method: 'GET' | 'POST', url: string, form?: Record<string, string>) => {
    const res = await app.inject({
      method,
      url,
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { payload: new URLSearchParams({ _csrf: csrf, ...form }).toString() } : {}),
    });
    for (const c of res.cookies as { name: string; value: string }[]) cookies.set(c.name, c.value);
    csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? csrf;
    return res;
  };
  await call('GET', '/login');
  await call('POST', '/login', { email, password: DEMO_PASSWORD });
  await call('GET', '/login/second-factor');
  const done = await call('POST', '/login/second-factor', { code: await generate({ secret: DEMO_TOTP_SECRET }) });
  if (done.statusCode !== 303) throw new Error(`could not sign ${email} in (${done.statusCode})`);
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  sessions.set(email, cookie);
  return cookie;
}

interface Outcome {
  label: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  rssBefore: number;
  rssAfter: number;
}
const outcomes: Outcome[] = [];

async function load(label: string, options: Partial<autocannon.Options> & { path?: string }, ok: (status: number) => boolean = (s) => s < 400) {
  const rssBefore = mb();
  const times: number[] = [];
  let bad = 0;
  const { path = '/', ...rest } = options;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: `${address}${path}`, connections, duration: seconds, ...rest }, (err, result) => (err ? reject(err) : resolve(result)));
    // autocannon emits (client, status, bytes, time); its type declaration omits the client.
    (instance as unknown as NodeJS.EventEmitter).on('response', (...args: unknown[]) => {
      const [, status, , time] = args as [unknown, number, number, number];
      times.push(time);
      if (!ok(status)) bad++;
    });
  });
  times.sort((a, b) => a - b);
  const outcome = {
    label,
    rps: r.requests.average,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    errors: r.errors + r.timeouts + bad,
    rssBefore,
    rssAfter: mb(),
  };
  outcomes.push(outcome);
  console.log(
    `${label.padEnd(56)} ${outcome.rps.toFixed(0).padStart(6)} req/s  p50 ${outcome.p50.toFixed(1).padStart(7)} ms  p95 ${outcome.p95.toFixed(1).padStart(7)} ms  p99 ${outcome.p99.toFixed(1).padStart(7)} ms  errors ${String(outcome.errors).padStart(4)}  RSS ${rssBefore} → ${outcome.rssAfter} MB`,
  );
}

const rssStart = mb();
console.log(`engine: ${database.kind}; ${connections} connections, ${seconds} s per target; RSS at start ${rssStart} MB\n`);
await load('finder: GET /services?q=medico', { path: '/services?q=medico' });
await load('finder: GET / (home, no query)', { path: '/' });
await load('login page: GET /login', { path: '/login' });
// Each connection shows itself the form, then signs in (the password step: argon2, session, audit).
await load(
  'login: GET /login + POST /login (password step)',
  {
    path: '/login',
    requests: [
      {
        method: 'GET',
        path: '/login',
        onResponse: (_status, body, context, headers) => {
          const c = context as Record<string, string>;
          const cookie = (headers as unknown as Record<string, string | string[]>)['set-cookie'];
          c.cookie = (Array.isArray(cookie) ? cookie : [cookie ?? '']).map((x) => String(x).split(';')[0]).join('; ');
          c.csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
        },
      },
      {
        method: 'POST',
        path: '/login',
        setupRequest: (req, context) => {
          const c = context as Record<string, string>;
          return {
            ...req,
            headers: { ...req.headers, cookie: c.cookie ?? '', 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ _csrf: c.csrf ?? '', email: 'mappa@prefettura.example', password: DEMO_PASSWORD }).toString(),
          };
        },
      },
    ],
  },
  (s) => s < 400,
);

// One back-office screen per module: per first path segment, the first page without parameters that needs
// a granted permission, opened by the first demo account holding it.
const routes = routeRegistry.get(app)!;
const screens = new Map<string, RouteDef>();
for (const r of routes) {
  if (r.method !== 'GET' || r.url.includes(':') || ['public', 'login-in-progress', 'signed-in'].includes(r.permission)) continue;
  const segment = r.url.split('/')[1]!;
  if (!screens.has(segment)) screens.set(segment, r);
}
for (const [segment, r] of screens) {
  const account = DEMO_ACCOUNTS.find((a) => rolesHold(a.roles, r.permission as GrantedPermission));
  if (!account) continue;
  const cookie = await sessionOf(app, account.email);
  await load(`${segment}: GET ${r.url} (${account.roles.join(',')})`, { path: r.url, headers: { cookie } }, (s) => s === 200);
}
const portal = routes.find((r) => r.url === '/dashboard');
if (portal) await load('portal: GET /dashboard (analyst)', { path: '/dashboard', headers: { cookie: await sessionOf(app, 'osservatorio@prefettura.example') } }, (s) => s === 200);

const total = outcomes.reduce((n, o) => n + o.errors, 0);
console.log(`\n${outcomes.length} targets, ${total} errors; RSS ${rssStart} MB at start, ${mb()} MB at the end (server and autocannon in one process)`);
await app.close();
await database.close();
if (databaseUrl) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS ponte_load WITH (FORCE)');
  await admin.end();
}
process.exit(total > 0 ? 1 : 0);
