// Sessions live in the database (so that app nodes are stateless), keyed by the SHA-256 of the id:
// the id itself only ever exists in the operator's cookie.
import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions } from '../db/kernel.schema.js';
import { hashToken } from '../crypto/tokens.js';

const GRACE_MS = 24 * 3_600_000;

export interface SessionTimes {
  idleMs: number;
  absoluteMs: number;
}

/** When a session stops being valid: idle since its last use, or at its absolute end. */
export function sessionExpiry(data: Session, times: SessionTimes, now = Date.now()): Date {
  const created = data.createdAt ?? now;
  const lastSeen = data.lastSeenAt ?? now;
  return new Date(Math.min(created + times.absoluteMs, lastSeen + times.idleMs));
}

export function createSessionStore(db: Db, times: SessionTimes): SessionStore & { purgeExpired(): Promise<void> } {
  return {
    set(sessionId, session, callback) {
      const data = JSON.parse(JSON.stringify(session)) as Session;
      const expiresAt = sessionExpiry(data, times);
      const idHash = hashToken(sessionId);
      db.insert(sessions)
        .values({ idHash, userId: data.userId ?? null, data, expiresAt })
        .onConflictDoUpdate({ target: sessions.idHash, set: { userId: data.userId ?? null, data, expiresAt } })
        .then(() => callback(), callback);
    },
    get(sessionId, callback) {
      // Sessions are kept for a day past their end, so that the operator can be told "your session
      // expired" instead of being silently signed out; the request context refuses them (request-context.ts).
      db.select({ data: sessions.data })
        .from(sessions)
        .where(and(eq(sessions.idHash, hashToken(sessionId)), gt(sessions.expiresAt, new Date(Date.now() - GRACE_MS))))
        .then(([row]) => callback(null, (row?.data as Session | undefined) ?? null), callback);
    },
    destroy(sessionId, callback) {
      db.delete(sessions)
        .where(eq(sessions.idHash, hashToken(sessionId)))
        .then(() => callback(), callback);
    },
    async purgeExpired() {
      await db.delete(sessions).where(lt(sessions.expiresAt, new Date(Date.now() - GRACE_MS)));
    },
  };
}

/** Ends every session of an operator (deactivation, password change elsewhere). */
export async function endSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
