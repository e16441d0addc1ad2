// Recording a person at the desk, after the operator has seen the possible duplicates; merging two records.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../kernel/db/client.js';
import { rows, sqlArray } from '../../kernel/db/client.js';
import type { FieldCrypto } from '../../kernel/crypto/fields.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { indexesOf, sealPerson, type PersonData } from './people.js';
import type { DeskUser } from './desk.repo.js';

export async function insertPerson(tx: Tx, crypto: FieldCrypto, organizationId: string, data: PersonData, id: string = randomUUID()): Promise<string> {
  const sealed = sealPerson(crypto, id, data);
  const ix = indexesOf(crypto, data);
  await tx.execute(sql`INSERT INTO desk_people (id, organization_id, given_name_enc, family_name_enc, latin_name_enc, birth_date_enc,
      phone_enc, email_enc, document_type, document_number_enc, nationality, birth_year, languages, italian_level, municipality_code,
      name_bidx, birth_date_bidx, document_bidx, phone_bidx)
    VALUES (${id}, ${organizationId}, ${sealed.given_name}, ${sealed.family_name}, ${sealed.latin_name}, ${sealed.birth_date},
      ${sealed.phone}, ${sealed.email}, ${data.documentType ?? null}, ${sealed.document_number}, ${data.nationality ?? null},
      ${data.birthDate ? Number(data.birthDate.slice(0, 4)) : null}, ${sqlArray(data.languages, 'text')}, ${data.italianLevel ?? null}, ${data.municipalityCode ?? null},
      ${ix.name}, ${ix.birthDate}, ${ix.document}, ${ix.phone})`);
  for (const word of ix.words) {
    await tx.execute(sql`INSERT INTO desk_person_name_words (person_id, word_bidx) VALUES (${id}, ${word}) ON CONFLICT DO NOTHING`);
  }
  return id;
}

export async function recordPerson(tx: Tx, crypto: FieldCrypto, user: DeskUser, actor: AuditActor, data: PersonData): Promise<string> {
  const id = await insertPerson(tx, crypto, user.organizationId, data);
  // The audit event names the record, never its contents.
  await recordAudit(tx, actor, { action: 'desk.person.created', entityType: 'desk_person', entityId: id, details: {} });
  return id;
}

/** Updates a person's data (the same checks as a new record); the audit event lists the fields changed. */
export async function updatePerson(tx: Tx, crypto: FieldCrypto, actor: AuditActor, id: string, data: PersonData, changed: string[]): Promise<void> {
  const sealed = sealPerson(crypto, id, data);
  const ix = indexesOf(crypto, data);
  await tx.execute(sql`UPDATE desk_people SET given_name_enc = ${sealed.given_name}, family_name_enc = ${sealed.family_name},
      latin_name_enc = ${sealed.latin_name}, birth_date_enc = ${sealed.birth_date}, phone_enc = ${sealed.phone}, email_enc = ${sealed.email},
      document_type = ${data.documentType ?? null}, document_number_enc = ${sealed.document_number}, nationality = ${data.nationality ?? null},
      birth_year = ${data.birthDate ? Number(data.birthDate.slice(0, 4)) : null},
      languages = ${sqlArray(data.languages, 'text')}, italian_level = ${data.italianLevel ?? null}, municipality_code = ${data.municipalityCode ?? null},
      name_bidx = ${ix.name}, birth_date_bidx = ${ix.birthDate}, document_bidx = ${ix.document}, phone_bidx = ${ix.phone}, updated_at = now()
    WHERE id = ${id}`);
  await tx.execute(sql`DELETE FROM desk_person_name_words WHERE person_id = ${id}`);
  for (const word of ix.words) {
    await tx.execute(sql`INSERT INTO desk_person_name_words (person_id, word_bidx) VALUES (${id}, ${word}) ON CONFLICT DO NOTHING`);
  }
  await recordAudit(tx, actor, { action: 'desk.person.updated', entityType: 'desk_person', entityId: id, details: { fields: changed } });
}

/**
 * Merges a duplicate into the record that stays: contacts, needs, consents, cases and household links move
 * over; the duplicate remains, pointing to the survivor, and the audit trail says who merged what.
 */
export async function mergePeople(tx: Tx, actor: AuditActor, survivorId: string, duplicateId: string): Promise<void> {
  for (const table of ['desk_contacts', 'desk_needs', 'desk_consents', 'desk_cases', 'desk_access_exceptions'] as const) {
    await tx.execute(sql`UPDATE ${sql.raw(table)} SET person_id = ${survivorId} WHERE person_id = ${duplicateId}`);
  }
  await tx.execute(sql`INSERT INTO desk_household_links (person_id, related_person_id, relation)
    SELECT ${survivorId}, related_person_id, relation FROM desk_household_links
    WHERE person_id = ${duplicateId} AND related_person_id <> ${survivorId} ON CONFLICT DO NOTHING`);
  await tx.execute(sql`DELETE FROM desk_household_links WHERE person_id = ${duplicateId} OR related_person_id = ${duplicateId}`);
  await tx.execute(sql`UPDATE desk_people SET merged_into = ${survivorId}, updated_at = now() WHERE id = ${duplicateId}`);
  await tx.execute(sql`UPDATE desk_people SET updated_at = now() WHERE id = ${survivorId}`);
  await recordAudit(tx, actor, { action: 'desk.person.merged', entityType: 'desk_person', entityId: survivorId, details: { merged: duplicateId } });
}

export const CONSENT_PURPOSES = ['orientation', 'referral', 'case_handling', 'statistics'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export interface ConsentInput {
  purposes: ConsentPurpose[];
  organizationIds: string[];
  sharesContact: boolean;
  givenHow: 'signed_form' | 'oral_with_witness';
  witnessName?: string | undefined;
}

/** A new consent replaces the one in force (which is marked withdrawn, so the history keeps both). */
export async function recordConsent(tx: Tx, actor: AuditActor, userId: string, personId: string, input: ConsentInput): Promise<string> {
  await tx.execute(sql`UPDATE desk_consents SET withdrawn_at = now(), withdrawn_by = ${userId} WHERE person_id = ${personId} AND withdrawn_at IS NULL`);
  const [row] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO desk_consents (person_id, purposes, organization_ids, shares_contact, given_how, witness_name, recorded_by)
      VALUES (${personId}, ${sqlArray(input.purposes, 'text')}, ${sqlArray(input.organizationIds, 'uuid')}, ${input.sharesContact}, ${input.givenHow}, ${input.givenHow === 'oral_with_witness' ? (input.witnessName ?? null) : null}, ${userId})
      RETURNING id`,
  );
  await recordAudit(tx, actor, {
    action: 'desk.consent.recorded',
    entityType: 'desk_person',
    entityId: personId,
    details: { consent: row!.id, purposes: input.purposes, organizations: input.organizationIds, sharesContact: input.sharesContact, givenHow: input.givenHow },
  });
  return row!.id;
}

export async function withdrawConsent(tx: Tx, actor: AuditActor, userId: string, personId: string): Promise<boolean> {
  const changed = await rows<{ id: string }>(
    tx,
    sql`UPDATE desk_consents SET withdrawn_at = now(), withdrawn_by = ${userId} WHERE person_id = ${personId} AND withdrawn_at IS NULL RETURNING id`,
  );
  if (changed.length === 0) return false;
  await recordAudit(tx, actor, { action: 'desk.consent.withdrawn', entityType: 'desk_person', entityId: personId, details: { consents: changed.map((c) => c.id) } });
  return true;
}
