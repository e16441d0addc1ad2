// Logging a contact at the desk (with a person, or anonymous and only counted) and recording needs.
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../../kernel/db/client.js';
import type { FieldCrypto } from '../../kernel/crypto/fields.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import type { DeskUser } from './desk.repo.js';

export const CONTACT_CHANNELS = ['walk_in', 'phone', 'outreach', 'online'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const URGENCIES = ['high', 'normal', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const NEED_STATUSES = ['open', 'referred', 'met', 'closed'] as const;

export const contactNotePlace = (id: string) => `desk_contacts:note:${id}`;
export const needNotePlace = (id: string) => `desk_needs:note:${id}`;

export interface ContactInput {
  channel: ContactChannel;
  languageCode: string;
  mediatorPresent: boolean;
  nationality?: string | undefined;
  note?: string | undefined;
}

export async function logContact(tx: Tx, crypto: FieldCrypto, user: DeskUser, actor: AuditActor, personId: string | null, input: ContactInput): Promise<string> {
  const [row] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO desk_contacts (person_id, organization_id, user_id, channel, language_code, mediator_present, nationality)
      VALUES (${personId}, ${user.organizationId}, ${user.id}, ${input.channel}, ${input.languageCode}, ${input.mediatorPresent},
        COALESCE(${input.nationality ?? null}, (SELECT nationality FROM desk_people WHERE id = ${personId})))
      RETURNING id`,
  );
  const id = row!.id;
  if (input.note) await tx.execute(sql`UPDATE desk_contacts SET note_enc = ${crypto.seal(input.note, contactNotePlace(id))} WHERE id = ${id}`);
  if (personId) await tx.execute(sql`UPDATE desk_people SET updated_at = now() WHERE id = ${personId}`);
  await recordAudit(tx, actor, {
    action: personId ? 'desk.contact.logged' : 'desk.contact.anonymous',
    entityType: personId ? 'desk_person' : 'desk_contact',
    entityId: personId ?? id,
    details: { contact: id, channel: input.channel, language: input.languageCode, mediator: input.mediatorPresent },
  });
  return id;
}

export interface NeedInput {
  termCode: string;
  urgency: Urgency;
  note?: string | undefined;
}

export async function recordNeed(tx: Tx, crypto: FieldCrypto, user: DeskUser, actor: AuditActor, personId: string, input: NeedInput): Promise<string> {
  // The need belongs to the person's latest contact at this desk, if there is one today.
  const [row] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO desk_needs (person_id, contact_id, organization_id, user_id, term_code, urgency)
      VALUES (${personId}, (SELECT id FROM desk_contacts WHERE person_id = ${personId} AND organization_id = ${user.organizationId}
        AND occurred_at > now() - interval '1 day' ORDER BY occurred_at DESC LIMIT 1), ${user.organizationId}, ${user.id}, ${input.termCode}, ${input.urgency})
      RETURNING id`,
  );
  const id = row!.id;
  if (input.note) await tx.execute(sql`UPDATE desk_needs SET note_enc = ${crypto.seal(input.note, needNotePlace(id))} WHERE id = ${id}`);
  await tx.execute(sql`UPDATE desk_people SET updated_at = now() WHERE id = ${personId}`);
  await recordAudit(tx, actor, { action: 'desk.need.recorded', entityType: 'desk_person', entityId: personId, details: { need: id, term: input.termCode, urgency: input.urgency } });
  return id;
}

export async function setNeedStatus(tx: Tx, actor: AuditActor, personId: string, needId: string, status: (typeof NEED_STATUSES)[number], referralId?: string): Promise<void> {
  await tx.execute(sql`UPDATE desk_needs SET status = ${status}, referral_id = COALESCE(${referralId ?? null}::uuid, referral_id), updated_at = now()
    WHERE id = ${needId} AND person_id = ${personId}`);
  await recordAudit(tx, actor, { action: 'desk.need.status', entityType: 'desk_person', entityId: personId, details: { need: needId, status, referral: referralId ?? null } });
}

/** Hours a "break the glass" access stays open. */
export const EXCEPTION_HOURS = 8;

export async function breakTheGlass(tx: Tx, user: DeskUser, actor: AuditActor, personId: string, reason: string): Promise<void> {
  const [row] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO desk_access_exceptions (person_id, user_id, organization_id, reason, expires_at)
      VALUES (${personId}, ${user.id}, ${user.organizationId}, ${reason}, now() + make_interval(hours => ${EXCEPTION_HOURS})) RETURNING id`,
  );
  // The reason stays in its table, shown to the data protection officer; the audit log names the exception.
  await recordAudit(tx, actor, { action: 'desk.person.breakTheGlass', entityType: 'desk_person', entityId: personId, details: { exception: row!.id } });
}
