// The desk at scale: 200,000 people (identifiers sealed and blind-indexed with the real field crypto) and
// 1,000,000 contacts, with needs and referrals, in a fresh database; then the desk's main screens measured
// with autocannon (figures, start page, lookup by name) next to the same queries straight on the database.
// Prints seeding times, medians and p95; asserts nothing. Target: p95 under 50 ms.
//   node --import tsx bench/desk.ts [contacts=1000000] [people=200000] [seconds=10] [connections=10]
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/desk.ts
// With BENCH_KEEP=1 (PostgreSQL only) the seeded database is kept, and a later run with the same counts
// measures it again without seeding (seeding 1M contacts takes minutes): for comparing changes.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, rows, sqlArray, type Db } from '../src/kernel/db/client.js';
import type { FieldCrypto } from '../src/kernel/crypto/fields.js';
import { seedDemo } from '../seeds/demo.js';
import { signIn } from '../test/helpers/client.js';
import { indexesOf, nameWords, sealPerson, wordIndex, type PersonData } from '../src/modules/desk/people.js';
import { deskRepo, type DeskUser } from '../src/modules/desk/desk.repo.js';
import { figuresRepo } from '../src/modules/desk/figures.repo.js';
import { defaultPeriod } from '../src/modules/desk/figures.routes.js';

const [contactCount = 1_000_000, peopleCount = 200_000, seconds = 10, connections = 10] = process.argv.slice(2).map(Number);

