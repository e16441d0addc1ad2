import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { route } from './route.js';

/** Liveness (the process answers) and readiness (the database answers), for load balancers. */
export function healthRoutes(db: Db, state: { shuttingDown: boolean }) {
  return [
    route({
      method: 'GET',
      url: '/healthz',
      permission: 'public',
      kind: 'api',
      handler: async () => ({ status: 'ok' }),
    }),
    route({
      method: 'GET',
      url: '/readyz',
      permission: 'public',
      kind: 'api',
      handler: async (_req, reply) => {
        if (state.shuttingDown) return reply.status(503).send({ status: 'shutting-down' });
        try {
          await db.execute(sql`SELECT 1`);
          return { status: 'ready' };
        } catch {
          return reply.status(503).send({ status: 'database-unavailable' });
        }
      },
    }),
  ];
}
