// What the public sees, whoever calls the publisher: editors, review, import or seeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { rows } from '../../src/kernel/db/client.js';
import { services } from '../../src/modules/directory/directory.schema.js';
import { refreshPublishedService } from '../../src/modules/directory/publish-service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t?.close());

const publicName = async (id: string) =>
  (await rows<{ name: string }>(t.app.kernel.db, sql`SELECT name FROM dir_published_services WHERE service_id = ${id}`))[0]?.name;

describe('refreshPublishedService', () => {
  it('keeps the approved version online while a revision waits for review or was sent back', async () => {
    const db = t.app.kernel.db;
    const [s] = await rows<{ id: string; name: string }>(db, sql`SELECT service_id AS id, name FROM dir_published_services ORDER BY name LIMIT 1`);
    for (const status of ['in_review', 'returned'] as const) {
      await db.transaction(async (tx) => {
        await tx.update(services).set({ name: 'Revisione non approvata', publicationStatus: status }).where(eq(services.id, s!.id));
        expect(await refreshPublishedService(tx, s!.id)).toBe('kept');
      });
      expect(await publicName(s!.id)).toBe(s!.name);
    }
  });

  it('publishes the working copy on approval, and withdraws a draft', async () => {
    const db = t.app.kernel.db;
    const [s] = await rows<{ id: string }>(db, sql`SELECT service_id AS id FROM dir_published_services ORDER BY name LIMIT 1`);
    await db.transaction(async (tx) => {
      await tx.update(services).set({ publicationStatus: 'published' }).where(eq(services.id, s!.id));
      expect(await refreshPublishedService(tx, s!.id)).toBe('published');
    });
    expect(await publicName(s!.id)).toBe('Revisione non approvata');
    await db.transaction(async (tx) => {
      await tx.update(services).set({ publicationStatus: 'draft' }).where(eq(services.id, s!.id));
      expect(await refreshPublishedService(tx, s!.id)).toBe('withdrawn');
    });
    expect(await publicName(s!.id)).toBeUndefined();
  });

  it('does not put a new service that waits for its first review online', async () => {
    const [s] = await rows<{ id: string }>(t.app.kernel.db, sql`SELECT id FROM dir_services WHERE name = 'Ufficio cittadinanza'`);
    expect(await publicName(s!.id)).toBeUndefined();
  });
});
