// `node --import tsx scripts/hsds-import.ts <folder> [--dry-run] [--publish]`: imports an HSDS 3.0 tabular
// package (a folder of CSV files named as in the standard's datapackage.json) into the directory, in one
// transaction. Every rejected row is listed with its file, row number and reason, and then nothing is
// written. Imported services wait for the directory team's review unless --publish is given.
// Exit code: 0 imported (or the dry run found nothing to reject), 1 rows rejected, 2 wrong usage.
// With the embedded database (no DATABASE_URL), stop the server first: PGlite has one process at a time.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/kernel/db/client.js';
import { migrate } from '../src/kernel/db/migrate.js';
import { describeRejection, importHsdsFolder } from '../src/modules/directory/hsds-import.js';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const [folder, ...extra] = args.filter((a) => !a.startsWith('--'));
const unknown = [...flags].filter((f) => f !== '--dry-run' && f !== '--publish');
if (!folder || extra.length || unknown.length || !existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error('Usage: scripts/hsds-import.ts <folder of HSDS CSV files> [--dry-run] [--publish]');
  if (unknown.length) console.error(`Unknown option: ${unknown.join(' ')}`);
  else if (folder && (!existsSync(folder) || !statSync(folder).isDirectory())) console.error(`Not a folder: ${folder}`);
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
try {
  await migrate(database);
  const report = await importHsdsFolder(database.db, resolve(folder), { dryRun: flags.has('--dry-run'), publish: flags.has('--publish') });
  for (const w of report.warnings) console.log(`note: ${w.file}${w.field ? ` ${w.field}` : ''}: ${w.message}`);
  if (!report.ok) {
    console.error(`${report.rejected.length} row(s) rejected; nothing was written:`);
    for (const r of report.rejected) console.error(`  ${describeRejection(r)}`);
    process.exitCode = 1;
  } else {
    const verb = report.dryRun ? 'would be' : 'were';
    for (const [resource, n] of Object.entries(report.counts)) console.log(`${resource}: ${n.created} ${verb} created, ${n.updated} ${verb} updated`);
    console.log(
      `services ${verb} ${report.services.published.length ? `published: ${report.services.published.length}` : `sent for review: ${report.services.inReview.length}`}; ` +
        `other published services refreshed: ${report.services.refreshed.length}`,
    );
    console.log(report.dryRun ? 'Dry run: nothing was written.' : 'Import complete.');
  }
} finally {
  await database.close();
}
