// /notifications: what the operator's organization was told (new referrals, answers, reminders), and
// marking it read. Read state is the organization's: one operator reading a notification reads it for all.
import { z } from 'zod';
import type { Kernel } from '../kernel.js';
import { actorOf } from '../kernel.js';
import { HttpError, route, uuidParam, type RouteDef } from '../http/route.js';
import { recordAudit } from '../audit/audit.js';
import { sendPage, viewOf } from '../ui/view.js';
import { notificationsRepo } from './notify.js';
import { NotificationsPage } from './pages/notifications-page.js';

const PAGE = 50;
const ZQuery = z.object({
  unread: z.enum(['1']).optional().catch(undefined),
  before: z.coerce.date().optional().catch(undefined),
});

export function notificationsRoutes(kernel: Kernel): RouteDef[] {
  const { db } = kernel;
  return [
    route({
      method: 'GET',
      url: '/notifications',
      permission: 'signed-in',
      handler: async (req, reply) => {
        const query = ZQuery.parse(req.query ?? {});
        const unreadOnly = query.unread === '1';
        const found = await notificationsRepo.list(db, req.user!, { unreadOnly, before: query.before, limit: PAGE + 1 });
        const page = found.slice(0, PAGE);
        const last = page[page.length - 1];
        const olderHref =
          found.length > PAGE && last ? `/notifications?${new URLSearchParams({ ...(unreadOnly ? { unread: '1' } : {}), before: last.createdAt.toISOString() })}` : undefined;
        return sendPage(reply, NotificationsPage({ view: viewOf(req, reply), rows: page, unreadOnly, olderHref }));
      },
    }),
    route({
      method: 'POST',
      url: '/notifications/read-all',
      permission: 'signed-in',
      handler: async (req, reply) => {
        await db.transaction(async (tx) => {
          const ids = await notificationsRepo.markRead(tx, req.user!);
          if (ids.length > 0) await recordAudit(tx, actorOf(req), { action: 'notification.read', entityType: 'notification', details: { count: ids.length } });
        });
        req.session.set('flash', { kind: 'success', key: 'notifications.flash.allRead' });
        return reply.redirect('/notifications', 303);
      },
    }),
    route({
      method: 'POST',
      url: '/notifications/:id/read',
      permission: 'signed-in',
      handler: async (req, reply) => {
        const id = uuidParam(req);
        // Another organization's notification, or one for a permission the operator lacks: not found.
        if (!(await notificationsRepo.find(db, req.user!, id))) throw new HttpError(404, 'errors.notFound.title');
        await db.transaction(async (tx) => {
          const ids = await notificationsRepo.markRead(tx, req.user!, id);
          if (ids.length > 0) await recordAudit(tx, actorOf(req), { action: 'notification.read', entityType: 'notification', entityId: id });
        });
        req.session.set('flash', { kind: 'success', key: 'notifications.flash.read' });
        return reply.redirect('/notifications', 303);
      },
    }),
  ];
}
