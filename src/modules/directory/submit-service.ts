// An editor sends a draft (or a service sent back with remarks) to the directory team for review.
import { eq, sql } from 'drizzle-orm';
import { refreshPublishedService } from './publish-service.js';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { serviceAtLocations, services } from './directory.schema.js';
import { recordHistory, type Editor } from './editor-history.js';

export type SubmitResult = 'submitted' | 'not-found' | 'not-submittable' | 'no-location';

export async function submitService(kernel: Kernel, input: { serviceId: string; editor: Editor; actor: AuditActor }): Promise<SubmitResult> {
  return kernel.db.transaction(async (tx): Promise<SubmitResult> => {
    const [s] = await tx.select({ publicationStatus: services.publicationStatus }).from(services).where(eq(services.id, input.serviceId)).for('update');
    if (!s) return 'not-found';
    if (s.publicationStatus !== 'draft' && s.publicationStatus !== 'returned') return 'not-submittable';
    const [places] = await tx.select({ n: sql<number>`count(*)::int` }).from(serviceAtLocations).where(eq(serviceAtLocations.serviceId, input.serviceId));
    if (!places || places.n === 0) return 'no-location';
    const now = new Date();
    await tx.update(services).set({ publicationStatus: 'in_review', submittedAt: now }).where(eq(services.id, input.serviceId));
    await recordHistory(tx, input.serviceId, input.editor, 'submitted', [{ field: 'publication_status', previous: s.publicationStatus, replacement: 'in_review' }], now);
    await recordAudit(tx, input.actor, { action: 'directory.service.submitted', entityType: 'dir_service', entityId: input.serviceId, details: { from: s.publicationStatus } });
    await refreshPublishedService(tx, input.serviceId);
    return 'submitted';
  });
}
