// `node --import tsx scripts/hsds-import.ts <folder> [--dry-run] [--publish]`: imports an HSDS 3.0 tabular
// package (a folder of CSV files named as in the standard's datapackage.json) into the directory, in one
// transaction. With --json, the argument is a JSON file of HSDS documents instead (service_full,
// organization_full, service_at_location_full: one, a list, or an API Page of them). Every rejected row is listed with its file, row number and reason, and then nothing is
// written. Imported services wait for the directory team's review unless --publish is given.
// Exit code: 0 imported (or the dry run found nothing to reject), 1 rows rejected, 2 wrong usage.
// With the embedded database (no DATABASE_URL), stop the server first: PGlite has one process at a time.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/kernel/db/client.js';
import { migrate } from '../src/kernel/db/migrate.js';
import { describeRejection, importHsdsFolder } from '../src/modules/directory/hsds-import.js';
import { importHsdsJson } from '../src/modules/directory/hsds-json.js';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const [folder, ...extra] = args.filter((a) => !a.startsWith('--'));
const unknown = [...flags].filter((f) => f !== '--dry-run' && f !== '--publish' && f !== '--json');
const json = flags.has('--json');
const fits = (path: string) => existsSync(path) && (json ? statSync(path).isFile() : statSync(path).isDirectory());
let documents: unknown;
if (folder && !unknown.length && !extra.length && json && fits(folder)) {
  try {
    documents = JSON.parse(readFileSync(folder, 'utf8'));
  } catch (err) {
    console.error(`Not JSON: ${folder} (${(err as Error).message})`);
    process.exit(2);
  }
}
if (!folder || extra.length || unknown.length || !fits(folder)) {
  console.error('Usage: scripts/hsds-import.ts <folder of HSDS CSV files> [--dry-run] [--publish]');
  console.error('       scripts/hsds-import.ts --json <file of HSDS JSON documents> [--dry-run] [--publish]');
  if (unknown.length) console.error(`Unknown option: ${unknown.join(' ')}`);
  else if (folder && !fits(folder)) console.error(json ? `Not a file: ${folder}` : `Not a folder: ${folder}`);
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
try {
  await migrate(database);
  const options = { dryRun: flags.has('--dry-run'), publish: flags.has('--publish') };
  const report = json ? await importHsdsJson(database.db, documents, options) : await importHsdsFolder(database.db, resolve(folder), options);
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
