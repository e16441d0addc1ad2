// The public finder and the HSDS API over a large directory, measured with autocannon next to two
// baselines in the same run: a static route (what the HTTP stack costs) and the same search straight on
// the database (what the query costs). Prints medians, p95, requests per second and ratios.
//   node --import tsx bench/finder.ts [services=50000] [seconds=10] [connections=10]
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/finder.ts
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/kernel/db/client.js';
import { finderRepo } from '../src/modules/directory/finder.repo.js';
import { publishedIndexOf } from '../src/modules/directory/published-index.js';
import { generateDirectory, WORDS } from './generate-directory.js';

const [count = 50_000, seconds = 10, connections = 10] = process.argv.slice(2).map(Number);
const baseUrl = process.env.DATABASE_URL;
let databaseUrl: string | undefined;
if (baseUrl) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS ponte_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE ponte_bench');
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = '/ponte_bench';
  databaseUrl = u.toString();
}
const database = await openDatabase({ databaseUrl, pgliteDir: 'memory://' });
const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '.tmp/bench', SESSION_SECRET: 'x'.repeat(40), ENCRYPTION_KEY: '1'.repeat(64), BLIND_INDEX_KEY: '2'.repeat(64) }), rateLimits: false };
const app = await buildApp(config, { database });
let t0 = performance.now();
await generateDirectory(app.kernel.db, count);
console.log(`engine: ${database.kind}; ${count} services generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
// The published directory in memory (ADR 0018), as the first search after a publication builds it.
global.gc?.();
const memoryBefore = process.memoryUsage();
t0 = performance.now();
const index = await publishedIndexOf(app.kernel.db).ready();
const buildMs = performance.now() - t0;
global.gc?.();
const memoryAfter = process.memoryUsage();
const mib = (key: 'heapUsed' | 'arrayBuffers') => ((memoryAfter[key] - memoryBefore[key]) / 1048576).toFixed(1);
console.log(
  `index of ${index.size} services built in ${(buildMs / 1000).toFixed(2)} s; heap +${mib('heapUsed')} MiB, typed arrays +${mib('arrayBuffers')} MiB` +
    `${global.gc ? '' : ' (run node with --expose-gc for a settled figure)'}`,
);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
// The same database behind two more apps without the finder's kept results: the first answers every search
// from the index in memory, the second (FINDER_INDEX=0) sends every search to the database.
const uncachedApp = await buildApp({ ...config, finderCacheEntries: 0 }, { database });
const uncached = await uncachedApp.listen({ port: 0, host: '127.0.0.1' });
const sqlApp = await buildApp({ ...config, finderCacheEntries: 0, finderIndex: false }, { database });
const sqlOnly = await sqlApp.listen({ port: 0, host: '127.0.0.1' });

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
async function direct(label: string, f: Parameters<typeof finderRepo.search>[1], inMemory = false) {
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    t0 = performance.now();
    await finderRepo.search(app.kernel.db, f, inMemory ? index : undefined);
    times.push(performance.now() - t0);
  }
  const median = percentile(times, 0.5);
  console.log(`${label.padEnd(44)} median ${median.toFixed(1).padStart(6)} ms  p95 ${percentile(times, 0.95).toFixed(1).padStart(6)} ms  ${(1000 / median).toFixed(0).padStart(6)} q/s (one at a time)`);
  return 1000 / median;
}
async function load(label: string, path: string | (() => string), at = address) {
  // A function gives each request its own path (searches that differ from one request to the next).
  const paths = typeof path === 'function' ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: path() }) }] } : {};
  const r = await autocannon({ url: `${at}${typeof path === 'string' ? path : '/'}`, connections, duration: seconds, ...paths });
  const errors = r.errors + r.non2xx;
  console.log(
    `${label.padEnd(44)} median ${String(r.latency.p50).padStart(6)} ms  p95 ${String(r.latency.p97_5 ?? r.latency.p99).padStart(6)} ms* ${r.requests.average.toFixed(0).padStart(6)} req/s  errors ${errors}`,
  );
  return r.requests.average;
}

console.log(`\n${connections} connections, ${seconds} s each (* autocannon reports p97.5, the nearest to p95)`);
const staticRps = await load('static route (GET /healthz)', '/healthz');
const q = { q: 'medico famiglia', page: 1, perPage: 20 };
const dbQps = await direct('direct query: "medico famiglia"', q);
await direct('direct query: "medico famiglia" + Andria', { ...q, municipality: '110001' });
await direct('direct, index in memory: "medico famiglia"', q, true);
const searches: [string, string][] = [
  ['/services?q=medico+famiglia', ''],
  ['/services?q=medico+famiglia&municipality=110001&language=ar', ' + municipality + language'],
  ['/services?q=medco+famigla', ' typo "medco famigla"'],
  ['/services?need=health&page=3', ' need filter, page 3'],
];
console.log('-- searches answered again from memory until something is published (FINDER_CACHE_ENTRIES, ADR 0009)');
const finderRps = await load(`finder: ${searches[0]![0]}`, searches[0]![0]);
for (const [path, label] of searches.slice(1)) await load(`finder:${label}`, path);
console.log('-- the same searches, none kept: every request searches the index in memory (ADR 0018)');
const uncachedRps = await load(`finder, no cache: ${searches[0]![0]}`, searches[0]![0], uncached);
for (const [path, label] of searches.slice(1)) await load(`finder, no cache:${label}`, path, uncached);
console.log('-- the same searches, none kept and no index (FINDER_INDEX=0): every request queries the database');
const sqlRps = await load(`finder, SQL only: ${searches[0]![0]}`, searches[0]![0], sqlOnly);
for (const [path, label] of searches.slice(1)) await load(`finder, SQL only:${label}`, path, sqlOnly);
// What a first-time search costs in a real mix: two words of the directory's vocabulary, a different
// pair on every request (none answered from memory), half of them with a municipality.
let n = 0;
const differentSearch = () => {
  n++;
  const a = WORDS[(n * 7919) % WORDS.length]!;
  const b = WORDS[(n * 104729 + 13) % WORDS.length]!;
  return `/services?q=${encodeURIComponent(`${a} ${b}`)}${n % 2 ? `&municipality=1100${String((n % 10) + 1).padStart(2, '0')}` : ''}`;
};
console.log('-- every request a different two-word search, with the cache on');
const mixedRps = await load('finder: a different search each time', differentSearch);
await load('finder, SQL only: a different search each time', differentSearch, sqlOnly);
const hsdsRps = await load('HSDS: /hsds/services?search=medico', '/hsds/services?search=medico');
const hsdsMixed = () => {
  n++;
  return `/hsds/services?search=${encodeURIComponent(`${WORDS[(n * 7919) % WORDS.length]} ${WORDS[(n * 104729 + 13) % WORDS.length]}`)}`;
};
await load('HSDS: a different two-word search each time', hsdsMixed);
console.log(
  `\nfinder / static route: ${(finderRps / staticRps).toFixed(3)}   finder / direct query: ${(finderRps / dbQps).toFixed(2)}   ` +
    `finder, no cache / direct query: ${(uncachedRps / dbQps).toFixed(2)}   SQL only / direct query: ${(sqlRps / dbQps).toFixed(2)}   ` +
    `different searches / direct query: ${(mixedRps / dbQps).toFixed(2)}   ` +
    `HSDS / static: ${(hsdsRps / staticRps).toFixed(3)}`,
);
await sqlApp.close();
await uncachedApp.close();
await app.close();
await database.close();
