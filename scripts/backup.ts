// `npm run backup -- <file>`: a consistent backup of the whole database, and its manifest in <file>.json.
// PostgreSQL (DATABASE_URL): pg_dump, while Ponte keeps running. PGlite (DATA_DIR): stop Ponte first.
// The encryption keys are NOT in the backup: keep them (or DATA_DIR/secrets.json) apart, safely.
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { backupDatabase, BackupError, filesPath, manifestPath } from '../src/kernel/db/backup.js';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run backup -- <file>');
  process.exit(64);
}
const config = loadConfig();
try {
  const manifest = await backupDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir, filesDir: config.filesDir }, resolve(file));
  const tables = Object.entries(manifest.tables);
  const total = tables.reduce((n, [, t]) => n + t.rows, 0);
  console.log(`Backup of ${manifest.engine === 'pglite' ? `PGlite (${config.pgliteDir})` : 'PostgreSQL'} written to ${resolve(file)}`);
  console.log(`${tables.length} tables, ${total} rows, last migration ${manifest.migration}; manifest: ${manifestPath(resolve(file))}`);
  console.log(manifest.files ? `${Object.keys(manifest.files).length} uploaded files copied to ${filesPath(resolve(file))}` : `No uploaded files (${config.filesDir} does not exist).`);
} catch (err) {
  if (!(err instanceof BackupError)) throw err;
  console.error(`Backup failed: ${err.message}`);
  process.exitCode = 1;
}
