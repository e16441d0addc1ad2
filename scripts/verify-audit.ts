// `npm run audit:verify`: walks the audit chain and reports the first broken link (exit code 2 if any).
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/kernel/db/client.js';
import { verifyAuditChain } from '../src/kernel/audit/audit.js';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
try {
  const report = await verifyAuditChain(database.db);
  if (report.ok) {
    console.log(`Audit chain intact: ${report.checked} events verified.`);
  } else {
    console.error(`Audit chain BROKEN at event ${report.brokenAt!.id} (${report.brokenAt!.reason}); ${report.checked} events before it are intact.`);
    process.exitCode = 2;
  }
} finally {
  await database.close();
}
