// After BLIND_INDEX_KEY changes, the desk's blind indexes are recomputed from the sealed values, so that
// searches and duplicate checks keep finding people. Batched; can be run again.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/client.js';
import type { FieldCrypto } from '../../kernel/crypto/fields.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import { indexesOf, openPerson, type PersonRow } from './people.js';

export async function reindexPeople(db: Db, crypto: FieldCrypto, batchSize = 500): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const batch = await rows<PersonRow>(db, sql`SELECT * FROM desk_people WHERE id > ${after} ORDER BY id LIMIT ${batchSize}`);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    await db.transaction(async (tx) => {
      for (const row of batch) {
        const ix = indexesOf(crypto, openPerson(crypto, row));
        await tx.execute(sql`UPDATE desk_people SET name_bidx = ${ix.name}, birth_date_bidx = ${ix.birthDate}, document_bidx = ${ix.document},
          phone_bidx = ${ix.phone} WHERE id = ${row.id}`);
        await tx.execute(sql`DELETE FROM desk_person_name_words WHERE person_id = ${row.id}`);
        for (const w of ix.words) await tx.execute(sql`INSERT INTO desk_person_name_words (person_id, word_bidx) VALUES (${row.id}, ${w}) ON CONFLICT DO NOTHING`);
      }
    });
    done += batch.length;
  }
  await recordAudit(db, { userId: null, organizationId: null, ip: null }, { action: 'system.blindIndexesRebuilt', details: { people: done } });
  return done;
}