// ---- a fresh database -------------------------------------------------------------------------------
const baseUrl = process.env.DATABASE_URL;
let databaseUrl: string | undefined;
let pgliteDir = '';
const keep = !!baseUrl && process.env.BENCH_KEEP === '1';
const BENCH_DB = keep ? `ponte_bench_desk_${contactCount}_${peopleCount}` : 'ponte_bench_desk';
let seeded = false;
if (baseUrl) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB])).rowCount === 1;
  if (keep && exists) {
    seeded = true;
  } else {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  }
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${BENCH_DB}`;
  databaseUrl = u.toString();
} else {
  pgliteDir = mkdtempSync(join(tmpdir(), 'ponte-bench-desk-'));
}
const database = await openDatabase({ databaseUrl, pgliteDir: pgliteDir || 'memory://' });
const config = {
  ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '.tmp/bench', SESSION_SECRET: 'x'.repeat(40), ENCRYPTION_KEY: '1'.repeat(64), BLIND_INDEX_KEY: '2'.repeat(64) }),
  rateLimits: false,
};
const app = await buildApp(config, { database });
const db = app.kernel.db;
const crypto = app.kernel.crypto;
const seconds1 = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

// ---- data ---------------------------------------------------------------------------------------------
const GIVEN = [
  'Amina', 'Fatima', 'Mohamed', 'Ahmed', 'Youssef', 'Khadija', 'Omar', 'Ibrahim', 'Aisha', 'Moussa', 'Mamadou', 'Fatou', 'Awa', 'Ousmane',
  'Abdoulaye', 'Mariam', 'Chinedu', 'Ngozi', 'Emeka', 'Blessing', 'Joy', 'Kwame', 'Ama', 'Kofi', 'Yaw', 'Samir', 'Rania', 'Layla', 'Hassan',
  'Hussein', 'Zainab', 'Bilal', 'Imran', 'Ayesha', 'Rahim', 'Tahmina', 'Nusrat', 'Rafiq', 'Sadia', 'Arjun', 'Priya', 'Rajesh', 'Sunita',
  'Olena', 'Oksana', 'Andriy', 'Iryna', 'Dmytro', 'Natalia', 'Ion', 'Elena', 'Mihai', 'Ana', 'Gheorghe', 'Arben', 'Blerina', 'Erion',
  'Luis', 'Maria', 'José', 'Carmen', 'Wei', 'Li', 'Mei', 'Tesfaye', 'Selam', 'Dawit', 'Hiwot', 'Abdi', 'Hodan', 'Faisal', 'Nadia', 'Karim',
  'Salma', 'Yasmin', 'Tariq', 'Amir', 'Soraya', 'Reza', 'Farah',
];
const FAMILY = [
  'El Fassi', 'Benali', 'Haddad', 'Mansour', 'Khalil', 'Saleh', 'Nasser', 'Diallo', 'Traoré', 'Diop', 'Ndiaye', 'Sow', 'Ba', 'Camara',
  'Coulibaly', 'Keita', 'Touré', 'Okafor', 'Okeke', 'Eze', 'Adeyemi', 'Balogun', 'Mensah', 'Asante', 'Owusu', 'Boateng', 'Akter', 'Rahman',
  'Hossain', 'Islam', 'Begum', 'Chowdhury', 'Khan', 'Ahmed', 'Hussain', 'Malik', 'Iqbal', 'Singh', 'Kaur', 'Sharma', 'Patel', 'Kumar',
  'Kovalenko', 'Shevchenko', 'Bondarenko', 'Tkachenko', 'Melnyk', 'Popescu', 'Ionescu', 'Rusu', 'Munteanu', 'Hoxha', 'Shehu', 'Krasniqi',
  'Gashi', 'Berisha', 'García', 'Rodríguez', 'Pérez', 'Gómez', 'Wang', 'Zhang', 'Chen', 'Liu', 'Tesfaye', 'Bekele', 'Haile', 'Gebre',
  'Mohamud', 'Warsame', 'Abdullahi', 'Yusuf', 'Farah', 'Hassan', 'Ali', 'Omar', 'Karimi', 'Hosseini', 'Rezaei', 'Ahmadi', 'Benjelloun',
  'Amrani', 'Tazi', 'Cherkaoui', 'Bouazza', 'Mejri', 'Trabelsi', 'Jebali', 'Gharbi', 'Sassi', 'Ben Salah', 'Chaabane', 'Zouari',
];
const NATIONALITIES = ['MA', 'MA', 'MA', 'AL', 'AL', 'RO', 'RO', 'NG', 'NG', 'SN', 'SN', 'BD', 'BD', 'PK', 'IN', 'TN', 'TN', 'UA', 'UA', 'GH', 'CN', 'EG', 'ML', 'GM', 'CI', 'SO', 'ER', 'ET', 'AF', 'GE'];
const LANGUAGES = [['ar'], ['ar', 'fr'], ['fr'], ['en'], ['sq'], ['ro'], ['bn'], ['ur', 'en'], ['uk', 'ru'], ['wo', 'fr'], ['zh']];
const DOCUMENTS = ['passport', 'residence_permit', 'permit_receipt'] as const;

// mulberry32: a small seeded generator, so that every run generates the same people.
let seed = 20261123;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

function personData(): PersonData {
  const documentType = pick(DOCUMENTS);
  const documentNumber = documentType === 'passport' ? `${String.fromCharCode(65 + Math.floor(random() * 26))}${String.fromCharCode(65 + Math.floor(random() * 26))}${digits(7)}` : documentType === 'permit_receipt' ? digits(12) : `I${digits(8)}`;
  const year = 1960 + Math.floor(random() * 46);
  return {
    givenName: pick(GIVEN),
    familyName: pick(FAMILY),
    birthDate: `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
    phone: random() < 0.8 ? `+39 3${digits(2)} ${digits(3)} ${digits(4)}` : undefined,
    email: random() < 0.3 ? `persona.${digits(6)}@example.org` : undefined,
    documentType,
    documentNumber,
    nationality: pick(NATIONALITIES),
    languages: pick(LANGUAGES),
    italianLevel: pick(['none', 'a1', 'a2', 'b1'] as const),
    municipalityCode: `1100${String(1 + Math.floor(random() * 10)).padStart(2, '0')}`,
  };
}

