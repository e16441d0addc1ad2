// Rotating the field encryption key: every sealed column is known to the rotation, every value is re-sealed
// with the new key (after which the old key is no longer needed), and the desk's blind indexes can be rebuilt
// after the blind-index key changes.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { rows } from '../../src/kernel/db/client.js';
import { createFieldCrypto } from '../../src/kernel/crypto/fields.js';
import { rotateFieldKeys, SEALED_COLUMNS } from '../../src/kernel/crypto/rotate-keys.js';
import { reindexPeople } from '../../src/modules/desk/reindex-people.js';
import { openPerson, wordIndex, type PersonRow } from '../../src/modules/desk/people.js';
import { deskRepo } from '../../src/modules/desk/desk.repo.js';
import { totpPlace } from '../../src/kernel/auth/sign-in.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
}, 90_000);
afterAll(() => t?.close());

describe('field key rotation', () => {
  it('knows every sealed (*_enc) column of the database', async () => {
    const columns = await rows<{ c: string }>(
      t.app.kernel.db,
      sql`SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%\\_enc' ORDER BY 1`,
    );
    const known = new Set(SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`));
    expect(columns.map((r) => r.c).filter((c) => !known.has(c))).toEqual([]);
    expect(columns.length).toBeGreaterThan(15);
  });

  it('re-seals every value with the new key; afterwards the old key is not needed', async () => {
    const old = t.app.kernel.config.encryptionKey;
    const fresh = randomBytes(32);
    const rotating = createFieldCrypto({ encryptionKey: fresh, previousEncryptionKeys: [old], blindIndexKey: t.app.kernel.config.blindIndexKey });
    const report = await rotateFieldKeys(t.app.kernel.db, rotating, 3);
    expect(report.resealed).toBe(report.examined);
    expect(report.byColumn['desk_people.given_name_enc']).toBeGreaterThan(5);
    expect(report.byColumn['users.totp_secret_enc']).toBeGreaterThan(10);

    const onlyNew = createFieldCrypto({ encryptionKey: fresh, blindIndexKey: t.app.kernel.config.blindIndexKey });
    const people = await rows<PersonRow>(t.app.kernel.db, sql`SELECT * FROM desk_people`);
    expect(people.map((p) => openPerson(onlyNew, p).familyName)).toContain('Diallo');
    const [user] = await rows<{ id: string; totp_secret_enc: string }>(t.app.kernel.db, sql`SELECT id, totp_secret_enc FROM users WHERE email = 'sportello@prefettura.example'`);
    expect(onlyNew.open(user!.totp_secret_enc, totpPlace(user!.id))).toMatch(/^[A-Z2-7]+$/);
    const onlyOld = createFieldCrypto({ encryptionKey: old, blindIndexKey: t.app.kernel.config.blindIndexKey });
    expect(() => openPerson(onlyOld, people[0]!)).toThrow();

    // A second run finds nothing left to do.
    expect((await rotateFieldKeys(t.app.kernel.db, rotating)).resealed).toBe(0);
    // Restore for the next test: back to the original key.
    const back = createFieldCrypto({ encryptionKey: old, previousEncryptionKeys: [fresh], blindIndexKey: t.app.kernel.config.blindIndexKey });
    await rotateFieldKeys(t.app.kernel.db, back);
  });

  it('rebuilds the blind indexes after the blind-index key changes', async () => {
    const newBlind = randomBytes(32);
    const crypto = createFieldCrypto({ encryptionKey: t.app.kernel.config.encryptionKey, blindIndexKey: newBlind });
    const [desk] = await rows<{ id: string; organization_id: string }>(t.app.kernel.db, sql`SELECT id, organization_id FROM users WHERE email = 'sportello@prefettura.example'`);
    const user = { id: desk!.id, organizationId: desk!.organization_id };
    expect(await deskRepo.search(t.app.kernel.db, user, { wordIndexes: [wordIndex(crypto, 'diallo')] })).toHaveLength(0);
    expect(await reindexPeople(t.app.kernel.db, crypto, 4)).toBeGreaterThan(5);
    const found = await deskRepo.search(t.app.kernel.db, user, { wordIndexes: [wordIndex(crypto, 'diallo')] });
    expect(found.map((p) => openPerson(crypto, p).givenName)).toEqual(['Fatou']);
  });
});
