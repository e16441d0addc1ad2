// Key rotation. Every sealed column of Ponte is listed here with the place its values are bound to (a test
// checks that every `*_enc` column of the database is in the list). `rotateFieldKeys` re-seals, with the
// current ENCRYPTION_KEY, every value sealed with a previous key (ENCRYPTION_KEYS_PREVIOUS), in batches,
// each batch in its own transaction; it can be stopped and run again. Once it reports nothing left, the
// previous keys can be removed from the configuration. `reindexPeople` recomputes the desk's blind indexes
// after BLIND_INDEX_KEY changes.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rows } from '../db/client.js';
import type { FieldCrypto } from './fields.js';

export interface SealedColumn {
  table: string;
  column: string;
  /** The row's identifying column (updated by it). */
  idColumn: string;
  /** SQL expression, over the row, of the place its value is bound to. */
  place: string;
}

const person = (column: string): SealedColumn => ({ table: 'desk_people', column: `${column}_enc`, idColumn: 'id', place: `'desk_people:${column}:' || id` });
const request = (column: string): SealedColumn => ({
  table: 'desk_appointment_requests',
  column: `${column}_enc`,
  idColumn: 'id',
  place: `'desk_appointment_requests:${column}:' || id`,
});

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'users', column: 'totp_secret_enc', idColumn: 'id', place: `'users:totp_secret:' || id` },
  ...['given_name', 'family_name', 'latin_name', 'birth_date', 'phone', 'email', 'document_number'].map(person),
  { table: 'desk_contacts', column: 'note_enc', idColumn: 'id', place: `'desk_contacts:note:' || id` },
  { table: 'desk_needs', column: 'note_enc', idColumn: 'id', place: `'desk_needs:note:' || id` },
  { table: 'desk_cases', column: 'closure_note_enc', idColumn: 'id', place: `'desk_cases:closure_note:' || id` },
  { table: 'desk_cases', column: 'flag_reason_enc', idColumn: 'id', place: `'desk_cases:flag_reason:' || id` },
  { table: 'desk_case_meetings', column: 'notes_enc', idColumn: 'id', place: `'desk_case_meetings:notes:' || id` },
  ...['name', 'phone', 'email', 'message'].map(request),
  { table: 'referrals', column: 'shared_data_enc', idColumn: 'id', place: `'referrals:shared_data:' || id` },
  { table: 'referrals', column: 'note_enc', idColumn: 'id', place: `'referrals:note:' || id` },
  { table: 'referral_events', column: 'note_enc', idColumn: 'id', place: `'referral_events:note:' || referral_id || ':' || to_status` },
];

export interface RotationReport {
  examined: number;
  resealed: number;
  byColumn: Record<string, number>;
}

/** Re-seals every value not sealed with the current key. */
export async function rotateFieldKeys(db: Db, crypto: FieldCrypto, batchSize = 500): Promise<RotationReport> {
  const report: RotationReport = { examined: 0, resealed: 0, byColumn: {} };
  for (const c of SEALED_COLUMNS) {
    let after = '';
    let resealed = 0;
    for (;;) {
      const batch = await rows<{ k: string; v: string; place: string }>(
        db,
        sql`SELECT ${sql.raw(c.idColumn)}::text AS k, ${sql.raw(c.column)} AS v, ${sql.raw(c.place)} AS place FROM ${sql.raw(c.table)}
          WHERE ${sql.raw(c.column)} IS NOT NULL AND ${sql.raw(c.idColumn)}::text > ${after} ORDER BY ${sql.raw(c.idColumn)}::text LIMIT ${batchSize}`,
      );
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!.k;
      report.examined += batch.length;
      const stale = batch.filter((r) => crypto.isStale(r.v));
      if (stale.length > 0) {
        await db.transaction(async (tx) => {
          for (const r of stale) {
            const fresh = crypto.seal(crypto.open(r.v, r.place), r.place);
            // Only if nobody changed it meanwhile.
            await tx.execute(
              sql`UPDATE ${sql.raw(c.table)} SET ${sql.raw(c.column)} = ${fresh} WHERE ${sql.raw(c.idColumn)}::text = ${r.k} AND ${sql.raw(c.column)} = ${r.v}`,
            );
          }
        });
        resealed += stale.length;
      }
    }
    report.resealed += resealed;
    report.byColumn[`${c.table}.${c.column}`] = resealed;
  }
  return report;
}
