// The finder's in-memory index (ADR 0018) must answer every search exactly as the database does: the same
// services, in the same order, with the same count, whether the words all match, are corrected or only
// some match, with every filter, on every page; and it must never answer from an older publication.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { finderRepo, type FinderQuery } from '../../src/modules/directory/finder.repo.js';
import { parseTsvector, PublishedIndex, publishedIndexOf, rankContribution, tsRank } from '../../src/modules/directory/published-index.js';
import { rows } from '../../src/kernel/db/client.js';
import { hsdsRepo } from '../../src/modules/directory/hsds.repo.js';
import { generateDirectory, WORDS } from '../../bench/generate-directory.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  // The demo province's services (every language, names and needs weighted) and 1,500 generated ones, so
  // that common words match hundreds of services and ranks tie.
  await generateDirectory(t.app.kernel.db, 1500);
}, 120_000);
afterAll(() => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'it' } });
const titles = (body: string) => [...body.matchAll(/<h3 class="card-title h5"><a [^>]*>([^<]*)</g)].map((m) => m[1]);

const TEXTS = [
  'medico',
  'medico di base',
  'medico famiglia',
  'medco famigla',
  'casa popolare affitto',
  'permesso di soggiorno',
  'corso di italiano',
  'طبيب',
  'doctor',
  'medico nuoto',
  'di',
  'servizio',
  'zzzz qqqq',
  ...Array.from({ length: 24 }, (_, k) => `${WORDS[(k * 37) % WORDS.length]} ${WORDS[(k * 101 + 5) % WORDS.length]}`),
];
const FILTERS: Partial<FinderQuery>[] = [
  {},
  { municipality: '110001' },
  { language: 'ar' },
  { need: 'health', free: true },
  { municipality: '110002', language: 'en', accessible: true, noAppointment: true },
  { openNow: { day: 'MO', time: '10:00', date: '2026-11-23' } },
  // Codes no service has (a shared link gone old, or a URL made up).
  { language: 'zz', need: 'no-such-need' },
];

