// The audit log: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE, sealing aside) and
// hash-chained. Each event is written in the same transaction as the change it records, by a plain insert
// that waits for no one; a sealer then chains the new events, in batches, one sealer at a time (an
// advisory lock), so that writers never queue behind each other's commits (ADR 0017).
import { createHash } from 'node:crypto';
import { asc, desc, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../db/client.js';
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

/**
 * Appends one event, unsealed. Call it with the transaction that makes the change it records; a read that
 * changes nothing may record its event on its own (the page is shown only if the event was written).
 */
export async function recordAudit(db: DbOrTx, actor: AuditActor, input: AuditEventInput): Promise<void> {
  // Millisecond precision: what the hash will cover is exactly what the database gives back.
  await db.insert(auditEvents).values({
    occurredAt: new Date(Math.floor(Date.now())),
    actorUserId: actor.userId,
    actorOrgId: actor.organizationId,
    action: input.action,
    entityType: input.entityType ?? null,
    entityId: input.entityId ?? null,
    ip: actor.ip,
    details: input.details ?? {},
  });
}

const SEAL_BATCH = 500;

/**
 * Chains every committed unsealed event, oldest id first, after the last sealed one: one transaction per
 * batch, under the audit lock. With `wait: false` it returns at once when another sealer holds the lock
 * (the server's timer); with `wait: true` it waits for it (before verifying). Returns how many it sealed.
 */
export async function sealAuditEvents(db: DbOrTx, options: { wait: boolean } = { wait: true }): Promise<number> {
  let sealed = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      if (options.wait) await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
      else {
        const [lock] = await rows<{ got: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(${AUDIT_LOCK}) AS got`);
        if (!lock?.got) return 0;
      }
      const pending = await tx.select().from(auditEvents).where(isNull(auditEvents.hash)).orderBy(asc(auditEvents.id)).limit(SEAL_BATCH);
      if (pending.length === 0) return 0;
      const [last] = await tx
        .select({ seq: auditEvents.chainSeq, hash: auditEvents.hash })
        .from(auditEvents)
        .where(isNotNull(auditEvents.chainSeq))
        .orderBy(desc(auditEvents.chainSeq))
        .limit(1);
      let prev = last?.hash ?? GENESIS_HASH;
      let seq = last?.seq ?? 0;
      const seals = pending.map((e) => {
        const seal = { id: e.id, seq: ++seq, prev, hash: eventHash(prev, e) };
        prev = seal.hash;
        return seal;
      });
      await tx.execute(sql`UPDATE audit_events a SET chain_seq = s.seq, prev_hash = s.prev, hash = s.hash
        FROM jsonb_to_recordset(${JSON.stringify(seals)}::jsonb) AS s (id bigint, seq bigint, prev text, hash text)
        WHERE a.id = s.id`);
      return pending.length;
    });
    sealed += batch;
    if (batch < SEAL_BATCH) return sealed;
  }
}

export interface ChainReport {
  checked: number;
  ok: boolean;
  /** The first event whose link is broken, and why. */
  brokenAt?: { id: number; reason: 'prev_hash' | 'hash' };
}

/** Seals what is waiting, then walks the whole chain in its order, in pages, and reports the first broken link. */
export async function verifyAuditChain(db: DbOrTx, pageSize = 1000): Promise<ChainReport> {
  await sealAuditEvents(db, { wait: true });
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  let checked = 0;
  for (;;) {
    const page = await db.select().from(auditEvents).where(gt(auditEvents.chainSeq, lastSeq)).orderBy(asc(auditEvents.chainSeq)).limit(pageSize);
    if (page.length === 0) return { checked, ok: true };
    for (const e of page) {
      if (e.prevHash !== prev) return { checked, ok: false, brokenAt: { id: e.id, reason: 'prev_hash' } };
      if (eventHash(e.prevHash, e) !== e.hash) return { checked, ok: false, brokenAt: { id: e.id, reason: 'hash' } };
      prev = e.hash;
      lastSeq = e.chainSeq!;
      checked++;
    }
  }
}
