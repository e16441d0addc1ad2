// Demo appointments: slots at the Prefettura's desk and at the Centro per l'Impiego di Andria over the next
// two weeks (working days), and a few requests from the public site in several states. The people are
// fictional. Times are Rome's wall-clock times.
import { sql } from 'drizzle-orm';
import type { Kernel } from '../src/kernel/kernel.js';
import type { Tx } from '../src/kernel/db/client.js';
import { rows } from '../src/kernel/db/client.js';
import type { AuditActor } from '../src/kernel/audit/audit.js';
import { requestAppointment } from '../src/modules/desk/request-appointment.js';
import { addSlot, answerRequest } from '../src/modules/desk/appointment-slots.js';
import { addDays, romeDate, romeInstant } from '../src/modules/desk/rome-dates.js';

const PREFETTURA = 'Prefettura di Barletta-Andria-Trani';
const CPI_ANDRIA = "Centro per l'Impiego di Andria";

/** Weekday (Monday 1 … Friday 5) → the slots of that day: start, end, places. */
const WEEKS: Record<string, Record<number, [string, string, number][]>> = {
  [PREFETTURA]: {
    1: [['09:00', '09:30', 1], ['09:30', '10:00', 1], ['10:00', '10:30', 1]],
    2: [['15:00', '17:00', 4]],
    3: [['09:00', '09:30', 1], ['09:30', '10:00', 1], ['10:00', '10:30', 1]],
    4: [['15:00', '17:00', 4]],
    5: [['09:00', '09:30', 1], ['09:30', '10:00', 1]],
  },
  [CPI_ANDRIA]: {
    2: [['10:00', '11:00', 3]],
    4: [['10:00', '11:00', 3]],
  },
};

interface DemoRequest {
  desk: string;
  /** Index of the desk's slot, in time order; null: any time. */
  slot: number | null;
  name: string;
  phone?: string;
  email?: string;
  languageCode: string;
  termCode: string;
  message?: string;
  confirmed?: boolean;
}

const REQUESTS: DemoRequest[] = [
  { desk: PREFETTURA, slot: 0, name: 'Amina Haddad', phone: '+39 340 112 7788', languageCode: 'ar', termCode: 'permits', message: 'Devo rinnovare il permesso di soggiorno.', confirmed: true },
  { desk: PREFETTURA, slot: 1, name: 'Ousmane Diop', email: 'ousmane.diop@example.org', languageCode: 'fr', termCode: 'work' },
  { desk: PREFETTURA, slot: null, name: 'Olena Kovalenko', phone: '+39 351 440 9012', languageCode: 'en', termCode: 'language', message: 'Vorrei iscrivermi a un corso di italiano.' },
  { desk: CPI_ANDRIA, slot: 0, name: 'Kwabena Asante', email: 'k.asante@example.org', languageCode: 'en', termCode: 'work' },
];

/** The texts the demo requests show as they are (for the test that finds texts outside the catalogs). */
export const DEMO_APPOINTMENT_TEXTS: string[] = REQUESTS.flatMap((r) => [r.name, r.email ?? '', r.message ?? '']).filter(Boolean);

const SYSTEM: AuditActor = { userId: null, organizationId: null, ip: null };

export async function seedDemoAppointments(kernel: Kernel, tx: Tx, now: Date = new Date()): Promise<{ slots: number; requests: number }> {
  const today = romeDate(now);
  const slotIds = new Map<string, string[]>();
  const orgIds = new Map<string, string>();
  for (const [desk, week] of Object.entries(WEEKS)) {
    const [org] = await rows<{ id: string }>(tx, sql`SELECT id FROM organizations WHERE name = ${desk}`);
    if (!org) throw new Error(`demo appointments: no organization ${desk}`);
    orgIds.set(desk, org.id);
    const ids: string[] = [];
    for (let d = 1; d <= 14; d++) {
      const day = addDays(today, d);
      const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
      for (const [start, end, capacity] of week[weekday] ?? []) {
        ids.push(await addSlot(tx, SYSTEM, org.id, { startsAt: romeInstant(day, start), endsAt: romeInstant(day, end), capacity }));
      }
    }
    slotIds.set(desk, ids);
  }
  for (const r of REQUESTS) {
    const organizationId = orgIds.get(r.desk)!;
    const result = await requestAppointment(
      tx,
      kernel,
      SYSTEM,
      {
        organizationId,
        slotId: r.slot === null ? null : slotIds.get(r.desk)![r.slot]!,
        name: r.name,
        phone: r.phone,
        email: r.email,
        languageCode: r.languageCode,
        termCode: r.termCode,
        message: r.message,
      },
      now,
    );
    if (!result.ok) throw new Error(`demo appointments: the slot of ${r.name} is taken`);
    if (r.confirmed) await answerRequest(tx, SYSTEM, organizationId, result.id, 'confirm');
  }
  return { slots: [...slotIds.values()].reduce((n, ids) => n + ids.length, 0), requests: REQUESTS.length };
}
