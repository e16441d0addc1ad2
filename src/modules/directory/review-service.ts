// The directory team's decision on a service waiting for review: approve it (the working copy becomes
// the public version) or send it back to its editors with the reason, which they see on the service's
// page. A published version stays online while a revision is sent back (docs/adr/0008-directory-review.md).
import { eq } from 'drizzle-orm';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { services } from './directory.schema.js';
import { recordHistory, type Editor } from './editor-history.js';
import { refreshPublishedService } from './publish-service.js';

export type ReviewResult = 'done' | 'not-found' | 'not-in-review';

export async function approveService(kernel: Kernel, input: { serviceId: string; editor: Editor; actor: AuditActor }): Promise<ReviewResult> {
  return kernel.db.transaction(async (tx): Promise<ReviewResult> => {
    const [s] = await tx.select({ publicationStatus: services.publicationStatus }).from(services).where(eq(services.id, input.serviceId)).for('update');
    if (!s) return 'not-found';
    if (s.publicationStatus !== 'in_review') return 'not-in-review';
    const now = new Date();
    await tx.update(services).set({ publicationStatus: 'published', publishedAt: now, reviewNote: null }).where(eq(services.id, input.serviceId));
    await recordHistory(tx, input.serviceId, input.editor, 'approved', [{ field: 'publication_status', previous: 'in_review', replacement: 'published' }], now);
    const outcome = await refreshPublishedService(tx, input.serviceId);
    await recordAudit(tx, input.actor, { action: 'directory.service.approved', entityType: 'dir_service', entityId: input.serviceId, details: { readModel: outcome } });
    return 'done';
  });
}

export async function returnService(kernel: Kernel, input: { serviceId: string; reason: string; editor: Editor; actor: AuditActor }): Promise<ReviewResult> {
  return kernel.db.transaction(async (tx): Promise<ReviewResult> => {
    const [s] = await tx
      .select({ publicationStatus: services.publicationStatus, reviewNote: services.reviewNote })
      .from(services)
      .where(eq(services.id, input.serviceId))
      .for('update');
    if (!s) return 'not-found';
    if (s.publicationStatus !== 'in_review') return 'not-in-review';
    const now = new Date();
    await tx.update(services).set({ publicationStatus: 'returned', reviewNote: input.reason }).where(eq(services.id, input.serviceId));
    await recordHistory(
      tx,
      input.serviceId,
      input.editor,
      'returned',
      [
        { field: 'publication_status', previous: 'in_review', replacement: 'returned' },
        { field: 'review_note', previous: s.reviewNote ?? '', replacement: input.reason },
      ],
      now,
    );
    await recordAudit(tx, input.actor, { action: 'directory.service.returned', entityType: 'dir_service', entityId: input.serviceId, details: { reason: input.reason } });
    await refreshPublishedService(tx, input.serviceId);
    return 'done';
  });
}
