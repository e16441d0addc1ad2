// Fills a database with N published services (default 50,000) of ~360 characters of Italian text each,
// spread over the ten municipalities, needs and languages, straight into the tables in one statement
// per table: the finder reads the published read model, so that is what has to be large.
import { sql } from 'drizzle-orm';
import type { Db } from '../src/kernel/db/client.js';

const WORDS = `servizio sportello ufficio assistenza sanitaria medico famiglia tessera permesso soggiorno rinnovo
  lavoro impiego formazione corso italiano lingua scuola iscrizione figli casa affitto alloggio sociale
  consulenza legale diritti protezione orientamento informazioni documenti residenza anagrafe certificato
  gratuito appuntamento accoglienza mediazione interculturale donne bambini salute mentale ascolto aiuto`
  .split(/\s+/)
  .filter(Boolean);

export async function generateDirectory(db: Db, count: number): Promise<void> {
  const words = JSON.stringify(WORDS);
  await db.execute(sql`INSERT INTO dir_organizations (id, name, description) VALUES ('00000000-0000-4000-8000-0000000000b0', 'Ente di prova per il benchmark', 'Benchmark')
    ON CONFLICT DO NOTHING`);
  await db.execute(sql`
    INSERT INTO dir_services (id, organization_id, name, description, publication_status, published_at, free_of_charge)
    SELECT md5('bench' || g)::uuid, '00000000-0000-4000-8000-0000000000b0',
      'Servizio ' || g || ' ' || (${words}::jsonb ->> (g % 40)) || ' ' || (${words}::jsonb ->> ((g * 7) % 40)),
      (SELECT string_agg(${words}::jsonb ->> ((g * k * 13 + k) % 40), ' ') FROM generate_series(1, 45) k),
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
      setweight(to_tsvector('italian', ponte_unaccent(s.name)), 'A') || setweight(to_tsvector('italian', ponte_unaccent(s.description)), 'B'),
      now(), now()
    FROM dir_services s CROSS JOIN LATERAL (SELECT substring(s.name from 'Servizio (\\d+)')::int AS g) n
    WHERE s.organization_id = '00000000-0000-4000-8000-0000000000b0'`);
  await db.execute(sql`INSERT INTO dir_search_words (word) SELECT jsonb_array_elements_text(${words}::jsonb) ON CONFLICT DO NOTHING`);
  await db.execute(sql`ANALYZE dir_published_services`);
}