describe('the finder in memory', () => {
  it('answers every search exactly as the database does: same services, same order, same count', async () => {
    const { db } = t.app.kernel;
    const index = await publishedIndexOf(db).ready();
    expect(index.size).toBeGreaterThan(1500);
    const outcomes = { many: 0, relaxed: 0, corrected: 0, none: 0 };
    for (const q of [undefined, ...TEXTS]) {
      for (const filters of FILTERS) {
        for (const page of [1, 3]) {
          const query: FinderQuery = { q, ...filters, page, perPage: 20 };
          const fromDatabase = await finderRepo.search(db, query);
          const fromMemory = await finderRepo.search(db, query, index);
          expect(fromMemory, JSON.stringify(query)).toEqual(fromDatabase);
          if (fromDatabase.total > 60) outcomes.many++;
          if (fromDatabase.relaxed) outcomes.relaxed++;
          if (fromDatabase.correctedQuery) outcomes.corrected++;
          if (fromDatabase.total === 0) outcomes.none++;
        }
      }
    }
    // The comparison covered every path: long ranked lists, corrections, some-of-the-words, nothing found.
    expect(outcomes.many).toBeGreaterThan(20);
    expect(outcomes.relaxed).toBeGreaterThan(0);
    expect(outcomes.corrected).toBeGreaterThan(0);
    expect(outcomes.none).toBeGreaterThan(0);
    // Made-up codes cost no memory: a mask is kept for the directory's own codes only.
    expect([...(index as unknown as { masks: Map<string, unknown> }).masks.keys()].some((key) => key.endsWith(':zz') || key.endsWith(':no-such-need'))).toBe(false);
  }, 120_000);

  it("answers the HSDS API's searches by words as the database does, and leaves it the others", async () => {
    const { db } = t.app.kernel;
    const index = await publishedIndexOf(db).ready();
    const page = vi.spyOn(index, 'page');
    let searches = 0;
    for (const search of [...TEXTS, 'Medico  di BASE', 'e-mail', 'vitamina a', 'di la', 'the of']) {
      for (const p of [{ page: 1, perPage: 25 }, { page: 2, perPage: 25 }]) {
        const fromDatabase = await hsdsRepo.services(db, { search }, p);
        const fromMemory = await hsdsRepo.services(db, { search }, p, index);
        expect(fromMemory, `${search} ${p.page}`).toEqual(fromDatabase);
        searches++;
      }
    }
    // Most were answered in memory; "e-mail" and "vitamina a" (not plain words of two letters or more) were not.
    expect(page.mock.calls.length).toBeGreaterThan(searches * 0.8);
    expect(page.mock.calls.length).toBeLessThan(searches);
    page.mockRestore();
  }, 60_000);

  it('ranks as PostgreSQL ranks, to the last bit of its float', async () => {
    const found = await rows<{ vector: string; rank: number; q: string }>(
      t.app.kernel.db,
      sql`SELECT search_vector::text AS vector, ts_rank(search_vector, to_tsquery('italian', 'medico'))::float8 AS rank
          FROM dir_published_services WHERE search_vector @@ to_tsquery('italian', 'medico') LIMIT 50`,
    );
    expect(found.length).toBeGreaterThan(10);
    for (const { vector, rank } of found) {
      const entry = parseTsvector(vector).find((e) => e.lexeme === 'medic')!;
      expect(tsRank([rankContribution(entry.weights)])).toBe(rank);
    }
  });

  it('is built by a running server at start, before anyone searches', async () => {
    const { createTestApp: fresh } = await import('../helpers/test-app.js');
    const other = await fresh({ seed: true });
    try {
      const { startBackgroundWork } = await import('../../src/server.js');
      const background = startBackgroundWork(other.app);
      const [{ version }] = (await rows<{ version: string }>(other.app.kernel.db, sql`SELECT version::text AS version FROM dir_published_version`)) as [
        { version: string },
      ];
      const holder = publishedIndexOf(other.app.kernel.db);
      // Looking (latest) starts no build: only the server can have started it.
      for (let waited = 0; waited < 5000 && holder.latest?.version !== version; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(holder.latest?.version).toBe(version);
      expect(holder.latest?.size).toBeGreaterThan(100);
      await background.stop();
    } finally {
      await other.close();
    }
  });

  it('never answers from an older publication: a renamed service is found by its new name at once', async () => {
    const { db } = t.app.kernel;
    await publishedIndexOf(db).ready();
    const before = titles((await get('/services?q=medico+di+base&municipality=110001')).body);
    expect(before[0]).toBe('Scelta del medico di base e tessera sanitaria - Andria');
    await db.execute(
      sql`UPDATE dir_published_services SET name = 'Medico di base: scelta e revoca - Andria',
            search_vector = setweight(to_tsvector('italian', 'Medico di base scelta revoca Andria zuccherino'), 'A')
          WHERE name = 'Scelta del medico di base e tessera sanitaria - Andria'`,
    );
    // The index in memory still holds the old name; the search must not use it.
    const renamed = await get('/services?q=zuccherino');
    expect(titles(renamed.body)).toEqual(['Medico di base: scelta e revoca - Andria']);
    // Once the new version is indexed, the index answers, and the same.
    const [{ version }] = (await rows<{ version: string }>(db, sql`SELECT version::text AS version FROM dir_published_version`)) as [{ version: string }];
    expect((await publishedIndexOf(db).ready()).version).toBe(version);
    expect(publishedIndexOf(db).at(version)).toBeDefined();
    expect(titles((await get('/services?q=zuccherino+revoca')).body)).toEqual(['Medico di base: scelta e revoca - Andria']);
  });

  it('still answers from the database when the index cannot be built, and does not retry at every search', async () => {
    const { db } = t.app.kernel;
    const build = vi.spyOn(PublishedIndex, 'build').mockRejectedValue(new Error('out of memory, say'));
    try {
      await db.execute(sql`UPDATE dir_published_services SET name = name WHERE name = 'Medico di base: scelta e revoca - Andria'`);
      for (const q of ['zuccherino', 'zuccherino revoca', 'revoca']) {
        const res = await get(`/services?q=${q}`);
        expect(res.statusCode).toBe(200);
        expect(titles(res.body)[0]).toBe('Medico di base: scelta e revoca - Andria');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(build).toHaveBeenCalledTimes(1);
    } finally {
      build.mockRestore();
    }
  });
});
