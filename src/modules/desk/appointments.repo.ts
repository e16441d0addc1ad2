// Queries of the appointments: the slots a desk publishes and the requests people send from the public
// site. A request's personal fields are sealed (bound to "desk_appointment_requests:<column>:<id>"); this
// file never opens them.
import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../kernel/db/client.js';

/** Requests that hold a place in their slot. */
export const ACTIVE_STATUSES = ['requested', 'confirmed'] as const;
export const REQUEST_STATUSES = ['requested', 'confirmed', 'cancelled', 'done'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_SEALED = ['name', 'phone', 'email', 'message'] as const;
export type RequestSealedColumn = (typeof REQUEST_SEALED)[number];
export const requestPlace = (column: RequestSealedColumn, id: string) => `desk_appointment_requests:${column}:${id}`;

export interface SlotRow {
  id: string;
  organization_id: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  /** Requests holding a place (requested or confirmed). */
  taken: number;
}

export interface RequestRow {
  id: string;
  organization_id: string;
  slot_id: string | null;
  name_enc: string;
  phone_enc: string | null;
  email_enc: string | null;
  language_code: string;
  term_code: string | null;
  message_enc: string | null;
  status: RequestStatus;
  created_at: Date;
}

const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const slotOf = (r: SlotRow): SlotRow => ({ ...r, starts_at: toDate(r.starts_at), ends_at: toDate(r.ends_at), taken: Number(r.taken) });
const requestOf = (r: RequestRow): RequestRow => ({ ...r, created_at: toDate(r.created_at) });

const SLOT_COLUMNS = sql`s.id, s.organization_id, s.starts_at, s.ends_at, s.capacity,
  (SELECT count(*) FROM desk_appointment_requests a WHERE a.slot_id = s.id AND a.status IN ('requested', 'confirmed'))::int AS taken`;

export const appointmentsRepo = {
  /** Desks that publish at least one slot still to come, for the public page. */
  async desksWithSlots(db: DbOrTx, now: Date = new Date()): Promise<{ id: string; name: string; municipality: string | null }[]> {
    return rows(
      db,
      sql`SELECT o.id, o.name, m.name AS municipality FROM organizations o LEFT JOIN municipalities m ON m.code = o.municipality_code
        WHERE o.active AND EXISTS (SELECT 1 FROM desk_slots s WHERE s.organization_id = o.id AND s.starts_at > ${now.toISOString()}::timestamptz)
        ORDER BY o.name`,
    );
  },

  /** A desk's slots still to come with a free place, soonest first. */
  async freeSlots(db: DbOrTx, organizationId: string, now: Date = new Date(), limit = 60): Promise<SlotRow[]> {
    const found = await rows<SlotRow>(
      db,
      sql`SELECT ${SLOT_COLUMNS} FROM desk_slots s
        WHERE s.organization_id = ${organizationId} AND s.starts_at > ${now.toISOString()}::timestamptz
          AND (SELECT count(*) FROM desk_appointment_requests a WHERE a.slot_id = s.id AND a.status IN ('requested', 'confirmed')) < s.capacity
        ORDER BY s.starts_at LIMIT ${limit}`,
    );
    return found.map(slotOf);
  },

  /** One slot, locked until the transaction ends so that two people cannot take its last place. */
  async slotForUpdate(db: DbOrTx, id: string): Promise<SlotRow | undefined> {
    const [locked] = await rows<{ id: string }>(db, sql`SELECT id FROM desk_slots WHERE id = ${id} FOR UPDATE`);
    if (!locked) return undefined;
    const [row] = await rows<SlotRow>(db, sql`SELECT ${SLOT_COLUMNS} FROM desk_slots s WHERE s.id = ${id}`);
    return row ? slotOf(row) : undefined;
  },

  /** The organization's slot, or nothing (another organization's slot does not exist for it). */
  async slotOf(db: DbOrTx, organizationId: string, id: string): Promise<SlotRow | undefined> {
    const [row] = await rows<SlotRow>(db, sql`SELECT ${SLOT_COLUMNS} FROM desk_slots s WHERE s.id = ${id} AND s.organization_id = ${organizationId}`);
    return row ? slotOf(row) : undefined;
  },

  /** The organization's slots between two instants. */
  async slotsBetween(db: DbOrTx, organizationId: string, from: Date, to: Date): Promise<SlotRow[]> {
    const found = await rows<SlotRow>(
      db,
      sql`SELECT ${SLOT_COLUMNS} FROM desk_slots s WHERE s.organization_id = ${organizationId}
        AND s.starts_at >= ${from.toISOString()}::timestamptz AND s.starts_at < ${to.toISOString()}::timestamptz ORDER BY s.starts_at`,
    );
    return found.map(slotOf);
  },

  /** Another slot of the organization that overlaps [startsAt, endsAt). */
  async overlapping(db: DbOrTx, organizationId: string, startsAt: Date, endsAt: Date): Promise<SlotRow | undefined> {
    const [row] = await rows<SlotRow>(
      db,
      sql`SELECT ${SLOT_COLUMNS} FROM desk_slots s WHERE s.organization_id = ${organizationId}
        AND s.starts_at < ${endsAt.toISOString()}::timestamptz AND s.ends_at > ${startsAt.toISOString()}::timestamptz LIMIT 1`,
    );
    return row ? slotOf(row) : undefined;
  },

  /** The requests in these slots, oldest first. */
  async requestsInSlots(db: DbOrTx, slotIds: readonly string[]): Promise<RequestRow[]> {
    if (slotIds.length === 0) return [];
    const found = await rows<RequestRow>(
      db,
      sql`SELECT * FROM desk_appointment_requests WHERE slot_id IN (${sql.join(slotIds.map((id) => sql`${id}`), sql`, `)}) ORDER BY created_at`,
    );
    return found.map(requestOf);
  },

  /** Requests for "any time" at the organization's desk still waiting or confirmed, oldest first. */
  async openRequestsWithoutSlot(db: DbOrTx, organizationId: string): Promise<RequestRow[]> {
    const found = await rows<RequestRow>(
      db,
      sql`SELECT * FROM desk_appointment_requests WHERE organization_id = ${organizationId} AND slot_id IS NULL
        AND status IN ('requested', 'confirmed') ORDER BY created_at LIMIT 200`,
    );
    return found.map(requestOf);
  },

  /** The organization's request, or nothing. */
  async requestOf(db: DbOrTx, organizationId: string, id: string): Promise<RequestRow | undefined> {
    const [row] = await rows<RequestRow>(db, sql`SELECT * FROM desk_appointment_requests WHERE id = ${id} AND organization_id = ${organizationId}`);
    return row ? requestOf(row) : undefined;
  },

  async slotStart(db: DbOrTx, slotId: string): Promise<Date | undefined> {
    const [row] = await rows<{ starts_at: Date | string }>(db, sql`SELECT starts_at FROM desk_slots WHERE id = ${slotId}`);
    return row ? toDate(row.starts_at) : undefined;
  },
};
