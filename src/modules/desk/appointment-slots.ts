// The desk's side of appointments: publishing and removing slots, confirming or cancelling a request,
// and opening the requests' personal data for the calendar. Each is audited in its transaction.
import { sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../kernel/db/client.js';
import { rows } from '../../kernel/db/client.js';
import type { FieldCrypto } from '../../kernel/crypto/fields.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { appointmentsRepo, requestPlace, type RequestRow, type RequestStatus } from './appointments.repo.js';

export async function addSlot(tx: Tx, actor: AuditActor, organizationId: string, slot: { startsAt: Date; endsAt: Date; capacity: number }): Promise<string> {
  const [row] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO desk_slots (organization_id, starts_at, ends_at, capacity)
      VALUES (${organizationId}, ${slot.startsAt.toISOString()}::timestamptz, ${slot.endsAt.toISOString()}::timestamptz, ${slot.capacity}) RETURNING id`,
  );
  await recordAudit(tx, actor, {
    action: 'desk.slot.created',
    entityType: 'desk_slot',
    entityId: row!.id,
    details: { startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), capacity: slot.capacity },
  });
  return row!.id;
}

/** Removes a slot nobody holds a place in; false when someone does (cancel their requests first). */
export async function removeSlot(tx: Tx, actor: AuditActor, organizationId: string, slotId: string): Promise<boolean> {
  const slot = await appointmentsRepo.slotOf(tx, organizationId, slotId);
  if (!slot || slot.taken > 0) return false;
  await tx.execute(sql`DELETE FROM desk_slots WHERE id = ${slotId} AND organization_id = ${organizationId}`);
  await recordAudit(tx, actor, { action: 'desk.slot.removed', entityType: 'desk_slot', entityId: slotId, details: { startsAt: slot.starts_at.toISOString() } });
  return true;
}

export type RequestAnswer = 'confirm' | 'cancel';
const ANSWERS: Record<RequestAnswer, { from: readonly RequestStatus[]; to: RequestStatus; action: string }> = {
  confirm: { from: ['requested'], to: 'confirmed', action: 'desk.appointment.confirmed' },
  cancel: { from: ['requested', 'confirmed'], to: 'cancelled', action: 'desk.appointment.cancelled' },
};

/** Confirms or cancels a request of the organization; false when its status does not allow it (nothing changes). */
export async function answerRequest(tx: Tx, actor: AuditActor, organizationId: string, requestId: string, answer: RequestAnswer): Promise<boolean> {
  const rule = ANSWERS[answer];
  const changed = await rows<{ id: string; status: string }>(
    tx,
    sql`UPDATE desk_appointment_requests SET status = ${rule.to}
      WHERE id = ${requestId} AND organization_id = ${organizationId} AND status IN (${sql.join(rule.from.map((s) => sql`${s}`), sql`, `)})
      RETURNING id, status`,
  );
  if (changed.length === 0) return false;
  await recordAudit(tx, actor, { action: rule.action, entityType: 'desk_appointment_request', entityId: requestId, details: {} });
  return true;
}

export interface OpenedRequest {
  id: string;
  slotId: string | null;
  name: string;
  phone: string | null;
  email: string | null;
  languageCode: string;
  termCode: string | null;
  message: string | null;
  status: RequestStatus;
  createdAt: Date;
}

/**
 * Opens the requests' personal data for the operator's calendar and records that they were read (one audit
 * event naming every request opened). Call only after the organization's scope was checked.
 */
export async function openRequests(db: DbOrTx, crypto: FieldCrypto, actor: AuditActor, found: RequestRow[]): Promise<OpenedRequest[]> {
  if (found.length === 0) return [];
  const open = (column: 'name' | 'phone' | 'email' | 'message', r: RequestRow, sealed: string | null) => (sealed ? crypto.open(sealed, requestPlace(column, r.id)) : null);
  const opened = found.map((r) => ({
    id: r.id,
    slotId: r.slot_id,
    name: open('name', r, r.name_enc)!,
    phone: open('phone', r, r.phone_enc),
    email: open('email', r, r.email_enc),
    languageCode: r.language_code,
    termCode: r.term_code,
    message: open('message', r, r.message_enc),
    status: r.status,
    createdAt: r.created_at,
  }));
  await db.transaction(async (tx) =>
    recordAudit(tx, actor, { action: 'desk.appointment.read', entityType: 'desk_appointment_request', entityId: null, details: { requests: found.map((r) => r.id) } }),
  );
  return opened;
}
