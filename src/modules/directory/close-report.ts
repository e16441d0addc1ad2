// A report of a mistake, handled: resolved (the service was corrected, or confirmed) or dismissed.
import { and, eq } from 'drizzle-orm';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { reports } from './directory.schema.js';

export async function closeReport(
  kernel: Kernel,
  input: { reportId: string; outcome: 'resolved' | 'dismissed'; userId: string; actor: AuditActor },
): Promise<boolean> {
  return kernel.db.transaction(async (tx) => {
    const [row] = await tx
      .update(reports)
      .set({ status: input.outcome, resolvedAt: new Date(), resolvedBy: input.userId })
      .where(and(eq(reports.id, input.reportId), eq(reports.status, 'open')))
      .returning({ serviceId: reports.serviceId });
    if (!row) return false;
    await recordAudit(tx, input.actor, {
      action: input.outcome === 'resolved' ? 'directory.report.resolved' : 'directory.report.dismissed',
      entityType: 'dir_report',
      entityId: input.reportId,
      details: { serviceId: row.serviceId },
    });
    return true;
  });
}
