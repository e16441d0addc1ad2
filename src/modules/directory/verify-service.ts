// "Still correct": an editor confirms that a service's information is right as it is. The date is shown to
// the public ("last verified") and empties the verification queue; nothing else changes.
import { eq } from 'drizzle-orm';
import { refreshPublishedService } from './publish-service.js';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { services } from './directory.schema.js';
import { recordHistory, type Editor } from './editor-history.js';

export async function verifyService(kernel: Kernel, input: { serviceId: string; editor: Editor; actor: AuditActor }): Promise<boolean> {
  return kernel.db.transaction(async (tx) => {
    const [s] = await tx.select({ lastVerifiedAt: services.lastVerifiedAt }).from(services).where(eq(services.id, input.serviceId)).for('update');
    if (!s) return false;
    const now = new Date();
    await tx.update(services).set({ lastVerifiedAt: now, lastVerifiedBy: input.editor.userId }).where(eq(services.id, input.serviceId));
    await recordHistory(
      tx,
      input.serviceId,
      input.editor,
      'verified',
      [{ field: 'last_verified_at', previous: s.lastVerifiedAt?.toISOString() ?? '', replacement: now.toISOString() }],
      now,
    );
    await recordAudit(tx, input.actor, { action: 'directory.service.verified', entityType: 'dir_service', entityId: input.serviceId });
    await refreshPublishedService(tx, input.serviceId);
    return true;
  });
}
