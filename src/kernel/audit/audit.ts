// The audit log: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained. Each
// event is written in the same transaction as the change it records; an advisory lock orders writers so
// that two transactions never chain onto the same predecessor.
import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { auditEvents } from '../db/kernel.schema.js';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK = 7304;

export interface AuditActor {
  userId: string | null;
  organizationId: string | null;
  ip: string | null;
}

export interface AuditEventInput {
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

/** JSON with keys sorted at every depth, so that jsonb's reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedFields {
  occurredAt: Date;
  actorUserId: string | null;
  actorOrgId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export function eventHash(prevHash: string, e: ChainedFields): string {
  const body = canonicalJson({
    prev: prevHash,
    at: e.occurredAt.toISOString(),
    user: e.actorUserId,
    org: e.actorOrgId,
    action: e.action,
    type: e.entityType,
    id: e.entityId,
    ip: e.ip,
    details: e.details,
  });
  return createHash('sha256').update(body).digest('hex');
}

/** Appends one event. Call it with the transaction that makes the change it records. */
export async function recordAudit(tx: Tx, actor: AuditActor, input: AuditEventInput): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Millisecond precision: what the hash covers is exactly what the database gives back.
  const fields: ChainedFields = {
    occurredAt: new Date(Math.floor(Date.now())),
    actorUserId: actor.userId,
    actorOrgId: actor.organizationId,
    action: input.action,
    entityType: input.entityType ?? null,
    entityId: input.entityId ?? null,
    ip: actor.ip,
    details: input.details ?? {},
  };
  await tx.insert(auditEvents).values({ ...fields, prevHash, hash: eventHash(prevHash, fields) });
}

export interface ChainReport {
  checked: number;
  ok: boolean;
  /** The first event whose link is broken, and why. */
  brokenAt?: { id: number; reason: 'prev_hash' | 'hash' };
}

/** Walks the whole chain in id order, in pages, and reports the first broken link. */
export async function verifyAuditChain(db: DbOrTx, pageSize = 1000): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const page = await db.select().from(auditEvents).where(gt(auditEvents.id, lastId)).orderBy(asc(auditEvents.id)).limit(pageSize);
    if (page.length === 0) return { checked, ok: true };
    for (const e of page) {
      if (e.prevHash !== prev) return { checked, ok: false, brokenAt: { id: e.id, reason: 'prev_hash' } };
      if (eventHash(e.prevHash, e) !== e.hash) return { checked, ok: false, brokenAt: { id: e.id, reason: 'hash' } };
      prev = e.hash;
      lastId = e.id;
      checked++;
    }
  }
}
