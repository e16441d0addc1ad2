// When the public read model follows the editors' working copy (docs/adr/0008-directory-review.md).
// A published service whose revision waits for the directory team (in_review), or was sent back
// (returned), keeps its published version online: only approval replaces it. Everything else follows
// refreshPublishedService: published services are (re)published, the others withdrawn.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../kernel/db/client.js';
import { services } from './directory.schema.js';
import { refreshPublishedService } from './publish-service.js';
import { editorRepo } from './editor.repo.js';

export async function syncPublicVersion(tx: Tx, serviceId: string): Promise<'published' | 'withdrawn' | 'kept'> {
  const [row] = await tx.select({ publicationStatus: services.publicationStatus }).from(services).where(eq(services.id, serviceId));
  if (row && (row.publicationStatus === 'in_review' || row.publicationStatus === 'returned') && (await editorRepo.hasPublicVersion(tx, serviceId))) {
    return 'kept';
  }
  return refreshPublishedService(tx, serviceId);
}
