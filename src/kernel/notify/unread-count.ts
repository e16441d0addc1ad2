// The navigation shows how many notifications wait unread. Counted once per page an operator opens (GET,
// pages only), with a capped count on a partial index of the unread rows, so that it stays cheap.
import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.js';
import { notificationsRepo } from './notify.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Unread notifications of the signed-in operator, on pages; null when not counted. */
    unreadNotifications: number | null;
  }
}

export function installUnreadCount(app: FastifyInstance, kernel: Kernel): void {
  app.decorateRequest('unreadNotifications', null);
  app.addHook('preHandler', async (req) => {
    if (!req.user || req.method !== 'GET' || req.routeOptions.config?.kind !== 'page') return;
    req.unreadNotifications = await notificationsRepo.unreadCount(kernel.db, req.user);
  });
}
