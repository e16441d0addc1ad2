// The audit log as the administrator and the data protection officer see it; viewing it is itself audited.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../kernel.js';
import { actorOf } from '../kernel.js';
import { route, type RouteDef } from '../http/route.js';
import { parseForm } from '../ui/form.js';
import { sendPage, viewOf } from '../ui/view.js';
import { recordAudit, verifyAuditChain, type ChainReport } from './audit.js';
import { auditRepo } from './audit.repo.js';
import { AuditPage } from './pages/audit-page.js';

const PAGE = 50;
const ZFilter = z.object({
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(100).optional(),
  entityId: z.string().trim().max(100).optional(),
  before: z.coerce.number().int().positive().optional(),
});

export function auditRoutes(kernel: Kernel): RouteDef[] {
  const { db } = kernel;
  const show = async (req: FastifyRequest, reply: FastifyReply, report?: ChainReport) => {
    const parsed = parseForm(ZFilter, report ? {} : req.query);
    const filter = parsed.ok ? parsed.data : {};
    const found = await auditRepo.list(db, filter, PAGE);
    const rows = found.slice(0, PAGE).map((r) => ({ ...r.event, actorName: r.actorName }));
    await db.transaction((tx) => recordAudit(tx, actorOf(req), { action: 'audit.viewed', details: { filter } }));
    const nextBefore = found.length > PAGE ? rows[rows.length - 1]!.id : undefined;
    return sendPage(reply, AuditPage({ view: viewOf(req, reply), rows, filter: { values: parsed.values, errors: parsed.ok ? {} : parsed.errors }, nextBefore, report }), parsed.ok ? 200 : 422);
  };
  return [
    route({ method: 'GET', url: '/admin/audit', permission: 'audit.read', handler: (req, reply) => show(req, reply) }),
    route({
      method: 'POST',
      url: '/admin/audit/verify',
      permission: 'audit.read',
      rateLimitPerMinute: 6,
      handler: async (req, reply) => show(req, reply, await verifyAuditChain(db)),
    }),
  ];
}
