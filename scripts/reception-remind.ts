// `npm run reception:remind`: reminds managing bodies of centre documents that expire within 30 days, have
// expired, or are overdue (again every 7 days while nothing changes), then sends the e-mails. The server
// also does it every hour; this is for a cron job, or to run it now.
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { remindDocuments } from '../src/modules/reception/index.js';

const config = loadConfig();
const app = await buildApp({ ...config, logLevel: 'warn' });
try {
  const { reminded, mails } = await remindDocuments(app.kernel, new Date());
  console.log(`Documents reminded: ${reminded}; e-mails sent: ${mails}.`);
} finally {
  await app.close();
}
