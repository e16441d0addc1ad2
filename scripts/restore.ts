// `npm run restore -- <file>`: restores a backup into an EMPTY PGlite folder (DATA_DIR/pglite) or an EMPTY
// PostgreSQL database (DATABASE_URL), then checks every table against the backup's manifest and verifies
// the audit chain. Exit code 0 only when all of that holds.
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { BackupError, restoreDatabase } from '../src/kernel/db/backup.js';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run restore -- <file>');
  process.exit(64);
}
const config = loadConfig();
try {
  const report = await restoreDatabase(resolve(file), { databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir, filesDir: config.filesDir });
  const tables = Object.entries(report.tables);
  console.log(`Restored into ${config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.pgliteDir})`}: ${tables.length} tables, ${tables.reduce((n, [, t]) => n + t.rows, 0)} rows.`);
  if (report.mismatches === null) {
    console.warn('No manifest beside the backup: row counts and checksums were not compared.');
  } else if (report.mismatches.length > 0) {
    console.error(`Restored tables differ from the backup's manifest: ${report.mismatches.join(', ')}`);
    process.exitCode = 2;
  } else {
    console.log('Every table matches the backup (row counts and checksums).');
  }
  if (report.files.mismatches.length > 0) {
    console.error(`Uploaded files missing or different from the backup: ${report.files.mismatches.join(', ')}`);
    process.exitCode = 2;
  } else console.log(`${report.files.restored} uploaded files restored to ${config.filesDir}.`);
  if (report.audit.ok) console.log(`Audit chain intact: ${report.audit.checked} events verified.`);
  else {
    console.error(`Audit chain BROKEN at event ${report.audit.brokenAt!.id} (${report.audit.brokenAt!.reason}).`);
    process.exitCode = 2;
  }
} catch (err) {
  if (!(err instanceof BackupError)) throw err;
  console.error(`Restore refused: ${err.message}`);
  process.exitCode = 1;
}