/** One batch of people: sealed, blind-indexed, inserted with multi-row statements. */
async function insertPeopleBatch(db: Db, crypto: FieldCrypto, organizations: string[], count: number): Promise<void> {
  const people: SQL[] = [];
  const words: SQL[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const data = personData();
    const sealed = sealPerson(crypto, id, data);
    const ix = indexesOf(crypto, data);
    // Half the people were met at the Prefettura's desk, the rest at the other desks.
    const organization = random() < 0.5 ? organizations[0]! : pick(organizations);
    people.push(sql`(${id}, ${organization}, ${sealed.given_name}, ${sealed.family_name}, ${sealed.birth_date}, ${sealed.phone}, ${sealed.email},
      ${data.documentType}, ${sealed.document_number}, ${data.nationality}, ${Number(data.birthDate!.slice(0, 4))}, ${sqlArray(data.languages, 'text')},
      ${data.italianLevel}, ${data.municipalityCode}, ${ix.name}, ${ix.birthDate}, ${ix.document}, ${ix.phone},
      now() - make_interval(days => ${Math.floor(random() * 1000)}))`);
    for (const w of new Set(ix.words)) words.push(sql`(${id}, ${w})`);
  }
  await db.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO desk_people (id, organization_id, given_name_enc, family_name_enc, birth_date_enc, phone_enc, email_enc,
      document_type, document_number_enc, nationality, birth_year, languages, italian_level, municipality_code,
      name_bidx, birth_date_bidx, document_bidx, phone_bidx, updated_at) VALUES ${sql.join(people, sql`, `)}`);
    await tx.execute(sql`INSERT INTO desk_person_name_words (person_id, word_bidx) VALUES ${sql.join(words, sql`, `)} ON CONFLICT DO NOTHING`);
  });
}

// ---- seeding ------------------------------------------------------------------------------------------
let t0 = performance.now();
if (seeded) {
  const [marker] = await rows<{ done: string | null }>(db, sql`SELECT to_regclass('bench_seeded')::text AS done`);
  if (!marker?.done) throw new Error(`${BENCH_DB} was not seeded to the end: drop it and run again`);
  console.log(`engine: ${database.kind}; the database ${BENCH_DB} seeded by an earlier run (BENCH_KEEP=1)`);
} else {
  await seedDemo(app.kernel);
  console.log(`engine: ${database.kind}; demo province in ${seconds1(t0)} s`);
}
const deskOperators = await rows<{ user_id: string; organization_id: string; email: string }>(
  db,
  sql`SELECT u.id AS user_id, u.organization_id, u.email FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'desk_operator'
    ORDER BY u.email = 'sportello@prefettura.example' DESC, u.email`,
);
const deskOrganizations = [...new Set(deskOperators.map((d) => d.organization_id))];
const otherOrganizations = (await rows<{ id: string }>(db, sql`SELECT id FROM organizations ORDER BY name`)).map((r) => r.id);
const organizations = [...deskOrganizations, ...otherOrganizations.filter((o) => !deskOrganizations.includes(o)).slice(0, 4)];
const prefettura = deskOperators[0]!;

if (!seeded) {
  t0 = performance.now();
  const BATCH = 1000;
  for (let done = 0; done < peopleCount; done += BATCH) await insertPeopleBatch(db, crypto, organizations, Math.min(BATCH, peopleCount - done));
  console.log(`${peopleCount} people sealed, indexed and inserted in ${seconds1(t0)} s`);

  t0 = performance.now();
  await db.execute(sql`CREATE TABLE bench_people AS SELECT row_number() OVER (ORDER BY id) AS n, id, organization_id, nationality FROM desk_people`);
  await db.execute(sql`CREATE UNIQUE INDEX ON bench_people (n)`);
  const [{ total }] = (await rows<{ total: number }>(db, sql`SELECT count(*)::int AS total FROM bench_people`)) as [{ total: number }];
  const userFor = sql`(SELECT user_id FROM (VALUES ${sql.join(deskOperators.map((d) => sql`(${d.organization_id}::uuid, ${d.user_id}::uuid)`), sql`, `)}) AS d (organization_id, user_id)
    WHERE d.organization_id = p.organization_id UNION ALL SELECT ${prefettura.user_id}::uuid LIMIT 1)`;
  // Contacts over the last three years, one in ten anonymous; chunks of 100,000 in their own transactions.
  const CHUNK = 100_000;
  for (let from = 0; from < contactCount; from += CHUNK) {
    const to = Math.min(contactCount, from + CHUNK);
    await db.execute(sql`INSERT INTO desk_contacts (person_id, organization_id, user_id, channel, language_code, mediator_present, nationality, occurred_at)
      SELECT CASE WHEN g % 10 = 0 THEN NULL ELSE p.id END, p.organization_id, ${userFor},
        (ARRAY['walk_in', 'phone', 'outreach', 'online'])[1 + g % 4], (ARRAY['ar', 'fr', 'en', 'it', 'bn'])[1 + g % 5], g % 3 = 0, p.nationality,
        now() - make_interval(secs => (hashint4(g) & 2147483647) % (3 * 365 * 86400))
      FROM generate_series(${from + 1}::int, ${to}::int) AS g JOIN bench_people p ON p.n = 1 + (hashint4(g + 7) & 2147483647) % ${total}`);
  }
  console.log(`${contactCount} contacts inserted in ${seconds1(t0)} s`);

  t0 = performance.now();
  const needCount = Math.round(peopleCount * 1.5);
  const terms = (await rows<{ code: string }>(db, sql`SELECT code FROM dir_taxonomy_terms ORDER BY code`)).map((r) => r.code);
  await db.execute(sql`INSERT INTO desk_needs (person_id, organization_id, user_id, term_code, urgency, status, created_at)
    SELECT p.id, p.organization_id, ${userFor}, (${sqlArray(terms, 'text')})[1 + g % ${terms.length}], (ARRAY['low', 'normal', 'high'])[1 + g % 3],
      (ARRAY['open', 'referred', 'met', 'closed'])[1 + g % 4], now() - make_interval(secs => (hashint4(g + 3) & 2147483647) % (3 * 365 * 86400))
    FROM generate_series(1, ${needCount}::int) AS g JOIN bench_people p ON p.n = 1 + (hashint4(g + 11) & 2147483647) % ${total}`);
  const referralCount = Math.round(peopleCount / 2);
  await db.execute(sql`INSERT INTO referrals (id, subject_module, subject_id, need_code, service_id, service_name, from_organization_id, to_organization_id,
      status, shared_data_enc, sent_at, answer_by, answered_at, ended_at, outcome, decline_reason)
    SELECT gen_random_uuid(), 'desk', p.id::text, 'language', gen_random_uuid(), 'Servizio', p.organization_id, o.id,
      s.status, 'v1.sealed', r.sent_at, r.sent_at + interval '5 days',
      CASE WHEN s.status IN ('accepted', 'in_progress', 'completed', 'closed', 'declined') THEN r.sent_at + make_interval(hours => 2 + g % 200) END,
      CASE WHEN s.status IN ('completed', 'closed', 'declined') THEN r.sent_at + make_interval(hours => 200 + g % 900) END,
      CASE s.status WHEN 'completed' THEN 'enrolled' WHEN 'closed' THEN 'no_show' END,
      CASE WHEN s.status = 'declined' THEN 'no_capacity' END
    FROM generate_series(1, ${referralCount}::int) AS g
      JOIN bench_people p ON p.n = 1 + (hashint4(g + 13) & 2147483647) % ${total}
      CROSS JOIN LATERAL (SELECT (ARRAY['sent', 'accepted', 'declined', 'in_progress', 'completed', 'completed', 'closed', 'withdrawn'])[1 + g % 8] AS status) s
      CROSS JOIN LATERAL (SELECT now() - make_interval(secs => (hashint4(g + 5) & 2147483647) % (3 * 365 * 86400)) AS sent_at) r
      JOIN LATERAL (SELECT id FROM organizations ORDER BY id OFFSET g % 8 LIMIT 1) o ON true`);
  await db.execute(sql`DROP TABLE bench_people`);
  // What autovacuum does on a live server: statistics, and the visibility map that lets the name-word
  // lookups be index-only scans.
  await db.execute(sql`VACUUM ANALYZE`);
  console.log(`${needCount} needs and ${referralCount} referrals inserted, statistics updated, in ${seconds1(t0)} s`);
  await db.execute(sql`CREATE TABLE bench_seeded ()`);
}

// ---- measuring ----------------------------------------------------------------------------------------
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const cookieOf = async (email: string) => [...(await signIn(app, email)).cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const deskCookie = await cookieOf(prefettura.email);
/** The CSRF token a page gives this session, for posting its form. */
async function csrfOf(path: string, cookie: string): Promise<string> {
  const page = await app.inject({ method: 'GET', url: path, headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${path}`);
  return token;
}
const analystCookie = await cookieOf('osservatorio@prefettura.example');
const deskUser: DeskUser = { id: prefettura.user_id, organizationId: prefettura.organization_id };
// A name as an operator would type it: a common given and family name (several people share it).
const lookup = 'Amina Haddad';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const line = (label: string, median: number, p95: number, rate: string) =>
  console.log(`${label.padEnd(52)} median ${median.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  ${rate}`);

