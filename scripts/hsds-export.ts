// `node --import tsx scripts/hsds-export.ts <folder> [--all]`: writes the directory as an HSDS 3.0 tabular
// package, one CSV file per resource of the standard's datapackage.json. By default only what the public
// HSDS API shows (published services, their organizations, the taxonomies); with --all every row of the
// directory, drafts and change history included (not for publication).
// With the embedded database (no DATABASE_URL), stop the server first: PGlite has one process at a time.
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/kernel/db/client.js';
import { migrate } from '../src/kernel/db/migrate.js';
import { exportHsdsFolder } from '../src/modules/directory/hsds-export.js';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const [folder, ...extra] = args.filter((a) => !a.startsWith('--'));
const unknown = [...flags].filter((f) => f !== '--all');
if (!folder || extra.length || unknown.length) {
  console.error('Usage: scripts/hsds-export.ts <folder> [--all]');
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
try {
  await migrate(database);
  const files = await exportHsdsFolder(database.db, resolve(folder), { scope: flags.has('--all') ? 'all' : 'published' });
  for (const f of files) console.log(`${f.file}: ${f.rows} row(s)`);
  console.log(`HSDS package written to ${resolve(folder)}`);
} finally {
  await database.close();
}
