import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { auditEvents, users } from '../db/kernel.schema.js';

export interface AuditFilter {
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorUserId?: string | undefined;
  /** Keyset pagination: events older than this id. */
  before?: number | undefined;
}

export const auditRepo = {
  /** Newest first, one page at a time, with the actor's name. */
  async list(db: DbOrTx, filter: AuditFilter, limit = 50) {
    const where: SQL[] = [];
    if (filter.action) where.push(eq(auditEvents.action, filter.action));
    if (filter.entityType) where.push(eq(auditEvents.entityType, filter.entityType));
    if (filter.entityId) where.push(eq(auditEvents.entityId, filter.entityId));
    if (filter.actorUserId) where.push(eq(auditEvents.actorUserId, filter.actorUserId));
    if (filter.before) where.push(lt(auditEvents.id, filter.before));
    return db
      .select({ event: auditEvents, actorName: users.displayName, actorEmail: users.email })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(auditEvents.id))
      .limit(limit + 1);
  },
};
