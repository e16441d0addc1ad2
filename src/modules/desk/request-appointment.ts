// A person asks for an appointment at a desk from the public site. Name, phone, e-mail and message are
// sealed at once; the desk's operators get a notification that says only that a request came in.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../kernel/db/client.js';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { notify } from '../../kernel/notify/notify.js';
import { appointmentsRepo, requestPlace } from './appointments.repo.js';
import { mondayOf, romeDate } from './rome-dates.js';

export interface AppointmentRequestInput {
  organizationId: string;
  /** null: any time the desk can offer. */
  slotId: string | null;
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
  languageCode: string;
  termCode?: string | undefined;
  message?: string | undefined;
}

export type AppointmentRequestResult = { ok: true; id: string } | { ok: false; reason: 'slotTaken' };

export async function requestAppointment(tx: Tx, kernel: Kernel, actor: AuditActor, input: AppointmentRequestInput, now: Date = new Date()): Promise<AppointmentRequestResult> {
  let weekOf: string | null = null;
  if (input.slotId) {
    // Locked: the last place of a slot goes to one request only.
    const slot = await appointmentsRepo.slotForUpdate(tx, input.slotId);
    if (!slot || slot.organization_id !== input.organizationId || slot.starts_at <= now || slot.taken >= slot.capacity) return { ok: false, reason: 'slotTaken' };
    weekOf = mondayOf(romeDate(slot.starts_at));
  }
  const id = randomUUID();
  const seal = (column: 'name' | 'phone' | 'email' | 'message', value: string | undefined) => (value ? kernel.crypto.seal(value, requestPlace(column, id)) : null);
  await tx.execute(sql`INSERT INTO desk_appointment_requests (id, organization_id, slot_id, name_enc, phone_enc, email_enc, language_code, term_code, message_enc)
    VALUES (${id}, ${input.organizationId}, ${input.slotId}, ${seal('name', input.name)}, ${seal('phone', input.phone)}, ${seal('email', input.email)},
      ${input.languageCode}, ${input.termCode ?? null}, ${seal('message', input.message)})`);
  await recordAudit(tx, actor, {
    action: 'desk.appointment.requested',
    entityType: 'desk_appointment_request',
    entityId: id,
    details: { organization: input.organizationId, slot: input.slotId, language: input.languageCode },
  });
  await notify(tx, kernel, {
    organizationId: input.organizationId,
    permission: 'desk.people',
    kind: 'appointment.requested',
    messageKey: 'appointments.notification.requested',
    link: weekOf ? `/desk/appointments?week=${weekOf}` : '/desk/appointments',
  });
  return { ok: true, id };
}
