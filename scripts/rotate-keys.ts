// `npm run keys:rotate`: after a new ENCRYPTION_KEY is configured (the old one moved to
// ENCRYPTION_KEYS_PREVIOUS), re-seals every sealed value with the new key; with `--reindex`, also
// recomputes the desk's blind indexes (after BLIND_INDEX_KEY changed). Safe to run again.
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/kernel/db/client.js';
import { createFieldCrypto } from '../src/kernel/crypto/fields.js';
import { rotateFieldKeys } from '../src/kernel/crypto/rotate-keys.js';
import { recordAudit } from '../src/kernel/audit/audit.js';
import { reindexPeople } from '../src/modules/desk/reindex-people.js';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
try {
  const crypto = createFieldCrypto(config);
  const report = await rotateFieldKeys(database.db, crypto);
  await database.db.transaction((tx) =>
    recordAudit(tx, { userId: null, organizationId: null, ip: null }, { action: 'system.fieldKeysRotated', details: { examined: report.examined, resealed: report.resealed } }),
  );
  console.log(`Sealed values examined: ${report.examined}; re-sealed with the current key: ${report.resealed}.`);
  for (const [column, n] of Object.entries(report.byColumn)) if (n > 0) console.log(`  ${column}: ${n}`);
  if (process.argv.includes('--reindex')) console.log(`Blind indexes recomputed for ${await reindexPeople(database.db, crypto)} people.`);
  console.log('Every value now opens with ENCRYPTION_KEY alone: ENCRYPTION_KEYS_PREVIOUS can be removed.');
} finally {
  await database.close();
}