async function direct(label: string, query: () => Promise<unknown>) {
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const start = performance.now();
    await query();
    times.push(performance.now() - start);
  }
  const median = percentile(times, 0.5);
  line(label, median, percentile(times, 0.95), `${(1000 / median).toFixed(0).padStart(6)} q/s (one at a time)`);
}

async function load(label: string, path: string, cookie: string, form?: Record<string, string>) {
  const post = form
    ? { method: 'POST' as const, body: new URLSearchParams({ ...form, _csrf: await csrfOf(path, cookie) }).toString() }
    : { method: 'GET' as const };
  const headers = form ? { cookie, 'content-type': 'application/x-www-form-urlencoded' } : { cookie };
  const r = await autocannon({ url: `${address}${path}`, connections, duration: seconds, headers, ...post });
  const errors = r.errors + r.non2xx;
  line(label, r.latency.p50, r.latency.p97_5, `${r.requests.average.toFixed(0).padStart(6)} req/s  errors ${errors}`);
}

const period = defaultPeriod();
const found = await deskRepo.search(db, deskUser, { wordIndexes: nameWords(lookup).map((w) => wordIndex(crypto, w)) });
console.log(`\nlookup "${lookup}" finds ${found.length} people visible to the Prefettura's desk`);
console.log(`${connections} connections, ${seconds} s each (autocannon's p97.5 shown as p95: the nearest it reports)\n`);
await direct('direct: figures, Prefettura, 12 weeks', () => figuresRepo.all(db, { organizationId: prefettura.organization_id, ...period }));
await direct('direct: figures, province, 12 weeks', () => figuresRepo.all(db, { organizationId: null, ...period }));
await direct('direct: lookup by name (blind indexes)', () => deskRepo.search(db, deskUser, { wordIndexes: nameWords(lookup).map((w) => wordIndex(crypto, w)) }));
await direct('direct: recent people of the desk', () => deskRepo.recent(db, deskUser));
await load('GET /desk/figures (desk operator)', '/desk/figures', deskCookie);
await load('GET /desk/figures (analyst, province)', '/desk/figures', analystCookie);
await load('GET /desk (start page)', '/desk', deskCookie);
await load(`POST /desk (search "${lookup}")`, '/desk', deskCookie, { q: lookup });

await app.close();
await database.close();
if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
if (baseUrl && !keep) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin.end();
}
