// `npm run mediators:remind`: reminds mediators (or, for one without an account, the coordinators) of hours
// not recorded a day after a meeting, and requesters of meetings not confirmed after three days (again every
// three days while nothing changes), then sends the e-mails. The server also does it every hour; this is
// for a cron job, or to run it now.
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { remindMediations } from '../src/modules/mediators/index.js';

const config = loadConfig();
const app = await buildApp({ ...config, logLevel: 'warn' });
try {
  const { reminded, mails } = await remindMediations(app.kernel, new Date());
  console.log(`Mediations reminded: ${reminded}; e-mails sent: ${mails}.`);
} finally {
  await app.close();
}
