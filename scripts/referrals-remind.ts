// `npm run referrals:remind`: reminds the receiving organizations of the referrals still waiting for an
// answer past their deadline (and tells the senders), then sends the e-mails. The server also does it
// every 15 minutes; this is for a cron job when the server's timer is not wanted, or to run it now.
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { remindOverdueReferrals } from '../src/modules/referrals/index.js';

const config = loadConfig();
const app = await buildApp({ ...config, logLevel: 'warn' });
try {
  const { reminded, mails } = await remindOverdueReferrals(app.kernel, new Date());
  console.log(`Referrals reminded: ${reminded}; e-mails sent: ${mails}.`);
} finally {
  await app.close();
}
