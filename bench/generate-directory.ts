// Fills a database with N published services (default 50,000) of ~360 characters of Italian text each,
// spread over the ten municipalities, needs and languages, straight into the tables in one statement
// per table: the finder reads the published read model, so that is what has to be large.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/kernel/db/client.js';

// The vocabulary of the demo directory's own descriptions (a few hundred real Italian words), so that a
// two-word query matches a realistic share of the services rather than all of them.
const DEMO_SOURCE = readFileSync(fileURLToPath(new URL('../seeds/demo-directory.ts', import.meta.url)), 'utf8');
export const WORDS = [
  ...new Set([...DEMO_SOURCE.matchAll(/it: (['"])(.*?)\1/g)].flatMap((m) => m[2]!.toLowerCase().split(/[^a-zà-ù]+/))),
].filter((w) => w.length > 3);

export async function generateDirectory(db: Db, count: number): Promise<void> {
  const words = JSON.stringify(WORDS);
  const n = WORDS.length;
  await db.execute(sql`INSERT INTO dir_organizations (id, name, description) VALUES ('00000000-0000-4000-8000-0000000000b0', 'Ente di prova per il benchmark', 'Benchmark')
    ON CONFLICT DO NOTHING`);
  await db.execute(sql`
    INSERT INTO dir_services (id, organization_id, name, description, publication_status, published_at, free_of_charge)
    SELECT md5('bench' || g)::uuid, '00000000-0000-4000-8000-0000000000b0',
      'Servizio ' || g || ' ' || (${words}::jsonb ->> (g % ${n})) || ' ' || (${words}::jsonb ->> ((g * 7) % ${n})),
      (SELECT string_agg(${words}::jsonb ->> (abs(hashint4(g * 1000 + k)) % ${n}), ' ') FROM generate_series(1, 45) k),
      'published', now(), g % 3 = 0
    FROM generate_series(1, ${count}) g`);
  await db.execute(sql`
    INSERT INTO dir_published_services (service_id, organization_id, document, name, municipality_codes, language_codes, term_codes,
      free_of_charge, wheelchair_accessible, appointment_required, hours, closed_dates, search_text, search_vector, published_at, modified_at)
    SELECT s.id, s.organization_id, jsonb_build_object('id', s.id, 'name', s.name, 'description', s.description, 'status', 'active'),
      s.name,
      ARRAY['1100' || lpad(((g % 10) + 1)::text, 2, '0')],
      CASE g % 5 WHEN 0 THEN ARRAY['it'] WHEN 1 THEN ARRAY['it','en'] WHEN 2 THEN ARRAY['it','ar'] WHEN 3 THEN ARRAY['it','fr','ar'] ELSE ARRAY['it','bn'] END,
      ARRAY[(ARRAY['health','permits','work','language','school','housing','legal','social'])[(g % 8) + 1]],
      s.free_of_charge, g % 4 <> 0, g % 2 = 0,
      '[{"days": ["MO","TU","WE","TH","FR"], "opens": "08:30", "closes": "12:30"}]'::jsonb, '{}',
      lower(ponte_unaccent(s.name || ' ' || s.description)),
      setweight(to_tsvector('italian', ponte_unaccent(s.name)), 'A') || setweight(to_tsvector('italian', ponte_unaccent(s.description)), 'C'),
      now(), now()
    FROM dir_services s CROSS JOIN LATERAL (SELECT substring(s.name from 'Servizio (\\d+)')::int AS g) n
    WHERE s.organization_id = '00000000-0000-4000-8000-0000000000b0'`);
  await db.execute(sql`INSERT INTO dir_search_words (word) SELECT jsonb_array_elements_text(${words}::jsonb) ON CONFLICT DO NOTHING`);
  await db.execute(sql`VACUUM ANALYZE dir_published_services`);
}
